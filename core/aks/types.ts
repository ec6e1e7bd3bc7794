import {
  AGENT_POOL_TYPE,
  CLASSIC_CLUSTER_TYPE,
  CLASSIC_NODE_POOL_TYPE,
  MANAGED_CLUSTER_TYPE,
} from "../tags";

/** Pulumi type tokens of the four AKS resources the pack looks at (defined with the others in core/tags.ts). */
export { AGENT_POOL_TYPE, CLASSIC_CLUSTER_TYPE, CLASSIC_NODE_POOL_TYPE, MANAGED_CLUSTER_TYPE };

export const AKS_TYPES = [
  MANAGED_CLUSTER_TYPE,
  AGENT_POOL_TYPE,
  CLASSIC_CLUSTER_TYPE,
  CLASSIC_NODE_POOL_TYPE,
] as const;

export type AksKind = "managedCluster" | "agentPool" | "classicCluster" | "classicNodePool";

// azure-native also publishes every API version as its own module, e.g.
// `azure-native:containerservice/v20240801:ManagedCluster` (and `…/v20230502preview:…`).
const NATIVE =
  /^azure-native:containerservice(?:\/v\d{8}(?:preview)?)?:(ManagedCluster|AgentPool)$/;

/** Which AKS resource a type token names; `undefined` for anything else (including non-strings). */
export function aksKind(type: unknown): AksKind | undefined {
  if (typeof type !== "string") return undefined;
  if (type === CLASSIC_CLUSTER_TYPE) return "classicCluster";
  if (type === CLASSIC_NODE_POOL_TYPE) return "classicNodePool";
  const m = NATIVE.exec(type);
  if (!m) return undefined;
  return m[1] === "ManagedCluster" ? "managedCluster" : "agentPool";
}

export function isAksType(type: unknown): boolean {
  return aksKind(type) !== undefined;
}

export function isAksClusterKind(
  kind: AksKind | undefined,
): kind is "managedCluster" | "classicCluster" {
  return kind === "managedCluster" || kind === "classicCluster";
}

export function isAksPoolKind(kind: AksKind | undefined): kind is "agentPool" | "classicNodePool" {
  return kind === "agentPool" || kind === "classicNodePool";
}
