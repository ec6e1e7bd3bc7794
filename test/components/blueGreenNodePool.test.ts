import { strict as assert } from "node:assert";
import { BlueGreenNodePool, BlueGreenNodePoolArgs } from "../../components/blueGreenNodePool";
import { InvalidArgumentsError } from "../../components/argsError";
import { OkeNodePool } from "../../components/okeNodePool";
import {
  TYPE_BLUE_GREEN_COMPONENT,
  TYPE_NODE_POOL_COMPONENT,
  TYPE_OCI_NODE_POOL,
} from "../../core/tags";
import { settle, valueOf } from "../support/pulumiMocks";
import { IMAGE_1342, IMAGE_1352, Loose, tappedWorld } from "../support/blueGreen";
import { SIZE_ZERO_RULE, countResolutions, withSizeZeroRule } from "../support/resolveSpy";

const CLUSTER = {
  id: "ocid1.cluster.oc1.phx.aaaaaaaaclusterdemo0000000000000000000000000000000000000",
  kubernetesVersion: "v1.35.2",
};
const COMPARTMENT =
  "ocid1.compartment.oc1..aaaaaaaacompartment000000000000000000000000000000000000";
const SUBNET = "ocid1.subnet.oc1.phx.aaaaaaaaworkers000000000000000000000000000000000000000000";

const BLUE = {
  shape: "VM.Standard.E5.Flex",
  ocpus: 2,
  memoryInGbs: 16,
  size: 3,
  kubernetesVersion: "v1.34.2",
  image: IMAGE_1342,
  eviction: { graceDuration: "PT30M" },
};
const GREEN = {
  shape: "VM.Standard.E5.Flex",
  ocpus: 2,
  memoryInGbs: 16,
  size: 3,
  kubernetesVersion: "v1.35.2",
  image: IMAGE_1352,
};

function args(overrides: Partial<BlueGreenNodePoolArgs>): BlueGreenNodePoolArgs {
  return {
    cluster: CLUSTER,
    compartmentId: COMPARTMENT,
    placement: [{ availabilityDomain: "Uocm:PHX-AD-1", subnetId: SUBNET }],
    active: "blue",
    ...overrides,
  };
}

