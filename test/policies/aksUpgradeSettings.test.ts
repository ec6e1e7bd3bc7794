/** node-pool-cycling-settings for AKS pools: upgradeSettings through the rule function (stack phase). */
import * as assert from "assert";
import { aksUpgradeSettingsRule } from "../../policies/aks/upgradeSettings";
import { cyclingSettingsConfig, cyclingSettingsRule } from "../../policies/cyclingSettings";
import type { AnalyzerResource } from "../../offline/analyzer/types";
import {
  AKS,
  U,
  agentPool,
  classicCluster,
  classicNodePool,
  managedCluster,
  plain,
} from "../fixtures/aks/stack";

const run = (resources: AnalyzerResource[]) => aksUpgradeSettingsRule(resources.map(plain));
const inline = (upgradeSettings: unknown, mode: unknown = "User") =>
  managedCluster("aks-prod", { profiles: [{ name: "np", mode, upgradeSettings }] });
const problems = (upgradeSettings: unknown, mode: unknown = "User") =>
  run([inline(upgradeSettings, mode)]);

describe("node-pool-cycling-settings (AKS rule)", () => {
  it("passes sound settings, defaults (no upgradeSettings) and the documented bounds", () => {
    for (const s of [
      undefined,
      {},
      { maxSurge: "33%" },
      { maxSurge: "1", maxUnavailable: "0" },
      { maxSurge: "0", maxUnavailable: "1" },
      { maxSurge: "10%", drainTimeoutInMinutes: 5, nodeSoakDurationInMinutes: 0 },
      {
        maxSurge: "100%",
        drainTimeoutInMinutes: 1440,
        nodeSoakDurationInMinutes: 30,
        undrainableNodeBehavior: "Cordon",
      },
    ]) {
      assert.deepStrictEqual(problems(s), [], JSON.stringify(s));
    }
  });

  it("fails maxSurge and maxUnavailable both 0, also when an older provider has no maxUnavailable", () => {
    for (const s of [
      { maxSurge: "0", maxUnavailable: "0" },
      { maxSurge: "0%", maxUnavailable: "0%" },
      { maxSurge: "0" },
    ]) {
      const [f, ...rest] = problems(s);
      assert.deepStrictEqual(rest, [], JSON.stringify(s));
      const c = inline(s);
      assert.strictEqual(f.urn, c.urn);
      for (const part of [
        'AKS node pool "np" (agentPoolProfiles[0] of cluster "aks-prod")',
        "agentPoolProfiles[0].upgradeSettings.maxSurge",
        "Set maxSurge to at least 1",
      ]) {
        assert.ok(f.message.includes(part), `${part}: ${f.message}`);
      }
    }
  });

  it("fails malformed counts and percentages", () => {
    for (const bad of ["x%", "150%", "-1", "1.5", true]) {
      const [f] = problems({ maxSurge: bad });
      assert.ok(
        f && f.message.includes("upgradeSettings.maxSurge is"),
        `${JSON.stringify(bad)}: ${f?.message}`,
      );
    }
    assert.ok(
      problems({ maxSurge: "1", maxUnavailable: "many" })[0].message.includes("maxUnavailable"),
    );
  });

  it("fails drainTimeoutInMinutes outside 5–1440 and nodeSoakDurationInMinutes outside 0–30", () => {
    for (const [s, field] of [
      [{ drainTimeoutInMinutes: 4 }, "drainTimeoutInMinutes is 4"],
      [{ drainTimeoutInMinutes: 1441 }, "drainTimeoutInMinutes is 1441"],
      [{ drainTimeoutInMinutes: 0 }, "drainTimeoutInMinutes is 0"],
      [{ drainTimeoutInMinutes: "30" }, 'drainTimeoutInMinutes is "30"'],
      [{ nodeSoakDurationInMinutes: 31 }, "nodeSoakDurationInMinutes is 31"],
      [{ nodeSoakDurationInMinutes: -1 }, "nodeSoakDurationInMinutes is -1"],
      [{ nodeSoakDurationInMinutes: 2.5 }, "nodeSoakDurationInMinutes is 2.5"],
    ] as const) {
      const fs = problems(s);
      assert.strictEqual(fs.length, 1, JSON.stringify(s));
      assert.ok(fs[0].message.includes(field), fs[0].message);
    }
  });

  it("maxUnavailable is not allowed on a System pool (the classic default pool is one)", () => {
    assert.ok(
      problems({ maxSurge: "1", maxUnavailable: "1" }, "System")[0].message.includes(
        "not allowed on a System pool",
      ),
    );
    assert.deepStrictEqual(problems({ maxSurge: "1", maxUnavailable: "1" }, "User"), []);
    const classic = classicCluster("k", {
      defaultNodePool: {
        name: "default",
        upgradeSettings: { maxSurge: "10%", maxUnavailable: "1" },
      },
    });
    assert.ok(run([classic])[0].message.includes("defaultNodePool.upgradeSettings.maxUnavailable"));
  });

  it("covers AgentPool and classic node pool resources, each reported on its own URN", () => {
    const c = managedCluster("aks-prod");
    const p = agentPool("batch", {
      cluster: c,
      upgradeSettings: { maxSurge: "0", maxUnavailable: "0" },
    });
    const cc = classicCluster("aks-classic");
    const cp = classicNodePool("spot", {
      cluster: cc,
      upgradeSettings: { maxSurge: "10%", drainTimeoutInMinutes: 2 },
    });
    const fs = run([c, p, cc, cp]);
    assert.deepStrictEqual(fs.map((f) => f.urn).sort(), [p.urn, cp.urn].sort());
    assert.ok(
      fs
        .find((f) => f.urn === p.urn)
        ?.message.startsWith(
          'AKS node pool "batch" of cluster "aks-prod": upgradeSettings.maxSurge is 0',
        ),
    );
    assert.ok(
      fs
        .find((f) => f.urn === cp.urn)
        ?.message.includes(
          'AKS node pool "spot" of cluster "aks-classic": upgradeSettings.drainTimeoutInMinutes is 2',
        ),
    );
    const v = agentPool("v", {
      cluster: managedCluster("x", { type: AKS.clusterV }),
      type: AKS.agentPoolV,
      upgradeSettings: { nodeSoakDurationInMinutes: 60 },
    });
    assert.strictEqual(run([v]).length, 1, "versioned token");
  });

  it("a pool inline in the cluster's outputs and managed by an AgentPool is judged once", () => {
    const c = managedCluster("aks-prod", {
      profiles: [{ name: "system" }, { name: "batch", upgradeSettings: { maxSurge: "0" } }],
    });
    const p = agentPool("batch", { cluster: c, upgradeSettings: { maxSurge: "0" } });
    assert.deepStrictEqual(
      run([c, p]).map((f) => f.urn),
      [p.urn],
    );
    assert.deepStrictEqual(
      run([c]).map((f) => f.urn),
      [c.urn],
    );
  });

  it("skips what is not known yet: the settings, a count, the mode", () => {
    assert.deepStrictEqual(problems(U), []);
    assert.deepStrictEqual(problems({ maxSurge: U, maxUnavailable: "0" }), []);
    assert.deepStrictEqual(problems({ maxSurge: "0", maxUnavailable: U }), []);
    assert.deepStrictEqual(
      problems({ drainTimeoutInMinutes: U, nodeSoakDurationInMinutes: U }),
      [],
    );
    assert.deepStrictEqual(problems({ maxSurge: "1", maxUnavailable: "1" }, U), []);
    assert.deepStrictEqual(run([managedCluster("c", { agentPoolProfiles: U })]), []);
  });

  it("the OKE cycling rule ignores AKS pools", () => {
    assert.deepStrictEqual(
      cyclingSettingsRule([inline({ maxSurge: "0" })].map(plain), cyclingSettingsConfig({}).config),
      [],
    );
  });
});
