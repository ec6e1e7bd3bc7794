import { strict as assert } from "assert";
import {
  AGENT_POOL_TYPE,
  AKS_TYPES,
  CLASSIC_CLUSTER_TYPE,
  CLASSIC_NODE_POOL_TYPE,
  MANAGED_CLUSTER_TYPE,
  aksKind,
  isAksClusterKind,
  isAksPoolKind,
  isAksType,
} from "../../../core/aks/types";
import { SENTINEL } from "./support";

describe("aks/types: aksKind", () => {
  it("names the four AKS tokens", () => {
    assert.equal(aksKind(MANAGED_CLUSTER_TYPE), "managedCluster");
    assert.equal(aksKind(AGENT_POOL_TYPE), "agentPool");
    assert.equal(aksKind(CLASSIC_CLUSTER_TYPE), "classicCluster");
    assert.equal(aksKind(CLASSIC_NODE_POOL_TYPE), "classicNodePool");
    assert.equal(AKS_TYPES.length, 4);
  });

  it("spells the tokens exactly as FACTS gives them", () => {
    assert.equal(MANAGED_CLUSTER_TYPE, "azure-native:containerservice:ManagedCluster");
    assert.equal(AGENT_POOL_TYPE, "azure-native:containerservice:AgentPool");
    assert.equal(
      CLASSIC_CLUSTER_TYPE,
      "azure:containerservice/kubernetesCluster:KubernetesCluster",
    );
    assert.equal(
      CLASSIC_NODE_POOL_TYPE,
      "azure:containerservice/kubernetesClusterNodePool:KubernetesClusterNodePool",
    );
  });

  it("treats versioned azure-native modules as the same type", () => {
    assert.equal(
      aksKind("azure-native:containerservice/v20240801:ManagedCluster"),
      "managedCluster",
    );
    assert.equal(
      aksKind("azure-native:containerservice/v20230502preview:ManagedCluster"),
      "managedCluster",
    );
    assert.equal(aksKind("azure-native:containerservice/v20250101:AgentPool"), "agentPool");
  });

  it("rejects near misses", () => {
    for (const t of [
      "azure-native:containerservice/v2024080:ManagedCluster",
      "azure-native:containerservice/2024-08-01:ManagedCluster",
      "azure-native:containerservice:managedCluster",
      "azure-native:containerservice:ManagedClusterSnapshot",
      "azure-native:containerservice:FleetMember",
      "azure-native:compute:ManagedCluster",
      "azure:containerservice/kubernetesCluster:KubernetesClusterX",
      "azure:containerservice/v20240801:KubernetesCluster",
      "oci:ContainerEngine/nodePool:NodePool",
      " azure-native:containerservice:ManagedCluster",
      "",
      SENTINEL,
    ]) {
      assert.equal(aksKind(t), undefined, t);
    }
  });

  it("gives undefined for non-strings", () => {
    for (const v of [undefined, null, 42, {}, [], true]) assert.equal(aksKind(v), undefined);
    assert.equal(isAksType(null), false);
  });

  it("classifies kinds as clusters or pools", () => {
    assert.equal(isAksType(CLASSIC_NODE_POOL_TYPE), true);
    assert.equal(isAksClusterKind("managedCluster"), true);
    assert.equal(isAksClusterKind("classicCluster"), true);
    assert.equal(isAksClusterKind("agentPool"), false);
    assert.equal(isAksPoolKind("agentPool"), true);
    assert.equal(isAksPoolKind("classicNodePool"), true);
    assert.equal(isAksPoolKind("managedCluster"), false);
    assert.equal(isAksPoolKind(undefined), false);
  });
});
