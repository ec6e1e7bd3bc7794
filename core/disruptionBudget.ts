import { parseSurgeValue, resolveSurgeValue } from "./cycling";

/**
 * PodDisruptionBudget arithmetic, as the Kubernetes disruption controller does it: both
 * `minAvailable` and `maxUnavailable` take an integer or a percentage of the selected pods,
 * and percentages round up. A drain evicts a pod only while the budget allows a disruption.
 */
export type BudgetVerdict =
  | { readonly kind: "blocks"; readonly reason: string }
  | { readonly kind: "allows"; readonly disruptions: number }
  | { readonly kind: "undetermined" };

export interface BudgetSpec {
  readonly minAvailable?: unknown;
  readonly maxUnavailable?: unknown;
}

const UNDETERMINED: BudgetVerdict = { kind: "undetermined" };

/** An int-or-percent value: a whole number or "N%" (0–100%); `undefined` for anything else. */
export function parseIntOrPercent(raw: unknown) {
  return parseSurgeValue(raw);
}

/**
 * Whether a budget can ever allow an eviction when `replicas` pods are selected (all healthy).
 * `replicas` undefined: only what holds for any count is decided (maxUnavailable 0 or 0%,
 * minAvailable 100%). Never throws.
 */
export function evaluateBudget(spec: BudgetSpec, replicas: number | undefined): BudgetVerdict {
  const r =
    typeof replicas === "number" && Number.isInteger(replicas) && replicas >= 0
      ? replicas
      : undefined;
  if (r === 0) return { kind: "allows", disruptions: 0 }; // nothing to evict, nothing to hold up
  if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
    const v = parseIntOrPercent(spec.maxUnavailable);
    if (!v) return UNDETERMINED;
    if (v.value === 0)
      return { kind: "blocks", reason: `maxUnavailable is ${JSON.stringify(spec.maxUnavailable)}` };
    if (v.kind === "count") return { kind: "allows", disruptions: v.value };
    return r === undefined
      ? UNDETERMINED
      : { kind: "allows", disruptions: resolveSurgeValue(v, r) };
  }
  if (spec.minAvailable !== undefined && spec.minAvailable !== null) {
    const v = parseIntOrPercent(spec.minAvailable);
    if (!v) return UNDETERMINED;
    if (v.kind === "percent" && v.value >= 100)
      return { kind: "blocks", reason: `minAvailable is ${JSON.stringify(spec.minAvailable)}` };
    if (r === undefined) return UNDETERMINED;
    const needed = resolveSurgeValue(v, r);
    const disruptions = r - needed;
    if (disruptions <= 0) {
      return {
        kind: "blocks",
        reason: `minAvailable ${JSON.stringify(spec.minAvailable)} needs ${needed} of the ${r} selected pod${r === 1 ? "" : "s"} available at all times`,
      };
    }
    return { kind: "allows", disruptions };
  }
  return UNDETERMINED;
}

export interface LabelRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values?: readonly string[];
}

/**
 * Whether a label selector (`matchLabels` and `matchExpressions`) selects pods with `labels`.
 * An empty selector selects everything (policy/v1); a malformed one gives `undefined`.
 */
export function selectorMatches(
  selector: unknown,
  labels: Readonly<Record<string, string>>,
): boolean | undefined {
  if (typeof selector !== "object" || selector === null || Array.isArray(selector))
    return undefined;
  const s = selector as { matchLabels?: unknown; matchExpressions?: unknown };
  if (s.matchLabels !== undefined && s.matchLabels !== null) {
    if (typeof s.matchLabels !== "object" || Array.isArray(s.matchLabels)) return undefined;
    for (const [k, v] of Object.entries(s.matchLabels as Record<string, unknown>)) {
      if (typeof v !== "string") return undefined;
      if (!Object.prototype.hasOwnProperty.call(labels, k) || labels[k] !== v) return false;
    }
  }
  if (s.matchExpressions !== undefined && s.matchExpressions !== null) {
    if (!Array.isArray(s.matchExpressions)) return undefined;
    for (const e of s.matchExpressions as unknown[]) {
      if (typeof e !== "object" || e === null) return undefined;
      const { key, operator, values } = e as {
        key?: unknown;
        operator?: unknown;
        values?: unknown;
      };
      if (typeof key !== "string" || typeof operator !== "string") return undefined;
      const list = Array.isArray(values)
        ? values.filter((x): x is string => typeof x === "string")
        : [];
      const has = Object.prototype.hasOwnProperty.call(labels, key);
      switch (operator) {
        case "In":
          if (!has || !list.includes(labels[key])) return false;
          break;
        case "NotIn":
          if (has && list.includes(labels[key])) return false;
          break;
        case "Exists":
          if (!has) return false;
          break;
        case "DoesNotExist":
          if (has) return false;
          break;
        default:
          return undefined;
      }
    }
  }
  return true;
}
