/**
 * The plan gate's rules over a preview's steps (what `pulumi preview --json` lists): a cluster
 * replaced or deleted; a node pool with nodes replaced or deleted (an inactive blue/green colour
 * at zero nodes excepted); a BOOT_VOLUME_REPLACE pool changed in a field a cycle cannot apply;
 * placement changed on a pool with cycling on (OKE answers 409). Pure; an allow-list names
 * deliberate replacements.
 */
import {
  FORCE_NEW_FIELDS,
  bootVolumeCycleTakes,
  isPlacementField,
  isUnderPath,
  pathSegments,
} from "./forceNew";
import { isRecord } from "./read";
import {
  TAG_ACTIVE_COLOUR,
  TAG_COLOUR,
  TAG_POOL_NAME,
  TYPE_OCI_CLUSTER,
  TYPE_OCI_NODE_POOL,
} from "./tags";

/** One step of a preview, from either JSON form. */
export interface GateStep {
  readonly op: string;
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly oldInputs?: Readonly<Record<string, unknown>>;
  readonly oldOutputs?: Readonly<Record<string, unknown>>;
  readonly newInputs?: Readonly<Record<string, unknown>>;
  /** Changed property paths (`detailedDiff` keys; else `diffReasons`). */
  readonly changedPaths: readonly string[];
  readonly replaceReasons: readonly string[];
}

export type GateRule =
  | "cluster-replaced"
  | "cluster-deleted"
  | "pool-replaced"
  | "pool-deleted"
  | "cycle-cannot-apply"
  | "placement-while-cycling";

export interface GateFinding {
  readonly rule: GateRule;
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly op: string;
  /** The property at fault, when one is. */
  readonly field?: string;
  readonly message: string;
  readonly fix: string;
}

export interface GateAllowance {
  /** A URN, or a resource's logical name. */
  readonly resource: string;
  /** Ops it allows. @default ["replace", "delete"] */
  readonly ops?: readonly string[];
  /** Why; printed with the allowed finding. */
  readonly reason: string;
}

export interface GateResult {
  readonly findings: readonly GateFinding[];
  readonly allowed: readonly { finding: GateFinding; allowance: GateAllowance }[];
  /** Allowances that matched nothing (stale). */
  readonly unused: readonly GateAllowance[];
}

const DESTRUCTIVE = new Set(["replace", "delete", "create-replacement", "delete-replaced"]);
const logicalOp = (op: string) =>
  op === "create-replacement" || op === "delete-replaced" ? "replace" : op;

const rec = (v: unknown): Record<string, unknown> => (isRecord(v) ? v : {});

function nodeCount(s: GateStep): number {
  const nodes = s.oldOutputs?.nodes;
  if (Array.isArray(nodes) && nodes.length > 0) return nodes.length;
  for (const bag of [s.oldOutputs, s.oldInputs]) {
    const size = rec(rec(bag).nodeConfigDetails).size;
    if (typeof size === "number") return size;
    if (typeof size === "string" && /^\d+$/.test(size)) return Number(size);
  }
  return 0;
}

function tags(bag: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  return rec(rec(bag).freeformTags);
}

/** A blue/green colour that is not the active one, per the tags this project writes. */
function inactiveColour(s: GateStep): string | undefined {
  const t = { ...tags(s.oldOutputs), ...tags(s.oldInputs) };
  const colour = t[TAG_COLOUR];
  const active = t[TAG_ACTIVE_COLOUR];
  return typeof colour === "string" && typeof active === "string" && colour !== active
    ? colour
    : undefined;
}

function cycling(bag: Readonly<Record<string, unknown>> | undefined) {
  const c = rec(rec(bag).nodePoolCyclingDetails);
  const modes = Array.isArray(c.cycleModes) ? c.cycleModes : [];
  return {
    enabled: c.isNodeCyclingEnabled === true,
    mode: typeof modes[0] === "string" ? modes[0].toUpperCase() : undefined,
  };
}

function label(s: GateStep): string {
  const poolName = tags(s.newInputs ?? s.oldInputs)[TAG_POOL_NAME];
  const display = typeof poolName === "string" && poolName !== s.name ? ` (${poolName})` : "";
  return `${s.type === TYPE_OCI_CLUSTER ? "cluster" : "node pool"} "${s.name}"${display}`;
}

