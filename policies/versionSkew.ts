import { KubeVersion, formatKubeVersion, parseKubeVersion } from "../core/kubeVersion";
import { checkSkew } from "../core/skew";
import { ConfigProblem, PropertySchema, readProperties, readStringMap } from "./lib/config";
import { Finding, RawConfig } from "./lib/finding";
import { show } from "../core/read";
import { aksClusterVersions } from "./aks/stack";
import { buildStackModel, controlPlaneOf, poolLabel } from "../core/oke";

export const VERSION_SKEW = "node-pool-version-skew";

export const versionSkewProperties = {
  maxMinorSkew: {
    type: "integer",
    minimum: 0,
    maximum: 3,
    default: 3,
    description:
      "Most minor versions a pool may trail its control plane; never wider than Kubernetes allows (2 below 1.28, 3 from 1.28).",
  },
  clusterVersions: {
    type: "object",
    additionalProperties: { type: "string" },
    default: {},
    description:
      'Control-plane versions of clusters outside the stack: OKE {"<cluster OCID>": "v1.35.2"}; AKS {"<cluster ARM id>" or "<resourceGroup>/<clusterName>": "1.30"}.',
  },
} satisfies Record<string, PropertySchema>;

export interface VersionSkewConfig {
  readonly maxMinorSkew: number;
  readonly clusterVersions: ReadonlyMap<string, KubeVersion>;
}

/** Reads the policy's config, defaulting what is missing or wrong. */
export function versionSkewConfig(raw: RawConfig): {
  config: VersionSkewConfig;
  problems: ConfigProblem[];
} {
  const problems: ConfigProblem[] = [];
  const values = readProperties(versionSkewProperties, raw, problems);
  const clusterVersions = readStringMap(
    "clusterVersions",
    values.clusterVersions,
    parseKubeVersion,
    'a Kubernetes version such as "v1.35.2"',
    problems,
  );
  // OKE keys are OCIDs; AKS keys (ARM ids, resourceGroup/name) are checked by the AKS reader.
  problems.push(...aksClusterVersions(clusterVersions).problems);
  return { config: { maxMinorSkew: values.maxMinorSkew, clusterVersions }, problems };
}

/**
 * Each pool against its control plane. A pool without a version follows its control plane and
 * passes; unknown versions are skipped; a pool whose cluster cannot be found gets an advisory
 * saying how to describe the cluster.
 */
export function versionSkewRule(resources: unknown, config: VersionSkewConfig): Finding[] {
  const model = buildStackModel(resources);
  const findings: Finding[] = [];
  for (const pool of model.pools) {
    const v = pool.kubernetesVersion;
    if (v.state === "absent" || v.state === "unknown") continue;
    if (v.state === "invalid") {
      findings.push({
        urn: pool.urn,
        advisoryOnly: true,
        message: `cannot check the version skew of ${poolLabel(pool)}: its kubernetesVersion ${show(v.raw)} is not a Kubernetes version; write it as v1.34.2.`,
      });
      continue;
    }
    const cp = controlPlaneOf(pool, model, { versions: config.clusterVersions });
    if (!cp) {
      if (pool.clusterId.state !== "known") continue; // a cluster created in this update: linked once known
      const id = pool.clusterId.value;
      findings.push({
        urn: pool.urn,
        advisoryOnly: true,
        message:
          `cannot check the version skew of ${poolLabel(pool)} (${formatKubeVersion(v.value)}): its cluster ${id} is not in this stack. ` +
          `Add "clusterVersions": {"${id}": "<control-plane version>"} to ${VERSION_SKEW}'s config ` +
          `(\`oci ce cluster get --cluster-id ${id} --query 'data."kubernetes-version"'\` prints it).`,
      });
      continue;
    }
    if (cp.kubernetesVersion.state !== "known") continue;
    const verdict = checkSkew(v.value, cp.kubernetesVersion.value, {
      maxMinorSkew: config.maxMinorSkew,
    });
    if (!verdict.ok)
      findings.push({
        urn: pool.urn,
        message: `${poolLabel(pool)} of ${cp.label}: ${verdict.explanation}`,
      });
  }
  return findings;
}
