/**
 * Blue/green transition safety as a property (issue 6, item 4). Random sequences of pair
 * configurations — edits of the previous step (switch, add or remove a colour, roles, sizes,
 * standbySize/canarySize, invalid values) and now and then a fresh config — go through
 * core/blueGreen.ts (most runs) and through the BlueGreenNodePool component under mocks (fewer).
 * The deployed state is the last accepted step. For every step:
 *
 * - accepted: the active colour is declared and runs at its full size ≥ 1; and no colour is scaled
 *   down or removed before the colour taking over can carry the load: when a colour that is not
 *   this step's active one shrinks or disappears, the active colour was already at its full size in
 *   the deployed step, or (scale-down) this colour's NodePool depends on the active colour's
 *   NodePool in this step — for the component, the dependency it registered;
 * - refused: nothing is registered, nothing is invoked, and the deployed state stays as it was.
 *
 * The planner is stateless by design (docs/blue-green-runbook.md: "Nothing is remembered between
 * updates"), so it cannot see two transitions (`Gap` below): they are counted, not failed, while
 * they are open, and the tripwires at the end reproduce them (each fails once the planner sees it).
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { BlueGreenNodePool, BlueGreenNodePoolArgs } from "../../components/blueGreenNodePool";
import { BlueGreenPairInput, COLOURS, Colour, planBlueGreenPair } from "../../core/blueGreen";
import { InvalidArgumentsError } from "../../components/argsError";
import { TYPE_OCI_NODE_POOL } from "../../core/tags";
import { IMAGE_1342, IMAGE_1352, tappedWorld } from "../support/blueGreen";
import { settle, valueOf } from "../support/pulumiMocks";
import { SEED, check, checkAsync, runs } from "./support/bags";

const CORE_SEQUENCES = runs(3_000);
const COMPONENT_SEQUENCES = runs(80);

// ---------------------------------------------------------------------------------------------
// Sequences of pair configurations

interface ColourIn {
  size: unknown;
  role?: unknown;
}
interface PairIn {
  active: unknown;
  standbySize?: unknown;
  canarySize?: unknown;
  blue?: ColourIn;
  green?: ColourIn;
}

const colourArb = fc.constantFrom<Colour>(...COLOURS);
/** Mostly sizes a pool can have (0 now and then), sometimes a value no config should hold. */
const count = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 1, max: 5 }) },
  { weight: 3, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(-1, 2.5, "3", null) },
);
const role = fc.constantFrom<unknown>(
  undefined,
  undefined,
  undefined,
  "canary",
  "canary",
  "standby",
  "old",
);
const colourIn = fc.record({ size: count, role }, { requiredKeys: ["size"] });
const optionalCount = fc.option(count, { nil: undefined, freq: 2 });
const freshPair: fc.Arbitrary<PairIn> = fc
  .record({
    active: fc.oneof(
      { weight: 12, arbitrary: colourArb as fc.Arbitrary<unknown> },
      { weight: 1, arbitrary: fc.constantFrom<unknown>("red", undefined, null, 1) },
    ),
    standbySize: optionalCount,
    canarySize: optionalCount,
    blue: fc.option(colourIn, { nil: undefined, freq: 4 }),
    green: fc.option(colourIn, { nil: undefined, freq: 4 }),
    // A role on the active colour is refused; keep it rare so that most steps get through.
    roleOnActive: fc.oneof(
      { weight: 1, arbitrary: fc.constant(true) },
      { weight: 9, arbitrary: fc.constant(false) },
    ),
  })
  .map(({ roleOnActive, ...p }) => {
    const out = Object.fromEntries(
      Object.entries(p).filter(([, v]) => v !== undefined),
    ) as unknown as PairIn;
    const active = out.active === "blue" || out.active === "green" ? out[out.active] : undefined;
    if (active && !roleOnActive) delete active.role;
    return out;
  });

