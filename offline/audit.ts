/**
 * The nightly audit: the policy pack run on what is deployed — a `pulumi stack export` file's
 * stored inputs and outputs, no program — against today's catalog of current images. Images
 * retire on Oracle's schedule, not on pull requests: a pool whose pin left the catalog since the
 * last deploy fails here before anyone edits the stack.
 *
 * Both phases run as a no-change `pulumi preview --policy-pack` would run them: `Analyze` on each
 * resource's stored inputs, `AnalyzeStack` on the stored outputs. The catalogs the components
 * published at deploy time (`okepools:index:ImageCatalog`) are re-answered from today's catalog
 * with the filter each was fetched with, and the image policies get today's catalog as config,
 * so nothing stale can vouch for an image.
 */
import * as path from "path";
import { ImageCatalog } from "../core/catalog";
import { CatalogFilter, applyCatalogFilter } from "../core/catalogFilter";
import { isRecord } from "../core/read";
import { TYPE_IMAGE_CATALOG_COMPONENT, TYPE_OCI_NODE_POOL } from "../core/tags";
import { formatKubeVersion } from "../core/kubeVersion";
import { findRegion } from "../core/ocid";
import { IMAGE_AGE } from "../policies/imageAge";
import { IMAGE_MATCHES_SHAPE } from "../policies/imageMatchesShape";
import { IMAGE_MATCHES_VERSION } from "../policies/imageMatchesVersion";
import { IMAGE_NOT_RETIRED } from "../policies/imageNotRetired";
import {
  AnalyzerResource,
  Diagnostic,
  PolicyConfigError,
  UserPolicyConfig,
  hasMandatory,
  startPolicyPack,
} from "./analyzer";
import {
  DEFAULT_CATALOGS_DIR,
  LoadedCatalog,
  MissingCatalogError,
  checkCatalogRegion,
  loadCatalog,
  regionCatalogFiles,
} from "./catalogFile";
import { ToolError } from "./cli";
import { DEFAULT_PACK_DIR, ensurePackBuilt, readPolicyConfig } from "./preview";
import { StoredState, parseUrn, readStateFile } from "./state/exportFile";

/** The policies that judge images against a catalog (they take `catalog` in their config). */
export const CATALOG_POLICIES = [
  IMAGE_NOT_RETIRED,
  IMAGE_MATCHES_VERSION,
  IMAGE_MATCHES_SHAPE,
  IMAGE_AGE,
] as const;

export interface AuditOptions {
  readonly stateFile: string;
  readonly catalogFile?: string;
  /** @default catalogs/ */
  readonly catalogsDir?: string;
  readonly policyConfigFile?: string;
  /** @default policies/ */
  readonly packDir?: string;
}

export interface AuditResult {
  readonly exitCode: 0 | 1;
  readonly state: StoredState;
  readonly region?: string;
  readonly catalog: LoadedCatalog & { readonly label: string };
  readonly resources: readonly AnalyzerResource[];
  readonly diagnostics: readonly Diagnostic[];
  /** Node pools in the state, by name. */
  readonly pools: readonly string[];
  readonly notes: readonly string[];
}

/** The OCI regions the state's providers point at (`pulumi:providers:oci` inputs/outputs `region`). */
export function stateRegions(state: StoredState): string[] {
  const found = new Set<string>();
  for (const r of state.resources.values()) {
    if (r.type !== "pulumi:providers:oci") continue;
    const region = r.outputs.region ?? r.inputs.region;
    if (typeof region === "string" && region !== "")
      found.add(findRegion(region)?.id ?? region.toLowerCase());
  }
  return [...found].sort();
}

/** The state's resources as the engine hands them to a pack; published catalogs re-answered from `today`. */
export function stateResources(state: StoredState, today: ImageCatalog): AnalyzerResource[] {
  const out: AnalyzerResource[] = [];
  for (const r of state.resources.values()) {
    const e = r.exported;
    let outputs = r.outputs;
    if (r.type === TYPE_IMAGE_CATALOG_COMPONENT) {
      const filter = isRecord(outputs.filter)
        ? (outputs.filter as unknown as CatalogFilter)
        : undefined;
      const sources = filter ? applyCatalogFilter(today.toSources(), filter) : today.toSources();
      outputs = { ...outputs, sources, imageCount: sources.length };
    }
    out.push({
      urn: r.urn,
      type: r.type,
      name: parseUrn(r.urn).name,
      custom: r.custom,
      inputs: r.inputs,
      outputs,
      ...(r.parent ? { parent: r.parent } : {}),
      ...(Array.isArray(e.dependencies) ? { dependencies: e.dependencies } : {}),
      ...(isRecord(e.propertyDependencies) ? { propertyDependencies: e.propertyDependencies } : {}),
      ...(typeof e.provider === "string" && e.provider ? { provider: e.provider } : {}),
      ...(r.protect ? { options: { protect: true } } : {}),
    });
  }
  return out;
}