/** The first changed path under a top-level reason. */
function pathUnder(s: GateStep, reason: string): string {
  return (
    s.changedPaths.find(
      (p) => p === reason || p.startsWith(`${reason}.`) || p.startsWith(`${reason}[`),
    ) ?? reason
  );
}

/** This project's stack config key for a cluster's force-new field, where there is one. */
const CLUSTER_CONFIG_KEYS: Readonly<Record<string, string>> = {
  "options.serviceLbSubnetIds": "oke-pools:serviceLbSubnetIds",
  "endpointConfig.subnetId": "oke-pools:endpointSubnetId",
  vcnId: "oke-pools:vcnId",
  compartmentId: "oke-pools:compartmentId",
};

function has(bag: Readonly<Record<string, unknown>> | undefined, path: string): boolean {
  let v: unknown = bag;
  for (const seg of pathSegments(path)) {
    v = isRecord(v) && typeof seg === "string" ? v[seg] : undefined;
    if (v === undefined || v === null) return false;
  }
  return true;
}

/** The force-new fields the step's changes touch (a changed object holding one counts). */
function forceNewTouched(s: GateStep): { path: string; attribute: string }[] {
  const out: { path: string; attribute: string }[] = [];
  for (const f of FORCE_NEW_FIELDS[s.type] ?? []) {
    const touched = s.changedPaths.some(
      (p) =>
        isUnderPath(p, f.path) ||
        (isUnderPath(f.path, p) && (has(s.oldInputs, f.path) || has(s.newInputs, f.path))),
    );
    if (touched && s.replaceReasons.includes(String(pathSegments(f.path)[0]))) out.push(f);
  }
  return out;
}

function why(s: GateStep): string {
  const fields = forceNewTouched(s);
  if (fields.length > 0)
    return ` because ${fields.map((f) => `${f.path} changes (force-new ${f.attribute} in the OCI provider)`).join(", ")}`;
  return s.replaceReasons.length > 0 ? ` because of ${s.replaceReasons.join(", ")}` : "";
}

/** The field at fault: the force-new field touched, else the first changed path under a reason. */
function faultField(s: GateStep): string | undefined {
  const f = forceNewTouched(s)[0];
  if (f) return f.path;
  const r = s.replaceReasons[0];
  return r === undefined ? undefined : pathUnder(s, r);
}

function clusterFinding(s: GateStep): GateFinding {
  const op = logicalOp(s.op);
  const replaced = op === "replace";
  const field = faultField(s);
  const fields = forceNewTouched(s).map((f) =>
    CLUSTER_CONFIG_KEYS[f.path] ? `${CLUSTER_CONFIG_KEYS[f.path]} (${f.path})` : f.path,
  );
  return {
    rule: replaced ? "cluster-replaced" : "cluster-deleted",
    urn: s.urn,
    type: s.type,
    name: s.name,
    op,
    ...(field ? { field } : {}),
    message: replaced
      ? `${label(s)} would be replaced${why(s)}: a new cluster is created and the old one deleted, and every node pool follows (its clusterId is force-new), so every node is deleted`
      : `${label(s)} would be deleted, and every node pool and node with it`,
    fix: replaced
      ? `revert ${fields.join(", ") || field || "the change"} in the stack config; a change that needs a new cluster is a migration (new cluster, new pools, move the workloads), not an update. If it is deliberate, allow it by name in the check-plan config`
      : `keep the cluster declared in the program (or, if the stack is being retired on purpose, allow it by name in the check-plan config)`,
  };
}

