import { UNKNOWN_STRING, checkUpgradeSettings } from "../../core/aks";
import { Finding } from "../lib/finding";
import { aksPoolLabel, aksStack } from "./stack";

/**
 * `node-pool-cycling-settings` for AKS pools (stack phase, so that a pool both inline in its
 * cluster and an AgentPool resource is judged once): each pool's `upgradeSettings` through
 * core/aks checkUpgradeSettings — `maxSurge` and `maxUnavailable` both 0, malformed counts or
 * percentages, `maxUnavailable` on a System pool, `drainTimeoutInMinutes` outside 5–1440,
 * `nodeSoakDurationInMinutes` outside 0–30, an unknown `undrainableNodeBehavior`. Every field is
 * optional (older providers lack `maxUnavailable`); values not known yet are skipped.
 */
export function aksUpgradeSettingsRule(resources: unknown): Finding[] {
  const findings: Finding[] = [];
  for (const pool of aksStack(resources).pools) {
    const mode =
      pool.mode.state === "known"
        ? pool.mode.value
        : pool.mode.state === "unknown"
          ? UNKNOWN_STRING
          : undefined;
    const check = checkUpgradeSettings(pool.upgradeSettings, {
      path: pool.fields.upgradeSettings,
      mode,
    });
    for (const problem of check.problems)
      findings.push({ urn: pool.urn, message: `${aksPoolLabel(pool)}: ${problem.message}` });
  }
  return findings;
}
