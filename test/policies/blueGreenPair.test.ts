import { strict as assert } from "node:assert";
import fc from "fast-check";
import {
  BLUE_GREEN_PAIR,
  blueGreenPairConfig,
  blueGreenPairRule,
} from "../../policies/blueGreenPair";
import type { StackValidationPolicy } from "@pulumi/policy";
import { Finding } from "../../policies/lib/finding";
import { packPolicies } from "../../policies/pack";
import { UNKNOWN_STRING } from "../../policies/lib/unknown";

const U = UNKNOWN_STRING;
const STACK = "urn:pulumi:dev::oke-pools::";
const CLUSTER_URN = `${STACK}oci:ContainerEngine/cluster:Cluster::prod`;

interface PoolSpec {
  name: string;
  pair?: unknown;
  colour?: unknown;
  active?: unknown;
  size?: unknown;
  /** Write membership as labels too (the default), or only as tags / only as labels. */
  via?: "both" | "tags" | "labels";
  clusterId?: unknown;
}

type Res = {
  urn: string;
  type: string;
  name: string;
  props: Record<string, unknown>;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
};

function pool(p: PoolSpec): Res {
  const via = p.via ?? "both";
  const tags: Record<string, unknown> = { "okepools-pool": p.name };
  const labels: { key: string; value: unknown }[] = [{ key: "okepools.io/pool", value: p.name }];
  if (via !== "labels") {
    if (p.pair !== undefined) tags["okepools-pair"] = p.pair;
    if (p.colour !== undefined) tags["okepools-colour"] = p.colour;
  }
  if (p.active !== undefined) tags["okepools-active-colour"] = p.active;
  if (via !== "tags") {
    if (p.pair !== undefined) labels.push({ key: "okepools.io/pair", value: p.pair });
    if (p.colour !== undefined) labels.push({ key: "okepools.io/colour", value: p.colour });
  }
  return {
    urn: `${STACK}okepools:index:BlueGreenNodePool$okepools:index:OkeNodePool$oci:ContainerEngine/nodePool:NodePool::${p.name}`,
    type: "oci:ContainerEngine/nodePool:NodePool",
    name: p.name,
    props: {
      clusterId: p.clusterId ?? U,
      name: p.name,
      kubernetesVersion: "v1.35.2",
      nodeShape: "VM.Standard.E5.Flex",
      nodeConfigDetails: { size: p.size ?? 3, placementConfigs: [] },
      nodeSourceDetails: { sourceType: "IMAGE", imageId: "ocid1.image.oc1.phx.aaaaaaaaexample" },
      initialNodeLabels: labels,
      freeformTags: tags,
    },
    dependencies: [CLUSTER_URN],
    propertyDependencies: { clusterId: [CLUSTER_URN] },
  };
}

function workload(
  name: string,
  nodeSelector: unknown,
  opts: { replicas?: unknown; kind?: "Deployment" | "StatefulSet" } = {},
): Res {
  const kind = opts.kind ?? "Deployment";
  return {
    urn: `${STACK}kubernetes:apps/v1:${kind}::${name}`,
    type: `kubernetes:apps/v1:${kind}`,
    name,
    props: {
      metadata: { name, namespace: "default" },
      spec: {
        replicas: opts.replicas ?? 3,
        template: {
          metadata: { labels: { app: name } },
          spec: { nodeSelector, containers: [{ name: "c", image: "nginx" }] },
        },
      },
    },
  };
}

const sel = (colour: string, pair = "web") => ({
  "okepools.io/pair": pair,
  "okepools.io/colour": colour,
});

/** Phase 3 of the runbook: green active at 3, blue on standby at 0; the workload follows green. */
function healthy(): Res[] {
  return [
    pool({ name: "web-green", pair: "web", colour: "green", active: "green", size: 3 }),
    pool({ name: "web-blue", pair: "web", colour: "blue", active: "green", size: 0 }),
    workload("app", sel("green")),
  ];
}

function run(resources: unknown): Finding[] {
  return blueGreenPairRule(resources);
}

function expectOne(findings: Finding[], urnEnd: string, message: RegExp): void {
  assert.equal(findings.length, 1, findings.map((f) => f.message).join("\n"));
  assert.ok(findings[0].urn?.endsWith(urnEnd), `finding on ${findings[0].urn}`);
  assert.match(findings[0].message, message);
  assert.notEqual(findings[0].advisoryOnly, true);
}