type Edit =
  | { kind: "switch" }
  | { kind: "remove"; colour: Colour }
  | { kind: "add"; colour: Colour; size: unknown; role: unknown }
  | { kind: "role"; colour: Colour; role: unknown }
  | { kind: "size"; colour: Colour; size: unknown }
  | { kind: "standbySize" | "canarySize"; value: unknown }
  | { kind: "active"; value: unknown }
  | { kind: "fresh"; pair: PairIn };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: "switch" as const }) },
  { weight: 3, arbitrary: colourArb.map((colour) => ({ kind: "remove" as const, colour })) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("add" as const),
      colour: colourArb,
      size: count,
      role,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("role" as const), colour: colourArb, role }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("size" as const), colour: colourArb, size: count }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constantFrom("standbySize" as const, "canarySize" as const),
      value: optionalCount,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("active" as const),
      value: fc.constantFrom<unknown>("blue", "green", "red", undefined),
    }),
  },
  { weight: 1, arbitrary: freshPair.map((pair) => ({ kind: "fresh" as const, pair })) },
);

function applyEdit(p: PairIn, e: Edit): PairIn {
  const next: PairIn = structuredClone(p);
  switch (e.kind) {
    case "switch":
      next.active = next.active === "blue" ? "green" : "blue";
      // As the runbook says: the new active colour drops its role.
      if (next.active === "blue" || next.active === "green")
        delete next[next.active as Colour]?.role;
      return next;
    case "remove":
      delete next[e.colour];
      return next;
    case "add":
      next[e.colour] = { size: e.size, ...(e.role !== undefined ? { role: e.role } : {}) };
      return next;
    case "role": {
      const c = next[e.colour];
      if (c) {
        if (e.role === undefined) delete c.role;
        else c.role = e.role;
      }
      return next;
    }
    case "size": {
      const c = next[e.colour];
      if (c) c.size = e.size;
      return next;
    }
    case "standbySize":
    case "canarySize":
      if (e.value === undefined) delete next[e.kind];
      else next[e.kind] = e.value;
      return next;
    case "active":
      next.active = e.value;
      return next;
    case "fresh":
      return structuredClone(e.pair);
  }
}

/**
 * A first config, then steps of one to three edits each. A refused step is usually fixed before
 * the next (the next edits start from the last accepted config), sometimes edited further.
 */
const sequence = fc
  .tuple(
    freshPair,
    fc.array(fc.tuple(fc.array(edit, { minLength: 1, maxLength: 3 }), fc.boolean()), {
      minLength: 1,
      maxLength: 8,
    }),
  )
  .map(([first, steps]) => {
    const out = [first];
    let accepted: PairIn | undefined = planBlueGreenPair({
      pair: "web",
      ...first,
    } as BlueGreenPairInput).ok
      ? first
      : undefined;
    for (const [edits, keepEditing] of steps) {
      const base = keepEditing || !accepted ? out[out.length - 1] : accepted;
      const next = edits.reduce(applyEdit, base);
      out.push(next);
      if (planBlueGreenPair({ pair: "web", ...next } as BlueGreenPairInput).ok) accepted = next;
    }
    return out;
  });

// ---------------------------------------------------------------------------------------------
// The property

/** What a step deployed: each declared colour's pool size, and which colour each pool waits for. */
interface Deployed {
  readonly active: Colour;
  readonly sizes: ReadonlyMap<Colour, number>;
  readonly fullSizes: ReadonlyMap<Colour, number>;
  readonly waitsFor: ReadonlyMap<Colour, Colour | undefined>;
  readonly states: ReadonlyMap<Colour, string>;
}

/** A transition the stateless planner cannot see; see the tripwires at the end of this file. */
export type Gap = "removed-while-serving";

export interface Stats {
  sequences: number;
  accepted: number;
  refused: number;
  transitions: number;
  scaleDowns: number;
  removals: number;
  gaps: Record<Gap, number>;
}

function newStats(): Stats {
  return {
    sequences: 0,
    accepted: 0,
    refused: 0,
    transitions: 0,
    scaleDowns: 0,
    removals: 0,
    gaps: { "removed-while-serving": 0 },
  };
}

/**
 * Checks one accepted step against the deployed one. Returns the gaps it stepped into; throws on
 * anything else that breaks the property.
 */
