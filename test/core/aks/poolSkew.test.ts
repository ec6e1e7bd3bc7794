import { strict as assert } from "assert";
import { checkAksPoolSkew } from "../../../core/aks/poolSkew";
import { checkSkew } from "../../../core/skew";
import { AksStackPool, buildAksStackModel } from "../../../core/aks/pools";
import { PlainResource } from "../../../core/resources";
import { AGENT_POOL_TYPE, MANAGED_CLUSTER_TYPE } from "../../../core/aks/types";
import { SENTINEL } from "./support";

const CLUSTER = "urn:pulumi:dev::aks::azure-native:containerservice:ManagedCluster::c";

function pool(
  clusterVersion: unknown,
  poolVersion: unknown,
  extra: Record<string, unknown> = {},
): AksStackPool {
  const resources: PlainResource[] = [
    {
      urn: CLUSTER,
      type: MANAGED_CLUSTER_TYPE,
      name: "c",
      props: {
        resourceGroupName: "rg",
        resourceName: "c",
        kubernetesVersion: clusterVersion,
        ...extra,
      },
    },
    {
      urn: "urn:p",
      type: AGENT_POOL_TYPE,
      name: "p",
      props: {
        resourceGroupName: "rg",
        resourceName: "c",
        agentPoolName: "p",
        orchestratorVersion: poolVersion,
      },
    },
  ];
  const p = buildAksStackModel(resources).pools.find((x) => x.origin === "agentPool");
  assert.ok(p);
  return p;
}

describe("aks/poolSkew: checkAksPoolSkew", () => {
  it("allows 3 minors behind from 1.28 on, not 4", () => {
    assert.equal(checkAksPoolSkew(pool("1.30", "1.27.7")).status, "ok");
    const v = checkAksPoolSkew(pool("1.30", "1.26.3"));
    assert.equal(v.status, "violation");
    assert.match(
      (v as { message: string }).message,
      /node pool p at 1\.26\.3 vs control plane 1\.30: .*4 minor versions behind/,
    );
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
    assert.equal(
      (exact as { verdict: { ok: boolean; reason?: string } }).verdict.reason,
      "pool-newer",
    );
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
    const lonely = buildAksStackModel([
      {
        urn: "urn:p",
        type: AGENT_POOL_TYPE,
        name: "p",
        props: { resourceGroupName: "rg", resourceName: "gone", orchestratorVersion: "1.29" },
      },
    ]).pools[0];
    const v = checkAksPoolSkew(lonely);
    assert.equal(v.status, "undetermined");
    assert.match((v as { reason: string }).reason, /clusterVersions/);
    assert.equal(checkAksPoolSkew(null as never).status, "undetermined");
    assert.equal(
      checkAksPoolSkew({
        controlPlane: { kubernetesVersion: { state: "known" } },
        effectiveVersion: { state: "known" },
      } as never).status,
      "undetermined",
    );
  });
});

describe("aks/poolSkew: AKS-style explanations (core/skew versionStyle and poolUpgradeFields)", () => {
  it("prints versions without a leading v and names orchestratorVersion", () => {
    for (const [cp, p] of [
      ["1.30", "1.26.3"],
      ["1.30", "1.31.1"],
    ]) {
      const v = checkAksPoolSkew(pool(cp, p));
      assert.equal(v.status, "violation");
      const { message, verdict } = v as { message: string; verdict: { explanation: string } };
      assert.doesNotMatch(message, /v1\.\d/);
      assert.doesNotMatch(verdict.explanation, /v1\.\d/);
    }
    const behind = checkAksPoolSkew(pool("1.30", "1.26.3")) as { verdict: { explanation: string } };
    assert.match(
      behind.verdict.explanation,
      /Upgrade the pool \(orchestratorVersion\) to at least 1\.27, ideally 1\.30,/,
    );
  });

  it("a caller may still ask for the OKE style", () => {
    const v = checkAksPoolSkew(pool("1.30", "1.26.3"), { versionStyle: "v" }) as {
      verdict: { explanation: string };
    };
    assert.match(
      v.verdict.explanation,
      /pool version v1\.26\.3 is 4 minor versions behind the control plane's v1\.30/,
    );
  });

  it("core/skew keeps the OKE wording by default", () => {
    const oke = checkSkew({ major: 1, minor: 31, patch: 1 }, { major: 1, minor: 35, patch: 2 });
    assert.equal(oke.ok, false);
    assert.match(
      (oke as { explanation: string }).explanation,
      /pool version v1\.31\.1 .* Upgrade the pool \(image and kubernetesVersion together\) to at least v1\.32, ideally v1\.35\.2,/,
    );
    const bare = checkSkew(
      { major: 1, minor: 36, patch: 0 },
      { major: 1, minor: 35, patch: 2 },
      { versionStyle: "bare" },
    );
    assert.match(
      (bare as { explanation: string }).explanation,
      /^pool version 1\.36\.0 is newer than the control plane's 1\.35\.2;.* set the pool to 1\.35\.2 or older\.$/,
    );
  });
});
