/**
 * `pulumi stack export` files (apitype.UntypedDeployment, version 3 or 4; ../shared/pulumi/FACTS.md
 * §1): read, checked, and each resource's stored inputs and outputs decoded to plain values —
 * secrets unwrapped when exported with `--show-secrets`, otherwise kept as an opaque marker;
 * resource references as their id (custom) or URN (component).
 */
import * as fs from "fs";
import { isRecord } from "../../core/read";
import { UNKNOWN_STRING } from "../../core/unknown";
import { ToolError } from "../cli";

export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";

/** A secret exported without `--show-secrets`: its value cannot be read offline. */
export const ENCRYPTED = Object.freeze({ "[secret]": "encrypted in the state file" });

export function isEncrypted(v: unknown): boolean {
  return v === ENCRYPTED;
}

/** An unreadable or malformed state file; the message names the file, the place and the fix. */
export class StateFileError extends ToolError {
  constructor(message: string) {
    super(message);
    this.name = "StateFileError";
  }
}

/** One resource of the export (apitype.ResourceV3), as written. */
export interface ExportedResource {
  readonly urn: string;
  readonly custom: boolean;
  readonly type: string;
  readonly delete?: boolean;
  readonly id?: string;
  readonly inputs?: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
  readonly parent?: string;
  readonly protect?: boolean;
  readonly dependencies?: string[];
  readonly provider?: string;
  readonly propertyDependencies?: Record<string, string[]>;
  readonly retainOnDelete?: boolean;
  readonly pendingReplacement?: boolean;
  readonly aliases?: string[];
  readonly [key: string]: unknown;
}

export interface ExportDocument {
  readonly version: number;
  readonly features?: string[];
  readonly deployment: {
    readonly manifest?: Record<string, unknown>;
    readonly secrets_providers?: Record<string, unknown>;
    readonly resources?: ExportedResource[];
    readonly pending_operations?: unknown[];
    readonly metadata?: Record<string, unknown>;
  };
}

/** A stored resource: the exported form and its decoded inputs and outputs. */
export interface StoredResource {
  readonly exported: ExportedResource;
  readonly urn: string;
  readonly type: string;
  readonly custom: boolean;
  readonly id?: string;
  /** Decoded; `__defaults` dropped. */
  readonly inputs: Record<string, unknown>;
  readonly outputs: Record<string, unknown>;
  readonly parent?: string;
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  /** Registration order in the file. */
  readonly index: number;
}

export interface StoredState {
  readonly file: string;
  readonly document: ExportDocument;
  /** Live resources (pending deletes, `delete: true`, are left out), by URN. */
  readonly resources: ReadonlyMap<string, StoredResource>;
  /** Resources the file lists as pending delete from an interrupted replacement. */
  readonly pendingDeletes: readonly string[];
  /** Whether some secret could not be read (exported without --show-secrets). */
  readonly encryptedSecrets: number;
  /** The stack name the URNs carry. */
  readonly stack?: string;
  readonly project?: string;
}

