import { SurgeValue, parseSurgeValue } from "../cycling";
import { describeValue, isRecord, isUnknown } from "./read";

/**
 * AKS `upgradeSettings` on a node pool (azure-native and classic share the names):
 * `maxSurge` (count or percentage, default 10%), `maxUnavailable` (default 0; azure-native 3.11+
 * and classic node pools only), `drainTimeoutInMinutes` (default 30; the service takes 5–1440),
 * `nodeSoakDurationInMinutes` (0–30, default 0), `undrainableNodeBehavior` (`Cordon`/`Schedule`).
 * Every field is optional: older providers have no `maxUnavailable` or `undrainableNodeBehavior`.
 */

export const DEFAULT_MAX_SURGE = "10%";
export const DRAIN_TIMEOUT_MINUTES = { min: 5, max: 1440 } as const;
export const NODE_SOAK_MINUTES = { min: 0, max: 30 } as const;
export const UNDRAINABLE_NODE_BEHAVIORS = ["Cordon", "Schedule"] as const;

export type UpgradeSettingsProblemCode =
  | "not-an-object"
  | "malformed-max-surge"
  | "malformed-max-unavailable"
  | "both-zero"
  | "max-unavailable-on-system-pool"
  | "classic-surge-xor-unavailable"
  | "malformed-drain-timeout"
  | "drain-timeout-out-of-range"
  | "malformed-node-soak"
  | "node-soak-out-of-range"
  | "malformed-undrainable-behavior";

export interface UpgradeSettingsProblem {
  /** Property path, e.g. `agentPoolProfiles[0].upgradeSettings.maxSurge`. */
  readonly field: string;
  readonly code: UpgradeSettingsProblemCode;
  /** What is wrong and what to do. */
  readonly message: string;
}

export interface UpgradeSettingsCheck {
  readonly problems: readonly UpgradeSettingsProblem[];
  /** Paths of fields not known until the deployment runs; checks that need them were skipped. */
  readonly unknownFields: readonly string[];
}

export interface UpgradeSettingsOptions {
  /** Path of the `upgradeSettings` property itself; default `upgradeSettings`. */
  readonly path?: string;
  /** The pool's mode (`System`/`User`): `maxUnavailable` is not allowed on system pools. */
  readonly mode?: unknown;
  /**
   * Classic `KubernetesClusterNodePool` rule: exactly one of maxSurge and maxUnavailable unless
   * the pool is Spot. Off unless set; pass the pool's `priority` in `priority`.
   */
  readonly classicNodePool?: boolean;
  readonly priority?: unknown;
}

