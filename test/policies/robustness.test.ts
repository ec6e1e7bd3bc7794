/**
 * Every rule function is pure and total: random property bags (wrong types, nulls, unknown
 * sentinels anywhere, malformed relations) never make it throw, and a pool whose every value is
 * unknown never yields a violation at the policy's level. A later fuzzing effort scales this up.
 */
import * as assert from "assert";
import fc from "fast-check";
import { ImageCatalog } from "../../core/catalog";
import { cyclingSettingsConfig, cyclingSettingsRule } from "../../policies/cyclingSettings";
import {
  drainBlockingBudgetConfig,
  drainBlockingBudgetRule,
} from "../../policies/drainBlockingBudget";
import { imageAgeConfig, imageAgeRule } from "../../policies/imageAge";
import { imageMatchesShapeRule } from "../../policies/imageMatchesShape";
import { imageMatchesVersionRule } from "../../policies/imageMatchesVersion";
import {
  imageNotRetiredResourceRule,
  imageNotRetiredStackRule,
} from "../../policies/imageNotRetired";
import { resolveConfiguredCatalog } from "../../policies/lib/catalogConfig";
import { Finding } from "../../policies/lib/finding";
import { PlainResource } from "../../core/resources";
import { plainProps } from "../../policies/lib/unknown";
import { versionSkewConfig, versionSkewRule } from "../../policies/versionSkew";
import {
  workerIpDependencyConfig,
  workerIpDependencyRule,
} from "../../policies/workerIpDependency";
import {
  CURRENT_ARM_1342,
  CURRENT_X86_1331,
  CURRENT_X86_1342,
  RETIRED_ID,
  RETIRED_NAME,
  SAMPLE_CATALOG,
  T,
  U,
  cluster,
  nodePool,
  plain,
  publishedCatalog,
  sampleSources,
  urn,
} from "../fixtures/policies/stack";

const catalog = ImageCatalog.parse(SAMPLE_CATALOG);
const NOW = new Date("2026-11-21T00:00:00Z");
const RUNS = 300;

const KEYS = [
  "clusterId",
  "kubernetesVersion",
  "nodeShape",
  "nodeSourceDetails",
  "imageId",
  "sourceType",
  "nodeImageId",
  "nodeImageName",
  "nodeConfigDetails",
  "size",
  "nodePoolCyclingDetails",
  "isNodeCyclingEnabled",
  "cycleModes",
  "maximumSurge",
  "maximumUnavailable",
  "nodeEvictionNodePoolSettings",
  "evictionGraceDuration",
  "freeformTags",
  "okepools-image-source-name",
  "nodes",
  "privateIp",
  "id",
  "type",
  "ipAddress",
  "spec",
  "metadata",
  "name",
  "namespace",
  "replicas",
  "selector",
  "matchLabels",
  "matchExpressions",
  "template",
  "labels",
  "minAvailable",
  "maxUnavailable",
  "sources",
  "filter",
  "nodePoolOptionId",
  "nodePoolOsArch",
  "app",
  "constructor",
  "__proto__x",
];
const INTERESTING = [
  U,
  "",
  "v1.34.2",
  "v1.36.0",
  "v1.20.1",
  "1.35",
  RETIRED_ID,
  RETIRED_NAME,
  CURRENT_X86_1342,
  CURRENT_X86_1331,
  CURRENT_ARM_1342,
  "VM.Standard.A1.Flex",
  "BM.GPU.A10.4",
  "VM.Standard.E5.Flex",
  "INSTANCE_REPLACE",
  "BOOT_VOLUME_REPLACE",
  "BASIC_CLUSTER",
  "0",
  "0%",
  "100%",
  "PT90M",
  "PT0M",
  "10.0.10.5",
  "10.0.10.5/32",
  "all",
  "AARCH64",
  "OL8",
  "web",
];
const URNS = [
  "urn:a",
  "urn:b",
  urn(T.cluster, "prod"),
  urn(T.pool, "p0"),
  urn(T.pool, "p1"),
  urn(T.deployment, "web"),
];

