import { strict as assert } from "assert";
import {
  AksClusterView,
  AksStackPool,
  buildAksStackModel,
  normaliseAksResource,
  parseClusterVersions,
  resolveDeclaredVersion,
  resourceGroupAndNameOfId,
} from "../../../core/aks/pools";
import {
  AGENT_POOL_TYPE,
  CLASSIC_CLUSTER_TYPE,
  CLASSIC_NODE_POOL_TYPE,
  MANAGED_CLUSTER_TYPE,
} from "../../../core/aks/types";
import { PlainResource, ViewOrigin } from "../../../core/resources";
import { SENTINEL, aksResource, fixture } from "./support";

const URN = {
  native: "urn:pulumi:dev::aks::azure-native:containerservice:ManagedCluster::prod",
  native2: "urn:pulumi:dev::aks::azure-native:containerservice:ManagedCluster::other",
  agentPool: "urn:pulumi:dev::aks::azure-native:containerservice:AgentPool::batch",
  classic:
    "urn:pulumi:dev::aks::azure:containerservice/kubernetesCluster:KubernetesCluster::classic",
  classicPool:
    "urn:pulumi:dev::aks::azure:containerservice/kubernetesClusterNodePool:KubernetesClusterNodePool::spot",
  rg: "urn:pulumi:dev::aks::azure-native:resources:ResourceGroup::rg",
};
const CLASSIC_ID =
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-classic/providers/Microsoft.ContainerService/managedClusters/aks-classic";

const nativeCluster = (
  props: unknown = fixture("native-cluster-inputs"),
  urn = URN.native,
  type = MANAGED_CLUSTER_TYPE,
): PlainResource => aksResource(urn, type, props);
const agentPool = (
  props: unknown = fixture("native-agentpool-inputs-old-provider"),
  extra: Partial<PlainResource> = {},
): PlainResource => aksResource(URN.agentPool, AGENT_POOL_TYPE, props, extra);
const classicCluster = (
  props: unknown = fixture("classic-v6-cluster"),
  urn = URN.classic,
): PlainResource => aksResource(urn, CLASSIC_CLUSTER_TYPE, props);
const classicPool = (
  props: unknown = fixture("classic-node-pool-outputs"),
  extra: Partial<PlainResource> = {},
): PlainResource => aksResource(URN.classicPool, CLASSIC_NODE_POOL_TYPE, props, extra);

const version = (r: { state: string; value?: unknown }) =>
  r.state === "known" ? r.value : r.state;
const poolNamed = (pools: readonly AksStackPool[], name: string) => {
  const p = pools.find((x) => x.name.state === "known" && x.name.value === name);
  assert.ok(p, `no pool ${name} among ${pools.map((x) => JSON.stringify(x.name)).join(", ")}`);
  return p;
};
/** How the control plane was found, with the cluster's URN when found in the stack. */
const viaOf = ({ controlPlane: cp }: AksStackPool) =>
  "cluster" in cp && cp.via !== "inline" ? `${cp.via}:${cp.cluster.urn}` : cp.via;
const soleCluster = (r: PlainResource): AksClusterView => {
  const c = normaliseAksResource(r).cluster;
  assert.ok(c);
  return c;
};

describe("aks/pools: view origins (the fields OKE views carry too)", () => {
  it("a cluster and its inline pools come from the cluster resource; displayName is the Azure name", () => {
    const c = soleCluster(nativeCluster(fixture("native-cluster-outputs")));
    const origin = (v: ViewOrigin) => [v.provider, v.urn, v.type, v.resourceName, v.displayName];
    assert.deepEqual(origin(c), ["aks", URN.native, MANAGED_CLUSTER_TYPE, "prod", "aks-prod"]);
    assert.deepEqual(
      c.inlinePools.map(origin),
      ["system", "win", "userpool"].map((n) => [
        "aks",
        URN.native,
        MANAGED_CLUSTER_TYPE,
        "prod",
        n,
      ]),
    );
  });

  it("a pool resource is its own origin; no displayName when the Azure name is the logical one", () => {
    const [p] = normaliseAksResource(agentPool()).pools;
    assert.deepEqual(
      [p.provider, p.urn, p.type, p.resourceName, "displayName" in p],
      ["aks", URN.agentPool, AGENT_POOL_TYPE, "batch", false],
    );
    const renamed = normaliseAksResource(agentPool(undefined, { name: "workers" })).pools[0];
    assert.deepEqual([renamed.resourceName, renamed.displayName], ["workers", "batch"]);
  });

  it("a pool carries its relations as OKE's PoolView does (clusterLinks, dependencies)", () => {
    const [p] = normaliseAksResource(
      agentPool(undefined, {
        parent: URN.rg,
        dependencies: [URN.rg, URN.native],
        propertyDependencies: { resourceName: [URN.native], agentPoolName: [URN.rg] },
      }),
    ).pools;
    assert.deepEqual(
      [p.clusterLinks, p.parent, p.dependencies],
      [[URN.native], URN.rg, [URN.rg, URN.native]],
    );
    const [c] = normaliseAksResource(
      classicPool(undefined, { propertyDependencies: { kubernetesClusterId: [URN.classic] } }),
    ).pools;
    assert.deepEqual([c.clusterLinks, "parent" in c, c.dependencies], [[URN.classic], false, []]);
    const inline = normaliseAksResource(
      nativeCluster(undefined, URN.native, MANAGED_CLUSTER_TYPE),
    ).pools;
    assert.ok(inline.length > 0 && inline.every((x) => x.clusterLinks.length === 0));
  });

  it("a resource without a logical name is named by its URN", () => {
    const r = { urn: URN.native, type: MANAGED_CLUSTER_TYPE, props: {} } as never;
    assert.equal(soleCluster(r).resourceName, "prod");
    assert.equal(soleCluster(r).displayName, undefined);
  });
});