function poolReplaceFinding(s: GateStep): GateFinding | undefined {
  const op = logicalOp(s.op);
  const nodes = nodeCount(s);
  if (nodes === 0 && inactiveColour(s)) return undefined;
  if (nodes === 0) return undefined;
  const replaced = op === "replace";
  const reasons = s.replaceReasons;
  const fixFor = (r: string) =>
    r === "clusterId"
      ? "its cluster is replaced or recreated: fix the cluster's change first (the pool follows it)"
      : r === "nodeImageId" || r === "nodeImageName"
        ? "set the image through nodeSourceDetails.imageId (updated in place, nodes cycled) instead of the deprecated nodeImageId/nodeImageName, which force a new pool"
        : r === "compartmentId"
          ? "revert compartmentId: moving a pool to another compartment creates a new pool; do it as a blue/green replacement"
          : `revert ${pathUnder(s, r)}, or replace the pool out of place with a blue/green pair (docs/blue-green-runbook.md)`;
  const colour = inactiveColour(s);
  return {
    rule: replaced ? "pool-replaced" : "pool-deleted",
    urn: s.urn,
    type: s.type,
    name: s.name,
    op,
    ...(faultField(s) ? { field: faultField(s) } : {}),
    message: replaced
      ? `${label(s)} would be replaced${why(s)}: all ${nodes} of its nodes are deleted and new ones created`
      : `${label(s)} would be deleted with its ${nodes} node${nodes === 1 ? "" : "s"}${colour ? ` (inactive ${colour} colour, not yet at zero nodes)` : ""}`,
    fix: replaced
      ? [...new Set(reasons.map(fixFor))].join("; ") ||
        "revert the change that forces the replacement"
      : colour
        ? `scale the ${colour} colour to zero first (standbySize: 0, one update), then remove it in the next update (docs/blue-green-runbook.md)`
        : `keep the pool declared, or scale it to zero in one update and remove it in the next; if the removal is deliberate, allow it by name in the check-plan config`,
  };
}

function updateFindings(s: GateStep): GateFinding[] {
  const c = cycling(s.newInputs);
  if (!c.enabled) return [];
  const out: GateFinding[] = [];
  const placement = s.changedPaths.filter(isPlacementField);
  if (placement.length > 0)
    out.push({
      rule: "placement-while-cycling",
      urn: s.urn,
      type: s.type,
      name: s.name,
      op: "update",
      field: placement[0],
      message: `${label(s)} changes its placement (${placement.join(", ")}) while node cycling is enabled; OKE refuses that update (409 Conflict)`,
      fix: "change the placement in an update with cycling.enabled: false, and turn cycling back on in the next one; or move the workloads to a new pool with the new placement (blue/green)",
    });
  if (c.mode === "BOOT_VOLUME_REPLACE") {
    const cannot = s.changedPaths.filter(
      (p) => !isPlacementField(p) && bootVolumeCycleTakes(p) === "cannot-apply",
    );
    if (cannot.length > 0)
      out.push({
        rule: "cycle-cannot-apply",
        urn: s.urn,
        type: s.type,
        name: s.name,
        op: "update",
        field: cannot[0],
        message: `${label(s)} cycles with BOOT_VOLUME_REPLACE, which applies only the image, Kubernetes version, boot volume size, KMS key, node metadata and SSH key; this update also changes ${cannot.join(", ")}, so the cycle fails in the maintenance window`,
        fix: "make this change with INSTANCE_REPLACE (cycling.mode: INSTANCE_REPLACE, or preserveNodeIdentity: false; nodes get new IPs), or as a new pool (blue/green); keep image and version updates in their own change",
      });
  }
  return out;
}

/** The findings of one preview's steps, with the allowances applied. */
export function checkPlan(
  steps: readonly GateStep[],
  allowances: readonly GateAllowance[] = [],
): GateResult {
  const raw: GateFinding[] = [];
  const seen = new Set<string>();
  for (const s of steps) {
    let found: GateFinding[] = [];
    if (s.type === TYPE_OCI_CLUSTER && DESTRUCTIVE.has(s.op)) found = [clusterFinding(s)];
    else if (s.type === TYPE_OCI_NODE_POOL && DESTRUCTIVE.has(s.op)) {
      const f = poolReplaceFinding(s);
      found = f ? [f] : [];
    } else if (s.type === TYPE_OCI_NODE_POOL && s.op === "update") found = updateFindings(s);
    for (const f of found) {
      const key = `${f.urn}|${f.rule}`;
      if (seen.has(key)) continue;
      seen.add(key);
      raw.push(f);
    }
  }
  const used = new Set<GateAllowance>();
  const findings: GateFinding[] = [];
  const allowed: { finding: GateFinding; allowance: GateAllowance }[] = [];
  for (const f of raw) {
    const a = allowances.find(
      (x) =>
        (x.resource === f.urn || x.resource === f.name) &&
        (x.ops ?? ["replace", "delete"]).includes(f.op),
    );
    if (a) {
      used.add(a);
      allowed.push({ finding: f, allowance: a });
    } else findings.push(f);
  }
  return { findings, allowed, unused: allowances.filter((a) => !used.has(a)) };
}
