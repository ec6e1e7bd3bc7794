import { z } from "zod";
import { ConfigError, describeIssues, shownValue } from "../core/configError";
import {
  ClusterType,
  ResolvedNodePool,
  nodePoolSettingsShape,
  resolveNodePool,
} from "../core/nodePoolSpec";
import { findRegion, isOcid, ocidExample, ocidRegionProblem, parseOcid } from "../core/ocid";
import {
  ValidatedBlueGreenPool,
  ValidatedSampleWorkload,
  blueGreenPoolConfigSchema,
  sampleWorkloadConfigSchema,
  validateBlueGreenPools,
  validateSampleWorkload,
} from "./blueGreenConfig";
import { PoolsFile, inlinePoolsFiles, relabelProblems } from "./poolsFile";
import { workerIpBackendProblems, workerIpBackendsSchema } from "./workerIpBackendsConfig";

/** The Pulumi project name: stack config keys are `oke-pools:<key>`. */
export const PROJECT = "oke-pools";

const ocid = (type: string, ...alsoTypes: string[]) =>
  z
    .string({ message: `expected an OCID such as ${ocidExample(type)}` })
    .refine((v) => isOcid(v, type, ...alsoTypes), {
      message: `expected an OCID such as ${ocidExample(type)}`,
    });
// Normalised to OKE's API form (`1.35.2` → `v1.35.2`), as the pools' versions are.
const version = z
  .string({ message: "expected a Kubernetes version such as v1.35.2" })
  .regex(/^v?\d+\.\d+\.\d+$/, { message: "expected a Kubernetes version such as v1.35.2" })
  .transform((v) => (v.startsWith("v") ? v : `v${v}`));
const name = z
  .string({ message: "expected a name of letters, digits and -" })
  .regex(/^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/, {
    message: "expected a name of lower-case letters, digits and - (at most 40)",
  });

export const placementSchema = z.strictObject(
  {
    availabilityDomain: z
      .string({ message: "expected an availability domain such as Uocm:PHX-AD-1" })
      .regex(/^[A-Za-z0-9]+:[A-Z0-9-]+-AD-\d$/, {
        message: "expected an availability domain such as Uocm:PHX-AD-1",
      }),
    subnetId: ocid("subnet"),
    faultDomains: z
      .array(
        z
          .string({ message: "expected FAULT-DOMAIN-1, -2 or -3" })
          .regex(/^FAULT-DOMAIN-[1-3]$/, { message: "expected FAULT-DOMAIN-1, -2 or -3" }),
        { message: "expected a list of fault domains such as FAULT-DOMAIN-1" },
      )
      .optional(),
  },
  { message: "expected a placement: { availabilityDomain, subnetId, faultDomains }" },
);

/** One entry of `oke-pools:nodePools`. */
export const nodePoolConfigSchema = z.strictObject(
  {
    name,
    ...nodePoolSettingsShape,
    placement: z
      .array(placementSchema, { message: "expected a list of { availabilityDomain, subnetId }" })
      .min(1, { message: "expected at least one { availabilityDomain, subnetId }" }),
    sshPublicKey: z.string({ message: "expected an SSH public key" }).optional(),
  },
  { message: "expected a node pool: { name, shape, size, image, placement, … }" },
);
export type NodePoolConfig = z.infer<typeof nodePoolConfigSchema>;

/**
 * Every key the program reads, under `oke-pools:`. Scalars are also declared in Pulumi.yaml;
 * Pulumi's project schema cannot type objects, so the structured keys are validated here only.
 */