describe("policy blue-green-pair: rule function", () => {
  describe("healthy pairs pass", () => {
    const ok: [string, Res[]][] = [
      [
        "phase 1: one colour, active",
        [
          pool({ name: "web-blue", pair: "web", colour: "blue", active: "blue" }),
          workload("app", sel("blue")),
        ],
      ],
      [
        "phase 2: canary next to the active colour",
        [
          pool({ name: "web-blue", pair: "web", colour: "blue", active: "blue" }),
          pool({ name: "web-green", pair: "web", colour: "green", active: "blue", size: 1 }),
          workload("app", sel("blue")),
        ],
      ],
      ["phase 3: active switched, old colour at standby 0, workload follows", healthy()],
      [
        "phase 4: old colour removed",
        [
          pool({ name: "web-green", pair: "web", colour: "green", active: "green" }),
          workload("app", sel("green")),
        ],
      ],
      [
        "a workload on the standby colour while it still has nodes",
        [
          ...healthy().slice(0, 1),
          pool({ name: "web-blue", pair: "web", colour: "blue", active: "green", size: 1 }),
          workload("old", sel("blue")),
        ],
      ],
      [
        "a workload on the inactive colour scaled to 0 replicas",
        [...healthy(), workload("old", sel("blue"), { replicas: 0 })],
      ],
      [
        "pools that are in no pair",
        [pool({ name: "general" }), workload("app", { "okepools.io/pool": "general" })],
      ],
      [
        "a workload following a pair this stack does not hold",
        [workload("app", sel("blue", "elsewhere"))],
      ],
      [
        "membership by tags only",
        [pool({ name: "web-blue", pair: "web", colour: "blue", active: "blue", via: "tags" })],
      ],
      [
        "a workload with a nodeSelector of other labels",
        [...healthy(), workload("other", { "kubernetes.io/arch": "amd64" })],
      ],
      ["no resources at all", []],
    ];
    for (const [title, resources] of ok) {
      it(title, () => assert.deepEqual(run(resources), []));
    }
  });

  describe("violations name the pool or workload, the colour and the fix", () => {
    it("the active colour has no nodes", () => {
      const r = [
        pool({ name: "web-green", pair: "web", colour: "green", active: "green", size: 0 }),
        pool({ name: "web-blue", pair: "web", colour: "blue", active: "green", size: 3 }),
      ];
      expectOne(
        run(r),
        "::web-green",
        /node pool "web-green" is the active colour green of blue\/green pair "web" but has no nodes \(nodeConfigDetails\.size 0\).*Give green a size ≥ 1, or switch active back/,
      );
    });

    it("the active colour has no pool (removed while active)", () => {
      const r = [pool({ name: "web-blue", pair: "web", colour: "blue", active: "green", size: 3 })];
      expectOne(
        run(r),
        "::web-blue",
        /blue\/green pair "web": the active colour green has no node pool \(was it removed while active\?\).*remove a colour only after switching active away from it/,
      );
    });

    it("the pools disagree on the active colour (one per pool)", () => {
      const r = [
        pool({ name: "web-green", pair: "web", colour: "green", active: "green" }),
        pool({ name: "web-blue", pair: "web", colour: "blue", active: "blue" }),
      ];
      const f = run(r);
      assert.equal(f.length, 2);
      for (const x of f)
        assert.match(
          x.message,
          /must have exactly one active colour, but its pools disagree \(web-green say green; web-blue say blue\)/,
        );
    });

    it("no active colour at all (pair labels without the active-colour tag)", () => {
      const r = [
        pool({ name: "web-blue", pair: "web", colour: "blue", via: "labels" }),
        pool({ name: "web-green", pair: "web", colour: "green", via: "labels" }),
      ];
      expectOne(
        run(r),
        "::web-blue",
        /blue\/green pair "web" has no active colour: none of its pools \(web-blue, web-green\) carries the freeform tag okepools-active-colour/,
      );
    });

    it("an active colour that is no colour", () => {
      expectOne(
        run([pool({ name: "web-blue", pair: "web", colour: "blue", active: "red" })]),
        "::web-blue",
        /active colour "red" is not one of blue, green/,
      );
    });

    it("a pool with a colour that is no colour, or none", () => {
      expectOne(
        run([
          pool({ name: "web-blue", pair: "web", colour: "blue", active: "blue" }),
          pool({ name: "web-red", pair: "web", colour: "red", active: "blue" }),
        ]),
        "::web-red",
        /belongs to blue\/green pair "web" but colour "red" is not blue or green/,
      );
      expectOne(
        run([
          pool({ name: "web-blue", pair: "web", colour: "blue", active: "blue" }),
          pool({ name: "web-x", pair: "web", active: "blue" }),
        ]),
        "::web-x",
        /belongs to blue\/green pair "web" but has no colour/,
      );
    });

    it("two pools claim one colour", () => {
      const r = [
        pool({ name: "web-blue", pair: "web", colour: "blue", active: "blue" }),
        pool({ name: "web-blue-2", pair: "web", colour: "blue", active: "blue" }),
      ];
      expectOne(
        run(r),
        "::web-blue-2",
        /node pool "web-blue-2" and node pool "web-blue" both claim colour blue/,
      );
    });

    it("a Deployment on the inactive colour with no nodes is unschedulable", () => {
      const r = [...healthy(), workload("stale", sel("blue"))];
      expectOne(
        run(r),
        "Deployment::stale",
        /Deployment "stale" selects nodes with okepools\.io\/pair=web, okepools\.io\/colour=blue, but colour blue of blue\/green pair "web" is inactive with no nodes \(node pool "web-blue" has size 0\): its pods cannot be scheduled\. Follow the pair's active colour \(okepools\.io\/pair=web, okepools\.io\/colour=green/,
      );
    });

    it("a StatefulSet selecting the empty colour by its pool label", () => {
      expectOne(
        run([
          ...healthy(),
          workload("db", { "okepools.io/pool": "web-blue" }, { kind: "StatefulSet" }),
        ]),
        "StatefulSet::db",
        /StatefulSet "db" selects nodes with okepools\.io\/pool=web-blue, but colour blue .* is inactive with no nodes/,
      );
    });

    it("a workload on a colour the pair no longer has", () => {
      const r = [
        pool({ name: "web-green", pair: "web", colour: "green", active: "green" }),
        workload("stale", sel("blue")),
      ];
      expectOne(
        run(r),
        "Deployment::stale",
        /selects nodes with okepools\.io\/pair=web, okepools\.io\/colour=blue, but blue\/green pair "web" has no blue pool: its pods cannot be scheduled.*declare blue again/,
      );
    });

    it("pairs of the same name in different clusters are judged apart", () => {
      const a = pool({
        name: "web-blue",
        pair: "web",
        colour: "blue",
        active: "blue",
        clusterId: "ocid1.cluster.oc1.phx.aaaaaaaaa",
      });
      const b = pool({
        name: "web-green",
        pair: "web",
        colour: "green",
        active: "green",
        clusterId: "ocid1.cluster.oc1.phx.aaaaaaaab",
      });
      a.propertyDependencies = {};
      b.propertyDependencies = {};
      assert.deepEqual(run([a, b]), [], "each cluster's pair has one active colour");
    });
  });

  describe("unknown values never produce a finding", () => {
    const withUnknown: [string, () => Res[]][] = [
      [
        "the active pool's size",
        () => [
          pool({ name: "web-green", pair: "web", colour: "green", active: "green", size: U }),
          pool({ name: "web-blue", pair: "web", colour: "blue", active: "green", size: 0 }),
        ],
      ],
      [
        "an active-colour tag",
        () => [
          pool({ name: "web-green", pair: "web", colour: "green", active: U }),
          pool({ name: "web-blue", pair: "web", colour: "blue", active: "blue" }),
        ],
      ],
      [
        "the pair tag and label",
        () => [pool({ name: "web-green", pair: U, colour: "green", active: "blue" })],
      ],
      [
        "the pair of one pool: it may be the pair's missing active pool",
        () => [
          pool({ name: "web-green", pair: U, colour: "green", active: "green" }),
          pool({ name: "web-blue", pair: "web", colour: "blue", active: "green", size: 0 }),
          workload("app", sel("green")),
        ],
      ],
      [
        "a colour",
        () => [
          pool({ name: "web-green", pair: "web", colour: U, active: "green" }),
          workload("app", sel("blue")),
        ],
      ],
      [
        "the whole freeformTags",
        () => {
          const p = pool({ name: "web-green", pair: "web", colour: "green", active: "red" });
          p.props.freeformTags = U;
          return [p];
        },
      ],
      [
        "the whole initialNodeLabels of a label-only pair",
        () => {
          const p = pool({
            name: "web-green",
            pair: "web",
            colour: "green",
            via: "labels",
            active: "green",
            size: 0,
          });
          p.props.initialNodeLabels = U;
          return [p];
        },
      ],
      ["a workload's nodeSelector", () => [...healthy(), workload("stale", U)]],
      [
        "a workload's colour selector value",
        () => [
          ...healthy(),
          workload("stale", { "okepools.io/pair": "web", "okepools.io/colour": U }),
        ],
      ],
      [
        "the inactive pool's size under a workload",
        () => [
          healthy()[0],
          pool({ name: "web-blue", pair: "web", colour: "blue", active: "green", size: U }),
          workload("stale", sel("blue")),
        ],
      ],
    ];
    for (const [title, resources] of withUnknown) {
      it(title, () => assert.deepEqual(run(resources()), []));
    }

    it("any single value of a healthy stack replaced by the sentinel", () => {
      const leaves: string[][] = [];
      const walk = (v: unknown, at: string[]) => {
        if (v !== null && typeof v === "object")
          for (const [k, x] of Object.entries(v)) walk(x, [...at, k]);
        else leaves.push(at);
      };
      const base = [...healthy(), workload("old", sel("blue"), { replicas: 0 })];
      walk(
        base.map((r) => r.props),
        [],
      );
      assert.ok(leaves.length > 30);
      for (const leaf of leaves) {
        const copy = structuredClone(base);
        let cur: Record<string, unknown> = copy.map((r) => r.props) as unknown as Record<
          string,
          unknown
        >;
        for (const k of leaf.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
        cur[leaf[leaf.length - 1]] = U;
        assert.deepEqual(run(copy), [], `sentinel at ${leaf.join(".")}`);
      }
    });
  });

  describe("odd input", () => {
    it("never throws, whatever the resources hold", () => {
      const oddProps = fc.record({
        freeformTags: fc.oneof(
          fc.anything(),
          fc.dictionary(
            fc.constantFrom("okepools-pair", "okepools-colour", "okepools-active-colour"),
            fc.oneof(fc.constantFrom("web", "blue", "green", U), fc.anything()),
          ),
        ),
        initialNodeLabels: fc.oneof(
          fc.anything(),
          fc.array(
            fc.record({
              key: fc.oneof(
                fc.constantFrom("okepools.io/pair", "okepools.io/colour", "okepools.io/pool"),
                fc.anything(),
              ),
              value: fc.oneof(fc.constantFrom("web", "blue", "green", U), fc.anything()),
            }),
          ),
        ),
        nodeConfigDetails: fc.oneof(
          fc.anything(),
          fc.record({ size: fc.oneof(fc.nat(3), fc.anything()) }),
        ),
        clusterId: fc.anything(),
        spec: fc.anything(),
      });
      const res = fc.record({
        urn: fc.oneof(fc.string(), fc.anything()),
        type: fc.constantFrom(
          "oci:ContainerEngine/nodePool:NodePool",
          "kubernetes:apps/v1:Deployment",
          "kubernetes:apps/v1:StatefulSet",
          "x",
        ),
        name: fc.anything(),
        props: fc.oneof(oddProps, fc.anything()),
        dependencies: fc.anything(),
        propertyDependencies: fc.anything(),
      });
      fc.assert(
        fc.property(fc.oneof(fc.array(res, { maxLength: 6 }), fc.anything()), (resources) => {
          const findings = run(resources);
          assert.ok(Array.isArray(findings));
        }),
        { numRuns: 1500 },
      );
    });

    it("a malformed workloadTypes config falls back to the default and says so", () => {
      const { config, problems } = blueGreenPairConfig({ workloadTypes: "Deployment" });
      assert.deepEqual(config.workloadTypes, [
        "kubernetes:apps/v1:Deployment",
        "kubernetes:apps/v1:StatefulSet",
      ]);
      assert.match(problems[0].message, /is not a list of strings; using the default/);
    });
  });

  it("the factory: a mandatory stack policy named blue-green-pair", () => {
    const pick = (policies: ReturnType<typeof packPolicies>) =>
      policies.find((p) => p.name === BLUE_GREEN_PAIR) as StackValidationPolicy;
    const p = pick(packPolicies());
    assert.equal(p.name, BLUE_GREEN_PAIR);
    assert.equal(p.enforcementLevel, "mandatory");
    assert.equal(typeof p.validateStack, "function");
    assert.equal(
      pick(packPolicies({ enforcementLevels: { [BLUE_GREEN_PAIR]: "advisory" } })).enforcementLevel,
      "advisory",
    );
  });
});
