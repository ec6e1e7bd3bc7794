import { strict as assert } from "node:assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { ConfigError } from "../../core/configError";
import { validateStackConfig } from "../../program/stackConfig";
import {
  BLUEGREEN_STACK,
  IMAGE_1352,
  phases,
  pulumiConfig,
  stackPair,
  stackWith,
} from "../support/blueGreen";
import { SIZE_ZERO_RULE, countResolutions, withSizeZeroRule } from "../support/resolveSpy";

function problemsOf(config: Record<string, unknown>): readonly string[] {
  try {
    validateStackConfig(config);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  assert.fail("expected the config to be refused");
}

const SAMPLE = BLUEGREEN_STACK["oke-pools:sampleWorkload"] as Record<string, unknown>;

describe("stack config: oke-pools:blueGreenPools and oke-pools:sampleWorkload", () => {
  it("accepts the bluegreen stack (phase 3) and plans it", () => {
    const v = validateStackConfig(BLUEGREEN_STACK);
    assert.equal(v.blueGreenPools.length, 1);
    const [pair] = v.blueGreenPools;
    assert.equal(pair.plan.active, "green");
    assert.deepEqual(
      pair.plan.colours.map((c) => [c.colour, c.state, c.size, c.dependsOn ?? null]),
      [
        ["green", "active", 3, null],
        ["blue", "standby", 0, "green"],
      ],
    );
    assert.equal(pair.resolved.blue?.kubernetesVersion.minor, 34);
    assert.equal(pair.resolved.green?.kubernetesVersion.minor, 35);
    assert.deepEqual(v.sampleWorkload, {
      name: "sample-web",
      namespace: "default",
      image: "nginx:1.27",
      replicas: 3,
      budget: { maxUnavailable: 1 },
      allowedDisruptions: 1,
      followPair: "web",
    });
  });

  it("resolves each colour once, at the size of this phase", () => {
    const count = countResolutions();
    let v: ReturnType<typeof validateStackConfig>;
    try {
      v = validateStackConfig(BLUEGREEN_STACK);
    } finally {
      count.restore();
    }
    assert.deepEqual(count.calls, { blue: 1, green: 1 });
    assert.equal(v.blueGreenPools[0].resolved.blue?.size, 0, "blue on standby");
    assert.equal(v.blueGreenPools[0].resolved.green?.size, 3);
  });

  it("a problem of the phase size only names that size", () => {
    const rule = withSizeZeroRule();
    try {
      assert.deepEqual(problemsOf(BLUEGREEN_STACK), [
        `oke-pools:blueGreenPools[0].blue.size: 0 — ${SIZE_ZERO_RULE} (at the standby size 0)`,
      ]);
    } finally {
      rule.restore();
    }
  });

  it("reads the keys as Pulumi hands them over (JSON strings)", () => {
    assert.equal(
      validateStackConfig(pulumiConfig(BLUEGREEN_STACK)).blueGreenPools[0].plan.active,
      "green",
    );
  });

  it("accepts every phase of the runbook", () => {
    for (const pair of [
      phases.oneColour(),
      phases.canaryAdded(1),
      phases.canaryAdded(),
      phases.switched(),
      phases.oldRemoved(),
      phases.rolledBack(),
    ]) {
      assert.equal(validateStackConfig(stackWith(pair)).blueGreenPools.length, 1);
    }
  });

  it("keeps the demo stack valid, with no pair and no sample workload", () => {
    const demo = YAML.parse(
      fs.readFileSync(path.join(__dirname, "../../stacks/Pulumi.demo.yaml"), "utf8"),
    ).config;
    const v = validateStackConfig(demo);
    assert.deepEqual(v.blueGreenPools, []);
    assert.equal(v.sampleWorkload, undefined);
  });

  const cases: [string, Record<string, unknown>, RegExp][] = [
    [
      "active not a colour",
      stackWith({ ...stackPair(), active: "red" }),
      /^oke-pools:blueGreenPools\[0\]\.active: "red" — expected blue or green$/,
    ],
    [
      "active colour removed",
      stackWith({ ...phases.oldRemoved(), active: "blue" }),
      /^oke-pools:blueGreenPools\[0\]\.active: "blue" — blue\/green pair "web": the active colour blue \(pool web-blue\) is not declared/,
    ],
    [
      "unknown key in the pair",
      stackWith({ ...stackPair(), colour: "blue" }),
      /^oke-pools:blueGreenPools\[0\]\.colour: "blue" — unknown key; remove it or check its spelling$/,
    ],
    [
      "unknown key in a colour",
      stackWith({ ...stackPair(), blue: { ...stackPair().blue, colour: "x" } }),
      /^oke-pools:blueGreenPools\[0\]\.blue\.colour: "x" — unknown key/,
    ],
    [
      "a colour's size",
      stackWith({ ...stackPair(), blue: { ...stackPair().blue, size: "three" } }),
      /^oke-pools:blueGreenPools\[0\]\.blue\.size: "three" — expected a whole number of nodes ≥ 0$/,
    ],
    [
      "a role that is not one",
      stackWith({ ...stackPair(), blue: { ...stackPair().blue, role: "old" } }),
      /^oke-pools:blueGreenPools\[0\]\.blue\.role: "old" — expected canary or standby/,
    ],
    [
      "a negative standbySize",
      stackWith({ ...stackPair(), standbySize: -1 }),
      /^oke-pools:blueGreenPools\[0\]\.standbySize: -1 — expected a whole number of nodes ≥ 0$/,
    ],
    [
      "standbySize above the standby's size",
      stackWith({ ...stackPair(), standbySize: 5 }),
      /^oke-pools:blueGreenPools\[0\]\.standbySize: 5 — blue\/green pair "web": larger than the size 3 of the standby blue/,
    ],
    [
      "an image built for the other colour's version",
      stackWith({ ...stackPair(), blue: { ...stackPair().blue, image: IMAGE_1352 } }),
      /^oke-pools:blueGreenPools\[0\]\.blue\.image\.sourceName: .* is an image for Kubernetes v1\.35\.2 but the pool runs v1\.34\.2/,
    ],
    [
      "a pair name that cannot name pools",
      stackWith({ ...stackPair(), name: "Web" }),
      /^oke-pools:blueGreenPools\[0\]\.name: "Web" — expected a name of lower-case letters/,
    ],
    [
      "no placement",
      stackWith({ ...stackPair(), placement: [] }),
      /^oke-pools:blueGreenPools\[0\]\.placement: \[\] — expected at least one/,
    ],
    [
      "duplicate pair names",
      stackWith([stackPair(), stackPair()], {
        "oke-pools:sampleWorkload": { ...SAMPLE, followPair: "web" },
      }),
      /^oke-pools:blueGreenPools\[1\]\.name: "web" — is used by another blue\/green pair/,
    ],
    [
      "a pool name taken by oke-pools:nodePools",
      stackWith(stackPair(), {
        "oke-pools:nodePools": [
          { ...stackPair().green, name: "web-green", placement: stackPair().placement },
        ],
      }),
      /^oke-pools:blueGreenPools\[0\]\.name: "web" — its green pool would be named web-green, like oke-pools:nodePools\[0\]/,
    ],
    [
      "blueGreenPools not a list",
      stackWith(stackPair(), { "oke-pools:blueGreenPools": { name: "web" } }),
      /^oke-pools:blueGreenPools: .* — expected a list of blue\/green pairs$/,
    ],
    [
      "sample workload follows an unknown pair",
      stackWith(stackPair(), { "oke-pools:sampleWorkload": { ...SAMPLE, followPair: "api" } }),
      /^oke-pools:sampleWorkload\.followPair: "api" — is not a pair of oke-pools:blueGreenPools; expected one of web$/,
    ],
    [
      "sample workload with no pair to follow",
      stackWith([], { "oke-pools:sampleWorkload": { enabled: true } }),
      /^oke-pools:sampleWorkload\.followPair: missing — the sample workload follows a blue\/green pair, and oke-pools:blueGreenPools declares none/,
    ],
    [
      "a budget that blocks drains (maxUnavailable 0)",
      stackWith(stackPair(), { "oke-pools:sampleWorkload": { ...SAMPLE, maxUnavailable: 0 } }),
      /^oke-pools:sampleWorkload\.maxUnavailable: 0 — with 3 replicas the PodDisruptionBudget never allows an eviction.*maxUnavailable: 1/,
    ],
    [
      "a budget that blocks drains (minAvailable = replicas)",
      stackWith(stackPair(), {
        "oke-pools:sampleWorkload": { followPair: "web", replicas: 2, minAvailable: 2 },
      }),
      /^oke-pools:sampleWorkload\.minAvailable: 2 — with 2 replicas the PodDisruptionBudget never allows an eviction/,
    ],
    [
      "a budget that blocks drains (minAvailable 100%)",
      stackWith(stackPair(), { "oke-pools:sampleWorkload": { minAvailable: "100%" } }),
      /^oke-pools:sampleWorkload\.minAvailable: "100%" — with 3 replicas/,
    ],
    [
      "both budget forms",
      stackWith(stackPair(), {
        "oke-pools:sampleWorkload": { minAvailable: 1, maxUnavailable: 1 },
      }),
      /^oke-pools:sampleWorkload\.minAvailable: 1 — give either minAvailable or maxUnavailable, not both/,
    ],
    [
      "a percentage over 100%",
      stackWith(stackPair(), { "oke-pools:sampleWorkload": { maxUnavailable: "150%" } }),
      /^oke-pools:sampleWorkload\.maxUnavailable: "150%" — expected a percentage from 0% to 100%$/,
    ],
    [
      "zero replicas",
      stackWith(stackPair(), { "oke-pools:sampleWorkload": { replicas: 0 } }),
      /^oke-pools:sampleWorkload\.replicas: 0 — expected a whole number of replicas ≥ 1$/,
    ],
    [
      "unknown sample workload key",
      stackWith(stackPair(), { "oke-pools:sampleWorkload": { replica: 2 } }),
      /^oke-pools:sampleWorkload\.replica: 2 — unknown key/,
    ],
  ];
  for (const [title, config, expected] of cases) {
    it(`${title}: one problem naming the key path`, () => {
      const problems = problemsOf(config);
      assert.equal(problems.length, 1, problems.join("\n"));
      assert.match(problems[0], expected);
    });
  }

  it("sample workload defaults: the only pair, 3 replicas, maxUnavailable 1; a count string becomes a number; disabled means absent", () => {
    assert.deepEqual(
      validateStackConfig(stackWith(stackPair(), { "oke-pools:sampleWorkload": {} }))
        .sampleWorkload,
      {
        name: "sample-web",
        namespace: "default",
        image: "nginx:1.27",
        replicas: 3,
        budget: { maxUnavailable: 1 },
        allowedDisruptions: 1,
        followPair: "web",
      },
    );
    assert.deepEqual(
      validateStackConfig(
        stackWith(stackPair(), { "oke-pools:sampleWorkload": { minAvailable: "2" } }),
      ).sampleWorkload?.budget,
      { minAvailable: 2 },
    );
    assert.equal(
      validateStackConfig(stackWith([], { "oke-pools:sampleWorkload": { enabled: false } }))
        .sampleWorkload,
      undefined,
    );
  });
});