/** Checks a pool's `upgradeSettings`; never throws, whatever it is given. */
export function checkUpgradeSettings(
  raw: unknown,
  opts: UpgradeSettingsOptions = {},
): UpgradeSettingsCheck {
  const options: UpgradeSettingsOptions = isRecord(opts) ? opts : {};
  const base = typeof options.path === "string" && options.path ? options.path : "upgradeSettings";
  const problems: UpgradeSettingsProblem[] = [];
  const unknownFields: string[] = [];
  if (raw === undefined || raw === null) return { problems, unknownFields };
  if (isUnknown(raw)) return { problems, unknownFields: [base] };
  if (!isRecord(raw)) {
    problems.push({
      field: base,
      code: "not-an-object",
      message: `${base} is ${describeValue(raw)}, not an object; give it as { maxSurge, drainTimeoutInMinutes, … } or leave it out for the defaults`,
    });
    return { problems, unknownFields };
  }
  const get = (key: string): unknown => {
    try {
      return Object.prototype.hasOwnProperty.call(raw, key) ? raw[key] : undefined;
    } catch {
      return undefined;
    }
  };
  const path = (key: string) => `${base}.${key}`;

  const surge = readSurge(
    get("maxSurge"),
    path("maxSurge"),
    "malformed-max-surge",
    problems,
    unknownFields,
  );
  const unavailable = readSurge(
    get("maxUnavailable"),
    path("maxUnavailable"),
    "malformed-max-unavailable",
    problems,
    unknownFields,
  );

  // Both zero: no node may be added and none taken down, so an upgrade can never progress.
  // maxSurge defaults to 10% (never zero) and maxUnavailable to 0.
  const surgeZero = surge.state === "known" && surge.value.value === 0;
  const unavailableZero =
    unavailable.state === "absent" ||
    (unavailable.state === "known" && unavailable.value.value === 0);
  if (surgeZero && unavailableZero) {
    problems.push({
      field: path("maxSurge"),
      code: "both-zero",
      message:
        `${path("maxSurge")} is 0 and maxUnavailable is ${unavailable.state === "absent" ? "unset (0)" : "0"}: an upgrade could neither add a surge node nor take one down, and AKS rejects it. ` +
        `Set maxSurge to at least 1 (33% is Microsoft's production recommendation), or set maxUnavailable to at least 1 where the workloads tolerate lost capacity.`,
    });
  }

  if (unavailable.state === "known" && unavailable.value.value > 0 && isUnknown(options.mode))
    unknownFields.push("mode");
  if (
    unavailable.state === "known" &&
    unavailable.value.value > 0 &&
    typeof options.mode === "string" &&
    options.mode.trim().toLowerCase() === "system"
  ) {
    problems.push({
      field: path("maxUnavailable"),
      code: "max-unavailable-on-system-pool",
      message: `${path("maxUnavailable")} is not allowed on a System pool (only 0, the default); remove it and use maxSurge, or move the setting to a User pool.`,
    });
  }

  if (options.classicNodePool === true) {
    const spot =
      typeof options.priority === "string" && options.priority.trim().toLowerCase() === "spot";
    const priorityUnknown = isUnknown(options.priority);
    const unknownEither = surge.state === "unknown" || unavailable.state === "unknown";
    if (!spot && !priorityUnknown && !unknownEither) {
      const given = [surge.state !== "absent", unavailable.state !== "absent"].filter(
        Boolean,
      ).length;
      if (given !== 1) {
        problems.push({
          field: given === 0 ? path("maxSurge") : path("maxUnavailable"),
          code: "classic-surge-xor-unavailable",
          message:
            given === 0
              ? `${base} sets neither maxSurge nor maxUnavailable; the classic node pool needs exactly one of them (unless Spot). Set maxSurge (e.g. "33%").`
              : `${base} sets both maxSurge and maxUnavailable; the classic node pool takes exactly one of them (unless Spot). Keep maxSurge (e.g. "33%") and remove maxUnavailable, or the other way round.`,
        });
      }
    }
  }

  checkMinutes(
    get("drainTimeoutInMinutes"),
    path("drainTimeoutInMinutes"),
    DRAIN_TIMEOUT_MINUTES,
    "malformed-drain-timeout",
    "drain-timeout-out-of-range",
    problems,
    unknownFields,
    "how long AKS waits for pods to be evicted from a node; default 30",
  );
  checkMinutes(
    get("nodeSoakDurationInMinutes"),
    path("nodeSoakDurationInMinutes"),
    NODE_SOAK_MINUTES,
    "malformed-node-soak",
    "node-soak-out-of-range",
    problems,
    unknownFields,
    "how long AKS waits after reimaging a node before the next one; default 0",
  );

  const behavior = get("undrainableNodeBehavior");
  if (isUnknown(behavior)) unknownFields.push(path("undrainableNodeBehavior"));
  else if (behavior !== undefined && behavior !== null) {
    const ok =
      typeof behavior === "string" &&
      UNDRAINABLE_NODE_BEHAVIORS.some((b) => b.toLowerCase() === behavior.trim().toLowerCase());
    if (!ok) {
      problems.push({
        field: path("undrainableNodeBehavior"),
        code: "malformed-undrainable-behavior",
        message: `${path("undrainableNodeBehavior")} is ${describeValue(behavior)}; it must be "Cordon" (quarantine nodes that cannot be drained) or "Schedule" (the default).`,
      });
    }
  }
  return { problems, unknownFields };
}

type SurgeRead =
  | { state: "absent" }
  | { state: "unknown" }
  | { state: "invalid" }
  | { state: "known"; value: SurgeValue };

function readSurge(
  raw: unknown,
  field: string,
  code: UpgradeSettingsProblemCode,
  problems: UpgradeSettingsProblem[],
  unknownFields: string[],
): SurgeRead {
  if (raw === undefined || raw === null) return { state: "absent" };
  if (isUnknown(raw)) {
    unknownFields.push(field);
    return { state: "unknown" };
  }
  const value = parseSurgeValue(raw);
  if (!value) {
    problems.push({
      field,
      code,
      message: `${field} is ${describeValue(raw)}; it must be a whole number of nodes ("3") or a percentage of the pool from 0% to 100% ("33%").`,
    });
    return { state: "invalid" };
  }
  return { state: "known", value };
}

function checkMinutes(
  raw: unknown,
  field: string,
  range: { readonly min: number; readonly max: number },
  malformed: UpgradeSettingsProblemCode,
  outOfRange: UpgradeSettingsProblemCode,
  problems: UpgradeSettingsProblem[],
  unknownFields: string[],
  meaning: string,
): void {
  if (raw === undefined || raw === null) return;
  if (isUnknown(raw)) {
    unknownFields.push(field);
    return;
  }
  if (typeof raw !== "number" || !Number.isInteger(raw)) {
    problems.push({
      field,
      code: malformed,
      message: `${field} is ${describeValue(raw)}; it must be a whole number of minutes from ${range.min} to ${range.max} (${meaning}).`,
    });
    return;
  }
  if (raw < range.min || raw > range.max) {
    problems.push({
      field,
      code: outOfRange,
      message: `${field} is ${raw}, outside ${range.min}–${range.max} minutes, which AKS accepts (${meaning}); set it within that range.`,
    });
  }
}