const leaf = fc.oneof(
  fc.constantFrom(...INTERESTING),
  fc.string({ maxLength: 8 }),
  fc.integer({ min: -5, max: 200 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie("value"), { maxKeys: 5 }),
  ),
}));
const bag = fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 10 });
const resource = fc.record({
  urn: fc.constantFrom(...URNS),
  type: fc.constantFrom(
    T.pool,
    T.pool,
    T.cluster,
    T.backend,
    T.catalog,
    T.deployment,
    T.statefulSet,
    T.pdb,
    "other:x:Y",
  ),
  name: fc.string({ maxLength: 6 }),
  props: bag,
  parent: fc.option(fc.constantFrom(...URNS), { nil: undefined }),
  dependencies: fc.array(fc.constantFrom(...URNS), { maxLength: 3 }),
  propertyDependencies: fc.dictionary(
    fc.constantFrom("clusterId", "ipAddress", "x"),
    fc.array(fc.constantFrom(...URNS), { maxLength: 2 }),
    { maxKeys: 2 },
  ),
});
/** Mostly well-formed stacks with some realistic resources mixed in, plus a few shapes that are not resources at all. */
const stack = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: resource },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        plain(cluster("prod")),
        plain(nodePool("p0", { imageId: RETIRED_ID, tagName: RETIRED_NAME })),
        plain(publishedCatalog("c", sampleSources())),
      ),
    },
    { weight: 1, arbitrary: fc.anything() },
  ),
  { maxLength: 8 },
) as fc.Arbitrary<PlainResource[]>;

const stackRules: [string, (rs: PlainResource[]) => Finding[]][] = [
  ["image-not-retired (stack, no catalog)", (rs) => imageNotRetiredStackRule(rs, { problems: [] })],
  [
    "image-not-retired (stack, config catalog)",
    (rs) => imageNotRetiredStackRule(rs, { catalog, problems: [] }),
  ],
  [
    "version-skew",
    (rs) =>
      versionSkewRule(
        rs,
        versionSkewConfig({ clusterVersions: { "ocid1.cluster.x": "v1.30.1" } }).config,
      ),
  ],
  ["image-matches-version", (rs) => imageMatchesVersionRule(rs, catalog)],
  ["image-matches-shape", (rs) => imageMatchesShapeRule(rs, catalog)],
  ["cycling-settings", (rs) => cyclingSettingsRule(rs, cyclingSettingsConfig({}).config)],
  ["worker-ip-dependency", (rs) => workerIpDependencyRule(rs, workerIpDependencyConfig({}).config)],
  [
    "drain-blocking-disruption-budget",
    (rs) => drainBlockingBudgetRule(rs, drainBlockingBudgetConfig({}).config),
  ],
  ["image-age", (rs) => imageAgeRule(rs, imageAgeConfig({}).config, catalog, NOW)],
];

function wellFormedFindings(findings: unknown): void {
  assert.ok(Array.isArray(findings));
  for (const f of findings as Finding[]) {
    assert.strictEqual(typeof f.message, "string");
    assert.ok(f.message.length > 0);
    assert.ok(f.urn === undefined || typeof f.urn === "string");
  }
}

/** Every leaf of a value replaced by the unknown sentinel. */
function unknownify(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(unknownify);
  if (v !== null && typeof v === "object")
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unknownify(x)]));
  return U;
}

/** Found by this fuzz (seed -828827663): a null-prototype object where a cycle mode goes. */
const NULL_PROTOTYPE_MODES = [
  {
    urn: "urn:a",
    type: "oci:ContainerEngine/nodePool:NodePool",
    name: "",
    props: { nodePoolCyclingDetails: { cycleModes: [Object.create(null)] } },
    dependencies: [],
    propertyDependencies: {},
  },
];

