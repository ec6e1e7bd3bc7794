/**
 * The AKS side of the pack: the stack's AKS resources (recognised by type string, so no Azure
 * package is loaded), modelled by core/aks, and the labels and commands the messages share.
 *
 * AKS has its own readers (core/aks/) beside OKE's (core/oke/), not a shared one: an AKS pool
 * may sit inside its cluster (`agentPoolProfiles[]`, `defaultNodePool`) and also appear as a separate
 * resource (an AgentPool the cluster's outputs list too), its image, upgrade settings and control
 * plane have nothing in common with an OKE pool's, and the OKE-only policies (catalogs, shapes,
 * worker IPs, blue/green) must not see AKS pools at all.
 */
import {
  AksStackModel,
  ClusterVersionEntry,
  ClusterVersionsConfig,
  AksStackPool,
  Reading,
  isAksType,
  buildAksStackModel,
  resourceGroupAndNameOfId,
} from "../../core/aks";
import { KubeVersion } from "../../core/kubeVersion";
import { ConfigProblem } from "../lib/config";
import { isRecord } from "../../core/read";
import { PlainResource, wellFormed } from "../../core/resources";

/** The stack's AKS resources; everything else is left out. Never throws. */
function aksResourcesOf(resources: unknown): PlainResource[] {
  // Type first: an OKE-only stack costs one pass and no copies.
  const candidates = Array.isArray(resources)
    ? resources.filter((r) => isRecord(r) && isAksType(r.type))
    : [];
  return wellFormed(candidates);
}

/** Clusters and pools of the stack, every pool once (inline pools an AgentPool also manages are left out). */
export function aksStack(
  resources: unknown,
  clusterVersions: ClusterVersionsConfig = { entries: [], errors: [] },
): AksStackModel {
  return buildAksStackModel(aksResourcesOf(resources), { clusterVersions });
}

/**
 * The AKS entries of the shared `clusterVersions` map (`node-pool-version-skew`'s config, whose
 * values were checked already): keys that are a managed cluster's ARM id or `resourceGroup/name`.
 * OKE keys (OCIDs) hold no `/` and are left to the OKE rule; a key that starts with `/` but is not
 * a managed cluster id is reported.
 */
export function aksClusterVersions(versions: ReadonlyMap<string, KubeVersion>): {
  config: ClusterVersionsConfig;
  problems: ConfigProblem[];
} {
  const entries: ClusterVersionEntry[] = [];
  const problems: ConfigProblem[] = [];
  for (const [key, version] of versions) {
    const k = key.trim();
    if (k.startsWith("/")) {
      const rgName = resourceGroupAndNameOfId(k);
      if (rgName)
        entries.push({
          key,
          version,
          id: k.toLowerCase().replace(/\/$/, ""),
          resourceGroupAndName: rgName,
        });
      else {
        problems.push({
          key: `clusterVersions.${key}`,
          message:
            'is not an AKS cluster id (/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.ContainerService/managedClusters/<name>) nor "<resourceGroup>/<clusterName>"; entry ignored. Fix it in --policy-pack-config.',
        });
      }
    } else if (/^[^/\s]+\/[^/\s]+$/.test(k)) {
      entries.push({ key, version, resourceGroupAndName: k.toLowerCase() });
    }
  }
  return { config: { entries, errors: [] }, problems };
}

const ARM_CLUSTER =
  /^\/subscriptions\/[^/]+\/resourcegroups\/([^/]+)\/providers\/microsoft\.containerservice\/managedclusters\/([^/]+)/i;

function knownText(r: Reading<string> | undefined): string | undefined {
  return r && r.state === "known" && typeof r.value === "string" && r.value !== ""
    ? r.value
    : undefined;
}

/** The last part of a URN: the resource's logical name. */
function urnName(urn: string): string {
  const i = typeof urn === "string" ? urn.lastIndexOf("::") : -1;
  return i >= 0 ? urn.slice(i + 2) : String(urn);
}

/** Where a pool lives, as far as known: its resource group, cluster and own name (original case). */
export interface PoolCoordinates {
  readonly resourceGroup?: string;
  readonly cluster?: string;
  readonly pool?: string;
}