function checkStep(prev: Deployed | undefined, next: Deployed, stats: Stats, where: string): Gap[] {
  // The active colour is declared and runs at its full size, at least one node.
  const activeSize = next.sizes.get(next.active);
  assert.ok(activeSize !== undefined, `${where}: the active colour ${next.active} has no pool`);
  assert.ok(activeSize >= 1, `${where}: the active colour ${next.active} runs ${activeSize} nodes`);
  assert.equal(
    activeSize,
    next.fullSizes.get(next.active),
    `${where}: the active colour ${next.active} is not at its full size`,
  );
  assert.equal(
    next.waitsFor.get(next.active),
    undefined,
    `${where}: the active colour waits for ${next.waitsFor.get(next.active)}`,
  );
  if (!prev) return [];
  stats.transitions++;
  const gaps: Gap[] = [];
  const takerWasFull =
    (prev.sizes.get(next.active) ?? -1) >= (next.fullSizes.get(next.active) ?? Infinity);
  for (const colour of COLOURS) {
    if (colour === next.active) continue;
    const before = prev.sizes.get(colour);
    if (before === undefined) continue;
    const after = next.sizes.get(colour);
    if (after === undefined) {
      stats.removals++;
      if (takerWasFull) continue;
      // Pulumi deletes a removed pool at the end of the update, after the new active pool's update;
      // the stricter property (full size one update earlier) needs the previous state.
      gaps.push("removed-while-serving");
      continue;
    }
    if (after >= before) continue;
    stats.scaleDowns++;
    if (takerWasFull || next.waitsFor.get(colour) === next.active) continue;
    assert.fail(
      `${where}: ${colour} goes from ${before} to ${after} nodes (${next.states.get(colour)}) while ${next.active} was at ${prev.sizes.get(next.active) ?? "no"} nodes, and it does not wait for ${next.active}`,
    );
  }
  for (const g of gaps) stats.gaps[g]++;
  return gaps;
}

function fromPlan(input: PairIn): Deployed | undefined {
  const d = planBlueGreenPair({ pair: "web", ...input } as BlueGreenPairInput);
  if (!d.ok) return undefined;
  return {
    active: d.plan.active,
    sizes: new Map(d.plan.colours.map((c) => [c.colour, c.size])),
    fullSizes: new Map(d.plan.colours.map((c) => [c.colour, c.fullSize])),
    waitsFor: new Map(d.plan.colours.map((c) => [c.colour, c.dependsOn])),
    states: new Map(d.plan.colours.map((c) => [c.colour, c.state])),
  };
}

function report(name: string, s: Stats): void {
  process.stdout.write(
    `      ${name}: ${s.sequences} sequences, ${s.accepted} accepted and ${s.refused} refused steps, ${s.transitions} transitions ` +
      `(${s.scaleDowns} scale-downs, ${s.removals} removals); planner gaps hit: ${Object.entries(
        s.gaps,
      )
        .map(([g, n]) => `${g} ${n}`)
        .join(", ")}; seed ${SEED}\n`,
  );
}

// ---------------------------------------------------------------------------------------------
// The component under mocks

const CLUSTER = {
  id: "ocid1.cluster.oc1.phx.aaaaaaaaclusterdemo0000000000000000000000000000000000000",
  kubernetesVersion: "v1.35.2",
};
const BASE_COLOUR: Record<Colour, Record<string, unknown>> = {
  blue: {
    shape: "VM.Standard.E5.Flex",
    ocpus: 2,
    memoryInGbs: 16,
    kubernetesVersion: "v1.34.2",
    image: IMAGE_1342,
  },
  green: {
    shape: "VM.Standard.E5.Flex",
    ocpus: 2,
    memoryInGbs: 16,
    kubernetesVersion: "v1.35.2",
    image: IMAGE_1352,
  },
};