/** The user's policy config with today's catalog given to every image policy. */
export function withCatalog(user: UserPolicyConfig, catalogDoc: unknown): UserPolicyConfig {
  const out: Record<string, UserPolicyConfig[string]> = { ...user };
  for (const name of CATALOG_POLICIES) {
    const given = user[name];
    const base = typeof given === "string" ? { enforcementLevel: given } : (given ?? {});
    out[name] = { ...base, catalog: catalogDoc, catalogFile: "" };
  }
  return out;
}

/** The catalog the audit judges against: `--catalog`, else the newest of the state's region. */
function auditCatalog(
  state: StoredState,
  opts: AuditOptions,
): { loaded: LoadedCatalog & { label: string }; region?: string } {
  const regions = stateRegions(state);
  const rel = (p: string) => path.relative(process.cwd(), p) || p;
  if (regions.length > 1 && opts.catalogFile === undefined)
    throw new ToolError(
      `state file ${state.file} has OCI providers in several regions (${regions.join(", ")}); a catalog is per region: audit with --catalog <that region's catalog> once per region`,
    );
  const region = regions.length === 1 ? regions[0] : undefined;
  const fix = region
    ? `npm run fetch-catalog -- --region ${region}${opts.catalogsDir ? ` --catalogs-dir ${opts.catalogsDir}` : ""}`
    : "npm run fetch-catalog -- --region <the stack's region>";
  let loaded: LoadedCatalog;
  let label: string;
  if (opts.catalogFile !== undefined) {
    loaded = loadCatalog(opts.catalogFile);
    label = loaded.path;
  } else {
    if (!region)
      throw new MissingCatalogError(
        `state file ${state.file} names no OCI provider region, so today's catalog cannot be chosen; pass --catalog <file> (the output of \`oci ce node-pool-options get --node-pool-option-id all --output json\` in the stack's region)`,
      );
    const dir = opts.catalogsDir ?? DEFAULT_CATALOGS_DIR;
    const newest = regionCatalogFiles(dir, region)[0];
    if (!newest)
      throw new MissingCatalogError(
        `no catalog of current images for region ${region} (the state's OCI provider) in ${rel(path.join(dir, region))}. Fetch it: ${fix}`,
      );
    loaded = loadCatalog(newest);
    label = `${rel(newest)} (${region}, fetched ${path.basename(newest, ".json")})`;
  }
  if (loaded.embedded)
    throw new ToolError(
      `${rel(loaded.path)} is the embedded sample catalog; it serves only the embedded demo stacks and never audits a deployed stack. Fetch the region's catalog: ${fix}`,
    );
  if (region) checkCatalogRegion(loaded, region, `state file ${state.file}`, fix);
  return { loaded: { ...loaded, label }, ...(region ? { region } : {}) };
}

/** Audits a state file. Throws StateFileError, CatalogFileError or ToolError (exit 2). */
export async function auditState(opts: AuditOptions): Promise<AuditResult> {
  const state = readStateFile(opts.stateFile);
  const { loaded, region } = auditCatalog(state, opts);
  const notes: string[] = [];
  if (state.pendingDeletes.length > 0)
    notes.push(
      `${state.pendingDeletes.length} resource(s) pending delete from an interrupted update are left out`,
    );
  if (state.encryptedSecrets > 0)
    notes.push(
      `${state.encryptedSecrets} secret value(s) are encrypted in the export and stay opaque (export with --show-secrets to include them)`,
    );
  const user = opts.policyConfigFile === undefined ? {} : readPolicyConfig(opts.policyConfigFile);
  const catalogDoc = {
    sources: loaded.catalog.toSources(),
    kubernetesVersions: loaded.catalog.kubernetesVersions().map(formatKubeVersion),
  };
  const resources = stateResources(state, loaded.catalog);
  const packDir = path.resolve(opts.packDir ?? DEFAULT_PACK_DIR);
  notes.push(...ensurePackBuilt(packDir));
  const session = await startPolicyPack(packDir, {
    stack: { stack: state.stack ?? "dev", project: state.project ?? "oke-pools", dryRun: true },
  });
  const diagnostics: Diagnostic[] = [];
  try {
    try {
      await session.configure(withCatalog(user, catalogDoc));
    } catch (e) {
      if (e instanceof PolicyConfigError)
        throw new ToolError(`policy config ${opts.policyConfigFile ?? "(defaults)"}: ${e.message}`);
      throw e;
    }
    for (const r of resources) diagnostics.push(...(await session.analyze(r)));
    diagnostics.push(...(await session.analyzeStack(resources)));
  } finally {
    await session.close();
  }
  return {
    exitCode: hasMandatory(diagnostics) ? 1 : 0,
    state,
    ...(region ? { region } : {}),
    catalog: loaded,
    resources,
    diagnostics,
    pools: resources.filter((r) => r.type === TYPE_OCI_NODE_POOL).map((r) => r.name),
    notes,
  };
}
