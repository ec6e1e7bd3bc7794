import { strict as assert } from "node:assert";
import fc from "fast-check";
import {
  BlueGreenDecision,
  BlueGreenPairInput,
  BlueGreenPlan,
  ColourPlan,
  colourNodeSelector,
  planBlueGreenPair,
  poolIdentity,
  resolveBlueGreenPair,
} from "../../core/blueGreen";
import { ConfigError } from "../../core/configError";

function plan(
  input: Omit<BlueGreenPairInput, "pair"> & { pair?: string },
  prefix = "",
): BlueGreenPlan {
  const d = planBlueGreenPair({ pair: "web", ...input }, prefix);
  assert.ok(d.ok, `expected a plan, got ${JSON.stringify(d)}`);
  return d.plan;
}

function refusals(
  input: Omit<BlueGreenPairInput, "pair"> & { pair?: string },
  prefix = "",
): readonly string[] {
  const d = planBlueGreenPair({ pair: "web", ...input }, prefix);
  assert.ok(!d.ok, `expected refusals, got plan ${JSON.stringify(d)}`);
  return d.refusals;
}

/** `colour:state:size[>dependsOn]` per colour, in declaration order. */
function summary(p: BlueGreenPlan): string[] {
  return p.colours.map(
    (c) => `${c.colour}:${c.state}:${c.size}${c.dependsOn ? `>${c.dependsOn}` : ""}`,
  );
}