function componentArgs(p: PairIn): BlueGreenNodePoolArgs {
  const colour = (c: Colour) =>
    p[c]
      ? {
          ...BASE_COLOUR[c],
          size: p[c]!.size,
          ...(p[c]!.role !== undefined ? { role: p[c]!.role } : {}),
        }
      : undefined;
  return {
    cluster: CLUSTER,
    compartmentId: "ocid1.compartment.oc1..aaaaaaaacompartment000000000000000000000000000000000000",
    placement: [
      {
        availabilityDomain: "Uocm:PHX-AD-1",
        subnetId: "ocid1.subnet.oc1.phx.aaaaaaaaworkers000000000000000000000000000000000000000000",
      },
    ],
    active: p.active as Colour,
    ...(p.standbySize !== undefined ? { standbySize: p.standbySize as number } : {}),
    ...(p.canarySize !== undefined ? { canarySize: p.canarySize as number } : {}),
    ...(colour("blue") ? { blue: colour("blue") as never } : {}),
    ...(colour("green") ? { green: colour("green") as never } : {}),
  };
}

/** One step through the component in a fresh mock world: what it registered, or that it refused and registered nothing. */
async function deployComponent(p: PairIn, where: string): Promise<Deployed | undefined> {
  const world = tappedWorld();
  try {
    let pair: BlueGreenNodePool;
    try {
      pair = new BlueGreenNodePool("web", componentArgs(p));
    } catch (e) {
      assert.ok(e instanceof InvalidArgumentsError, `${where}: the component threw ${String(e)}`);
      await settle();
      assert.deepEqual(
        world.tapped.map((t) => `${t.type}::${t.name}`),
        [],
        `${where}: a refused step registered resources`,
      );
      assert.deepEqual(world.invokes, [], `${where}: a refused step invoked`);
      return undefined;
    }
    for (const pool of Object.values(pair.pools)) await valueOf(pool!.nodePool.id);
    await settle();
    const pools = world.tapped.filter((t) => t.type === TYPE_OCI_NODE_POOL);
    const byUrn = new Map(pools.map((t) => [t.urn, t.name.replace(/^web-/, "") as Colour]));
    const sizes = new Map<Colour, number>();
    const waitsFor = new Map<Colour, Colour | undefined>();
    for (const t of pools) {
      const colour = t.name.replace(/^web-/, "") as Colour;
      const inputs = world.resources.find((r) => r.type === TYPE_OCI_NODE_POOL && r.name === t.name)
        ?.inputs as { nodeConfigDetails: { size: number } };
      sizes.set(colour, inputs.nodeConfigDetails.size);
      const deps = t.dependencies
        .map((u) => byUrn.get(u))
        .filter((c): c is Colour => c !== undefined);
      assert.ok(deps.length <= 1, `${where}: ${t.name} waits for ${deps.join(", ")}`);
      waitsFor.set(colour, deps[0]);
    }
    assert.equal(
      pools.length,
      COLOURS.filter((c) => p[c] !== undefined).length,
      `${where}: one pool per declared colour`,
    );
    return {
      active: pair.activeColour,
      sizes,
      fullSizes: new Map(pair.plan.colours.map((c) => [c.colour, c.fullSize])),
      waitsFor,
      states: new Map(pair.plan.colours.map((c) => [c.colour, c.state])),
    };
  } finally {
    world.restore();
  }
}

// ---------------------------------------------------------------------------------------------

