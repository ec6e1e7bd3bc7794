import { strict as assert } from "assert";
import {
  UpgradeSettingsProblemCode,
  checkUpgradeSettings,
} from "../../../core/aks/upgradeSettings";
import { SENTINEL } from "./support";

const codes = (
  raw: unknown,
  options?: Parameters<typeof checkUpgradeSettings>[1],
): UpgradeSettingsProblemCode[] => checkUpgradeSettings(raw, options).problems.map((p) => p.code);

describe("aks/upgradeSettings: checkUpgradeSettings", () => {
  it("accepts absent settings and the recommended ones", () => {
    assert.deepEqual(checkUpgradeSettings(undefined), { problems: [], unknownFields: [] });
    assert.deepEqual(checkUpgradeSettings(null), { problems: [], unknownFields: [] });
    assert.deepEqual(checkUpgradeSettings({}), { problems: [], unknownFields: [] });
    assert.deepEqual(
      checkUpgradeSettings({
        maxSurge: "33%",
        maxUnavailable: "0",
        drainTimeoutInMinutes: 30,
        nodeSoakDurationInMinutes: 0,
        undrainableNodeBehavior: "Cordon",
      }),
      { problems: [], unknownFields: [] },
    );
  });

  it("accepts settings from older providers (no maxUnavailable, no undrainableNodeBehavior)", () => {
    assert.deepEqual(codes({ maxSurge: "1", drainTimeoutInMinutes: 45 }), []);
  });

  describe("maxSurge and maxUnavailable", () => {
    it("both 0 is a problem on maxSurge, with what to do", () => {
      const r = checkUpgradeSettings(
        { maxSurge: "0", maxUnavailable: "0" },
        { path: "agentPoolProfiles[0].upgradeSettings" },
      );
      assert.equal(r.problems.length, 1);
      assert.equal(r.problems[0].code, "both-zero");
      assert.equal(r.problems[0].field, "agentPoolProfiles[0].upgradeSettings.maxSurge");
      assert.match(r.problems[0].message, /maxSurge to at least 1/);
    });

    it("maxSurge 0 with maxUnavailable unset is both 0 (its default is 0)", () => {
      assert.deepEqual(codes({ maxSurge: "0" }), ["both-zero"]);
      assert.deepEqual(codes({ maxSurge: "0%", maxUnavailable: "0%" }), ["both-zero"]);
      assert.deepEqual(codes({ maxSurge: 0, maxUnavailable: 0 }), ["both-zero"]);
    });

    it("is fine when either one is positive, or maxSurge is left to its 10% default", () => {
      assert.deepEqual(codes({ maxSurge: "0", maxUnavailable: "1" }), []);
      assert.deepEqual(codes({ maxSurge: "1", maxUnavailable: "0" }), []);
      assert.deepEqual(codes({ maxSurge: "0", maxUnavailable: "5%" }), []);
      assert.deepEqual(codes({ maxUnavailable: "0" }), []);
      assert.deepEqual(codes({ maxSurge: "33%" }), []);
      assert.deepEqual(codes({ maxSurge: "100%" }), []);
    });

    it("rejects malformed counts and percentages", () => {
      for (const bad of [
        "abc",
        "-1",
        "1.5",
        "150%",
        "33 %",
        "%",
        "",
        "ten",
        true,
        {},
        [],
        1.5,
        -2,
      ]) {
        const r = checkUpgradeSettings({ maxSurge: bad });
        assert.deepEqual(
          r.problems.map((p) => p.code),
          ["malformed-max-surge"],
          JSON.stringify(bad),
        );
        assert.equal(r.problems[0].field, "upgradeSettings.maxSurge");
        assert.match(r.problems[0].message, /"33%"/);
      }
      assert.deepEqual(codes({ maxSurge: "1", maxUnavailable: "abc" }), [
        "malformed-max-unavailable",
      ]);
    });

    it("does not call a malformed maxSurge zero", () => {
      assert.deepEqual(codes({ maxSurge: "abc", maxUnavailable: "0" }), ["malformed-max-surge"]);
    });

    it("maxUnavailable above 0 is not allowed on System pools", () => {
      const r = checkUpgradeSettings({ maxSurge: "0", maxUnavailable: "1" }, { mode: "System" });
      assert.deepEqual(
        r.problems.map((p) => [p.code, p.field]),
        [["max-unavailable-on-system-pool", "upgradeSettings.maxUnavailable"]],
      );
      assert.deepEqual(codes({ maxSurge: "0", maxUnavailable: "1" }, { mode: "User" }), []);
      assert.deepEqual(codes({ maxSurge: "1", maxUnavailable: "0" }, { mode: "system" }), []);
      assert.deepEqual(
        checkUpgradeSettings({ maxSurge: "0", maxUnavailable: "1" }, { mode: SENTINEL }),
        { problems: [], unknownFields: ["mode"] },
      );
    });

    it("classic node pools take exactly one of the two unless Spot (opt-in)", () => {
      const classic = { classicNodePool: true };
      assert.deepEqual(codes({ maxSurge: "33%" }, classic), []);
      assert.deepEqual(codes({ maxUnavailable: "1" }, classic), []);
      assert.deepEqual(codes({ maxSurge: "33%", maxUnavailable: "1" }, classic), [
        "classic-surge-xor-unavailable",
      ]);
      assert.deepEqual(codes({ drainTimeoutInMinutes: 30 }, classic), [
        "classic-surge-xor-unavailable",
      ]);
      assert.deepEqual(
        codes({ maxSurge: "33%", maxUnavailable: "1" }, { ...classic, priority: "Spot" }),
        [],
      );
      assert.deepEqual(
        codes({ maxSurge: "33%", maxUnavailable: "1" }, { ...classic, priority: SENTINEL }),
        [],
      );
      assert.deepEqual(codes({ maxSurge: SENTINEL, maxUnavailable: "1" }, classic), []);
      assert.deepEqual(codes({ maxSurge: "33%", maxUnavailable: "1" }), []);
    });
  });

  describe("drainTimeoutInMinutes (5–1440)", () => {
    for (const [value, ok] of [
      [4, false],
      [5, true],
      [30, true],
      [1440, true],
      [1441, false],
      [0, false],
      [-5, false],
    ] as const) {
      it(`${value} is ${ok ? "accepted" : "out of range"}`, () => {
        const r = checkUpgradeSettings({ drainTimeoutInMinutes: value });
        if (ok) assert.deepEqual(r.problems, []);
        else {
          assert.deepEqual(
            r.problems.map((p) => [p.code, p.field]),
            [["drain-timeout-out-of-range", "upgradeSettings.drainTimeoutInMinutes"]],
          );
          assert.match(r.problems[0].message, new RegExp(`is ${value}, outside 5–1440`));
        }
      });
    }
    it("must be a whole number", () => {
      assert.deepEqual(codes({ drainTimeoutInMinutes: "30" }), ["malformed-drain-timeout"]);
      assert.deepEqual(codes({ drainTimeoutInMinutes: 30.5 }), ["malformed-drain-timeout"]);
      assert.deepEqual(codes({ drainTimeoutInMinutes: NaN }), ["malformed-drain-timeout"]);
    });
  });

  describe("nodeSoakDurationInMinutes (0–30)", () => {
    for (const [value, ok] of [
      [-1, false],
      [0, true],
      [30, true],
      [31, false],
    ] as const) {
      it(`${value} is ${ok ? "accepted" : "out of range"}`, () => {
        const r = checkUpgradeSettings({ nodeSoakDurationInMinutes: value });
        assert.deepEqual(
          r.problems.map((p) => p.code),
          ok ? [] : ["node-soak-out-of-range"],
        );
        if (!ok) assert.equal(r.problems[0].field, "upgradeSettings.nodeSoakDurationInMinutes");
      });
    }
    it("must be a whole number", () => {
      assert.deepEqual(codes({ nodeSoakDurationInMinutes: "5" }), ["malformed-node-soak"]);
    });
  });

  it("undrainableNodeBehavior must be Cordon or Schedule", () => {
    assert.deepEqual(codes({ undrainableNodeBehavior: "schedule" }), []);
    assert.deepEqual(codes({ undrainableNodeBehavior: "Evict" }), [
      "malformed-undrainable-behavior",
    ]);
    assert.deepEqual(codes({ undrainableNodeBehavior: 1 }), ["malformed-undrainable-behavior"]);
  });

  it("reports several problems at once", () => {
    assert.deepEqual(
      codes({ maxSurge: "0", drainTimeoutInMinutes: 1441, nodeSoakDurationInMinutes: 31 }),
      ["both-zero", "drain-timeout-out-of-range", "node-soak-out-of-range"],
    );
  });

  it("a non-object is one problem on the settings themselves", () => {
    for (const bad of ["33%", 5, [], true]) {
      const r = checkUpgradeSettings(bad, { path: "defaultNodePool.upgradeSettings" });
      assert.deepEqual(
        r.problems.map((p) => [p.code, p.field]),
        [["not-an-object", "defaultNodePool.upgradeSettings"]],
      );
    }
  });

  describe("unknown values are reported, never failed", () => {
    it("the whole block", () => {
      assert.deepEqual(checkUpgradeSettings(SENTINEL), {
        problems: [],
        unknownFields: ["upgradeSettings"],
      });
    });
    it("each field", () => {
      const r = checkUpgradeSettings({
        maxSurge: SENTINEL,
        maxUnavailable: SENTINEL,
        drainTimeoutInMinutes: SENTINEL,
        nodeSoakDurationInMinutes: SENTINEL,
        undrainableNodeBehavior: SENTINEL,
      });
      assert.deepEqual(r.problems, []);
      assert.deepEqual(r.unknownFields, [
        "upgradeSettings.maxSurge",
        "upgradeSettings.maxUnavailable",
        "upgradeSettings.drainTimeoutInMinutes",
        "upgradeSettings.nodeSoakDurationInMinutes",
        "upgradeSettings.undrainableNodeBehavior",
      ]);
    });
    it("an unknown maxUnavailable does not make maxSurge 0 a both-zero problem", () => {
      assert.deepEqual(checkUpgradeSettings({ maxSurge: "0", maxUnavailable: SENTINEL }), {
        problems: [],
        unknownFields: ["upgradeSettings.maxUnavailable"],
      });
    });
    it("an unknown maxSurge with maxUnavailable 0 is not a problem either", () => {
      assert.deepEqual(
        checkUpgradeSettings({ maxSurge: SENTINEL, maxUnavailable: "0" }).problems,
        [],
      );
    });
  });
});
