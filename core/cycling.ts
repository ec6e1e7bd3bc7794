export const CYCLE_MODES = ["BOOT_VOLUME_REPLACE", "INSTANCE_REPLACE"] as const;
export type CycleMode = (typeof CYCLE_MODES)[number];

/** `maximumSurge` / `maximumUnavailable`: an integer count or a percentage of the pool's size. */
export type SurgeValue =
  | { readonly kind: "count"; readonly value: number }
  | { readonly kind: "percent"; readonly value: number };

const COUNT = /^\d{1,6}$/;
const PERCENT = /^(\d{1,3})%$/;

/** Parses "2", "25%" (or a whole number); anything else, including "150%", gives `undefined`. */
export function parseSurgeValue(raw: unknown): SurgeValue | undefined {
  if (typeof raw === "number")
    return Number.isInteger(raw) && raw >= 0 && raw < 1e6
      ? { kind: "count", value: raw }
      : undefined;
  if (typeof raw !== "string") return undefined;
  const text = raw.trim();
  if (COUNT.test(text)) return { kind: "count", value: Number(text) };
  const p = PERCENT.exec(text);
  if (p && Number(p[1]) <= 100) return { kind: "percent", value: Number(p[1]) };
  return undefined;
}

/** Nodes a value stands for in a pool of `size` (percentages round up, as OCI and AKS do). */
export function resolveSurgeValue(v: SurgeValue, size: number): number {
  return v.kind === "count" ? v.value : Math.ceil((size * v.value) / 100);
}

export function isCycleMode(value: unknown): value is CycleMode {
  return (
    typeof value === "string" && (CYCLE_MODES as readonly string[]).includes(value.toUpperCase())
  );
}

/** Whether nodes keep their instance OCID and private IP through a cycle. */
export function keepsNodeIdentity(mode: CycleMode): boolean {
  return mode === "BOOT_VOLUME_REPLACE";
}

export interface CyclingSettings {
  readonly enabled?: unknown;
  readonly modes?: unknown;
  readonly maximumSurge?: unknown;
  readonly maximumUnavailable?: unknown;
  /** The pool's node count, where known. */
  readonly size?: unknown;
  /** `BASIC_CLUSTER` or `ENHANCED_CLUSTER`, where known. */
  readonly clusterType?: unknown;
}

/**
 * `invalid`: OKE rejects it or it cannot be read; `hazard`: accepted, but a cycle may stall
 * or take the whole pool down.
 */
export interface CyclingProblem {
  readonly field: string;
  readonly severity: "invalid" | "hazard";
  readonly message: string;
}

/** Checks node-cycling settings as OKE validates them; values that are not plain data are skipped. */
export function cyclingProblems(s: CyclingSettings): CyclingProblem[] {
  const problems: CyclingProblem[] = [];
  const modes = Array.isArray(s.modes) ? s.modes : s.modes === undefined ? [] : [s.modes];
  const known: CycleMode[] = [];
  modes.forEach((m, i) => {
    if (isCycleMode(m)) known.push(m.toUpperCase() as CycleMode);
    else if (typeof m === "string")
      problems.push({
        field: `cycleModes[${i}]`,
        severity: "invalid",
        message: `cycle mode ${JSON.stringify(m)} is not one of ${CYCLE_MODES.join(", ")}`,
      });
  });
  const surge = readSurge(s.maximumSurge, "maximumSurge", problems);
  const unavailable = readSurge(s.maximumUnavailable, "maximumUnavailable", problems);
  if (s.enabled !== true) return problems;

  if (s.clusterType === "BASIC_CLUSTER") {
    problems.push({
      field: "isNodeCyclingEnabled",
      severity: "invalid",
      message:
        "node cycling works on ENHANCED_CLUSTER clusters only; upgrade the cluster type or cycle nodes by hand",
    });
  }
  const size =
    typeof s.size === "number" && Number.isInteger(s.size) && s.size > 0 ? s.size : undefined;
  // Without a known size a percentage is unknowable, except 0%, which is 0 nodes of any pool.
  const nodes = (v: SurgeValue | undefined, fallback: number) =>
    v === undefined
      ? fallback
      : size === undefined && v.kind === "percent" && v.value !== 0
        ? undefined
        : resolveSurgeValue(v, size ?? 0);
  const mode: CycleMode = known[0] ?? "INSTANCE_REPLACE";
  if (mode === "INSTANCE_REPLACE") {
    if (nodes(surge, 1) === 0 && nodes(unavailable, 0) === 0) {
      problems.push({
        field: "maximumSurge",
        severity: "invalid",
        message:
          "INSTANCE_REPLACE with maximumSurge and maximumUnavailable both 0 can never replace a node; set maximumSurge to at least 1",
      });
    }
  } else {
    if (surge !== undefined) {
      problems.push({
        field: "maximumSurge",
        severity: "invalid",
        message:
          "maximumSurge does not apply to BOOT_VOLUME_REPLACE (nodes are cycled in place); remove it",
      });
    }
    if (unavailable !== undefined && nodes(unavailable, 1) === 0) {
      problems.push({
        field: "maximumUnavailable",
        severity: "invalid",
        message:
          "BOOT_VOLUME_REPLACE needs maximumUnavailable of at least 1 (a node is stopped to replace its boot volume)",
      });
    }
  }
  const down = nodes(unavailable, mode === "INSTANCE_REPLACE" ? 0 : 1);
  if (size !== undefined && down !== undefined && down >= size) {
    problems.push({
      field: "maximumUnavailable",
      severity: "hazard",
      message: `maximumUnavailable allows ${down} of the pool's ${size} nodes down at once: the whole pool can be out of service during a cycle; add nodes or lower maximumUnavailable`,
    });
  }
  return problems;
}

function readSurge(
  raw: unknown,
  field: string,
  problems: CyclingProblem[],
): SurgeValue | undefined {
  if (raw === undefined || raw === null) return undefined;
  const v = parseSurgeValue(raw);
  if (!v && (typeof raw === "string" || typeof raw === "number")) {
    problems.push({
      field,
      severity: "invalid",
      message: `${field} ${JSON.stringify(raw)} is neither a whole count ("2") nor a percentage from 0% to 100% ("25%")`,
    });
  }
  return v;
}
