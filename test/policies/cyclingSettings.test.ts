import * as assert from "assert";
import { cyclingSettingsConfig, cyclingSettingsRule } from "../../policies/cyclingSettings";
import { EXTERNAL_CLUSTER_ID, U, cluster, nodePool, plain } from "../fixtures/policies/stack";

const run = (resources: ReturnType<typeof plain>[], raw: Record<string, unknown> = {}) =>
  cyclingSettingsRule(resources, cyclingSettingsConfig(raw).config);
const enhanced = cluster("prod", { type: "ENHANCED_CLUSTER" });

describe("node-pool-cycling-settings", () => {
  it("passes sound settings", () => {
    const pools = [
      nodePool("bv", {
        cluster: enhanced,
        cycling: {
          isNodeCyclingEnabled: true,
          cycleModes: ["BOOT_VOLUME_REPLACE"],
          maximumUnavailable: "1",
        },
        eviction: { evictionGraceDuration: "PT30M" },
      }),
      nodePool("ir", {
        cluster: enhanced,
        cycling: {
          isNodeCyclingEnabled: true,
          cycleModes: ["INSTANCE_REPLACE"],
          maximumSurge: "1",
          maximumUnavailable: "0",
        },
      }),
      nodePool("off", { cluster: enhanced }),
    ];
    assert.deepStrictEqual(run([enhanced, ...pools].map(plain)), []);
  });

  it("flags cycling on a BASIC_CLUSTER, also when the cluster sets no type (OKE's default)", () => {
    const basic = cluster(
      "basic",
      { type: "BASIC_CLUSTER" },
      "ocid1.cluster.oc1.phx.basicaaaaaaaaaaaa",
    );
    const [f] = run(
      [basic, nodePool("p", { cluster: basic, cycling: { isNodeCyclingEnabled: true } })].map(
        plain,
      ),
    );
    assert.ok(
      f.message.includes("ENHANCED_CLUSTER") &&
        f.message.includes('cluster "basic" is a BASIC_CLUSTER'),
      f.message,
    );
    const untyped = cluster(
      "untyped",
      { type: undefined },
      "ocid1.cluster.oc1.phx.untypedaaaaaaaaa",
    );
    assert.strictEqual(
      run(
        [untyped, nodePool("q", { cluster: untyped, cycling: { isNodeCyclingEnabled: true } })].map(
          plain,
        ),
      ).length,
      1,
    );
  });

  it("uses clusterTypes for clusters outside the stack", () => {
    const pool = nodePool("p", {
      clusterId: EXTERNAL_CLUSTER_ID,
      cycling: { isNodeCyclingEnabled: true },
    });
    assert.deepStrictEqual(run([plain(pool)]), [], "type unknown: not judged");
    assert.strictEqual(
      run([plain(pool)], { clusterTypes: { [EXTERNAL_CLUSTER_ID]: "BASIC_CLUSTER" } }).length,
      1,
    );
    assert.deepStrictEqual(
      run([plain(pool)], { clusterTypes: { [EXTERNAL_CLUSTER_ID]: "ENHANCED_CLUSTER" } }),
      [],
    );
  });

  it("flags INSTANCE_REPLACE with surge and unavailable both 0, and BOOT_VOLUME_REPLACE with unavailable 0", () => {
    const ir = nodePool("ir", {
      cluster: enhanced,
      cycling: {
        isNodeCyclingEnabled: true,
        cycleModes: ["INSTANCE_REPLACE"],
        maximumSurge: "0",
        maximumUnavailable: "0%",
      },
    });
    const bv = nodePool("bv", {
      cluster: enhanced,
      cycling: {
        isNodeCyclingEnabled: true,
        cycleModes: ["BOOT_VOLUME_REPLACE"],
        maximumUnavailable: "0",
      },
    });
    const findings = run([enhanced, ir, bv].map(plain));
    assert.deepStrictEqual(
      findings.map((f) => f.urn),
      [ir.urn, bv.urn],
    );
    assert.ok(
      findings[0].message.includes("nodePoolCyclingDetails.maximumSurge"),
      findings[0].message,
    );
    assert.ok(
      findings[1].message.includes("nodePoolCyclingDetails.maximumUnavailable"),
      findings[1].message,
    );
  });

  it("flags unavailable ≥ pool size and malformed counts", () => {
    const all = nodePool("all", {
      cluster: enhanced,
      size: 2,
      cycling: {
        isNodeCyclingEnabled: true,
        cycleModes: ["BOOT_VOLUME_REPLACE"],
        maximumUnavailable: "100%",
      },
    });
    const bad = nodePool("bad", {
      cluster: enhanced,
      cycling: { isNodeCyclingEnabled: true, maximumSurge: "lots" },
    });
    const findings = run([enhanced, all, bad].map(plain));
    assert.ok(
      findings.some((f) => f.urn === all.urn && f.message.includes("2 of the pool's 2 nodes")),
    );
    assert.ok(findings.some((f) => f.urn === bad.urn && f.message.includes('"lots"')));
  });

  it("flags eviction grace durations that are malformed or over PT60M", () => {
    const long = nodePool("long", {
      cluster: enhanced,
      eviction: { evictionGraceDuration: "PT2H" },
    });
    const bad = nodePool("bad", { cluster: enhanced, eviction: { evictionGraceDuration: 30 } });
    const fine = nodePool("fine", {
      cluster: enhanced,
      eviction: { evictionGraceDuration: "PT0M" },
    });
    const findings = run([enhanced, long, bad, fine].map(plain));
    assert.deepStrictEqual(
      findings.map((f) => f.urn),
      [long.urn, bad.urn],
    );
    assert.ok(findings[0].message.includes("PT60M"));
  });

  it("does not guess around unknown values", () => {
    const pools = [
      nodePool("m", {
        cluster: enhanced,
        cycling: {
          isNodeCyclingEnabled: true,
          cycleModes: U,
          maximumSurge: "0",
          maximumUnavailable: "0",
        },
      }),
      nodePool("s", {
        cluster: enhanced,
        cycling: {
          isNodeCyclingEnabled: true,
          cycleModes: ["BOOT_VOLUME_REPLACE"],
          maximumUnavailable: U,
        },
      }),
      nodePool("e", {
        cluster: enhanced,
        eviction: { evictionGraceDuration: U },
        cycling: U as unknown as Record<string, unknown>,
      }),
      nodePool("z", {
        cluster: enhanced,
        size: U,
        cycling: {
          isNodeCyclingEnabled: true,
          cycleModes: ["BOOT_VOLUME_REPLACE"],
          maximumUnavailable: "100%",
        },
      }),
    ];
    assert.deepStrictEqual(run([enhanced, ...pools].map(plain)), []);
  });

  it("reads clusterTypes, naming bad entries", () => {
    const { config, problems } = cyclingSettingsConfig({
      clusterTypes: { a: "enhanced_cluster", b: "HUGE" },
    });
    assert.strictEqual(config.clusterTypes.get("a"), "ENHANCED_CLUSTER");
    assert.deepStrictEqual(
      problems.map((p) => p.key),
      ["clusterTypes.b"],
    );
  });
});
