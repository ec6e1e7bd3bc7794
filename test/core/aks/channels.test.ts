import { strict as assert } from "assert";
import {
  checkNodeOsUpgradeChannel,
  nodeOsUpgradeChannelVerdict,
  readNodeOsUpgradeChannel,
  readUpgradeChannel,
} from "../../../core/aks/channels";
import { SENTINEL, fixture } from "./support";

describe("aks/channels: node OS upgrade channel", () => {
  it("absent means the NodeImage default: fine", () => {
    assert.deepEqual(nodeOsUpgradeChannelVerdict("managedCluster", {}), {
      status: "ok",
      field: "autoUpgradeProfile.nodeOSUpgradeChannel",
      channel: "NodeImage",
      defaulted: true,
    });
    assert.deepEqual(
      nodeOsUpgradeChannelVerdict("managedCluster", {
        autoUpgradeProfile: { upgradeChannel: "stable" },
      }).status,
      "ok",
    );
    assert.deepEqual(nodeOsUpgradeChannelVerdict("classicCluster", {}), {
      status: "ok",
      field: "nodeOsUpgradeChannel",
      channel: "NodeImage",
      defaulted: true,
    });
    assert.equal(
      nodeOsUpgradeChannelVerdict("managedCluster", {
        autoUpgradeProfile: { nodeOSUpgradeChannel: "" },
      }).status,
      "ok",
    );
  });

  it("NodeImage and SecurityPatch are fine", () => {
    assert.deepEqual(
      nodeOsUpgradeChannelVerdict("managedCluster", {
        autoUpgradeProfile: { nodeOSUpgradeChannel: "SecurityPatch" },
      }),
      {
        status: "ok",
        field: "autoUpgradeProfile.nodeOSUpgradeChannel",
        channel: "SecurityPatch",
        defaulted: false,
      },
    );
    assert.equal(
      nodeOsUpgradeChannelVerdict("classicCluster", fixture("classic-v6-cluster")).status,
      "ok",
    );
    assert.equal(
      nodeOsUpgradeChannelVerdict("managedCluster", fixture("native-cluster-outputs")).status,
      "ok",
    );
  });

  it("None and Unmanaged are findings, case-insensitively, on the azure-native name", () => {
    for (const value of ["None", "none", "Unmanaged", "UNMANAGED"]) {
      const v = nodeOsUpgradeChannelVerdict("managedCluster", {
        autoUpgradeProfile: { nodeOSUpgradeChannel: value },
      });
      assert.equal(v.status, "finding", value);
      if (v.status !== "finding") continue;
      assert.equal(v.field, "autoUpgradeProfile.nodeOSUpgradeChannel");
      assert.equal(v.channel, value.toLowerCase() === "none" ? "None" : "Unmanaged");
      assert.match(v.message, /90-day support/);
      assert.match(v.message, /NodeImage.*SecurityPatch/);
    }
    assert.equal(
      nodeOsUpgradeChannelVerdict("managedCluster", fixture("native-cluster-inputs")).status,
      "finding",
    );
  });

  it("reads the native name with its capital OS only", () => {
    assert.equal(
      nodeOsUpgradeChannelVerdict("managedCluster", {
        autoUpgradeProfile: { nodeOsUpgradeChannel: "None" },
      }).status,
      "ok",
    );
  });

  it("reads classic v6 nodeOsUpgradeChannel and v5 nodeOsChannelUpgrade", () => {
    const v6 = nodeOsUpgradeChannelVerdict("classicCluster", { nodeOsUpgradeChannel: "None" });
    assert.equal(v6.status, "finding");
    assert.equal(v6.field, "nodeOsUpgradeChannel");
    const v5 = nodeOsUpgradeChannelVerdict("classicCluster", fixture("classic-v5-cluster"));
    assert.equal(v5.status, "finding");
    assert.equal(v5.field, "nodeOsChannelUpgrade");
    assert.equal(
      nodeOsUpgradeChannelVerdict("classicCluster", { nodeOsChannelUpgrade: "Unmanaged" }).status,
      "finding",
    );
    // Both present: the v6 name wins.
    assert.equal(
      nodeOsUpgradeChannelVerdict("classicCluster", {
        nodeOsUpgradeChannel: "NodeImage",
        nodeOsChannelUpgrade: "None",
      }).status,
      "ok",
    );
  });

  it("unknown is unknown, not a finding", () => {
    assert.deepEqual(
      nodeOsUpgradeChannelVerdict("managedCluster", {
        autoUpgradeProfile: { nodeOSUpgradeChannel: SENTINEL },
      }),
      { status: "unknown", field: "autoUpgradeProfile.nodeOSUpgradeChannel" },
    );
    assert.equal(
      nodeOsUpgradeChannelVerdict("managedCluster", { autoUpgradeProfile: SENTINEL }).status,
      "unknown",
    );
    assert.equal(nodeOsUpgradeChannelVerdict("managedCluster", SENTINEL).status, "unknown");
    assert.equal(
      nodeOsUpgradeChannelVerdict("classicCluster", {
        nodeOsUpgradeChannel: SENTINEL,
        nodeOsChannelUpgrade: "None",
      }).status,
      "unknown",
    );
    assert.equal(
      nodeOsUpgradeChannelVerdict("classicCluster", { nodeOsChannelUpgrade: SENTINEL }).status,
      "unknown",
    );
  });

  it("other values are unrecognised (AKS would reject them)", () => {
    const v = nodeOsUpgradeChannelVerdict("managedCluster", {
      autoUpgradeProfile: { nodeOSUpgradeChannel: "Weekly" },
    });
    assert.equal(v.status, "unrecognised");
    assert.match(
      (v as { message: string }).message,
      /"Weekly".*None, Unmanaged, SecurityPatch, NodeImage/,
    );
    assert.equal(
      nodeOsUpgradeChannelVerdict("classicCluster", { nodeOsUpgradeChannel: 3 }).status,
      "unrecognised",
    );
    assert.equal(
      nodeOsUpgradeChannelVerdict("managedCluster", { autoUpgradeProfile: "None" }).status,
      "unrecognised",
    );
  });

  it("tolerates missing or wrong-typed input", () => {
    assert.equal(checkNodeOsUpgradeChannel(undefined as never).status, "ok");
    assert.equal(
      checkNodeOsUpgradeChannel({ field: 5, read: { state: "known", value: 7 } } as never).status,
      "unrecognised",
    );
    assert.equal(nodeOsUpgradeChannelVerdict("managedCluster", null).status, "ok");
    assert.equal(
      nodeOsUpgradeChannelVerdict("agentPool" as never, {
        autoUpgradeProfile: { nodeOSUpgradeChannel: "None" },
      }).status,
      "ok",
    );
  });
});

describe("aks/channels: cluster upgrade channel", () => {
  it("reads the native, v6 and v5 names", () => {
    assert.deepEqual(readUpgradeChannel("managedCluster", fixture("native-cluster-outputs")), {
      field: "autoUpgradeProfile.upgradeChannel",
      read: { state: "known", value: "patch" },
    });
    assert.deepEqual(readUpgradeChannel("classicCluster", fixture("classic-v6-cluster")), {
      field: "automaticUpgradeChannel",
      read: { state: "known", value: "stable" },
    });
    assert.deepEqual(readUpgradeChannel("classicCluster", fixture("classic-v5-cluster")), {
      field: "automaticChannelUpgrade",
      read: { state: "known", value: "patch" },
    });
    assert.deepEqual(readUpgradeChannel("classicCluster", {}).read, { state: "absent" });
    assert.deepEqual(readNodeOsUpgradeChannel("classicCluster", {}).field, "nodeOsUpgradeChannel");
  });
});