export function poolCoordinates(pool: AksStackPool): PoolCoordinates {
  let resourceGroup: string | undefined;
  let cluster: string | undefined;
  const cp = pool.controlPlane;
  if ("cluster" in cp) {
    resourceGroup = knownText(cp.cluster.resourceGroupName);
    cluster = knownText(cp.cluster.name);
  }
  const ref = pool.clusterRef;
  if (ref.by === "resourceGroupAndName") {
    resourceGroup ??= knownText(ref.resourceGroupName);
    cluster ??= knownText(ref.clusterName);
  } else if (ref.by === "id") {
    const m = ARM_CLUSTER.exec(knownText(ref.clusterId) ?? "");
    if (m) {
      resourceGroup ??= m[1];
      cluster ??= m[2];
    }
  }
  if (cp.via === "config") {
    const m = ARM_CLUSTER.exec(cp.key) ?? /^([^/\s]+)\/([^/\s]+)$/.exec(cp.key.trim());
    if (m) {
      resourceGroup ??= m[1];
      cluster ??= m[2];
    }
  }
  const name =
    knownText(pool.name) ??
    (pool.name.state === "absent" && pool.path === "" ? urnName(pool.urn) : undefined);
  return {
    ...(resourceGroup ? { resourceGroup } : {}),
    ...(cluster ? { cluster } : {}),
    ...(name ? { pool: name } : {}),
  };
}

/** `AKS node pool "system" (agentPoolProfiles[0] of cluster "aks-prod")`, `AKS node pool "batch" of cluster "aks-prod"`. */
export function aksPoolLabel(pool: AksStackPool): string {
  const c = poolCoordinates(pool);
  const name =
    c.pool !== undefined
      ? `AKS node pool "${c.pool}"`
      : pool.name.state === "unknown"
        ? "AKS node pool (name not known yet)"
        : "AKS node pool";
  const cluster = c.cluster !== undefined ? `cluster "${c.cluster}"` : undefined;
  if (pool.path) return `${name} (${pool.path} of ${cluster ?? "its cluster"})`;
  return cluster ? `${name} of ${cluster}` : name;
}

/** `az aks nodepool upgrade --resource-group rg --cluster-name c --name p <extra>`, placeholders for what is not known. */
export function nodepoolUpgradeCommand(pool: AksStackPool, extra: string): string {
  const c = poolCoordinates(pool);
  return `az aks nodepool upgrade --resource-group ${c.resourceGroup ?? "<resource-group>"} --cluster-name ${c.cluster ?? "<cluster>"} --name ${c.pool ?? "<pool>"} ${extra}`;
}

/** Where the cluster's node OS upgrade channel is set, for a pool's cluster (by provider). */
export function nodeOsChannelField(pool: AksStackPool): string {
  const cp = pool.controlPlane;
  if ("cluster" in cp) {
    const ch = cp.cluster.nodeOsUpgradeChannel;
    if (cp.cluster.kind === "managedCluster")
      return "the ManagedCluster's autoUpgradeProfile.nodeOSUpgradeChannel";
    return ch.read.state !== "absent" && ch.field === "nodeOsChannelUpgrade"
      ? "the KubernetesCluster's nodeOsChannelUpgrade (@pulumi/azure v5; nodeOsUpgradeChannel in v6)"
      : "the KubernetesCluster's nodeOsUpgradeChannel (@pulumi/azure v6; nodeOsChannelUpgrade in v5)";
  }
  return pool.origin === "agentPool"
    ? "the ManagedCluster's autoUpgradeProfile.nodeOSUpgradeChannel"
    : "the KubernetesCluster's nodeOsUpgradeChannel (@pulumi/azure v6; nodeOsChannelUpgrade in v5)";
}

/** The pool's cluster's node OS upgrade channel, when it is in the stack and set. */
export function clusterNodeOsChannel(pool: AksStackPool): string | undefined {
  const cp = pool.controlPlane;
  return "cluster" in cp ? knownText(cp.cluster.nodeOsUpgradeChannel.read) : undefined;
}
