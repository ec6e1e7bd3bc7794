import {
  AksStackPool,
  checkAksPoolSkew,
  describeValue,
  resolveDeclaredVersion,
} from "../../core/aks";
import { KubeVersion, formatKubeVersionBare } from "../../core/kubeVersion";
import { Finding } from "../lib/finding";
import {
  aksClusterVersions,
  aksPoolLabel,
  aksStack,
  nodepoolUpgradeCommand,
  poolCoordinates,
} from "./stack";

/** The same config as the OKE rule's (`versionSkewConfig`): AKS keys of `clusterVersions` are ARM ids or `resourceGroup/name`. */
export interface AksVersionSkewConfig {
  readonly maxMinorSkew: number;
  readonly clusterVersions: ReadonlyMap<string, KubeVersion>;
}

function externalAdvice(pool: AksStackPool, version: string, policyName: string): string {
  const c = poolCoordinates(pool);
  const ref = pool.clusterRef;
  const id = ref.by === "id" && ref.clusterId.state === "known" ? ref.clusterId.value : undefined;
  const key =
    c.resourceGroup && c.cluster
      ? `${c.resourceGroup}/${c.cluster}`
      : (id ?? "<resourceGroup>/<clusterName>");
  return (
    `cannot check the version skew of ${aksPoolLabel(pool)} (${version}): ${pool.controlPlane.via === "none" || pool.controlPlane.via === "ambiguous" ? pool.controlPlane.reason : "its cluster is not known"}. ` +
    `If the cluster is outside this stack, add "clusterVersions": {"${key}": "<control-plane version>"} to ${policyName}'s config ` +
    `(\`az aks show --resource-group ${c.resourceGroup ?? "<resource-group>"} --name ${c.cluster ?? "<cluster>"} --query currentKubernetesVersion\` prints it).`
  );
}

/**
 * AKS pools against their control planes (core/aks checkAksPoolSkew: 3 minors from 1.28, 2 before,
 * never newer; `maxMinorSkew` tightens it): inline `agentPoolProfiles[].orchestratorVersion` and
 * `defaultNodePool.orchestratorVersion` against the cluster's `kubernetesVersion`, AgentPool and
 * classic node pool resources against the control plane found for them (resource group and cluster
 * name, `kubernetesClusterId`, property dependency, parent, dependency) or the `clusterVersions`
 * entry for a cluster outside the stack. A pool without a version runs the control plane's and
 * passes; a value not known yet is skipped; a pool whose cluster cannot be found gets an advisory.
 */
export function aksVersionSkewRule(
  resources: unknown,
  config: AksVersionSkewConfig,
  policyName = "node-pool-version-skew",
): Finding[] {
  const stack = aksStack(resources, aksClusterVersions(config.clusterVersions).config);
  const findings: Finding[] = [];
  for (const pool of stack.pools) {
    const own = resolveDeclaredVersion(pool.orchestratorVersion, pool.currentOrchestratorVersion);
    if (own.state === "absent" || own.state === "unknown") continue;
    if (own.state === "invalid") {
      findings.push({
        urn: pool.urn,
        advisoryOnly: true,
        message: `cannot check the version skew of ${aksPoolLabel(pool)}: ${own.reason} (it is ${describeValue(own.raw)}); write it as 1.30 or 1.30.5.`,
      });
      continue;
    }
    const cp = pool.controlPlane;
    if (cp.via === "pending") continue; // the cluster is created or renamed in this update: checked once known
    if (cp.via === "none" || cp.via === "ambiguous") {
      findings.push({
        urn: pool.urn,
        advisoryOnly: true,
        message: externalAdvice(pool, formatKubeVersionBare(own.value), policyName),
      });
      continue;
    }
    const verdict = checkAksPoolSkew(pool, { maxMinorSkew: config.maxMinorSkew });
    if (verdict.status !== "violation") continue;
    const cluster =
      cp.via === "config" ? `cluster ${cp.key} (from clusterVersions)` : "its control plane";
    const fix =
      verdict.verdict.ok === false && verdict.verdict.reason === "too-far-behind"
        ? ` Set ${pool.fields.orchestratorVersion} to ${formatKubeVersionBare(verdict.controlPlane)}` +
          (pool.origin === "agentPool" || pool.origin === "classicNodePool"
            ? ` (\`${nodepoolUpgradeCommand(pool, `--kubernetes-version ${formatKubeVersionBare(verdict.controlPlane)}`)}\` does the same outside Pulumi).`
            : ".")
        : "";
    findings.push({
      urn: pool.urn,
      message: `${aksPoolLabel(pool)} at ${formatKubeVersionBare(verdict.pool)}, ${cluster} at ${formatKubeVersionBare(verdict.controlPlane)}: ${verdict.verdict.ok ? "" : verdict.verdict.explanation}${fix}`,
    });
  }
  return findings;
}
