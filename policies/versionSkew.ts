import type { EnforcementLevel, PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { KubeVersion, formatKubeVersion, parseKubeVersion } from "../core/kubeVersion";
import { checkSkew } from "../core/skew";
import {
  ConfigProblem,
  PropertySchema,
  configFindings,
  readInteger,
  readStringMap,
} from "./lib/config";
import { Finding, RawConfig, stackValidation } from "./lib/finding";
import { show } from "../core/read";
import { aksClusterVersions } from "./aks/stack";
import { aksVersionSkewRule } from "./aks/versionSkew";
import {
  DEFAULT_EXTRACTORS,
  Extractors,
  buildStackModel,
  controlPlaneOf,
  poolLabel,
} from "./pools";

export const VERSION_SKEW = "node-pool-version-skew";
export const versionSkewDescription =
  "A node pool's Kubernetes version must not be newer than its control plane's, nor more minor versions behind it than Kubernetes supports.";

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

export const versionSkewSchema: PolicyConfigSchema = { properties: versionSkewProperties };

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
  const config = {
    maxMinorSkew: readInteger(
      raw,
      "maxMinorSkew",
      versionSkewProperties.maxMinorSkew.default,
      0,
      3,
      problems,
    ),
    clusterVersions: readStringMap(
      raw,
      "clusterVersions",
      parseKubeVersion,
      'a Kubernetes version such as "v1.35.2"',
      problems,
    ),
  };
  return { config, problems };
}

/**
 * Each pool against its control plane. A pool without a version follows its control plane and
 * passes; unknown versions are skipped; a pool whose cluster cannot be found gets an advisory
 * saying how to describe the cluster.
 */
export function versionSkewRule(
  resources: unknown,
  config: VersionSkewConfig,
  extractors: Extractors = DEFAULT_EXTRACTORS,
): Finding[] {
  const model = buildStackModel(resources, extractors);
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

export interface VersionSkewArgs {
  /** @default "mandatory" */
  readonly enforcementLevel?: EnforcementLevel;
  /** @default OKE node pools and clusters */
  readonly extractors?: Extractors;
}

/**
 * `node-pool-version-skew`. A stack policy: the pool–cluster relation (property dependencies,
 * dependencies, outputs) is visible only in the stack phase, which `pulumi preview` and the
 * preview step of `pulumi up` both run before changing anything. OKE pools through the
 * extractors ({@link versionSkewRule}), AKS pools by type string ({@link aksVersionSkewRule}).
 */
export function nodePoolVersionSkew(args: VersionSkewArgs = {}): StackValidationPolicy {
  const extractors = args.extractors ?? DEFAULT_EXTRACTORS;
  return {
    name: VERSION_SKEW,
    description: versionSkewDescription,
    enforcementLevel: args.enforcementLevel ?? "mandatory",
    configSchema: versionSkewSchema,
    validateStack: stackValidation(VERSION_SKEW, versionSkewDescription, (resources, raw) => {
      const { config, problems } = versionSkewConfig(raw);
      const aksKeys = aksClusterVersions(config.clusterVersions).problems;
      return [
        ...configFindings(VERSION_SKEW, [...problems, ...aksKeys]),
        ...versionSkewRule(resources, config, extractors),
        ...aksVersionSkewRule(resources, config, VERSION_SKEW),
      ];
    }),
  };
}