describe("BlueGreenNodePool under mocks", () => {
  let world: ReturnType<typeof tappedWorld>;
  beforeEach(() => {
    world = tappedWorld();
  });
  afterEach(() => world.restore());

  async function build(name: string, a: BlueGreenNodePoolArgs) {
    const pair = new BlueGreenNodePool(name, a);
    for (const p of Object.values(pair.pools)) await valueOf(p!.nodePool.id);
    await settle();
    const pool = (colour: string) =>
      world.resources.find((r) => r.type === TYPE_OCI_NODE_POOL && r.name === `${name}-${colour}`)
        ?.inputs as Record<string, Loose> | undefined;
    const tap = (colour: string) =>
      world.tapped.find((t) => t.type === TYPE_OCI_NODE_POOL && t.name === `${name}-${colour}`);
    return { pair, pool, tap };
  }

  it("one colour: a single pool at full size, labelled and tagged as a pair member, children of the component", async () => {
    const { pair, pool, tap } = await build("web", args({ active: "blue", blue: BLUE }));
    const blue = pool("blue")!;
    assert.equal(pool("green"), undefined, "an undeclared colour has no pool");
    assert.equal(world.byType(TYPE_OCI_NODE_POOL).length, 1);
    assert.equal(blue.name, "web-blue");
    assert.equal(blue.nodeConfigDetails.size, 3);
    assert.equal(blue.kubernetesVersion, "v1.34.2");
    assert.deepEqual(blue.nodeSourceDetails, { sourceType: "IMAGE", imageId: IMAGE_1342.imageId });
    assert.equal(blue.nodeEvictionNodePoolSettings.evictionGraceDuration, "PT30M");
    assert.deepEqual(blue.initialNodeLabels, [
      { key: "okepools.io/pool", value: "web-blue" },
      { key: "okepools.io/pair", value: "web" },
      { key: "okepools.io/colour", value: "blue" },
    ]);
    assert.deepEqual(
      {
        pair: blue.freeformTags["okepools-pair"],
        colour: blue.freeformTags["okepools-colour"],
        active: blue.freeformTags["okepools-active-colour"],
      },
      { pair: "web", colour: "blue", active: "blue" },
    );
    assert.deepEqual(pair.activeNodeSelector, {
      "okepools.io/pair": "web",
      "okepools.io/colour": "blue",
    });
    assert.equal(pair.activePool, pair.pools.blue);
    assert.deepEqual(tap("blue")!.dependencies, []);
    // Parent chain: NodePool → OkeNodePool web-blue → BlueGreenNodePool web.
    const component = world.tapped.find((t) => t.type === TYPE_BLUE_GREEN_COMPONENT)!;
    const child = world.tapped.find(
      (t) => t.type === TYPE_NODE_POOL_COMPONENT && t.name === "web-blue",
    )!;
    assert.equal(child.parent, component.urn);
    assert.equal(tap("blue")!.parent, child.urn);
    assert.deepEqual(world.warnings, []);
  });

  it("canary: the added colour at canarySize, its own version and image, waiting for the active colour's NodePool", async () => {
    const { pool, tap } = await build(
      "web",
      args({ active: "blue", canarySize: 1, blue: BLUE, green: { ...GREEN, role: "canary" } }),
    );
    assert.equal(pool("blue")!.nodeConfigDetails.size, 3);
    assert.equal(pool("green")!.nodeConfigDetails.size, 1);
    assert.equal(pool("green")!.kubernetesVersion, "v1.35.2");
    assert.equal(pool("green")!.nodeSourceDetails.imageId, IMAGE_1352.imageId);
    assert.equal(pool("green")!.freeformTags["okepools-active-colour"], "blue");
    assert.deepEqual(
      tap("green")!.dependencies,
      [tap("blue")!.urn],
      "an inactive colour never changes before the active one is done",
    );
    assert.deepEqual(tap("blue")!.dependencies, []);
  });

  it("switch: the new colour at full size; the old colour at standbySize with the new colour's NodePool among its dependencies", async () => {
    const { pair, pool, tap } = await build(
      "web",
      args({ active: "green", standbySize: 1, blue: BLUE, green: GREEN }),
    );
    assert.equal(pool("green")!.nodeConfigDetails.size, 3);
    assert.equal(pool("blue")!.nodeConfigDetails.size, 1);
    const green = tap("green")!;
    const blue = tap("blue")!;
    assert.ok(green.urn);
    assert.deepEqual(blue.dependencies, [green.urn], "blue waits for green's NodePool");
    assert.deepEqual(green.dependencies, [], "green waits for nothing");
    // The new colour's pool is registered first.
    assert.ok(world.tapped.indexOf(green) < world.tapped.indexOf(blue));
    assert.deepEqual(pair.activeNodeSelector, {
      "okepools.io/pair": "web",
      "okepools.io/colour": "green",
    });
    assert.equal(pool("blue")!.freeformTags["okepools-active-colour"], "green");
    assert.deepEqual(
      pair.plan.colours.map((c) => [c.colour, c.state, c.size]),
      [
        ["green", "active", 3],
        ["blue", "standby", 1],
      ],
    );
  });

  it("rollback: switching active back makes the other colour wait", async () => {
    const { pool, tap } = await build("web", args({ active: "blue", blue: BLUE, green: GREEN }));
    assert.equal(pool("blue")!.nodeConfigDetails.size, 3);
    assert.equal(pool("green")!.nodeConfigDetails.size, 0);
    assert.deepEqual(tap("green")!.dependencies, [tap("blue")!.urn]);
  });

  it("pairName names the pools and labels; other args reach both pools", async () => {
    const { pool } = await build(
      "bg",
      args({
        pairName: "api",
        active: "green",
        green: GREEN,
        sshPublicKey: "ssh-ed25519 AAAA",
        freeformTags: { team: "web" },
      }),
    );
    assert.equal(pool("green")!.name, "api-green");
    assert.equal(pool("green")!.sshPublicKey, "ssh-ed25519 AAAA");
    assert.equal(pool("green")!.freeformTags.team, "web");
    assert.deepEqual(
      pool("green")!.initialNodeLabels.find((l: { key: string }) => l.key === "okepools.io/pair"),
      { key: "okepools.io/pair", value: "api" },
    );
  });

  it("resolves each colour's settings once: the pair's resolution is what its OkeNodePool is built with", async () => {
    const count = countResolutions();
    let built: Awaited<ReturnType<typeof build>>;
    try {
      built = await build("web", args({ active: "green", blue: BLUE, green: GREEN }));
    } finally {
      count.restore();
    }
    assert.deepEqual(count.calls, { blue: 1, green: 1 });
    assert.equal(built.pair.pools.blue!.settings.size, 0, "blue is resolved at standby size");
    assert.equal(built.pool("blue")!.nodeConfigDetails.size, 0);
    assert.equal(built.pair.pools.green!.settings.size, 3);
  });

  it("a plain OkeNodePool still resolves its own arguments", async () => {
    const { active: _a, ...target } = args({});
    const count = countResolutions();
    try {
      new OkeNodePool("solo", { ...target, ...GREEN });
      await settle();
    } finally {
      count.restore();
    }
    assert.deepEqual(count.calls, { other: 1 });
  });

  describe("refused at construction, before anything is registered", () => {
    const cases: [string, Partial<BlueGreenNodePoolArgs>, RegExp][] = [
      [
        "no colour declared",
        { active: "blue" },
        /blue: missing — blue\/green pair "web" declares no colour.*declare blue or green/,
      ],
      [
        "removing the active colour",
        { active: "blue", green: GREEN },
        /active: "blue" — blue\/green pair "web": the active colour blue \(pool web-blue\) is not declared.*first switch active to green/,
      ],
      [
        "making active a colour that is not declared",
        { active: "green", blue: BLUE },
        /active: "green" — .*the active colour green \(pool web-green\) is not declared.*switch active to blue/,
      ],
      [
        "making active a colour of size 0",
        { active: "green", blue: BLUE, green: { ...GREEN, size: 0 } },
        /green\.size: 0 — .*green \(pool web-green\) would be active with no nodes.*keep active on blue/,
      ],
      [
        "a role on the active colour",
        { active: "green", blue: BLUE, green: { ...GREEN, role: "canary" } },
        /green\.role: "canary" — .*remove role from green/,
      ],
      [
        "canarySize above the canary's size",
        { active: "blue", canarySize: 4, blue: BLUE, green: { ...GREEN, role: "canary" } },
        /canarySize: 4 — .*lower canarySize or raise green\.size/,
      ],
      [
        "active is not a colour",
        { active: "red" as "blue", blue: BLUE },
        /active: "red" — expected blue or green/,
      ],
      [
        "a colour's pool settings (image for another version)",
        { active: "blue", blue: { ...BLUE, image: IMAGE_1352 } },
        /blue\.image\.sourceName: .* is an image for Kubernetes v1\.35\.2 but the pool runs v1\.34\.2/,
      ],
      [
        "an unknown key in a colour",
        { active: "blue", blue: { ...BLUE, colour: "blue" } as typeof BLUE },
        /blue\.colour: "blue" — unknown key/,
      ],
      [
        "a bad pair name",
        { active: "blue", blue: BLUE, pairName: "Web_Pool" },
        /pairName: "Web_Pool" — expected a name of lower-case letters/,
      ],
      [
        "shared placement",
        { active: "blue", blue: BLUE, placement: [] },
        /placement: \[\] — expected at least one/,
      ],
    ];
    for (const [title, overrides, message] of cases) {
      it(title, async () => {
        assert.throws(
          () => new BlueGreenNodePool("web", args(overrides)),
          (e: unknown) =>
            InvalidArgumentsError.isInstance(e) &&
            /^BlueGreenNodePool "web": invalid arguments:/.test(e.message) &&
            message.test(e.message),
        );
        await settle();
        assert.deepEqual(world.resources, [], "nothing registered");
        assert.deepEqual(world.tapped, []);
        assert.deepEqual(world.invokes, []);
      });
    }

    it("a problem of the phase size only names that size", async () => {
      const rule = withSizeZeroRule();
      try {
        assert.throws(
          () => new BlueGreenNodePool("web", args({ active: "green", blue: BLUE, green: GREEN })),
          (e: unknown) =>
            e instanceof InvalidArgumentsError &&
            e.problems.length === 1 &&
            e.problems[0] === `blue.size: 0 — ${SIZE_ZERO_RULE} (at the standby size 0)`,
        );
      } finally {
        rule.restore();
      }
      await settle();
      assert.deepEqual(world.resources, [], "nothing registered");
    });

    it("every problem at once", () => {
      assert.throws(
        () =>
          new BlueGreenNodePool(
            "web",
            args({
              active: "green",
              standbySize: 9,
              blue: { ...BLUE, image: IMAGE_1352 },
              green: { ...GREEN, role: "canary" },
            }),
          ),
        (e: unknown) => e instanceof InvalidArgumentsError && e.errors.length === 3,
      );
    });
  });
});