export const stackConfigShape = {
  compartmentId: ocid("compartment", "tenancy"),
  clusterName: name,
  kubernetesVersion: version,
  clusterType: z
    .enum(["BASIC_CLUSTER", "ENHANCED_CLUSTER"], {
      message: "expected BASIC_CLUSTER or ENHANCED_CLUSTER",
    })
    .default("ENHANCED_CLUSTER"),
  vcnId: ocid("vcn"),
  endpointSubnetId: ocid("subnet").optional(),
  serviceLbSubnetIds: z
    .array(ocid("subnet"), { message: "expected a list of subnet OCIDs" })
    .optional(),
  nodePools: z
    .array(nodePoolConfigSchema, { message: "expected a list of node pools" })
    .default([]),
  /** Blue/green pairs of node pools (program/blueGreenConfig.ts, docs/blue-green-runbook.md). */
  blueGreenPools: z
    .array(blueGreenPoolConfigSchema(placementSchema), {
      message: "expected a list of blue/green pairs",
    })
    .default([]),
  /** An nginx Deployment + PodDisruptionBudget + Service that follows a pair's active colour (program/sampleWorkload.ts). */
  sampleWorkload: sampleWorkloadConfigSchema.optional(),
  /** Load balancer backends at a pool's node IPs (program/workerIpBackends.ts). */
  workerIpBackends: workerIpBackendsSchema.optional(),
  /** The nodePools list in a YAML or JSON file (program/poolsFile.ts), instead of inline. */
  nodePoolsFile: z.string({ message: "expected the path of a YAML or JSON file" }).optional(),
  /** The blueGreenPools list in a YAML or JSON file (program/poolsFile.ts), instead of inline. */
  blueGreenPoolsFile: z.string({ message: "expected the path of a YAML or JSON file" }).optional(),
};

export const stackConfigSchema = z.strictObject(stackConfigShape);
export type StackConfig = z.infer<typeof stackConfigSchema>;

export interface ValidatedNodePool {
  readonly config: NodePoolConfig;
  readonly resolved: ResolvedNodePool;
}

export interface ValidatedStackConfig {
  readonly config: StackConfig;
  readonly clusterType: ClusterType;
  readonly nodePools: readonly ValidatedNodePool[];
  readonly blueGreenPools: readonly ValidatedBlueGreenPool<StackConfig["blueGreenPools"][number]>[];
  /** Absent when not configured or disabled. */
  readonly sampleWorkload?: ValidatedSampleWorkload;
  /** The pools files the lists came from (oke-pools:nodePoolsFile, :blueGreenPoolsFile). */
  readonly poolsFiles: readonly PoolsFile[];
}

export interface ValidateOptions extends StackConfigChecks {
  /** Where relative pools-file paths start. @default the project directory */
  readonly projectDir?: string;
  /** Pools files already read (by the offline tools, which edit them). */
  readonly poolsFiles?: readonly PoolsFile[];
}

/** What the caller knows beyond the config: the catalog's shapes, the hint's command, the pin updater's leniency. */
export interface StackConfigChecks {
  /** The shapes the region's catalog lists (`shapes`); each pool's shape must be one. */
  readonly shapes?: readonly string[];
  /** The command that re-pins images, named in image mismatch messages. */
  readonly pinCommand?: string;
  /** Image/version and image/shape mismatches are left to the pin updater. */
  readonly deferPinConflicts?: boolean;
}

/** Provider namespaces a stack of this project legitimately carries next to its own. */
const PROVIDER_NAMESPACES = new Set(["oci", "kubernetes", "pulumi"]);

/**
 * Validates a stack's config, given as Pulumi hands it over (`{"oke-pools:key": value}`, values
 * possibly JSON strings) or as the stack file holds it. Provider keys (`oci:region` …) are
 * read only for the region check; a key of ours under another namespace is reported.
 * Throws one {@link ConfigError} naming every offending key path, its value and the expected form.
 */