describe("rule functions never throw on random property bags", () => {
  for (const [name, rule] of stackRules) {
    it(name, () => {
      fc.assert(
        fc.property(stack, (rs) => wellFormedFindings(rule(rs))),
        { numRuns: RUNS, examples: [[NULL_PROTOTYPE_MODES as never]] },
      );
    });
  }

  it("image-not-retired (resource phase)", () => {
    fc.assert(
      fc.property(resource, (r) =>
        wellFormedFindings(imageNotRetiredResourceRule(r as PlainResource, catalog)),
      ),
      { numRuns: RUNS },
    );
  });

  it("survive inputs that are not lists of resources at all", () => {
    for (const junk of [
      undefined,
      null,
      7,
      "x",
      {},
      [null, 1, "a", { urn: 1 }, { urn: "u", type: T.pool, props: "nope" }],
    ]) {
      for (const [, rule] of stackRules)
        wellFormedFindings(rule(junk as unknown as PlainResource[]));
    }
  });

  it("config readers and the catalog reader take any value", () => {
    const files = { baseDir: "/", readFile: () => "{" };
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom(
            "maxMinorSkew",
            "clusterVersions",
            "clusterTypes",
            "consumerTypes",
            "flagSingleReplica",
            "maxImageAgeDays",
            "catalog",
            "catalogFile",
          ),
          fc.anything(),
        ),
        (raw) => {
          versionSkewConfig(raw);
          cyclingSettingsConfig(raw);
          workerIpDependencyConfig(raw);
          drainBlockingBudgetConfig(raw);
          imageAgeConfig(raw);
          resolveConfiguredCatalog(raw, files);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("plainProps reads any value without throwing", () => {
    fc.assert(
      fc.property(fc.anything(), (v) => void plainProps(v)),
      { numRuns: RUNS },
    );
  });
});

describe("an unknown value never yields a violation at the policy's level", () => {
  const mandatory: [string, (rs: PlainResource[]) => Finding[]][] = [
    [
      "image-not-retired (resource)",
      (rs) => rs.flatMap((r) => imageNotRetiredResourceRule(r, catalog)),
    ],
    ...stackRules.filter(([n]) => /not-retired|skew|matches/.test(n)),
  ];
  it("when every value of every pool is unknown, with clusters and catalogs around", () => {
    const c = cluster("prod", { kubernetesVersion: "v1.30.1" });
    fc.assert(
      fc.property(fc.array(bag, { minLength: 1, maxLength: 4 }), (bags) => {
        const pools = bags.map((b, i) => ({
          ...plain(nodePool(`p${i}`, { cluster: c })),
          props: unknownify(b) as Record<string, unknown>,
        }));
        const rs = [plain(c), plain(publishedCatalog("c", sampleSources())), ...pools];
        for (const [, rule] of mandatory)
          for (const f of rule(rs)) assert.ok(f.advisoryOnly, `${f.message}`);
      }),
      { numRuns: RUNS },
    );
  });

  it("when each failing field of a failing pool becomes unknown", () => {
    const c = cluster("prod", { kubernetesVersion: "v1.35.2" });
    const failing = nodePool("bad", {
      cluster: c,
      version: "v1.31.1",
      imageId: RETIRED_ID,
      tagName: RETIRED_NAME,
      shape: "VM.Standard.A1.Flex",
    });
    const props = failing.outputs as Record<string, unknown>;
    const variants: Record<string, unknown>[] = [
      { ...props, kubernetesVersion: U, nodeSourceDetails: U },
      { ...props, kubernetesVersion: U, nodeSourceDetails: { sourceType: "IMAGE", imageId: U } },
      { ...props, kubernetesVersion: U, nodeSourceDetails: U, nodeShape: U },
    ];
    for (const v of variants) {
      const rs = [plain(c), { ...plain(failing), props: v }];
      for (const [name, rule] of mandatory)
        assert.deepStrictEqual(
          rule(rs).filter((f) => !f.advisoryOnly),
          [],
          name,
        );
    }
    // The same pool with its values known fails: the variants above are not passing by accident.
    for (const [name, rule] of mandatory.filter(([n]) => !n.includes("not-retired (stack"))) {
      assert.ok(
        rule([plain(c), plain(failing)]).some((f) => !f.advisoryOnly),
        name,
      );
    }
  });
});
