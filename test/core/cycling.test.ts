import assert from "node:assert/strict";
import {
  CYCLE_MODES,
  CyclingProblem,
  CyclingSettings,
  SurgeValue,
  cyclingProblems,
  isCycleMode,
  keepsNodeIdentity,
  parseSurgeValue,
  resolveSurgeValue,
} from "../../core/cycling";

/** Problems as `field:severity`, sorted — exact, so an unexpected extra problem fails too. */
function summary(problems: readonly CyclingProblem[]): string[] {
  return problems.map((p) => `${p.field}:${p.severity}`).sort();
}

const IR = "INSTANCE_REPLACE";
const BVR = "BOOT_VOLUME_REPLACE";
const ENHANCED = "ENHANCED_CLUSTER";

describe("core/cycling", () => {
  describe("parseSurgeValue", () => {
    const accepted: Array<[unknown, SurgeValue]> = [
      ["0", { kind: "count", value: 0 }],
      ["1", { kind: "count", value: 1 }],
      ["2", { kind: "count", value: 2 }],
      [" 3 ", { kind: "count", value: 3 }],
      ["999999", { kind: "count", value: 999_999 }],
      [0, { kind: "count", value: 0 }],
      [5, { kind: "count", value: 5 }],
      ["0%", { kind: "percent", value: 0 }],
      ["25%", { kind: "percent", value: 25 }],
      ["100%", { kind: "percent", value: 100 }],
      [" 50% ", { kind: "percent", value: 50 }],
    ];
    for (const [raw, expected] of accepted) {
      it(`${JSON.stringify(raw)} → ${JSON.stringify(expected)}`, () => {
        assert.deepEqual(parseSurgeValue(raw), expected);
      });
    }

    const rejected: unknown[] = [
      "",
      " ",
      "%",
      "101%",
      "150%",
      "1000%",
      "-1",
      "-10%",
      "1.5",
      "2.5%",
      "25 %",
      "25%%",
      "abc",
      "two",
      "1e3",
      "0x10",
      "1000000",
      "3 nodes",
      -1,
      1.5,
      1e6,
      NaN,
      Infinity,
      null,
      undefined,
      true,
      {},
      ["1"],
    ];
    for (const raw of rejected) {
      it(`rejects ${JSON.stringify(raw) ?? String(raw)}`, () => {
        assert.equal(parseSurgeValue(raw), undefined);
      });
    }
  });

  describe("resolveSurgeValue: counts as given, percentages of size rounded up", () => {
    const cases: Array<[SurgeValue, number, number]> = [
      [{ kind: "count", value: 2 }, 10, 2],
      [{ kind: "count", value: 2 }, 0, 2],
      [{ kind: "percent", value: 0 }, 10, 0],
      [{ kind: "percent", value: 25 }, 4, 1],
      [{ kind: "percent", value: 25 }, 3, 1], // 0.75 → 1
      [{ kind: "percent", value: 10 }, 3, 1], // 0.3 → 1
      [{ kind: "percent", value: 1 }, 1, 1], // 0.01 → 1
      [{ kind: "percent", value: 33 }, 3, 1], // 0.99 → 1
      [{ kind: "percent", value: 34 }, 3, 2], // 1.02 → 2
      [{ kind: "percent", value: 50 }, 3, 2], // 1.5 → 2
      [{ kind: "percent", value: 76 }, 4, 4], // 3.04 → 4
      [{ kind: "percent", value: 75 }, 4, 3],
      [{ kind: "percent", value: 100 }, 7, 7],
    ];
    for (const [v, size, expected] of cases) {
      it(`${v.value}${v.kind === "percent" ? "%" : ""} of ${size} → ${expected}`, () => {
        assert.equal(resolveSurgeValue(v, size), expected);
      });
    }
  });

  describe("isCycleMode / keepsNodeIdentity", () => {
    it("knows both modes, in any case", () => {
      assert.deepEqual([...CYCLE_MODES].sort(), [BVR, IR]);
      for (const m of [BVR, IR, "boot_volume_replace", "Instance_Replace"])
        assert.equal(isCycleMode(m), true, m);
    });

    it("rejects anything else", () => {
      for (const m of [
        "",
        "REPLACE",
        "BOOT_VOLUME",
        "INSTANCE-REPLACE",
        " INSTANCE_REPLACE",
        1,
        null,
        undefined,
        [IR],
        {},
      ]) {
        assert.equal(isCycleMode(m), false, JSON.stringify(m));
      }
    });

    it("only BOOT_VOLUME_REPLACE keeps instance OCID and private IP", () => {
      assert.equal(keepsNodeIdentity("BOOT_VOLUME_REPLACE"), true);
      assert.equal(keepsNodeIdentity("INSTANCE_REPLACE"), false);
    });
  });

  describe("cyclingProblems", () => {
    const cases: Array<{ why: string; s: CyclingSettings; expect: string[] }> = [
      // Nothing to say.
      { why: "empty settings", s: {}, expect: [] },
      { why: "enabled with OKE defaults", s: { enabled: true }, expect: [] },
      {
        why: "enabled, IR defaults, known size",
        s: { enabled: true, modes: [IR], size: 3, clusterType: ENHANCED },
        expect: [],
      },
      {
        why: "enabled, BVR defaults, size 3",
        s: { enabled: true, modes: [BVR], size: 3, clusterType: ENHANCED },
        expect: [],
      },

      // INSTANCE_REPLACE: surge and unavailable both 0.
      {
        why: 'IR both "0"',
        s: { enabled: true, modes: [IR], maximumSurge: "0", maximumUnavailable: "0" },
        expect: ["maximumSurge:invalid"],
      },
      {
        why: "IR both numeric 0",
        s: { enabled: true, modes: [IR], maximumSurge: 0, maximumUnavailable: 0 },
        expect: ["maximumSurge:invalid"],
      },
      {
        why: "IR surge 0, unavailable defaults to 0",
        s: { enabled: true, modes: [IR], maximumSurge: "0" },
        expect: ["maximumSurge:invalid"],
      },
      {
        why: "no mode defaults to IR: surge 0, unavailable 0",
        s: { enabled: true, maximumSurge: "0", maximumUnavailable: "0" },
        expect: ["maximumSurge:invalid"],
      },
      {
        why: "IR both 0% of a known size",
        s: { enabled: true, modes: [IR], maximumSurge: "0%", maximumUnavailable: "0%", size: 4 },
        expect: ["maximumSurge:invalid"],
      },
      {
        why: "IR both 0% of an unknown size (0% is 0 nodes of any pool)",
        s: { enabled: true, modes: [IR], maximumSurge: "0%", maximumUnavailable: "0%" },
        expect: ["maximumSurge:invalid"],
      },
      {
        why: "IR 10% surge of an unknown size is not judged",
        s: { enabled: true, modes: [IR], maximumSurge: "10%", maximumUnavailable: "0" },
        expect: [],
      },
      {
        why: "IR surge 0, unavailable 1",
        s: { enabled: true, modes: [IR], maximumSurge: "0", maximumUnavailable: "1", size: 3 },
        expect: [],
      },
      {
        why: "IR surge default 1, unavailable 0",
        s: { enabled: true, modes: [IR], maximumUnavailable: "0", size: 3 },
        expect: [],
      },
      {
        why: "IR surge 10% of 3 rounds up to 1",
        s: { enabled: true, modes: [IR], maximumSurge: "10%", maximumUnavailable: "0", size: 3 },
        expect: [],
      },
      {
        why: "IR unavailable 1% of 2 rounds up to 1",
        s: { enabled: true, modes: [IR], maximumSurge: "0", maximumUnavailable: "1%", size: 2 },
        expect: [],
      },
      {
        why: "IR both 0 but cycling disabled",
        s: { enabled: false, modes: [IR], maximumSurge: "0", maximumUnavailable: "0" },
        expect: [],
      },
      {
        why: "IR both 0, enabled not literally true",
        s: { enabled: "true", modes: [IR], maximumSurge: "0", maximumUnavailable: "0" },
        expect: [],
      },

      // BOOT_VOLUME_REPLACE.
      {
        why: 'BVR unavailable "0"',
        s: { enabled: true, modes: [BVR], maximumUnavailable: "0", size: 3 },
        expect: ["maximumUnavailable:invalid"],
      },
      {
        why: "BVR unavailable numeric 0",
        s: { enabled: true, modes: [BVR], maximumUnavailable: 0, size: 3 },
        expect: ["maximumUnavailable:invalid"],
      },
      {
        why: "BVR unavailable 0% of 5",
        s: { enabled: true, modes: [BVR], maximumUnavailable: "0%", size: 5 },
        expect: ["maximumUnavailable:invalid"],
      },
      {
        why: "BVR unavailable 10% of 5 rounds up to 1",
        s: { enabled: true, modes: [BVR], maximumUnavailable: "10%", size: 5 },
        expect: [],
      },
      {
        why: "BVR unavailable 1",
        s: { enabled: true, modes: [BVR], maximumUnavailable: "1", size: 3 },
        expect: [],
      },
      {
        why: "BVR with a surge",
        s: { enabled: true, modes: [BVR], maximumSurge: "1", size: 3 },
        expect: ["maximumSurge:invalid"],
      },
      {
        why: "BVR with surge and unavailable 0",
        s: { enabled: true, modes: [BVR], maximumSurge: "25%", maximumUnavailable: "0", size: 4 },
        expect: ["maximumSurge:invalid", "maximumUnavailable:invalid"],
      },
      {
        why: "lower-case BVR mode is BVR",
        s: { enabled: true, modes: ["boot_volume_replace"], maximumUnavailable: "0", size: 3 },
        expect: ["maximumUnavailable:invalid"],
      },
      {
        why: "a single mode string, not a list",
        s: { enabled: true, modes: BVR, maximumSurge: "1", size: 3 },
        expect: ["maximumSurge:invalid"],
      },
      {
        why: "the first mode decides",
        s: { enabled: true, modes: [BVR, IR], maximumUnavailable: "0", size: 3 },
        expect: ["maximumUnavailable:invalid"],
      },

      // Unavailable ≥ size: the whole pool can go down.
      {
        why: "IR unavailable 3 of 3",
        s: { enabled: true, modes: [IR], maximumUnavailable: "3", size: 3 },
        expect: ["maximumUnavailable:hazard"],
      },
      {
        why: "IR unavailable 5 of 3",
        s: { enabled: true, modes: [IR], maximumUnavailable: 5, size: 3 },
        expect: ["maximumUnavailable:hazard"],
      },
      {
        why: "IR unavailable 2 of 3",
        s: { enabled: true, modes: [IR], maximumUnavailable: "2", size: 3 },
        expect: [],
      },
      {
        why: "IR unavailable 100% of 4",
        s: { enabled: true, modes: [IR], maximumUnavailable: "100%", size: 4 },
        expect: ["maximumUnavailable:hazard"],
      },
      {
        why: "IR unavailable 75% of 4 is 3",
        s: { enabled: true, modes: [IR], maximumUnavailable: "75%", size: 4 },
        expect: [],
      },
      {
        why: "IR unavailable 76% of 4 rounds up to 4",
        s: { enabled: true, modes: [IR], maximumUnavailable: "76%", size: 4 },
        expect: ["maximumUnavailable:hazard"],
      },
      {
        why: "BVR default unavailable 1 on a 1-node pool",
        s: { enabled: true, modes: [BVR], size: 1 },
        expect: ["maximumUnavailable:hazard"],
      },
      {
        why: "BVR default unavailable 1 on a 2-node pool",
        s: { enabled: true, modes: [BVR], size: 2 },
        expect: [],
      },
      {
        why: "IR default unavailable 0 on a 1-node pool",
        s: { enabled: true, modes: [IR], size: 1 },
        expect: [],
      },
      {
        why: "unknown size: no hazard from a count",
        s: { enabled: true, modes: [IR], maximumUnavailable: "5" },
        expect: [],
      },
      {
        why: "unknown size: no hazard from a percentage",
        s: { enabled: true, modes: [IR], maximumUnavailable: "100%" },
        expect: [],
      },
      {
        why: "size 0 is not a size",
        s: { enabled: true, modes: [IR], maximumUnavailable: "5", size: 0 },
        expect: [],
      },
      {
        why: "fractional size is not a size",
        s: { enabled: true, modes: [IR], maximumUnavailable: "5", size: 2.5 },
        expect: [],
      },
      {
        why: "string size is not a size",
        s: { enabled: true, modes: [IR], maximumUnavailable: "5", size: "3" },
        expect: [],
      },
      {
        why: "hazard not reported when disabled",
        s: { enabled: false, modes: [IR], maximumUnavailable: "3", size: 3 },
        expect: [],
      },

      // Malformed values: reported whether or not cycling is enabled.
      {
        why: "surge is a word",
        s: { enabled: true, maximumSurge: "abc" },
        expect: ["maximumSurge:invalid"],
      },
      {
        why: "unavailable over 100%",
        s: { enabled: true, maximumUnavailable: "150%" },
        expect: ["maximumUnavailable:invalid"],
      },
      {
        why: "negative surge",
        s: { enabled: true, maximumSurge: -1 },
        expect: ["maximumSurge:invalid"],
      },
      {
        why: "fractional unavailable",
        s: { enabled: true, maximumUnavailable: 1.5 },
        expect: ["maximumUnavailable:invalid"],
      },
      {
        why: "both malformed",
        s: { maximumSurge: "", maximumUnavailable: "x%" },
        expect: ["maximumSurge:invalid", "maximumUnavailable:invalid"],
      },
      {
        why: "malformed but disabled",
        s: { enabled: false, maximumSurge: "abc" },
        expect: ["maximumSurge:invalid"],
      },
      {
        why: "non-data values are skipped",
        s: { enabled: true, maximumSurge: {}, maximumUnavailable: [1] },
        expect: [],
      },
      {
        why: "null values are absent",
        s: { enabled: true, maximumSurge: null, maximumUnavailable: null },
        expect: [],
      },

      // Cluster type.
      {
        why: "BASIC_CLUSTER with cycling enabled",
        s: { enabled: true, clusterType: "BASIC_CLUSTER" },
        expect: ["isNodeCyclingEnabled:invalid"],
      },
      {
        why: "BASIC_CLUSTER with cycling disabled",
        s: { enabled: false, clusterType: "BASIC_CLUSTER" },
        expect: [],
      },
      {
        why: "BASIC_CLUSTER with other problems too",
        s: {
          enabled: true,
          clusterType: "BASIC_CLUSTER",
          modes: [IR],
          maximumSurge: "0",
          maximumUnavailable: "0",
        },
        expect: ["isNodeCyclingEnabled:invalid", "maximumSurge:invalid"],
      },
      { why: "unknown cluster type", s: { enabled: true }, expect: [] },

      // Unknown modes.
      {
        why: "unknown mode",
        s: { enabled: true, modes: ["REPLACE_ALL"] },
        expect: ["cycleModes[0]:invalid"],
      },
      {
        why: "unknown mode, second entry",
        s: { enabled: true, modes: [BVR, "bogus"], size: 3 },
        expect: ["cycleModes[1]:invalid"],
      },
      {
        why: "unknown mode while disabled",
        s: { enabled: false, modes: ["REPLACE_ALL"] },
        expect: ["cycleModes[0]:invalid"],
      },
      {
        why: "unknown mode only: IR rules apply",
        s: { enabled: true, modes: ["nope"], maximumSurge: "0", maximumUnavailable: "0" },
        expect: ["cycleModes[0]:invalid", "maximumSurge:invalid"],
      },
      { why: "non-string modes are skipped", s: { enabled: true, modes: [42, null] }, expect: [] },
    ];

    for (const c of cases) {
      it(`${c.why} → ${c.expect.length ? c.expect.join(", ") : "no problems"}`, () => {
        assert.deepEqual(summary(cyclingProblems(c.s)), [...c.expect].sort());
      });
    }

    describe("messages", () => {
      const only = (s: CyclingSettings): CyclingProblem => {
        const problems = cyclingProblems(s);
        assert.equal(problems.length, 1, JSON.stringify(problems));
        return problems[0];
      };

      it("IR both 0 tells the reader to raise maximumSurge", () => {
        assert.match(
          only({ enabled: true, modes: [IR], maximumSurge: "0", maximumUnavailable: "0" }).message,
          /maximumSurge to at least 1/,
        );
      });

      it("BVR unavailable 0 says at least 1", () => {
        assert.match(
          only({ enabled: true, modes: [BVR], maximumUnavailable: "0" }).message,
          /at least 1/,
        );
      });

      it("BVR surge says it does not apply", () => {
        assert.match(
          only({ enabled: true, modes: [BVR], maximumSurge: "2" }).message,
          /does not apply to BOOT_VOLUME_REPLACE/,
        );
      });

      it("the hazard names the node count and pool size", () => {
        const message = only({
          enabled: true,
          modes: [IR],
          maximumUnavailable: "76%",
          size: 4,
        }).message;
        assert.match(message, /allows 4 of the pool's 4 nodes/);
      });

      it("a malformed value is quoted", () => {
        assert.match(only({ maximumSurge: "150%" }).message, /"150%"/);
      });

      it("an unknown mode is quoted and the valid modes listed", () => {
        const message = only({ modes: ["REPLACE_ALL"] }).message;
        assert.match(message, /"REPLACE_ALL"/);
        assert.match(message, /BOOT_VOLUME_REPLACE/);
        assert.match(message, /INSTANCE_REPLACE/);
      });

      it("BASIC_CLUSTER names ENHANCED_CLUSTER", () => {
        assert.match(
          only({ enabled: true, clusterType: "BASIC_CLUSTER" }).message,
          /ENHANCED_CLUSTER/,
        );
      });
    });

    it("never throws on junk settings", () => {
      const junk: unknown[] = [
        undefined,
        null,
        0,
        "x",
        {},
        [],
        Object.create(null),
        Symbol("s"),
        () => 1,
      ];
      for (const value of junk) {
        const s: CyclingSettings = {
          enabled: true,
          modes: value,
          maximumSurge: value,
          maximumUnavailable: value,
          size: value,
          clusterType: value,
        };
        assert.doesNotThrow(() => cyclingProblems(s), String(typeof value));
      }
    });
  });
});
