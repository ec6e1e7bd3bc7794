import * as assert from "assert";
import { parseKubeVersion } from "../../core/kubeVersion";
import { versionSkewConfig, versionSkewRule } from "../../policies/versionSkew";
import {
  CLUSTER_ID,
  EXTERNAL_CLUSTER_ID,
  U,
  cluster,
  nodePool,
  plain,
  res,
  T,
} from "../fixtures/policies/stack";

const defaults = versionSkewConfig({}).config;
const run = (resources: ReturnType<typeof plain>[], raw: Record<string, unknown> = {}) =>
  versionSkewRule(resources, versionSkewConfig(raw).config);

describe("node-pool-version-skew", () => {
  const c = cluster("prod", { kubernetesVersion: "v1.35.2" });

  it("passes pools within the skew, at the control plane's version, or without a version", () => {
    const pools = ["v1.35.2", "v1.34.2", "v1.32.1"].map((v, i) =>
      nodePool(`p${i}`, { version: v, cluster: c }),
    );
    assert.deepStrictEqual(
      versionSkewRule(
        [c, ...pools, nodePool("follows", { version: null, cluster: c })].map(plain),
        defaults,
      ),
      [],
    );
  });

  it("fails a pool newer than its control plane, naming both versions and the order of upgrades", () => {
    const pool = nodePool("ahead", { version: "v1.36.0", cluster: c });
    const [f, ...rest] = versionSkewRule([c, pool].map(plain), defaults);
    assert.strictEqual(rest.length, 0);
    assert.strictEqual(f.urn, pool.urn);
    assert.strictEqual(f.advisoryOnly, undefined);
    for (const part of [
      'node pool "ahead"',
      'cluster "prod"',
      "v1.36.0",
      "v1.35.2",
      "Upgrade the control plane first",
    ])
      assert.ok(f.message.includes(part), f.message);
  });

  it("fails a pool more minors behind than allowed: 3 from 1.28, 2 below", () => {
    assert.strictEqual(
      run([c, nodePool("old", { version: "v1.31.1", cluster: c })].map(plain)).length,
      1,
    );
    const c127 = cluster(
      "legacy",
      { kubernetesVersion: "v1.27.2" },
      "ocid1.cluster.oc1.phx.legacyaaaaaaaaaaa",
    );
    assert.strictEqual(
      run([c127, nodePool("p", { version: "v1.25.1", cluster: c127 })].map(plain)).length,
      0,
    );
    assert.strictEqual(
      run([c127, nodePool("p", { version: "v1.24.1", cluster: c127 })].map(plain)).length,
      1,
    );
  });

  it("maxMinorSkew tightens the limit but never widens it", () => {
    const pool = nodePool("p", { version: "v1.33.1", cluster: c });
    assert.strictEqual(run([c, pool].map(plain)).length, 0);
    const [f] = run([c, pool].map(plain), { maxMinorSkew: 1 });
    assert.ok(f.message.includes("at most 1"), f.message);
    const older = nodePool("q", { version: "v1.31.1", cluster: c });
    assert.strictEqual(run([c, older].map(plain), { maxMinorSkew: 3 }).length, 1);
  });

  it("finds the cluster by property dependency, by equal id, or by plain dependency", () => {
    const ahead = { version: "v1.36.0" };
    const byId = nodePool("by-id", { ...ahead, clusterId: CLUSTER_ID });
    assert.strictEqual(run([c, byId].map(plain)).length, 1);
    const byDep = { ...nodePool("by-dep", { ...ahead, clusterId: U }), dependencies: [c.urn] };
    assert.strictEqual(run([c, byDep].map(plain)).length, 1);
    const byPropDep = nodePool("by-prop", { ...ahead, clusterId: U, cluster: c });
    assert.strictEqual(run([c, byPropDep].map(plain)).length, 1);
  });

  it("uses clusterVersions for clusters outside the stack, else gives an advisory saying how", () => {
    const pool = nodePool("ext", { version: "v1.31.1", clusterId: EXTERNAL_CLUSTER_ID });
    const [advice] = run([plain(pool)]);
    assert.strictEqual(advice.advisoryOnly, true);
    assert.ok(
      advice.message.includes(`"clusterVersions": {"${EXTERNAL_CLUSTER_ID}"`),
      advice.message,
    );
    const [fail] = run([plain(pool)], { clusterVersions: { [EXTERNAL_CLUSTER_ID]: "v1.35.2" } });
    assert.strictEqual(fail.advisoryOnly, undefined);
    assert.ok(fail.message.includes(`cluster ${EXTERNAL_CLUSTER_ID}`), fail.message);
    assert.deepStrictEqual(
      run([plain(pool)], { clusterVersions: { [EXTERNAL_CLUSTER_ID]: "v1.33.1" } }),
      [],
    );
  });

  it("never fails on unknown versions or unknown cluster ids", () => {
    const unknownPool = nodePool("u", { version: U, cluster: c });
    const unknownCp = cluster(
      "later",
      { kubernetesVersion: U },
      "ocid1.cluster.oc1.phx.lateraaaaaaaaaaaaaa",
    );
    const pool = nodePool("p", { version: "v1.36.0", cluster: unknownCp });
    const orphan = nodePool("o", { version: "v1.36.0", clusterId: U });
    assert.deepStrictEqual(run([c, unknownPool, unknownCp, pool, orphan].map(plain)), []);
  });

  it("reports an unparsable pool version as an advisory, not a violation", () => {
    const [f] = run([c, nodePool("bad", { version: "latest", cluster: c })].map(plain));
    assert.strictEqual(f.advisoryOnly, true);
    assert.ok(f.message.includes('"latest"'));
  });

  it("reads config: defaults, wrong types fall back with a problem, bad clusterVersions entries are named", () => {
    assert.strictEqual(defaults.maxMinorSkew, 3);
    const { config, problems } = versionSkewConfig({
      maxMinorSkew: "two",
      clusterVersions: { a: "v1.30.1", b: "soon" },
    });
    assert.strictEqual(config.maxMinorSkew, 3);
    assert.deepStrictEqual(config.clusterVersions.get("a"), parseKubeVersion("v1.30.1"));
    assert.deepStrictEqual(
      problems.map((p) => p.key),
      ["maxMinorSkew", "clusterVersions.b"],
    );
  });

  it("ignores non-pool resources and pools of other types", () => {
    assert.deepStrictEqual(
      run([
        plain(res(T.deployment, "web", { spec: {} })),
        plain(res("oci:Core/instance:Instance", "vm", { kubernetesVersion: "v9.9.9" })),
      ]),
      [],
    );
  });
});