describe("aks/pools: normalising clusters", () => {
  it("reads an azure-native ManagedCluster from its outputs (name, rg from id, versions, channels)", () => {
    const c = soleCluster(nativeCluster(fixture("native-cluster-outputs")));
    assert.equal(c.kind, "managedCluster");
    assert.deepEqual(c.name, { state: "known", value: "aks-prod" });
    assert.deepEqual(c.resourceGroupName, { state: "known", value: "rg-aks" });
    assert.deepEqual(version(c.kubernetesVersion), { major: 1, minor: 30 });
    assert.deepEqual(version(c.currentKubernetesVersion), { major: 1, minor: 30, patch: 5 });
    assert.deepEqual(version(c.controlPlaneVersion), { major: 1, minor: 30, patch: 5 });
    assert.deepEqual(c.nodeOsUpgradeChannel, {
      field: "autoUpgradeProfile.nodeOSUpgradeChannel",
      read: { state: "known", value: "NodeImage" },
    });
    assert.equal(c.inlinePools.length, 3);
    assert.equal(c.inlinePoolsUnknown, false);
  });

  it("reads an azure-native ManagedCluster from its inputs (resourceName, patchless version)", () => {
    const c = soleCluster(nativeCluster());
    assert.deepEqual(
      [c.name, c.resourceGroupName, c.id],
      [
        { state: "known", value: "aks-prod" },
        { state: "known", value: "rg-aks" },
        { state: "absent" },
      ],
    );
    assert.deepEqual(version(c.controlPlaneVersion), { major: 1, minor: 30 });
    assert.equal(c.nodeOsUpgradeChannel.read.state, "known");
  });

  it("prefers resourceName over the name output", () => {
    const c = soleCluster(nativeCluster({ resourceName: "declared", name: "output" }));
    assert.deepEqual(c.name, { state: "known", value: "declared" });
  });

  it("treats a versioned azure-native token as a ManagedCluster", () => {
    const c = soleCluster(
      nativeCluster(
        fixture("native-cluster-inputs"),
        URN.native,
        "azure-native:containerservice/v20240801:ManagedCluster",
      ),
    );
    assert.equal(c.kind, "managedCluster");
    assert.equal(c.inlinePools.length, 1);
  });

  it("reads each agentPoolProfiles entry as an inline pool", () => {
    const pools = normaliseAksResource(nativeCluster(fixture("native-cluster-outputs"))).pools;
    assert.deepEqual(
      pools.map((p) => [
        p.origin,
        p.path,
        p.key,
        version(p.name),
        version(p.orchestratorVersion),
        version(p.osSku),
        p.nodeImageVersion.status,
        version(p.mode),
        version(p.count),
      ]),
      [
        [
          "managedClusterProfile",
          "agentPoolProfiles[0]",
          `${URN.native}#agentPoolProfiles[0]`,
          "system",
          { major: 1, minor: 30, patch: 5 },
          "Ubuntu",
          "recognised",
          "System",
          3,
        ],
        [
          "managedClusterProfile",
          "agentPoolProfiles[1]",
          `${URN.native}#agentPoolProfiles[1]`,
          "win",
          { major: 1, minor: 28, patch: 9 },
          "Windows2019",
          "recognised",
          "User",
          2,
        ],
        [
          "managedClusterProfile",
          "agentPoolProfiles[2]",
          `${URN.native}#agentPoolProfiles[2]`,
          "userpool",
          { major: 1, minor: 30, patch: 5 },
          "AzureLinux",
          "recognised",
          "User",
          5,
        ],
      ],
    );
    assert.deepEqual(pools[1].fields, {
      orchestratorVersion: "agentPoolProfiles[1].orchestratorVersion",
      osSku: "agentPoolProfiles[1].osSKU",
      nodeImageVersion: "agentPoolProfiles[1].nodeImageVersion",
      upgradeSettings: "agentPoolProfiles[1].upgradeSettings",
    });
    assert.deepEqual(pools[0].upgradeSettings, {
      maxSurge: "33%",
      drainTimeoutInMinutes: 30,
      nodeSoakDurationInMinutes: 0,
    });
    assert.deepEqual(pools[0].clusterRef, { by: "inline", clusterUrn: URN.native });
  });

  it("reads a classic v6 cluster and its default pool", () => {
    const n = normaliseAksResource(classicCluster());
    const c = n.cluster;
    assert.ok(c);
    assert.equal(c.kind, "classicCluster");
    assert.deepEqual(
      [version(c.name), version(c.resourceGroupName), version(c.id)],
      ["aks-classic", "rg-classic", CLASSIC_ID],
    );
    assert.deepEqual(version(c.controlPlaneVersion), { major: 1, minor: 31, patch: 2 });
    assert.deepEqual(c.nodeOsUpgradeChannel, {
      field: "nodeOsUpgradeChannel",
      read: { state: "known", value: "SecurityPatch" },
    });
    assert.deepEqual(c.upgradeChannel, {
      field: "automaticUpgradeChannel",
      read: { state: "known", value: "stable" },
    });
    const [p] = n.pools;
    assert.deepEqual(
      [
        p.origin,
        p.path,
        version(p.name),
        version(p.osSku),
        version(p.osType),
        version(p.mode),
        version(p.count),
        p.fields.osSku,
        p.fields.upgradeSettings,
      ],
      [
        "classicDefaultPool",
        "defaultNodePool",
        "default",
        "Ubuntu",
        "Linux",
        "System",
        3,
        "defaultNodePool.osSku",
        "defaultNodePool.upgradeSettings",
      ],
    );
  });

  it("reads a classic v5 cluster's channel names", () => {
    const c = soleCluster(classicCluster(fixture("classic-v5-cluster")));
    assert.deepEqual(c.nodeOsUpgradeChannel, {
      field: "nodeOsChannelUpgrade",
      read: { state: "known", value: "None" },
    });
    assert.deepEqual(c.upgradeChannel, {
      field: "automaticChannelUpgrade",
      read: { state: "known", value: "patch" },
    });
    assert.deepEqual(version(c.controlPlaneVersion), { major: 1, minor: 27, patch: 9 });
    assert.deepEqual(version(c.currentKubernetesVersion), "absent");
  });

  it("reads an azure-native AgentPool (older provider: no maxUnavailable)", () => {
    const [p] = normaliseAksResource(agentPool()).pools;
    assert.deepEqual(
      [
        p.origin,
        p.path,
        p.key,
        version(p.name),
        version(p.orchestratorVersion),
        version(p.osSku),
        p.fields.osSku,
        p.nodeImageVersion.status,
      ],
      [
        "agentPool",
        "",
        URN.agentPool,
        "batch",
        { major: 1, minor: 27, patch: 7 },
        "CBLMariner",
        "osSKU",
        "absent",
      ],
    );
    assert.deepEqual(p.clusterRef, {
      by: "resourceGroupAndName",
      resourceGroupName: { state: "known", value: "rg-aks" },
      clusterName: { state: "known", value: "aks-prod" },
    });
    assert.deepEqual(p.upgradeSettings, { maxSurge: "1", drainTimeoutInMinutes: 45 });
  });

  it("reads an AgentPool's cluster from its id when outputs carry no resourceGroupName/resourceName", () => {
    const [p] = normaliseAksResource(agentPool(fixture("native-agentpool-outputs"))).pools;
    assert.deepEqual(p.clusterRef, {
      by: "resourceGroupAndName",
      resourceGroupName: { state: "known", value: "rg-aks" },
      clusterName: { state: "known", value: "aks-prod" },
    });
    assert.deepEqual(version(p.name), "userpool");
  });

  it("reads a classic node pool", () => {
    const [p] = normaliseAksResource(classicPool()).pools;
    assert.deepEqual(
      [
        p.origin,
        version(p.name),
        version(p.osSku),
        version(p.osType),
        version(p.priority),
        version(p.count),
        p.nodeImageVersion.status,
      ],
      ["classicNodePool", "spot", "Ubuntu", "Linux", "Regular", 4, "recognised"],
    );
    assert.equal(p.clusterRef.by, "id");
    assert.deepEqual(p.upgradeSettings, {
      maxSurge: "0",
      maxUnavailable: "1",
      drainTimeoutInMinutes: 30,
    });
  });

  it("reads missing fields as absent, never as a failure", () => {
    const c = soleCluster(nativeCluster({}));
    assert.deepEqual(
      [
        c.name.state,
        c.resourceGroupName.state,
        c.kubernetesVersion.state,
        c.controlPlaneVersion.state,
        c.inlinePools.length,
      ],
      ["absent", "absent", "absent", "absent", 0],
    );
    const [p] = normaliseAksResource(agentPool({})).pools;
    assert.deepEqual(
      [
        p.name.state,
        p.orchestratorVersion.state,
        p.osSku.state,
        p.nodeImageVersion.status,
        p.upgradeSettings,
      ],
      ["absent", "absent", "absent", "absent", undefined],
    );
    assert.equal(
      normaliseAksResource(classicCluster({ kubernetesVersion: "1.30" })).pools.length,
      0,
    );
  });

  it("reads wrong types as invalid", () => {
    const c = soleCluster(
      nativeCluster({
        kubernetesVersion: "latest",
        resourceName: 5,
        agentPoolProfiles: [{ name: "a", orchestratorVersion: 1.3, count: "3" }, "junk", null],
      }),
    );
    assert.equal(c.kubernetesVersion.state, "invalid");
    assert.equal(c.name.state, "invalid");
    assert.equal(c.inlinePools.length, 1);
    assert.equal(c.inlinePools[0].orchestratorVersion.state, "invalid");
    assert.equal(c.inlinePools[0].count.state, "invalid");
    const nonList = soleCluster(nativeCluster({ agentPoolProfiles: "x" }));
    assert.equal(nonList.inlinePools.length, 0);
  });

  it("reads unknown values as unknown", () => {
    const c = soleCluster(
      nativeCluster({
        resourceName: SENTINEL,
        kubernetesVersion: SENTINEL,
        autoUpgradeProfile: SENTINEL,
        agentPoolProfiles: SENTINEL,
      }),
    );
    assert.deepEqual(
      [
        c.name.state,
        c.kubernetesVersion.state,
        c.controlPlaneVersion.state,
        c.nodeOsUpgradeChannel.read.state,
        c.inlinePoolsUnknown,
      ],
      ["unknown", "unknown", "unknown", "unknown", true],
    );
    const withUnknownEntry = soleCluster(nativeCluster({ agentPoolProfiles: [SENTINEL] }));
    const p = withUnknownEntry.inlinePools[0];
    assert.deepEqual(
      [
        p.name.state,
        p.orchestratorVersion.state,
        p.osSku.state,
        p.nodeImageVersion.status,
        p.upgradeSettings,
        p.mode.state,
      ],
      ["unknown", "unknown", "unknown", "unknown", SENTINEL, "unknown"],
    );
    const classic = normaliseAksResource(classicCluster({ defaultNodePool: SENTINEL }));
    assert.equal(classic.cluster?.inlinePoolsUnknown, true);
    assert.deepEqual(
      [classic.pools[0].mode.state, classic.pools[0].osType.state],
      ["unknown", "unknown"],
    );
    const whole = soleCluster(nativeCluster(SENTINEL));
    assert.deepEqual(
      [whole.name.state, whole.controlPlaneVersion.state, whole.inlinePoolsUnknown],
      ["unknown", "unknown", true],
    );
  });

  it("ignores other resources and malformed inputs", () => {
    assert.deepEqual(
      normaliseAksResource(aksResource("u", "oci:ContainerEngine/nodePool:NodePool", {})),
      { pools: [] },
    );
    assert.deepEqual(normaliseAksResource(null as never), { pools: [] });
    assert.deepEqual(
      normaliseAksResource({ urn: 5, type: MANAGED_CLUSTER_TYPE } as never).cluster?.urn,
      "",
    );
  });
});

