import { cyclingProblems } from "../core/cycling";
import { graceDurationProblem } from "../core/eviction";
import { ConfigProblem, PropertySchema, readProperties, readStringMap } from "./lib/config";
import { Finding, RawConfig } from "./lib/finding";
import { Reading, show, valueOf } from "../core/read";
import { containsUnknown } from "./lib/unknown";
import { ControlPlane, PoolView, buildStackModel, controlPlaneOf, poolLabel } from "../core/oke";

export const CYCLING_SETTINGS = "node-pool-cycling-settings";

const CLUSTER_TYPES = ["BASIC_CLUSTER", "ENHANCED_CLUSTER"];

export const cyclingSettingsProperties = {
  clusterTypes: {
    type: "object",
    additionalProperties: { type: "string", enum: CLUSTER_TYPES },
    default: {},
    description:
      'Types of clusters outside the stack: {"<cluster OCID>": "ENHANCED_CLUSTER" | "BASIC_CLUSTER"}; node cycling needs ENHANCED_CLUSTER.',
  },
} satisfies Record<string, PropertySchema>;

export interface CyclingSettingsConfig {
  readonly clusterTypes: ReadonlyMap<string, string>;
}

export function cyclingSettingsConfig(raw: RawConfig): {
  config: CyclingSettingsConfig;
  problems: ConfigProblem[];
} {
  const problems: ConfigProblem[] = [];
  const values = readProperties(cyclingSettingsProperties, raw, problems);
  const clusterTypes = readStringMap(
    "clusterTypes",
    values.clusterTypes,
    (v) =>
      typeof v === "string" && CLUSTER_TYPES.includes(v.toUpperCase())
        ? v.toUpperCase()
        : undefined,
    '"ENHANCED_CLUSTER" or "BASIC_CLUSTER"',
    problems,
  );
  return { config: { clusterTypes }, problems };
}

/** A raw value for core, with unknowns turned into "not set". */
function raw(r: Reading<unknown>): unknown {
  return r.state === "known" ? r.value : r.state === "invalid" ? r.raw : undefined;
}

/** The cluster's type: known, else OKE's default (BASIC_CLUSTER) for an in-stack cluster that sets none. */
function clusterTypeOf(cp: ControlPlane | undefined): string | undefined {
  if (!cp) return undefined;
  const t = valueOf(cp.clusterType);
  if (t !== undefined) return t.toUpperCase();
  return cp.cluster && cp.clusterType.state === "absent" ? "BASIC_CLUSTER" : undefined;
}

function poolProblems(pool: PoolView, cp: ControlPlane | undefined): Finding[] {
  const c = pool.cycling;
  const modesUnknown = c.modes.state === "unknown" || containsUnknown(raw(c.modes));
  // Mode-dependent rules need to know whether cycling is on and in which mode; format rules do not.
  const enabled = !modesUnknown && c.enabled.state === "known" ? c.enabled.value : false;
  const modes = modesUnknown ? undefined : raw(c.modes);
  // OKE ignores maximumSurge under BOOT_VOLUME_REPLACE but reads back its default ("1") into the
  // stored outputs the stack phase sees, so the value says nothing about the pool's settings.
  const bootVolumeReplace =
    Array.isArray(modes) &&
    typeof modes[0] === "string" &&
    modes[0].toUpperCase() === "BOOT_VOLUME_REPLACE";
  const problems = cyclingProblems({
    enabled,
    modes,
    maximumSurge: bootVolumeReplace ? undefined : raw(c.maximumSurge),
    maximumUnavailable: raw(c.maximumUnavailable),
    size: valueOf(pool.size),
    clusterType: clusterTypeOf(cp),
  });
  const findings: Finding[] = problems.map((p) => ({
    urn: pool.urn,
    message: `${poolLabel(pool)}: nodePoolCyclingDetails.${p.field}: ${p.message}${p.field === "isNodeCyclingEnabled" && cp ? ` (${cp.label} is a BASIC_CLUSTER)` : ""}.`,
  }));
  const grace = pool.evictionGrace;
  if (grace.state === "known" || grace.state === "invalid") {
    const value = raw(grace);
    const problem =
      typeof value === "string"
        ? graceDurationProblem(value)
        : `${show(value)} is not an ISO-8601 duration such as PT30M`;
    if (problem) {
      findings.push({
        urn: pool.urn,
        message: `${poolLabel(pool)}: nodeEvictionNodePoolSettings.evictionGraceDuration ${problem}; OKE accepts PT0M (no cordon and drain) to PT60M (the default).`,
      });
    }
  }
  return findings;
}

/**
 * Every pool's cycling settings through core/cycling.ts (cycling on a BASIC_CLUSTER, INSTANCE_REPLACE
 * with surge and unavailable both 0, BOOT_VOLUME_REPLACE with unavailable 0, unavailable ≥ size,
 * malformed counts) and its eviction grace through core/eviction.ts. Unknown values are skipped.
 */
export function cyclingSettingsRule(resources: unknown, config: CyclingSettingsConfig): Finding[] {
  const model = buildStackModel(resources);
  return model.pools.flatMap((pool) =>
    poolProblems(pool, controlPlaneOf(pool, model, { types: config.clusterTypes })),
  );
}