/** Reads and checks an export file. Throws {@link StateFileError}. */
export function readStateFile(file: string): StoredState {
  let text: string;
  try {
    text = file === "-" ? fs.readFileSync(0, "utf8") : fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new StateFileError(
      `state file ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); write it with \`pulumi stack export --file ${file}\``,
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new StateFileError(
      `state file ${file}: not JSON (${(e as Error).message}); expected the output of \`pulumi stack export\``,
    );
  }
  return parseState(doc, file);
}

/** Checks a parsed export document (as `pulumi stack import` would) and decodes it. */
export function parseState(doc: unknown, file = "(state)"): StoredState {
  const fail = (where: string, what: string): never => {
    throw new StateFileError(
      `state file ${file}: ${where}: ${what}; expected the output of \`pulumi stack export\` ({"version": 3, "deployment": {"resources": [...]}})`,
    );
  };
  if (!isRecord(doc)) return fail("(root)", "not an object");
  if (doc.version !== 3 && doc.version !== 4)
    return fail("version", `${JSON.stringify(doc.version)} is not 3 or 4`);
  if (!isRecord(doc.deployment)) return fail("deployment", "missing or not an object");
  const list = doc.deployment.resources ?? [];
  if (!Array.isArray(list)) return fail("deployment.resources", "not a list");
  const resources = new Map<string, StoredResource>();
  const pendingDeletes: string[] = [];
  let encrypted = 0;
  const counter = { encrypted: 0 };
  list.forEach((r: unknown, index) => {
    const at = `deployment.resources[${index}]`;
    if (!isRecord(r)) return fail(at, "not an object");
    if (typeof r.urn !== "string" || !r.urn.startsWith("urn:pulumi:"))
      return fail(`${at}.urn`, `${JSON.stringify(r.urn)} is not a URN`);
    if (typeof r.type !== "string" || r.type === "")
      return fail(`${at}.type`, "missing (every resource has one)");
    if (r.custom === false && r.id !== undefined && r.id !== "")
      return fail(`${at}`, "a component (custom: false) cannot have an id");
    for (const key of ["inputs", "outputs"] as const)
      if (r[key] !== undefined && !isRecord(r[key])) return fail(`${at}.${key}`, "not an object");
    const exported = r as unknown as ExportedResource;
    if (exported.delete === true) {
      pendingDeletes.push(exported.urn);
      return;
    }
    if (resources.has(exported.urn)) return fail(`${at}.urn`, `${exported.urn} appears twice`);
    resources.set(exported.urn, {
      exported,
      urn: exported.urn,
      type: exported.type,
      custom: exported.custom === true,
      ...(typeof exported.id === "string" && exported.id !== "" ? { id: exported.id } : {}),
      inputs: decodeBag(exported.inputs, counter),
      outputs: decodeBag(exported.outputs, counter),
      ...(typeof exported.parent === "string" && exported.parent !== ""
        ? { parent: exported.parent }
        : {}),
      protect: exported.protect === true,
      retainOnDelete: exported.retainOnDelete === true,
      index,
    });
  });
  encrypted = counter.encrypted;
  const first = [...resources.keys()][0];
  const parts = first?.split("::");
  return {
    file,
    document: doc as unknown as ExportDocument,
    resources,
    pendingDeletes,
    encryptedSecrets: encrypted,
    ...(parts && parts.length >= 4
      ? { stack: parts[0].slice("urn:pulumi:".length), project: parts[1] }
      : {}),
  };
}

function decodeBag(
  bag: Record<string, unknown> | undefined,
  counter: { encrypted: number },
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(bag ?? {}))
    if (k !== "__defaults") out[k] = decodeValue(v, counter);
  return out;
}

/** One stored value as plain data (see the module comment). */
export function decodeValue(v: unknown, counter = { encrypted: 0 }): unknown {
  if (Array.isArray(v)) return v.map((x) => decodeValue(x, counter));
  if (!isRecord(v)) return v;
  const sig = v[SIG_KEY];
  if (sig === SECRET_SIG) {
    if (typeof v.plaintext === "string") {
      try {
        return decodeValue(JSON.parse(v.plaintext), counter);
      } catch {
        return v.plaintext;
      }
    }
    counter.encrypted++;
    return ENCRYPTED;
  }
  if (sig === RESOURCE_SIG) {
    if (typeof v.id === "string") return v.id === "" ? UNKNOWN_STRING : v.id;
    return typeof v.urn === "string" ? v.urn : UNKNOWN_STRING;
  }
  if (typeof sig === "string") return v; // assets, archives, NaN: compared as written
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (k !== "__defaults") out[k] = decodeValue(x, counter);
  return out;
}

/** URN parts: stack, project, qualified type, name (the name may contain `::`). */
export function parseUrn(urn: string): {
  stack: string;
  project: string;
  qualifiedType: string;
  type: string;
  name: string;
} {
  const parts = urn.slice("urn:pulumi:".length).split("::");
  const qualifiedType = parts[2] ?? "";
  return {
    stack: parts[0] ?? "",
    project: parts[1] ?? "",
    qualifiedType,
    type: qualifiedType.split("$").pop() ?? "",
    name: parts.slice(3).join("::"),
  };
}