describe("core/blueGreen planBlueGreenPair", () => {
  describe("the phases of a cutover (blue → green)", () => {
    it("1. one colour, active: full size, no dependency", () => {
      const p = plan({ active: "blue", blue: { size: 3 } });
      assert.deepEqual(summary(p), ["blue:active:3"]);
      assert.equal(p.active, "blue");
      assert.deepEqual(p.activeNodeSelector, {
        "okepools.io/pair": "web",
        "okepools.io/colour": "blue",
      });
    });

    it("2a. second colour added as a canary: canarySize next to the active one, after it", () => {
      const p = plan({
        active: "blue",
        canarySize: 1,
        blue: { size: 3 },
        green: { size: 3, role: "canary" },
      });
      assert.deepEqual(summary(p), ["blue:active:3", "green:canary:1>blue"]);
    });

    it("2b. second colour added at full size (canarySize unset defaults to the colour's size)", () => {
      const p = plan({ active: "blue", blue: { size: 3 }, green: { size: 4, role: "canary" } });
      assert.deepEqual(summary(p), ["blue:active:3", "green:canary:4>blue"]);
    });

    it("3. active switched: the new colour takes its full size, the old goes to standbySize and waits for the new", () => {
      const p = plan({ active: "green", blue: { size: 3 }, green: { size: 3 } });
      assert.deepEqual(summary(p), ["green:active:3", "blue:standby:0>green"]);
      assert.deepEqual(p.activeNodeSelector, colourNodeSelector("web", "green"));
      const withStandby = plan({
        active: "green",
        standbySize: 1,
        blue: { size: 3 },
        green: { size: 3 },
      });
      assert.deepEqual(summary(withStandby), ["green:active:3", "blue:standby:1>green"]);
    });

    it("4. old colour removed: the new colour alone", () => {
      assert.deepEqual(summary(plan({ active: "green", green: { size: 3 } })), ["green:active:3"]);
    });

    it("rollback: switching active back while the old colour exists reverses the roles and the dependency", () => {
      const p = plan({ active: "blue", blue: { size: 3 }, green: { size: 3 } });
      assert.deepEqual(summary(p), ["blue:active:3", "green:standby:0>blue"]);
    });

    it("an explicit role: standby behaves as the default", () => {
      assert.deepEqual(
        summary(plan({ active: "green", blue: { size: 3, role: "standby" }, green: { size: 3 } })),
        ["green:active:3", "blue:standby:0>green"],
      );
    });

    it("the next upgrade starts from green: blue added back as a canary", () => {
      assert.deepEqual(
        summary(
          plan({
            active: "green",
            canarySize: 2,
            green: { size: 3 },
            blue: { size: 3, role: "canary" },
          }),
        ),
        ["green:active:3", "blue:canary:2>green"],
      );
    });
  });

  it("node selectors name the pair and the colour; poolIdentity gives each colour's labels and tags", () => {
    const p = plan({ pair: "api", active: "green", blue: { size: 2 }, green: { size: 2 } });
    const [green, blue] = p.colours;
    assert.equal(green.poolName, "api-green");
    const member = (c: ColourPlan) =>
      poolIdentity(c.poolName, { pair: p.pair, colour: c.colour, activeColour: p.active });
    assert.deepEqual(member(green).labels, {
      "okepools.io/pool": "api-green",
      "okepools.io/pair": "api",
      "okepools.io/colour": "green",
    });
    assert.deepEqual(member(blue).labels, {
      "okepools.io/pool": "api-blue",
      "okepools.io/pair": "api",
      "okepools.io/colour": "blue",
    });
    assert.deepEqual(member(blue).tags, {
      "okepools-pool": "api-blue",
      "okepools-pair": "api",
      "okepools-colour": "blue",
      "okepools-active-colour": "green",
    });
    assert.deepEqual(member(green).tags["okepools-active-colour"], "green");
    assert.deepEqual(member(blue).nodeSelector, blue.nodeSelector);
    assert.deepEqual(blue.nodeSelector, {
      "okepools.io/pair": "api",
      "okepools.io/colour": "blue",
    });
    assert.deepEqual(poolIdentity("general"), {
      labels: { "okepools.io/pool": "general" },
      tags: { "okepools-pool": "general" },
      nodeSelector: { "okepools.io/pool": "general" },
    });
    assert.equal(green.fullSize, 2);
    assert.equal(blue.fullSize, 2);
  });

  describe("refusals name the pool, the colour and the fix", () => {
    const cases: [string, Omit<BlueGreenPairInput, "pair">, RegExp[]][] = [
      [
        "no colour declared",
        { active: "blue" },
        [
          /^blue: missing — blue\/green pair "web" declares no colour.*declare blue or green and make it active/,
        ],
      ],
      [
        "no colour, both null",
        { active: "green", blue: undefined, green: undefined },
        [/declares no colour/],
      ],
      [
        "removing the active colour (active names an undeclared colour)",
        { active: "blue", green: { size: 3 } },
        [
          /^active: "blue" — blue\/green pair "web": the active colour blue \(pool web-blue\) is not declared.*first switch active to green.*then remove blue in a later update/,
        ],
      ],
      [
        "active colour with size 0",
        { active: "green", blue: { size: 3 }, green: { size: 0 } },
        [
          /^green\.size: 0 — blue\/green pair "web": green \(pool web-green\) would be active with no nodes.*give green a size ≥ 1, or keep active on blue/,
        ],
      ],
      [
        "single active colour with size 0",
        { active: "blue", blue: { size: 0 } },
        [/^blue\.size: 0 — .*give blue a size ≥ 1$/],
      ],
      [
        "active is not a colour",
        { active: "red", blue: { size: 3 } },
        [/^active: "red" — expected blue or green/],
      ],
      [
        "active missing",
        { active: undefined, blue: { size: 3 } },
        [/^active: missing — expected blue or green/],
      ],
      [
        "role on the active colour",
        { active: "green", blue: { size: 3 }, green: { size: 3, role: "canary" } },
        [
          /^green\.role: "canary" — blue\/green pair "web": green \(pool web-green\) is active.*remove role from green/,
        ],
      ],
      [
        "unknown role",
        { active: "blue", blue: { size: 3 }, green: { size: 3, role: "warm" } },
        [/^green\.role: "warm" — expected canary or standby/],
      ],
      [
        "canarySize larger than the canary",
        { active: "blue", canarySize: 5, blue: { size: 3 }, green: { size: 3, role: "canary" } },
        [
          /^canarySize: 5 — .*larger than the size 3 of the canary green \(pool web-green\).*lower canarySize or raise green\.size/,
        ],
      ],
      [
        "standbySize larger than the standby",
        { active: "green", standbySize: 4, blue: { size: 3 }, green: { size: 3 } },
        [
          /^standbySize: 4 — .*standby blue \(pool web-blue\).*lower standbySize or raise blue\.size/,
        ],
      ],
      [
        "negative size",
        { active: "blue", blue: { size: -1 } },
        [/^blue\.size: -1 — expected a whole number of nodes ≥ 0/],
      ],
      [
        "fractional standbySize",
        { active: "blue", standbySize: 0.5, blue: { size: 3 } },
        [/^standbySize: 0\.5 — expected a whole number/],
      ],
      [
        "string canarySize",
        { active: "blue", canarySize: "1", blue: { size: 3 } },
        [/^canarySize: "1" — expected a whole number/],
      ],
      [
        "several problems at once",
        { active: "green", standbySize: 9, blue: { size: 3 }, green: { size: 3, role: "canary" } },
        [/^green\.role: "canary"/, /^standbySize: 9/],
      ],
    ];
    for (const [title, input, expected] of cases) {
      it(title, () => {
        const r = refusals(input);
        assert.equal(r.length, expected.length, r.join("\n"));
        expected.forEach((re, i) => assert.match(r[i], re));
      });
    }

    it("key paths carry the stack config prefix", () => {
      const [line] = refusals(
        { active: "blue", green: { size: 3 } },
        "oke-pools:blueGreenPools[2]",
      );
      assert.match(line, /^oke-pools:blueGreenPools\[2\]\.active: "blue" — /);
      const [size] = refusals({ active: "blue", blue: { size: 0 } }, "oke-pools:blueGreenPools[0]");
      assert.match(size, /^oke-pools:blueGreenPools\[0\]\.blue\.size: 0 — /);
    });

    it("resolveBlueGreenPair throws one ConfigError with every refusal", () => {
      assert.throws(
        () =>
          resolveBlueGreenPair("pair web", {
            pair: "web",
            active: "blue",
            green: { size: 3, role: "canary" },
          }),
        (e: unknown) =>
          e instanceof ConfigError &&
          e.problems.length === 1 &&
          /pair web:\n {2}- active: "blue"/.test(e.message),
      );
      assert.equal(
        resolveBlueGreenPair("pair web", { pair: "web", active: "blue", blue: { size: 1 } }).active,
        "blue",
      );
    });
  });

  describe("properties", () => {
    const colour = fc.record({
      size: fc.oneof(fc.nat(50), fc.anything()),
      role: fc.option(fc.oneof(fc.constantFrom("canary", "standby"), fc.anything()), {
        nil: undefined,
      }),
    });
    const anyInput = fc.record({
      pair: fc.string(),
      active: fc.oneof(fc.constantFrom("blue", "green"), fc.anything()),
      standbySize: fc.option(fc.oneof(fc.nat(10), fc.anything()), { nil: undefined }),
      canarySize: fc.option(fc.oneof(fc.nat(10), fc.anything()), { nil: undefined }),
      blue: fc.option(colour, { nil: undefined }),
      green: fc.option(colour, { nil: undefined }),
    });

    it("never throws, and always either plans or refuses with reasons that each name a key, its value and why", () => {
      const KEY = /^(active|standbySize|canarySize|(blue|green)(\.(size|role))?): .+ — \S/;
      fc.assert(
        fc.property(anyInput, fc.boolean(), (input, prefixed) => {
          const prefix = prefixed ? "oke-pools:blueGreenPools[3]" : "";
          const d: BlueGreenDecision = planBlueGreenPair(input as BlueGreenPairInput, prefix);
          if (d.ok) return;
          assert.notEqual(d.refusals.length, 0);
          assert.equal(new Set(d.refusals).size, d.refusals.length, "no refusal twice");
          for (const r of d.refusals) {
            assert.ok(r.startsWith(prefix ? `${prefix}.` : ""), r);
            assert.match(prefix ? r.slice(prefix.length + 1) : r, KEY);
          }
        }),
        { numRuns: 2000 },
      );
    });

    it("a plan keeps the invariants: active first at full size ≥ 1; the other colour ≤ its full size; every inactive colour waits, for the active colour", () => {
      const wellFormed = fc.record({
        active: fc.constantFrom("blue" as const, "green" as const),
        standbySize: fc.option(fc.nat(6), { nil: undefined }),
        canarySize: fc.option(fc.nat(6), { nil: undefined }),
        blue: fc.option(
          fc.record({
            size: fc.nat(6),
            role: fc.option(fc.constantFrom("canary" as const, "standby" as const), {
              nil: undefined,
            }),
          }),
          { nil: undefined },
        ),
        green: fc.option(
          fc.record({
            size: fc.nat(6),
            role: fc.option(fc.constantFrom("canary" as const, "standby" as const), {
              nil: undefined,
            }),
          }),
          { nil: undefined },
        ),
      });
      fc.assert(
        fc.property(wellFormed, (input) => {
          const d = planBlueGreenPair({ pair: "p", ...input });
          if (!d.ok) return;
          const [first, second] = d.plan.colours;
          assert.equal(first.colour, input.active);
          assert.equal(first.state, "active");
          assert.equal(first.size, first.fullSize);
          assert.ok(first.size >= 1);
          assert.equal(first.dependsOn, undefined);
          assert.ok(d.plan.colours.length <= 2);
          if (second) {
            assert.notEqual(second.colour, first.colour);
            assert.ok(second.size <= second.fullSize);
            assert.equal(second.dependsOn, first.colour);
          }
          // Declared colours and only those have a pool.
          assert.deepEqual(
            d.plan.colours.map((c) => c.colour).sort(),
            (["blue", "green"] as const).filter((c) => input[c] !== undefined).sort(),
          );
        }),
        { numRuns: 2000 },
      );
    });
  });
});