describe("aks/pools: versions", () => {
  it("resolveDeclaredVersion: declared wins, made exact by the output's patch", () => {
    const k = (major: number, minor: number, patch?: number) => ({
      state: "known" as const,
      value: patch === undefined ? { major, minor } : { major, minor, patch },
    });
    assert.deepEqual(resolveDeclaredVersion(k(1, 30), k(1, 30, 5)), k(1, 30, 5));
    assert.deepEqual(resolveDeclaredVersion(k(1, 31), k(1, 30, 5)), k(1, 31));
    assert.deepEqual(resolveDeclaredVersion(k(1, 30, 2), k(1, 30, 5)), k(1, 30, 2));
    assert.deepEqual(resolveDeclaredVersion({ state: "absent" }, k(1, 30, 5)), k(1, 30, 5));
    assert.deepEqual(resolveDeclaredVersion({ state: "unknown" }, k(1, 30, 5)), {
      state: "unknown",
    });
    assert.deepEqual(resolveDeclaredVersion({ state: "absent" }, { state: "absent" }), {
      state: "absent",
    });
  });
});

describe("aks/pools: linking", () => {
  it("links inline pools to their cluster, and a pool without a version runs the cluster's", () => {
    const props = fixture("native-cluster-inputs");
    const r = buildAksStackModel([nativeCluster(props)]);
    const [p] = r.pools;
    assert.equal(p.controlPlane.via, "inline");
    assert.equal(p.effectiveVersionFrom, "cluster");
    assert.deepEqual(version(p.effectiveVersion), { major: 1, minor: 30 });
    assert.deepEqual(version(p.controlPlane.kubernetesVersion), { major: 1, minor: 30 });
  });

  it("links an AgentPool to its ManagedCluster by resourceGroupName + resourceName (case-insensitively)", () => {
    const pool = fixture("native-agentpool-inputs-old-provider");
    pool.resourceGroupName = "RG-AKS";
    const r = buildAksStackModel([nativeCluster(), agentPool(pool)]);
    const p = poolNamed(r.pools, "batch");
    assert.equal(viaOf(p), `resource group and name:${URN.native}`);
    assert.deepEqual(version(p.controlPlane.kubernetesVersion), { major: 1, minor: 30 });
    assert.equal(p.effectiveVersionFrom, "pool");
    assert.deepEqual(version(p.effectiveVersion), { major: 1, minor: 27, patch: 7 });
  });

  it("does not link by rg/name to a cluster with another name", () => {
    const pool = fixture("native-agentpool-inputs-old-provider");
    pool.resourceName = "aks-other";
    const p = poolNamed(buildAksStackModel([nativeCluster(), agentPool(pool)]).pools, "batch");
    assert.equal(p.controlPlane.via, "none");
    assert.equal(p.controlPlane.kubernetesVersion.state, "absent");
    assert.match(
      (p.controlPlane as { reason: string }).reason,
      /resourceGroupName and resourceName/,
    );
  });

  it("links by outputs: the AgentPool's id to the cluster's id-derived rg/name, versioned token", () => {
    const r = buildAksStackModel([
      nativeCluster(
        fixture("native-cluster-outputs"),
        URN.native,
        "azure-native:containerservice/v20240801:ManagedCluster",
      ),
      agentPool(fixture("native-agentpool-outputs")),
    ]);
    const p = r.pools.find((x) => x.origin === "agentPool");
    assert.ok(p);
    assert.equal(viaOf(p), `resource group and name:${URN.native}`);
    assert.deepEqual(version(p.effectiveVersion), { major: 1, minor: 29, patch: 9 });
  });

  it("leaves out an inline profile that an AgentPool of the same cluster also manages", () => {
    const r = buildAksStackModel([
      nativeCluster(fixture("native-cluster-outputs")),
      agentPool(fixture("native-agentpool-outputs")),
    ]);
    assert.deepEqual(
      r.pools.map((p) => `${p.origin}:${version(p.name)}`),
      ["managedClusterProfile:system", "managedClusterProfile:win", "agentPool:userpool"],
    );
    assert.equal(r.shadowed.length, 1);
    assert.equal(r.shadowed[0].agentPoolUrn, URN.agentPool);
    assert.equal(version(r.shadowed[0].pool.name), "userpool");
  });

  it("shadows a profile whose name is unknown while an AgentPool of the cluster is unaccounted for", () => {
    const cluster = fixture("native-cluster-outputs");
    (cluster.agentPoolProfiles as Record<string, unknown>[])[2].name = SENTINEL;
    const r = buildAksStackModel([
      nativeCluster(cluster),
      agentPool(fixture("native-agentpool-outputs")),
    ]);
    assert.deepEqual(
      r.shadowed.map((s) => s.pool.path),
      ["agentPoolProfiles[2]"],
    );
    assert.equal(r.pools.length, 3);
    // Without an AgentPool there is nothing it could be: it is checked as an inline pool.
    assert.equal(buildAksStackModel([nativeCluster(cluster)]).pools.length, 3);
  });

  it("an AgentPool whose link is unknown shadows the same-named profile of each candidate cluster", () => {
    const pool = { ...fixture("native-agentpool-outputs"), id: SENTINEL };
    const r = buildAksStackModel([
      nativeCluster(fixture("native-cluster-outputs")),
      agentPool(pool),
    ]);
    const p = r.pools.find((x) => x.origin === "agentPool");
    assert.ok(p && p.controlPlane.via === "pending");
    assert.deepEqual(p.controlPlane.candidates, [URN.native]);
    assert.deepEqual(
      r.shadowed.map((s) => s.pool.path),
      ["agentPoolProfiles[2]"],
    );
  });

  it("does not shadow an inline profile for an AgentPool of another cluster", () => {
    const other = fixture("native-agentpool-outputs");
    other.id =
      "/subscriptions/0/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/elsewhere/agentPools/userpool";
    const r = buildAksStackModel([
      nativeCluster(fixture("native-cluster-outputs")),
      agentPool(other),
    ]);
    assert.equal(r.shadowed.length, 0);
    assert.equal(r.pools.length, 4);
  });

  describe("by dependencies when the names are not known yet", () => {
    const unknownNames = (): Record<string, unknown> => ({
      ...fixture("native-agentpool-inputs-old-provider"),
      resourceName: SENTINEL,
    });
    const unknownCluster = () =>
      nativeCluster({ ...fixture("native-cluster-inputs"), resourceName: SENTINEL });

    it("by a dependency URN", () => {
      const r = buildAksStackModel([
        unknownCluster(),
        agentPool(unknownNames(), { dependencies: [URN.rg, URN.native] }),
      ]);
      assert.equal(viaOf(poolNamed(r.pools, "batch")), `dependency:${URN.native}`);
    });

    it("by propertyDependencies.resourceName, before plain dependencies", () => {
      const r = buildAksStackModel([
        unknownCluster(),
        nativeCluster({ kubernetesVersion: "1.29" }, URN.native2),
        agentPool(unknownNames(), {
          dependencies: [URN.native, URN.native2],
          propertyDependencies: { resourceName: [URN.native] },
        }),
      ]);
      assert.equal(viaOf(poolNamed(r.pools, "batch")), `property dependency:${URN.native}`);
    });

    it("by parent", () => {
      const r = buildAksStackModel([
        unknownCluster(),
        agentPool(unknownNames(), { parent: URN.native }),
      ]);
      assert.equal(viaOf(poolNamed(r.pools, "batch")), `parent:${URN.native}`);
    });

    it("not to a cluster whose known name contradicts the pool's", () => {
      const pool = {
        ...fixture("native-agentpool-inputs-old-provider"),
        resourceName: "aks-elsewhere",
      };
      const r = buildAksStackModel([
        nativeCluster(),
        agentPool(pool, { dependencies: [URN.native] }),
      ]);
      assert.equal(poolNamed(r.pools, "batch").controlPlane.via, "none");
    });

    it("ambiguous when it depends on two candidate clusters", () => {
      const r = buildAksStackModel([
        unknownCluster(),
        nativeCluster({}, URN.native2),
        agentPool(unknownNames(), { dependencies: [URN.native, URN.native2] }),
      ]);
      const p = poolNamed(r.pools, "batch");
      assert.equal(p.controlPlane.via, "ambiguous");
      assert.deepEqual((p.controlPlane as { candidates: readonly string[] }).candidates, [
        URN.native,
        URN.native2,
      ]);
      assert.equal(p.controlPlane.kubernetesVersion.state, "absent");
    });

    it("unknown when nothing names the cluster", () => {
      const pool = unknownNames();
      delete pool.orchestratorVersion;
      const p = poolNamed(buildAksStackModel([unknownCluster(), agentPool(pool)]).pools, "batch");
      assert.equal(p.controlPlane.via, "pending");
      assert.equal(p.controlPlane.kubernetesVersion.state, "unknown");
      assert.equal(p.effectiveVersion.state, "unknown");
    });

    it("unknown when the pool names its cluster but a stack cluster's own name is not known yet", () => {
      const r = buildAksStackModel([unknownCluster(), agentPool()]);
      const p = poolNamed(r.pools, "batch");
      assert.equal(p.controlPlane.via, "pending");
      assert.match(
        (p.controlPlane as { reason: string }).reason,
        /name of cluster .*ManagedCluster::prod is not known/,
      );
      // …but not when that cluster's resource group already rules it out.
      const elsewhere = nativeCluster({ resourceGroupName: "rg-other", resourceName: SENTINEL });
      assert.equal(
        poolNamed(buildAksStackModel([elsewhere, agentPool()]).pools, "batch").controlPlane.via,
        "none",
      );
      // …and config still answers for clusters outside the stack.
      assert.equal(
        poolNamed(
          buildAksStackModel([unknownCluster(), agentPool()], {
            clusterVersions: { "rg-aks/aks-prod": "1.30" },
          }).pools,
          "batch",
        ).controlPlane.via,
        "config",
      );
    });

    it("unknown for a classic pool while a stack cluster's id is not known yet", () => {
      const cluster = { ...fixture("classic-v6-cluster"), id: SENTINEL, name: SENTINEL };
      assert.equal(
        poolNamed(buildAksStackModel([classicCluster(cluster), classicPool()]).pools, "spot")
          .controlPlane.via,
        "pending",
      );
    });

    it("ignores dependencies that are not strings", () => {
      const p = poolNamed(
        buildAksStackModel([
          unknownCluster(),
          agentPool(unknownNames(), { dependencies: [5, null, { urn: URN.native }] as never }),
        ]).pools,
        "batch",
      );
      assert.equal(p.controlPlane.via, "pending");
    });
  });

  it("ambiguous when two clusters in the stack have the same rg/name", () => {
    const r = buildAksStackModel([
      nativeCluster(),
      nativeCluster(fixture("native-cluster-inputs"), URN.native2),
      agentPool(),
    ]);
    assert.equal(poolNamed(r.pools, "batch").controlPlane.via, "ambiguous");
  });

  it("an unknown cluster version makes inheriting pools unknown, not failed", () => {
    const props = { ...fixture("native-cluster-inputs"), kubernetesVersion: SENTINEL };
    const pool = fixture("native-agentpool-inputs-old-provider");
    delete pool.orchestratorVersion;
    const r = buildAksStackModel([nativeCluster(props), agentPool(pool)]);
    for (const p of r.pools) {
      assert.equal(p.effectiveVersion.state, "unknown");
      assert.equal(p.effectiveVersionFrom, "cluster");
    }
  });

  describe("classic node pools", () => {
    it("by kubernetesClusterId === cluster id (ARM ids compare case-insensitively)", () => {
      const r = buildAksStackModel([classicCluster(), classicPool()]);
      const p = poolNamed(r.pools, "spot");
      assert.equal(viaOf(p), `equal id:${URN.classic}`);
      assert.deepEqual(version(p.controlPlane.kubernetesVersion), {
        major: 1,
        minor: 31,
        patch: 2,
      });
      assert.deepEqual(version(p.effectiveVersion), { major: 1, minor: 30, patch: 4 });
    });

    it("by the rg/name in the id when the cluster's id is not in its props (inputs)", () => {
      const cluster = fixture("classic-v6-cluster");
      delete cluster.id;
      assert.equal(
        viaOf(
          poolNamed(buildAksStackModel([classicCluster(cluster), classicPool()]).pools, "spot"),
        ),
        `equal id:${URN.classic}`,
      );
      cluster.name = "different";
      assert.equal(
        poolNamed(buildAksStackModel([classicCluster(cluster), classicPool()]).pools, "spot")
          .controlPlane.via,
        "none",
      );
    });

    it("not to a cluster with a different id", () => {
      const pool = {
        ...fixture("classic-node-pool-outputs"),
        kubernetesClusterId: CLASSIC_ID.replace("aks-classic", "aks-other"),
      };
      assert.equal(
        poolNamed(
          buildAksStackModel([classicCluster(), classicPool(pool, { dependencies: [URN.classic] })])
            .pools,
          "spot",
        ).controlPlane.via,
        "none",
      );
    });

    it("by propertyDependencies.kubernetesClusterId when the id is unknown", () => {
      const pool = { ...fixture("classic-node-pool-outputs"), kubernetesClusterId: SENTINEL };
      const cluster = { ...fixture("classic-v6-cluster"), id: SENTINEL };
      const r = buildAksStackModel([
        classicCluster(cluster),
        classicCluster(fixture("classic-v5-cluster"), `${URN.classic}2`),
        classicPool(pool, {
          propertyDependencies: { kubernetesClusterId: [URN.classic] },
          dependencies: [URN.classic, `${URN.classic}2`],
        }),
      ]);
      assert.equal(viaOf(poolNamed(r.pools, "spot")), `property dependency:${URN.classic}`);
    });

    it("by dependencies or parent when the id is unknown", () => {
      const pool = { ...fixture("classic-node-pool-outputs"), kubernetesClusterId: SENTINEL };
      assert.equal(
        viaOf(
          poolNamed(
            buildAksStackModel([
              classicCluster(),
              classicPool(pool, { dependencies: [URN.classic] }),
            ]).pools,
            "spot",
          ),
        ),
        `dependency:${URN.classic}`,
      );
      assert.equal(
        viaOf(
          poolNamed(
            buildAksStackModel([classicCluster(), classicPool(pool, { parent: URN.classic })])
              .pools,
            "spot",
          ),
        ),
        `parent:${URN.classic}`,
      );
      assert.equal(
        poolNamed(buildAksStackModel([classicCluster(), classicPool(pool)]).pools, "spot")
          .controlPlane.via,
        "pending",
      );
    });

    it("to an azure-native cluster by id, and an AgentPool to a classic cluster by rg/name", () => {
      const native = { ...fixture("native-cluster-outputs"), id: CLASSIC_ID };
      assert.equal(
        viaOf(poolNamed(buildAksStackModel([nativeCluster(native), classicPool()]).pools, "spot")),
        `equal id:${URN.native}`,
      );
      const ap = {
        ...fixture("native-agentpool-inputs-old-provider"),
        resourceGroupName: "rg-classic",
        resourceName: "aks-classic",
      };
      assert.equal(
        viaOf(poolNamed(buildAksStackModel([classicCluster(), agentPool(ap)]).pools, "batch")),
        `resource group and name:${URN.classic}`,
      );
    });

    it("v5 cluster: the default pool inherits nothing when it declares a version", () => {
      const r = buildAksStackModel([classicCluster(fixture("classic-v5-cluster"))]);
      const p = poolNamed(r.pools, "default");
      assert.equal(p.effectiveVersionFrom, "pool");
      assert.deepEqual(version(p.effectiveVersion), { major: 1, minor: 25, patch: 6 });
      assert.deepEqual(version(p.controlPlane.kubernetesVersion), {
        major: 1,
        minor: 27,
        patch: 9,
      });
    });
  });

  describe("clusterVersions config for clusters outside the stack", () => {
    it("matches an AgentPool by rg/name, case-insensitively", () => {
      const r = buildAksStackModel([agentPool()], {
        clusterVersions: { "RG-AKS/aks-prod": "1.31" },
      });
      const p = poolNamed(r.pools, "batch");
      assert.deepEqual(p.controlPlane, {
        via: "config",
        key: "RG-AKS/aks-prod",
        kubernetesVersion: { state: "known", value: { major: 1, minor: 31 } },
      });
      assert.deepEqual(version(p.controlPlane.kubernetesVersion), { major: 1, minor: 31 });
    });

    it("matches an AgentPool by a cluster-id key", () => {
      const key =
        "/subscriptions/1/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-prod";
      assert.equal(
        poolNamed(
          buildAksStackModel([agentPool()], { clusterVersions: { [key]: "1.30.3" } }).pools,
          "batch",
        ).controlPlane.via,
        "config",
      );
    });

    it("matches a classic node pool by id, or by the rg/name in its id", () => {
      assert.equal(
        poolNamed(
          buildAksStackModel([classicPool()], {
            clusterVersions: { [CLASSIC_ID.toUpperCase()]: "1.30" },
          }).pools,
          "spot",
        ).controlPlane.via,
        "config",
      );
      assert.equal(
        poolNamed(
          buildAksStackModel([classicPool()], {
            clusterVersions: { "rg-classic/aks-classic": "1.30" },
          }).pools,
          "spot",
        ).controlPlane.via,
        "config",
      );
      assert.equal(
        poolNamed(
          buildAksStackModel([classicPool()], {
            clusterVersions: { "rg-classic/aks-other": "1.30" },
          }).pools,
          "spot",
        ).controlPlane.via,
        "none",
      );
    });

    it("a cluster in the stack wins over config", () => {
      const r = buildAksStackModel([nativeCluster(), agentPool()], {
        clusterVersions: { "rg-aks/aks-prod": "1.20" },
      });
      assert.equal(viaOf(poolNamed(r.pools, "batch")), `resource group and name:${URN.native}`);
    });

    it("an unknown rg/name cannot use config: unknown", () => {
      const pool = {
        ...fixture("native-agentpool-inputs-old-provider"),
        resourceGroupName: SENTINEL,
      };
      assert.equal(
        poolNamed(
          buildAksStackModel([agentPool(pool)], { clusterVersions: { "rg-aks/aks-prod": "1.30" } })
            .pools,
          "batch",
        ).controlPlane.via,
        "pending",
      );
    });

    it("reports bad entries", () => {
      const parsed = parseClusterVersions({
        "rg/ok": "1.30",
        "rg/bad": "latest",
        "no-slash": "1.30",
        "/subscriptions/x/bad": "1.30",
        "rg/unknown": SENTINEL,
      });
      assert.deepEqual(
        parsed.entries.map((e) => e.key),
        ["rg/ok"],
      );
      assert.equal(parsed.errors.length, 4);
      assert.match(parsed.errors.join("\n"), /rg\/bad.*not a Kubernetes version/);
      assert.match(parsed.errors.join("\n"), /"no-slash" is neither/);
      assert.match(parsed.errors.join("\n"), /not a managed cluster id/);
      assert.match(parsed.errors.join("\n"), /not known until the deployment runs/);
      assert.equal(parseClusterVersions(["rg/x"]).errors.length, 1);
      assert.deepEqual(buildAksStackModel([], { clusterVersions: "nope" }).configErrors.length, 1);
    });

    it("accepts an already parsed config", () => {
      const parsed = parseClusterVersions({ "rg-aks/aks-prod": "1.31" });
      assert.equal(
        poolNamed(buildAksStackModel([agentPool()], { clusterVersions: parsed }).pools, "batch")
          .controlPlane.via,
        "config",
      );
    });

    it("resourceGroupAndNameOfId", () => {
      assert.equal(resourceGroupAndNameOfId(CLASSIC_ID), "rg-classic/aks-classic");
      assert.equal(resourceGroupAndNameOfId(`${CLASSIC_ID}/agentPools/x`), undefined);
      assert.equal(resourceGroupAndNameOfId(5 as never), undefined);
    });
  });

  it("keeps input order: inline pools first, then pool resources; skips other resources", () => {
    const r = buildAksStackModel([
      classicPool(),
      aksResource("urn:x", "azure-native:resources:ResourceGroup", {}),
      classicCluster(),
      agentPool(),
      nativeCluster(),
    ]);
    assert.deepEqual(
      r.clusters.map((c) => c.urn),
      [URN.classic, URN.native],
    );
    assert.deepEqual(
      r.pools.map((p) => version(p.name)),
      ["default", "system", "spot", "batch"],
    );
  });

  it("never throws on junk", () => {
    assert.deepEqual(buildAksStackModel(null as never), {
      clusters: [],
      pools: [],
      shadowed: [],
      configErrors: [],
    });
    const r = buildAksStackModel(
      [
        null,
        5,
        { type: AGENT_POOL_TYPE },
        { type: CLASSIC_NODE_POOL_TYPE, props: SENTINEL },
      ] as never,
      null as never,
    );
    assert.equal(r.pools.length, 2);
    assert.equal(r.pools[1].controlPlane.via, "pending");
  });
});
