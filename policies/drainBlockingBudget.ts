import { evaluateBudget, selectorMatches } from "../core/disruptionBudget";
import { TYPE_K8S_DEPLOYMENT, TYPE_K8S_PDB, TYPE_K8S_STATEFULSET } from "../core/tags";
import { PropertySchema, schemaConfig } from "./lib/config";
import { Finding } from "./lib/finding";
import { Reading, asNumber, asString, isRecord, readPath, stringMap, valueOf } from "../core/read";
import { PlainResource, propsOf, wellFormed } from "../core/resources";
import { containsUnknown } from "./lib/unknown";

export const DRAIN_BLOCKING_BUDGET = "drain-blocking-disruption-budget";
const WORKLOAD_TYPES = new Set([TYPE_K8S_DEPLOYMENT, TYPE_K8S_STATEFULSET]);

export const drainBlockingBudgetProperties = {
  flagSingleReplica: {
    type: "boolean",
    default: true,
    description:
      "Also report Deployments and StatefulSets that run a single replica (replicas 1 or unset).",
  },
} satisfies Record<string, PropertySchema>;

export interface DrainBlockingBudgetConfig {
  readonly flagSingleReplica: boolean;
}

export const drainBlockingBudgetConfig = schemaConfig(drainBlockingBudgetProperties);

interface Workload {
  readonly resource: PlainResource;
  readonly kind: string;
  readonly name: string;
  readonly namespace: Reading<string>;
  /** Pod template labels; undefined when not known. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Absent means 1, as Kubernetes defaults it. */
  readonly replicas: Reading<number>;
}

function k8sName(r: PlainResource): string {
  return valueOf(asString(readPath(propsOf(r), ["metadata", "name"]))) ?? r.name;
}

function workloadOf(r: PlainResource): Workload {
  const props = propsOf(r);
  const labels = readPath(props, ["spec", "template", "metadata", "labels"]);
  const replicas = asNumber(readPath(props, ["spec", "replicas"]));
  return {
    resource: r,
    kind: r.type === TYPE_K8S_STATEFULSET ? "StatefulSet" : "Deployment",
    name: k8sName(r),
    namespace: asString(readPath(props, ["metadata", "namespace"])),
    ...(labels.state === "known" && !containsUnknown(labels.value)
      ? { labels: stringMap(labels.value) }
      : labels.state === "absent"
        ? { labels: {} }
        : {}),
    replicas: replicas.state === "absent" ? { state: "known", value: 1 } : replicas,
  };
}

/** Same namespace, treating an unset namespace as "default"; an unknown namespace matches (labels decide). */
function sameNamespace(a: Reading<string>, b: Reading<string>): boolean {
  if (a.state === "unknown" || b.state === "unknown") return true;
  const ns = (r: Reading<string>) => (r.state === "known" ? r.value : "default");
  return ns(a) === ns(b);
}

/**
 * The workloads a selector may select, in stack order: those carrying its first `matchLabels`
 * pair, found by an index instead of a scan of every workload per budget (selectorMatches still
 * decides); every workload when the selector has no such pair.
 */
function candidatesFor(workloads: readonly Workload[]): (selector: unknown) => readonly Workload[] {
  const byLabel = new Map<string, Map<string, Workload[]>>();
  for (const w of workloads)
    for (const [key, value] of Object.entries(w.labels ?? {})) {
      let values = byLabel.get(key);
      if (!values) byLabel.set(key, (values = new Map()));
      const list = values.get(value);
      if (list) list.push(w);
      else values.set(value, [w]);
    }
  return (selector) => {
    const matchLabels = isRecord(selector) ? selector.matchLabels : undefined;
    if (!isRecord(matchLabels)) return workloads;
    const key = Object.keys(matchLabels)[0];
    const value = key === undefined ? undefined : matchLabels[key];
    if (key === undefined || typeof value !== "string") return workloads;
    return byLabel.get(key)?.get(value) ?? [];
  };
}

const CONSEQUENCE =
  "a node drain (node cycling, a Kubernetes upgrade, a scale-down or deleting a pool) cannot evict these pods and waits until the node pool's " +
  "eviction grace period ends (nodeEvictionNodePoolSettings.evictionGraceDuration, PT60M by default), then the node is deleted anyway or the operation fails";

/**
 * Budgets that can never allow an eviction (maxUnavailable 0 or "0%", minAvailable "100%", or
 * minAvailable ≥ the replicas of the Deployments/StatefulSets they select in the stack), and
 * single-replica workloads. Works on app stacks with no pools. Unknowns are skipped.
 */
export function drainBlockingBudgetRule(
  resources: unknown,
  config: DrainBlockingBudgetConfig,
): Finding[] {
  const list = wellFormed(resources);
  const workloads = list.filter((r) => WORKLOAD_TYPES.has(r.type)).map(workloadOf);
  const candidates = candidatesFor(workloads);
  const findings: Finding[] = [];
  const heldBack = new Set<Workload>();
  for (const r of list) {
    if (r.type !== TYPE_K8S_PDB) continue;
    const props = propsOf(r);
    const spec = readPath(props, ["spec"]);
    if (spec.state !== "known") continue;
    const minAvailable = readPath(spec.value, ["minAvailable"]);
    const maxUnavailable = readPath(spec.value, ["maxUnavailable"]);
    if (minAvailable.state === "unknown" || maxUnavailable.state === "unknown") continue;
    const selector = readPath(spec.value, ["selector"]);
    const namespace = asString(readPath(props, ["metadata", "namespace"]));
    let selected: Workload[] | undefined;
    if (selector.state === "known" && !containsUnknown(selector.value)) {
      selected = candidates(selector.value).filter(
        (w) =>
          w.labels !== undefined &&
          sameNamespace(namespace, w.namespace) &&
          selectorMatches(selector.value, w.labels) === true,
      );
    }
    const counts = selected?.map((w) => valueOf(w.replicas));
    const replicas =
      counts && counts.length > 0 && counts.every((c): c is number => c !== undefined)
        ? counts.reduce((a, b) => a + b, 0)
        : undefined;
    const verdict = evaluateBudget(
      {
        ...(minAvailable.state === "known" ? { minAvailable: minAvailable.value } : {}),
        ...(maxUnavailable.state === "known" ? { maxUnavailable: maxUnavailable.value } : {}),
      },
      replicas,
    );
    if (verdict.kind !== "blocks") continue;
    for (const w of selected ?? []) heldBack.add(w);
    const which =
      selected && selected.length > 0
        ? `; it selects ${selected.map((w) => `${w.kind} "${w.name}"`).join(", ")}`
        : "";
    findings.push({
      urn: r.urn,
      message:
        `PodDisruptionBudget "${k8sName(r)}" can never allow an eviction (${verdict.reason}${which}): ${CONSEQUENCE}. ` +
        "Allow at least one disruption: maxUnavailable: 1, or run more replicas than minAvailable.",
    });
  }
  if (config.flagSingleReplica) {
    for (const w of workloads) {
      if (heldBack.has(w) || valueOf(w.replicas) !== 1) continue;
      findings.push({
        urn: w.resource.urn,
        message:
          `${w.kind} "${w.name}" runs a single replica: every node drain (node cycling, a Kubernetes upgrade, a scale-down) evicts its only pod, so it is down ` +
          "until the pod is rescheduled and ready; a PodDisruptionBudget protecting it would instead stall the drain until the node pool's eviction grace period ends " +
          "(PT60M by default). Run at least 2 replicas with a PodDisruptionBudget of maxUnavailable: 1.",
      });
    }
  }
  return findings;
}
