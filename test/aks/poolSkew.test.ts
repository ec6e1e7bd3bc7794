import { strict as assert } from "assert";
import { checkAksPoolSkew } from "../../core/aks/poolSkew";
import { AksResourceInput, LinkedAksPool, linkAksResources } from "../../core/aks/pools";
import { AGENT_POOL_TYPE, MANAGED_CLUSTER_TYPE } from "../../core/aks/types";
import { SENTINEL } from "./support";

const CLUSTER = "urn:pulumi:dev::aks::azure-native:containerservice:ManagedCluster::c";

function pool(clusterVersion: unknown, poolVersion: unknown, extra: Record<string, unknown> = {}): LinkedAksPool {
  const resources: AksResourceInput[] = [
    { urn: CLUSTER, type: MANAGED_CLUSTER_TYPE, props: { resourceGroupName: "rg", resourceName: "c", kubernetesVersion: clusterVersion, ...extra } },
    { urn: "urn:p", type: AGENT_POOL_TYPE, props: { resourceGroupName: "rg", resourceName: "c", agentPoolName: "p", orchestratorVersion: poolVersion } },
  ];
  const p = linkAksResources(resources).pools.find((x) => x.origin === "agentPool");
  assert.ok(p);
  return p;
}

describe("aks/poolSkew: checkAksPoolSkew", () => {
  it("allows 3 minors behind from 1.28 on, not 4", () => {
    assert.equal(checkAksPoolSkew(pool("1.30", "1.27.7")).status, "ok");
    const v = checkAksPoolSkew(pool("1.30", "1.26.3"));
    assert.equal(v.status, "violation");
    assert.match((v as { message: string }).message, /node pool p at 1\.26\.3 vs control plane 1\.30: .*4 minor versions behind/);
  });

  it("allows only 2 minors before 1.28", () => {
    assert.equal(checkAksPoolSkew(pool("1.27.9", "1.25.6")).status, "ok");
    assert.equal(checkAksPoolSkew(pool("1.27.9", "1.24.9")).status, "violation");
  });

  it("never newer than the control plane, patch included via currentKubernetesVersion", () => {
    assert.equal(checkAksPoolSkew(pool("1.30", "1.31.1")).status, "violation");
    assert.equal(checkAksPoolSkew(pool("1.30", "1.30.7")).status, "ok");
    const exact = checkAksPoolSkew(pool("1.30", "1.30.7", { currentKubernetesVersion: "1.30.5" }));
    assert.equal(exact.status, "violation");
    assert.equal((exact as { verdict: { ok: boolean; reason?: string } }).verdict.reason, "pool-newer");
  });

  it("honours a stricter maxMinorSkew", () => {
    assert.equal(checkAksPoolSkew(pool("1.30", "1.28.1"), { maxMinorSkew: 1 }).status, "violation");
    assert.equal(checkAksPoolSkew(pool("1.30", "1.29.1"), { maxMinorSkew: 1 }).status, "ok");
  });

  it("a pool without a version runs the control plane's: ok", () => {
    const v = checkAksPoolSkew(pool("1.30", undefined));
    assert.equal(v.status, "ok");
    assert.equal((v as { verdict: { minorsBehind: number } }).verdict.minorsBehind, 0);
  });

  it("unknown versions are unknown, not violations", () => {
    assert.equal(checkAksPoolSkew(pool(SENTINEL, "1.20.1")).status, "unknown");
    assert.equal(checkAksPoolSkew(pool("1.30", SENTINEL)).status, "unknown");
    assert.equal(checkAksPoolSkew(pool(SENTINEL, undefined)).status, "unknown");
  });

  it("undetermined without a cluster version or with a non-version", () => {
    assert.equal(checkAksPoolSkew(pool(undefined, "1.29.1")).status, "undetermined");
    assert.equal(checkAksPoolSkew(pool("latest", "1.29.1")).status, "undetermined");
    assert.equal(checkAksPoolSkew(pool("1.30", "newest")).status, "undetermined");
    const lonely = linkAksResources([{ urn: "urn:p", type: AGENT_POOL_TYPE, props: { resourceGroupName: "rg", resourceName: "gone", orchestratorVersion: "1.29" } }]).pools[0];
    const v = checkAksPoolSkew(lonely);
    assert.equal(v.status, "undetermined");
    assert.match((v as { reason: string }).reason, /clusterVersions/);
    assert.equal(checkAksPoolSkew(null as never).status, "undetermined");
    assert.equal(checkAksPoolSkew({ link: {}, controlPlaneVersion: { state: "known" }, effectiveVersion: { state: "known" } } as never).status, "undetermined");
  });
});
