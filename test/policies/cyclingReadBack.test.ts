import * as assert from "assert";
import { cyclingSettingsConfig, cyclingSettingsRule } from "../../policies/cyclingSettings";
import { cluster, nodePool, plain } from "../fixtures/policies/stack";

const run = (resources: ReturnType<typeof plain>[]) =>
  cyclingSettingsRule(resources, cyclingSettingsConfig({}).config);
const enhanced = cluster("prod", { type: "ENHANCED_CLUSTER" });

describe("node-pool-cycling-settings: values OKE reads back into stored outputs", () => {
  it("a BOOT_VOLUME_REPLACE pool whose outputs carry OKE's maximumSurge default is not flagged", () => {
    const readBack = nodePool("bv", {
      cluster: enhanced,
      cycling: {
        isNodeCyclingEnabled: true,
        cycleModes: ["BOOT_VOLUME_REPLACE"],
        maximumSurge: "1",
        maximumUnavailable: "1",
      },
    });
    assert.deepStrictEqual(run([enhanced, readBack].map(plain)), []);
  });

  it("still judges the read-back maximumUnavailable of a BOOT_VOLUME_REPLACE pool", () => {
    const zero = nodePool("bv", {
      cluster: enhanced,
      cycling: {
        isNodeCyclingEnabled: true,
        cycleModes: ["BOOT_VOLUME_REPLACE"],
        maximumSurge: "1",
        maximumUnavailable: "0",
      },
    });
    const findings = run([enhanced, zero].map(plain));
    assert.equal(findings.length, 1, JSON.stringify(findings));
    assert.match(findings[0].message, /maximumUnavailable/);
  });

  it("an INSTANCE_REPLACE pool's surge still counts (both 0 is flagged)", () => {
    const ir = nodePool("ir", {
      cluster: enhanced,
      cycling: {
        isNodeCyclingEnabled: true,
        cycleModes: ["INSTANCE_REPLACE"],
        maximumSurge: "0",
        maximumUnavailable: "0",
      },
    });
    assert.equal(run([enhanced, ir].map(plain)).length, 1);
  });
});
