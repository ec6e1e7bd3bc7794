/**
 * A stack shaped like a platform team's, as the analyzer protocol carries it: 10 OKE clusters on
 * 5 Kubernetes versions, N node pools spread over them (pools one or two minors behind their
 * cluster, images from the catalog, every 10th pool on an image no longer in it), one Deployment
 * and one PodDisruptionBudget per 10 pools, one load-balancer backend per 20 pools. The catalog
 * is not published in the stack: the policies get it in their config as `catalog` (see
 * {@link platformConfig}). Deterministic. 1,000 pools → 1,260 resources.
 */
import {
  TAG_IMAGE_SOURCE_NAME,
  TYPE_K8S_DEPLOYMENT,
  TYPE_K8S_PDB,
  TYPE_OCI_CLUSTER,
  TYPE_OCI_LB_BACKEND,
  TYPE_OCI_NODE_POOL,
} from "../core/tags";
import type { AnalyzerResource, UserPolicyConfig } from "../offline/analyzer/types";

interface CatalogSource {
  readonly "image-id": string;
  readonly "source-name": string;
}

const VERSIONS = ["1.32.10", "1.33.10", "1.34.2", "1.35.2", "1.36.0"];
const urn = (type: string, name: string) => `urn:pulumi:platform::fleet::${type}::${name}`;

/** The catalog's image for a version (x86_64, not GPU), or the first one. */
function imageFor(sources: readonly CatalogSource[], version: string): CatalogSource {
  return (
    sources.find(
      (s) =>
        s["source-name"].includes(`-OKE-${version}-`) &&
        !/aarch64|GPU/.test(s["source-name"]) &&
        s["source-name"].startsWith("Oracle-Linux-8"),
    ) ?? sources[0]
  );
}

export function platformStack(
  pools: number,
  sources: readonly CatalogSource[],
): AnalyzerResource[] {
  const out: AnalyzerResource[] = [];
  const clusters = Array.from({ length: 10 }, (_, c) => {
    const version = VERSIONS[c % VERSIONS.length];
    const props = {
      compartmentId: "ocid1.compartment.oc1..platform",
      kubernetesVersion: `v${version}`,
      name: `cluster-${c}`,
      type: "ENHANCED_CLUSTER",
      vcnId: "ocid1.vcn.oc1.phx.platform",
    };
    const r: AnalyzerResource = {
      urn: urn(TYPE_OCI_CLUSTER, `cluster-${c}`),
      type: TYPE_OCI_CLUSTER,
      name: `cluster-${c}`,
      custom: true,
      inputs: props,
      outputs: { ...props, id: `ocid1.cluster.oc1.phx.platform${c}` },
    };
    out.push(r);
    return { r, version, id: `ocid1.cluster.oc1.phx.platform${c}` };
  });
  const poolUrns: string[] = [];
  for (let i = 0; i < pools; i++) {
    const cluster = clusters[i % clusters.length];
    const at = VERSIONS.indexOf(cluster.version);
    const version = VERSIONS[Math.max(0, at - (i % 3 === 0 ? 1 : 0))];
    const image = imageFor(sources, version);
    const retired = i % 10 === 0;
    const name = `pool-${i}`;
    const props = {
      clusterId: cluster.id,
      compartmentId: "ocid1.compartment.oc1..platform",
      name,
      kubernetesVersion: `v${version}`,
      nodeShape: "VM.Standard.E5.Flex",
      nodeShapeConfig: { ocpus: 4, memoryInGbs: 64 },
      nodeSourceDetails: {
        sourceType: "IMAGE",
        imageId: retired ? `ocid1.image.oc1.phx.retired${i}` : image["image-id"],
      },
      nodeConfigDetails: {
        size: 3,
        placementConfigs: [
          { availabilityDomain: "Uocm:PHX-AD-1", subnetId: "ocid1.subnet.oc1.phx.workers" },
        ],
      },
      nodePoolCyclingDetails: {
        isNodeCyclingEnabled: true,
        cycleModes: [i % 4 === 0 ? "INSTANCE_REPLACE" : "BOOT_VOLUME_REPLACE"],
        maximumUnavailable: "1",
      },
      nodeEvictionNodePoolSettings: { evictionGraceDuration: "PT30M" },
      initialNodeLabels: [{ key: "pool", value: name }],
      freeformTags: { [TAG_IMAGE_SOURCE_NAME]: image["source-name"] },
    };
    const pool: AnalyzerResource = {
      urn: urn(TYPE_OCI_NODE_POOL, name),
      type: TYPE_OCI_NODE_POOL,
      name,
      custom: true,
      inputs: props,
      outputs: {
        ...props,
        id: `ocid1.nodepool.oc1.phx.platform${i}`,
        nodes: [0, 1, 2].map((n) => ({
          id: `ocid1.instance.oc1.phx.platform${i}x${n}`,
          privateIp: `10.${(i >> 8) & 255}.${i & 255}.${n + 10}`,
          state: "ACTIVE",
        })),
      },
      dependencies: [cluster.r.urn],
      propertyDependencies: { clusterId: [cluster.r.urn] },
    };
    out.push(pool);
    poolUrns.push(pool.urn);
  }
  for (let w = 0; w < Math.ceil(pools / 10); w++) {
    const labels = { app: `svc-${w}` };
    const replicas = w % 13 === 0 ? 1 : 3;
    const deployment = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: `svc-${w}`, namespace: "apps" },
      spec: {
        replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            nodeSelector: { pool: `pool-${w * 10}` },
            containers: [{ name: "app", image: "nginx:1.27" }],
          },
        },
      },
    };
    const budget = {
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata: { name: `svc-${w}`, namespace: "apps" },
      spec: {
        ...(w % 9 === 0 ? { minAvailable: replicas } : { maxUnavailable: 1 }),
        selector: { matchLabels: labels },
      },
    };
    for (const [type, name, props] of [
      [TYPE_K8S_DEPLOYMENT, `svc-${w}`, deployment],
      [TYPE_K8S_PDB, `svc-${w}-pdb`, budget],
    ] as const)
      out.push({ urn: urn(type, name), type, name, custom: true, inputs: props, outputs: props });
  }
  for (let b = 0; b < Math.ceil(pools / 20); b++) {
    const i = b * 20;
    const props = {
      backendsetName: `ingress-${b}`,
      loadBalancerId: "ocid1.loadbalancer.oc1.phx.platform",
      ipAddress: `10.${(i >> 8) & 255}.${i & 255}.10`,
      port: 30080,
    };
    out.push({
      urn: urn(TYPE_OCI_LB_BACKEND, `ingress-${b}`),
      type: TYPE_OCI_LB_BACKEND,
      name: `ingress-${b}`,
      custom: true,
      inputs: props,
      outputs: props,
      dependencies: [poolUrns[i]],
    });
  }
  return out;
}

/** The catalog in the config of every policy that judges images, as a platform team gives it. */
export function platformConfig(catalogDoc: unknown): UserPolicyConfig {
  const catalog = { catalog: catalogDoc };
  return {
    "node-pool-image-not-retired": catalog,
    "node-pool-image-matches-version": catalog,
    "node-pool-image-matches-shape": catalog,
    "node-pool-image-age": catalog,
  };
}
