/** aks-node-os-upgrade-channel: the rule on a cluster's inputs (resource phase), its config and its factory. */
import * as assert from "assert";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import {
  AKS_NODE_OS_UPGRADE_CHANNEL,
  aksNodeOsUpgradeChannelConfig,
  aksNodeOsUpgradeChannelProperties,
  aksNodeOsUpgradeChannelRule,
} from "../../policies/aksNodeOsUpgradeChannel";
import { packPolicies } from "../../policies/pack";
import type { AnalyzerResource } from "../../offline/analyzer/types";
import {
  AKS,
  U,
  agentPool,
  classicCluster,
  managedCluster,
  plainInputs,
} from "../fixtures/aks/stack";
import { cluster as okeCluster } from "../fixtures/policies/stack";

const defaults = aksNodeOsUpgradeChannelConfig({}).config;
const run = (r: AnalyzerResource, raw: Record<string, unknown> = {}) =>
  aksNodeOsUpgradeChannelRule(plainInputs(r), aksNodeOsUpgradeChannelConfig(raw).config);

describe("aks-node-os-upgrade-channel", () => {
  it("flags None and Unmanaged on an azure-native cluster, saying what to set and where", () => {
    for (const channel of ["None", "Unmanaged", "none", " unmanaged "]) {
      const c = managedCluster("aks-prod", { nodeOsChannel: channel });
      const [f, ...rest] = run(c);
      assert.deepStrictEqual(rest, []);
      assert.strictEqual(f.urn, c.urn);
      for (const part of [
        'AKS cluster "aks-prod"',
        "autoUpgradeProfile.nodeOSUpgradeChannel",
        "NodeImage",
        "SecurityPatch",
        "90-day support",
      ]) {
        assert.ok(f.message.includes(part), `${part}: ${f.message}`);
      }
    }
  });

  it("passes NodeImage, SecurityPatch and an absent channel (AKS's default is NodeImage)", () => {
    for (const channel of ["NodeImage", "SecurityPatch", "nodeimage", undefined])
      assert.deepStrictEqual(
        run(managedCluster("c", { nodeOsChannel: channel })),
        [],
        String(channel),
      );
    assert.deepStrictEqual(
      run(managedCluster("c", { autoUpgradeProfile: { upgradeChannel: "stable" } })),
      [],
    );
  });

  it("classic clusters: the v6 name nodeOsUpgradeChannel and the v5 name nodeOsChannelUpgrade", () => {
    const v6 = run(classicCluster("k6", { nodeOsUpgradeChannel: "None" }));
    assert.strictEqual(v6.length, 1);
    assert.ok(
      v6[0].message.includes("nodeOsUpgradeChannel is None") &&
        v6[0].message.includes("nodeOsUpgradeChannel of the @pulumi/azure KubernetesCluster (v6"),
      v6[0].message,
    );
    const v5 = run(classicCluster("k5", { nodeOsChannelUpgrade: "Unmanaged" }));
    assert.ok(
      v5[0].message.includes("nodeOsChannelUpgrade is Unmanaged") &&
        v5[0].message.includes("nodeOsChannelUpgrade of the @pulumi/azure v5 KubernetesCluster"),
      v5[0].message,
    );
    assert.deepStrictEqual(
      run(classicCluster("k", { nodeOsUpgradeChannel: "NodeImage", nodeOsChannelUpgrade: "None" })),
      [],
      "the v6 name wins when both are present",
    );
    assert.deepStrictEqual(run(classicCluster("k")), []);
  });

  it("a value AKS does not know is reported; a value not known yet is not", () => {
    const [f] = run(managedCluster("c", { nodeOsChannel: "Weekly" }));
    assert.ok(
      f.message.includes('"Weekly"') &&
        f.message.includes("None, Unmanaged, SecurityPatch, NodeImage"),
      f.message,
    );
    assert.deepStrictEqual(run(managedCluster("c", { nodeOsChannel: U })), []);
    assert.deepStrictEqual(run(managedCluster("c", { autoUpgradeProfile: U })), []);
    assert.deepStrictEqual(run(classicCluster("k", { nodeOsUpgradeChannel: U })), []);
  });

  it("versioned tokens are clusters too; pools and other clouds' clusters are not judged", () => {
    assert.strictEqual(
      run(managedCluster("c", { type: AKS.clusterV, nodeOsChannel: "None" })).length,
      1,
    );
    const c = managedCluster("c", { nodeOsChannel: "None" });
    assert.deepStrictEqual(run(agentPool("p", { cluster: c })), []);
    assert.deepStrictEqual(
      aksNodeOsUpgradeChannelRule(
        plainInputs(okeCluster("prod", { nodeOSUpgradeChannel: "None" })),
        defaults,
      ),
      [],
    );
    assert.deepStrictEqual(aksNodeOsUpgradeChannelRule(null as never, defaults), []);
  });

  it("flaggedChannels narrows what is reported; a bad entry is a config problem", () => {
    const unmanaged = managedCluster("c", { nodeOsChannel: "Unmanaged" });
    assert.strictEqual(run(unmanaged).length, 1);
    assert.deepStrictEqual(run(unmanaged, { flaggedChannels: ["None"] }), []);
    assert.strictEqual(
      run(managedCluster("c", { nodeOsChannel: "None" }), { flaggedChannels: ["None"] }).length,
      1,
    );
    assert.deepStrictEqual(run(unmanaged, { flaggedChannels: [] }), []);
    const { config, problems } = aksNodeOsUpgradeChannelConfig({
      flaggedChannels: ["None", "NodeImage"],
    });
    assert.deepStrictEqual(
      [config.flaggedChannels, problems.map((p) => p.key)],
      [["none"], ["flaggedChannels"]],
    );
    assert.deepStrictEqual(
      aksNodeOsUpgradeChannelConfig({ flaggedChannels: "None" }).config.flaggedChannels,
      ["none", "unmanaged"],
    );
  });

  it("is an advisory resource policy of the pack with a described, defaulted schema", () => {
    const pick = (policies: ReturnType<typeof packPolicies>) =>
      policies.find((p) => p.name === AKS_NODE_OS_UPGRADE_CHANNEL) as ResourceValidationPolicy;
    const policy = pick(packPolicies());
    assert.deepStrictEqual(
      [policy.name, policy.enforcementLevel, typeof policy.validateResource],
      [AKS_NODE_OS_UPGRADE_CHANNEL, "advisory", "function"],
    );
    assert.match(policy.description ?? "", /^[A-Z][^\n]*\.$/);
    assert.strictEqual(
      pick(packPolicies({ enforcementLevels: { [AKS_NODE_OS_UPGRADE_CHANNEL]: "mandatory" } }))
        .enforcementLevel,
      "mandatory",
    );
    for (const schema of Object.values(aksNodeOsUpgradeChannelProperties))
      assert.ok("default" in schema && schema.description);
  });
});