describe(`robustness: blue/green transitions, random sequences of pair configurations (seed ${SEED})`, function () {
  this.timeout(240_000);

  it(`core/blueGreen.ts: ${CORE_SEQUENCES} sequences — accepted steps keep the active colour up and never shrink a colour before the one taking over`, () => {
    const stats = newStats();
    check(
      fc.property(sequence, (steps) => {
        stats.sequences++;
        let deployed: Deployed | undefined;
        steps.forEach((input, i) => {
          const next = fromPlan(input);
          if (!next) {
            stats.refused++;
            return; // refused: the deployed state stays
          }
          stats.accepted++;
          checkStep(
            deployed,
            next,
            stats,
            `step ${i} ${JSON.stringify(input)} after ${JSON.stringify(deployed && Object.fromEntries(deployed.sizes))}`,
          );
          deployed = next;
        });
      }),
      CORE_SEQUENCES,
      21,
    );
    report("core", stats);
    assert.ok(
      stats.accepted > stats.sequences &&
        stats.refused > 0 &&
        stats.scaleDowns > 0 &&
        stats.removals > 0,
      JSON.stringify(stats),
    );
  });

  it(`BlueGreenNodePool under mocks: ${COMPONENT_SEQUENCES} sequences — the same, read from what it registers; a refused step registers nothing`, async () => {
    const stats = newStats();
    await checkAsync(
      fc.asyncProperty(sequence, async (steps) => {
        stats.sequences++;
        let deployed: Deployed | undefined;
        for (const [i, input] of steps.entries()) {
          const where = `step ${i} ${JSON.stringify(input)}`;
          const next = await deployComponent(input, where);
          // The component decides as the core does (the core accepting what the component's pool checks refuse is allowed).
          if (next)
            assert.ok(
              fromPlan(input),
              `${where}: the component accepted what core/blueGreen.ts refuses`,
            );
          if (!next) {
            stats.refused++;
            continue;
          }
          stats.accepted++;
          checkStep(deployed, next, stats, where);
          deployed = next;
        }
      }),
      COMPONENT_SEQUENCES,
      22,
    );
    report("component", stats);
    assert.ok(stats.accepted > 0 && stats.refused > 0, JSON.stringify(stats));
  });

  it("fixed (found by this property): a declared colour without a size is refused, not planned with an undefined size", () => {
    for (const size of [undefined, null]) {
      const d = planBlueGreenPair({ pair: "web", active: "blue", blue: { size } });
      assert.ok(!d.ok, JSON.stringify(d));
      assert.match(
        d.refusals[0],
        /^blue\.size: (missing|null) — expected a whole number of nodes ≥ 0$/,
      );
    }
    const d = planBlueGreenPair(
      {
        pair: "web",
        active: "blue",
        blue: { size: 2 },
        green: { size: undefined, role: "canary" },
      },
      "oke-pools:blueGreenPools[0]",
    );
    assert.ok(!d.ok);
    assert.deepEqual(d.refusals, [
      "oke-pools:blueGreenPools[0].green.size: missing — expected a whole number of nodes ≥ 0",
    ]);
  });

  describe("gaps of the stateless planner (tripwires: each fails once the planner sees the transition)", () => {
    const full = { size: 3 };
    it("removed-while-serving: switching active and removing the old colour in one update is accepted", () => {
      const before = fromPlan({
        active: "blue",
        canarySize: 1,
        blue: full,
        green: { ...full, role: "canary" },
      })!;
      const after = fromPlan({ active: "green", green: full });
      assert.ok(
        after,
        "refused: the planner now sees this transition — make it a regression test and drop the gap",
      );
      const stats = newStats();
      assert.deepEqual(checkStep(before, after, stats, "switch and remove"), [
        "removed-while-serving",
      ]);
    });

    it("(fixed) the old active colour re-marked a smaller canary waits for the new active colour before it shrinks", () => {
      const before = fromPlan({
        active: "blue",
        canarySize: 1,
        blue: full,
        green: { ...full, role: "canary" },
      })!;
      const after = fromPlan({
        active: "green",
        canarySize: 1,
        blue: { ...full, role: "canary" },
        green: full,
      })!;
      assert.equal(after.waitsFor.get("blue"), "green");
      assert.deepEqual(checkStep(before, after, newStats(), "switch, old colour as canary"), []);
    });

    it("the runbook's own sequence steps into no gap", () => {
      const runbook: PairIn[] = [
        { active: "blue", blue: full },
        { active: "blue", canarySize: 1, blue: full, green: { ...full, role: "canary" } },
        { active: "green", canarySize: 1, blue: full, green: full },
        { active: "green", canarySize: 1, green: full },
        { active: "green", canarySize: 1, blue: { ...full, role: "canary" }, green: full },
      ];
      const stats = newStats();
      let deployed: Deployed | undefined;
      for (const [i, step] of runbook.entries()) {
        const next = fromPlan(step);
        assert.ok(next, `step ${i} refused`);
        assert.deepEqual(checkStep(deployed, next, stats, `runbook step ${i}`), []);
        deployed = next;
      }
      assert.equal(stats.scaleDowns, 1);
      assert.equal(stats.removals, 1);
    });
  });
});
