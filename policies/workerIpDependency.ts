import { isCycleMode } from "../core/cycling";
import { TYPE_OCI_LB_BACKEND, TYPE_OCI_NLB_BACKEND } from "../core/tags";
import { PropertySchema, schemaConfig } from "./lib/config";
import { Finding } from "./lib/finding";
import { formatPath, isRecord } from "../core/read";
import { PlainResource, allDependencyUrns, propsOf } from "../core/resources";
import { containsUnknown } from "./lib/unknown";
import { PoolView, StackModel, buildStackModel, poolLabel } from "../core/oke";

export const WORKER_IP_DEPENDENCY = "worker-ip-dependency";

export const workerIpDependencyProperties = {
  consumerTypes: {
    type: "array",
    items: { type: "string" },
    default: [TYPE_OCI_LB_BACKEND, TYPE_OCI_NLB_BACKEND],
    description:
      "Resource types that address a node when they depend on its pool (property dependencies or dependencies). " +
      "Any resource holding a node's private IP as a value is flagged whatever its type.",
  },
} satisfies Record<string, PropertySchema>;

export interface WorkerIpDependencyConfig {
  readonly consumerTypes: readonly string[];
}

export const workerIpDependencyConfig = schemaConfig(workerIpDependencyProperties);

/**
 * Whether the pool's cycling replaces instances: cycling on and INSTANCE_REPLACE among its
 * modes, or no mode (INSTANCE_REPLACE is OKE's default). Unknown settings count as "no".
 */
export function replacesInstances(pool: PoolView): boolean {
  const c = pool.cycling;
  if (c.enabled.state !== "known" || c.enabled.value !== true) return false;
  if (c.modes.state === "absent") return true;
  if (c.modes.state !== "known" || containsUnknown(c.modes.value)) return false;
  const modes = Array.isArray(c.modes.value) ? c.modes.value : [c.modes.value];
  const known = modes.filter(isCycleMode).map((m) => m.toUpperCase());
  return modes.length === 0 || known.includes("INSTANCE_REPLACE");
}

/**
 * Calls `visit` with every string value anywhere in a bag (depth- and count-limited) and what
 * names its property path, built only for the values a caller reports.
 */
function eachString(bag: unknown, visit: (value: string, path: () => string) => void): void {
  const keys: (string | number)[] = [];
  const path = () => formatPath(keys);
  const walk = (value: unknown, depth: number): void => {
    if (typeof value === "string") visit(value, path);
    else if (depth < 12 && Array.isArray(value))
      for (let i = 0; i < value.length && i < 1000; i++) {
        keys.push(i);
        walk(value[i], depth + 1);
        keys.pop();
      }
    else if (depth < 12 && isRecord(value))
      for (const k of Object.keys(value)) {
        keys.push(k);
        walk(value[k], depth + 1);
        keys.pop();
      }
  };
  walk(bag, 0);
}

/** Resources that wrap pools (components) or summarise the stack are not consumers. */
function skipped(model: StackModel): Set<string> {
  const out = new Set<string>();
  for (const pool of model.pools) {
    out.add(pool.urn);
    let parent = model.byUrn.get(pool.urn)?.parent;
    for (let i = 0; parent !== undefined && i < 64 && !out.has(parent); i++) {
      out.add(parent);
      parent = model.byUrn.get(parent)?.parent;
    }
  }
  for (const r of model.resources)
    if (r.type === "pulumi:pulumi:Stack" || r.type.startsWith("pulumi:providers:")) out.add(r.urn);
  return out;
}

function resourceLabel(r: PlainResource): string {
  return `${r.type.split(":").pop() ?? r.type} "${r.name}" (${r.type})`;
}

/**
 * Resources addressed at workers of pools that cycle with INSTANCE_REPLACE: any resource whose
 * properties hold a node's private IP (or `<ip>/32`), and resources of `consumerTypes` that
 * depend on such a pool. One finding per resource and pool.
 */
export function workerIpDependencyRule(
  resources: unknown,
  config: WorkerIpDependencyConfig,
): Finding[] {
  const model = buildStackModel(resources);
  const replacing = model.pools.filter(replacesInstances);
  if (replacing.length === 0) return [];
  const byIp = new Map<string, PoolView>();
  for (const pool of replacing) for (const ip of pool.nodeIps) byIp.set(ip, pool);
  const byUrn = new Map(replacing.map((p) => [p.urn, p]));
  const skip = skipped(model);
  const consumers = new Set(config.consumerTypes);
  const findings: Finding[] = [];
  for (const r of model.resources) {
    if (skip.has(r.urn)) continue;
    const links = new Map<PoolView, string>();
    if (byIp.size > 0) {
      eachString(propsOf(r), (value, path) => {
        const ip = value.endsWith("/32") ? value.slice(0, -3) : value;
        const pool = byIp.get(ip);
        if (pool && !links.has(pool))
          links.set(pool, `its ${path()} is ${value}, the private IP of a node in`);
      });
    }
    if (consumers.has(r.type)) {
      for (const urn of allDependencyUrns(r)) {
        const pool = byUrn.get(urn);
        if (pool && !links.has(pool)) links.set(pool, "it takes its address from");
      }
    }
    for (const [pool, how] of links) {
      findings.push({
        urn: r.urn,
        message:
          `${resourceLabel(r)} is addressed at a worker node: ${how} ${poolLabel(pool)}, which cycles nodes with INSTANCE_REPLACE. ` +
          "Replaced nodes get new private IPs, so after the next cycle or upgrade this points at nothing. " +
          'Cycle with BOOT_VOLUME_REPLACE (nodePoolCyclingDetails.cycleModes ["BOOT_VOLUME_REPLACE"] keeps each node\'s instance and IP), ' +
          "or expose the workload through a Kubernetes Service of type LoadBalancer instead of hand-made backends or IP rules.",
      });
    }
  }
  return findings;
}