export function validateStackConfig(
  raw: Readonly<Record<string, unknown>>,
  subject = "stack config",
  options: ValidateOptions = {},
): ValidatedStackConfig {
  const { projectDir, poolsFiles: givenFiles, ...checks } = options;
  const values: Record<string, unknown> = {};
  const misplaced: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const [ns, ...rest] = key.split(":");
    if (ns === PROJECT && rest.length > 0) {
      if (value !== "") values[rest.join(":")] = decodeJson(value); // "" is how Pulumi.yaml declares "unset"
      continue;
    }
    const name = rest.length === 0 ? ns : rest.join(":");
    const ours = name in stackConfigShape;
    const lookalike = ns.toLowerCase().replace(/[-_.]/g, "") === PROJECT.replace(/-/g, "");
    if (lookalike || (ours && !PROVIDER_NAMESPACES.has(ns)))
      misplaced.push(
        `${key}: ${shownValue(value)} — ${rest.length === 0 ? "has no namespace" : `namespace "${ns}" is not this project's`}, so the program never reads it; rename it to ${PROJECT}:${name}${ours ? "" : " (and check the key's spelling)"}`,
      );
  }
  // Lists kept in files join the values here; their problems are renamed after the file below.
  const { files: poolsFiles, problems: fileProblems } = inlinePoolsFiles(
    values,
    projectDir,
    givenFiles,
  );
  const invalid = (lines: readonly string[]) =>
    new ConfigError(`${subject} is invalid`, relabelProblems(lines, poolsFiles));
  if (fileProblems.length > 0) throw invalid(fileProblems);
  const parsed = stackConfigSchema.safeParse(values);
  if (!parsed.success)
    throw invalid([
      ...misplaced,
      ...describeIssues(PROJECT, parsed.error.issues, values).map((l) =>
        l.replace(/^oke-pools\./, "oke-pools:"),
      ),
    ]);
  const config = parsed.data;
  const problems: string[] = [...misplaced, ...regionProblems(raw["oci:region"], values, checks)];
  const seen = new Set<string>();
  const nodePools: ValidatedNodePool[] = [];
  const cluster = { kubernetesVersion: config.kubernetesVersion, type: config.clusterType };
  config.nodePools.forEach((pool, i) => {
    const at = `oke-pools:nodePools[${i}]`;
    if (seen.has(pool.name))
      problems.push(
        `${at}.name: ${JSON.stringify(pool.name)} — is used by another pool; pool names must be unique`,
      );
    seen.add(pool.name);
    const { name: _n, placement: _p, sshPublicKey: _k, ...settings } = pool;
    try {
      nodePools.push({
        config: pool,
        resolved: resolveNodePool(subject, at, settings, { ...cluster, ...checks }),
      });
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems.push(...e.problems);
    }
  });
  const blueGreenPools = validateBlueGreenPools(
    config.blueGreenPools,
    { ...cluster, ...checks },
    config.nodePools.map((p) => p.name),
    problems,
  );
  const sampleWorkload = validateSampleWorkload(
    config.sampleWorkload,
    config.blueGreenPools.map((p) => p.name),
    problems,
  );
  problems.push(
    ...workerIpBackendProblems(
      config.workerIpBackends,
      config.nodePools.map((p) => p.name),
    ),
  );
  if (problems.length > 0) throw invalid(problems);
  return {
    config,
    clusterType: config.clusterType,
    nodePools,
    blueGreenPools,
    ...(sampleWorkload ? { sampleWorkload } : {}),
    poolsFiles,
  };
}

/**
 * Every OCID in our keys against the stack's `oci:region`: one of another realm or region
 * names the key and the region it belongs to. Nothing is checked without a known region.
 */
function regionProblems(
  region: unknown,
  values: Readonly<Record<string, unknown>>,
  checks: StackConfigChecks,
): string[] {
  if (typeof region !== "string" || region.trim() === "") return [];
  if (!findRegion(region)) return [];
  const out: string[] = [];
  const walk = (v: unknown, at: string) => {
    if (typeof v === "string") {
      const image = at.endsWith(".image.imageId");
      if (image && checks.deferPinConflicts) return; // the pin updater re-pins it from the catalog
      const problem = parseOcid(v) ? ocidRegionProblem(v, region) : undefined;
      if (problem)
        out.push(
          `${at}: ${shownValue(v)} — ${problem}; use the ${findRegion(region)!.id} ${image ? "image" : "resource"}'s OCID${image && checks.pinCommand ? ` (\`${checks.pinCommand}\` re-pins it from the catalog)` : ""}, or fix oci:region`,
        );
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}[${i}]`));
    else if (v !== null && typeof v === "object")
      for (const [k, x] of Object.entries(v)) walk(x, `${at}.${k}`);
  };
  for (const [k, v] of Object.entries(values)) walk(v, `${PROJECT}:${k}`);
  return out;
}

function decodeJson(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const t = value.trim();
  if (!(t.startsWith("{") || t.startsWith("["))) return value;
  try {
    return JSON.parse(t);
  } catch {
    return value;
  }
}
