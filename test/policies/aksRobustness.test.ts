/**
 * The AKS rule functions are total and never let an unknown fail a preview: random AKS property
 * bags (wrong types, nulls, the unknown sentinel anywhere, malformed relations) never make them
 * throw, and replacing values of a failing stack by the sentinel never adds a violation at the
 * policy's level.
 */
import * as assert from "assert";
import fc from "fast-check";
import {
  aksImageAgeConfig,
  aksImageAgeRule,
  aksImageNotRetiredConfig,
  aksImageNotRetiredRule,
} from "../../policies/aks/nodeImages";
import { aksUpgradeSettingsRule } from "../../policies/aks/upgradeSettings";
import { aksVersionSkewRule } from "../../policies/aks/versionSkew";
import {
  aksNodeOsUpgradeChannelConfig,
  aksNodeOsUpgradeChannelRule,
} from "../../policies/aksNodeOsUpgradeChannel";
import { Finding } from "../../policies/lib/finding";
import { PlainResource } from "../../core/resources";
import { versionSkewConfig } from "../../policies/versionSkew";
import {
  AKS,
  IMG,
  NOW,
  U,
  agentPool,
  armClusterId,
  classicCluster,
  classicNodePool,
  managedCluster,
  plain,
} from "../fixtures/aks/stack";

const RUNS = 300;
const TYPES = [
  AKS.cluster,
  AKS.agentPool,
  AKS.classicCluster,
  AKS.classicPool,
  AKS.clusterV,
  AKS.agentPoolV,
  "azure-native:containerservice/v20240801preview:AgentPool",
  "other:x:Y",
];
const KEYS = [
  "resourceGroupName",
  "resourceName",
  "agentPoolName",
  "name",
  "id",
  "kubernetesVersion",
  "currentKubernetesVersion",
  "orchestratorVersion",
  "currentOrchestratorVersion",
  "nodeImageVersion",
  "osSKU",
  "osSku",
  "osType",
  "mode",
  "count",
  "nodeCount",
  "priority",
  "vmSize",
  "upgradeSettings",
  "maxSurge",
  "maxUnavailable",
  "drainTimeoutInMinutes",
  "nodeSoakDurationInMinutes",
  "undrainableNodeBehavior",
  "agentPoolProfiles",
  "defaultNodePool",
  "autoUpgradeProfile",
  "nodeOSUpgradeChannel",
  "upgradeChannel",
  "nodeOsUpgradeChannel",
  "nodeOsChannelUpgrade",
  "kubernetesClusterId",
  "constructor",
  "__proto__x",
];
const INTERESTING = [
  U,
  `${U}/agentPools/x`,
  "",
  "1.30",
  "1.30.5",
  "v1.31.1",
  "1.26.0",
  "1.33",
  "latest",
  "rg-aks",
  "aks-prod",
  armClusterId("rg-aks", "aks-prod"),
  ...Object.values(IMG),
  "Ubuntu",
  "Ubuntu2204",
  "Windows2019",
  "AzureLinux",
  "CBLMariner",
  "Windows",
  "Linux",
  "System",
  "User",
  "Spot",
  "0",
  "0%",
  "33%",
  "150%",
  "x",
  "None",
  "Unmanaged",
  "NodeImage",
];
const URNS = [
  managedCluster("aks-prod").urn,
  classicCluster("aks-classic").urn,
  agentPool("p0").urn,
  "urn:a",
];

const leaf = fc.oneof(
  fc.constantFrom(...INTERESTING),
  fc.string({ maxLength: 8 }),
  fc.integer({ min: -5, max: 2000 }),
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
  type: fc.constantFrom(...TYPES),
  name: fc.string({ maxLength: 6 }),
  props: bag,
  parent: fc.option(fc.constantFrom(...URNS), { nil: undefined }),
  dependencies: fc.oneof(fc.array(fc.constantFrom(...URNS), { maxLength: 3 }), fc.anything()),
  propertyDependencies: fc.oneof(
    fc.dictionary(
      fc.constantFrom("resourceName", "kubernetesClusterId", "x"),
      fc.array(fc.constantFrom(...URNS), { maxLength: 2 }),
      { maxKeys: 2 },
    ),
    fc.anything(),
  ),
});
const stack = fc.array(
  fc.oneof({ weight: 6, arbitrary: resource }, { weight: 1, arbitrary: fc.anything() }),
  { maxLength: 6 },
) as fc.Arbitrary<PlainResource[]>;

/** A stack in which every stack rule finds something. */
function failingStack(): PlainResource[] {
  const c = managedCluster("aks-prod", {
    version: "1.31",
    nodeOsChannel: "None",
    profiles: [
      {
        name: "system",
        mode: "System",
        version: "1.26.1",
        image: IMG.old,
        upgradeSettings: { maxSurge: "0" },
      },
      { name: "win", osType: "Windows", osSKU: "Windows2019", image: IMG.win2019 },
    ],
  });
  const p = agentPool("batch", {
    cluster: c,
    version: "1.32.0",
    image: IMG.legacy1804,
    upgradeSettings: { drainTimeoutInMinutes: 2 },
  });
  const cc = classicCluster("aks-classic", {
    defaultNodePool: {
      name: "default",
      version: "1.26.0",
      image: IMG.mariner,
      osSKU: "AzureLinux",
      upgradeSettings: { maxSurge: "x" },
    },
  });
  const cp = classicNodePool("spot", {
    cluster: cc,
    version: "1.27.0",
    image: IMG.win2022Old,
    osType: "Windows",
  });
  return [c, p, cc, cp].map(plain);
}

type Rule = [name: string, mandatory: boolean, run: (rs: PlainResource[]) => Finding[]];
const rules: Rule[] = [
  [
    "version skew",
    true,
    (rs) =>
      aksVersionSkewRule(
        rs,
        versionSkewConfig({
          clusterVersions: { "rg-x/aks-x": "1.30", [armClusterId("rg-aks", "aks-prod")]: "1.31" },
        }).config,
      ),
  ],
  [
    "image not retired",
    true,
    (rs) => aksImageNotRetiredRule(rs, aksImageNotRetiredConfig({}).config, NOW),
  ],
  ["image age", false, (rs) => aksImageAgeRule(rs, aksImageAgeConfig({}).config, NOW)],
  ["upgrade settings", false, (rs) => aksUpgradeSettingsRule(rs)],
  [
    "node OS upgrade channel (per resource)",
    false,
    (rs) =>
      (Array.isArray(rs) ? rs : []).flatMap((r) =>
        aksNodeOsUpgradeChannelRule(r, aksNodeOsUpgradeChannelConfig({}).config),
      ),
  ],
];

function wellFormed(findings: unknown): void {
  assert.ok(Array.isArray(findings));
  for (const f of findings as Finding[]) {
    assert.ok(typeof f.message === "string" && f.message.length > 0);
    assert.ok(f.urn === undefined || typeof f.urn === "string");
  }
}

/** Every leaf under `props` at `path` replaced by the sentinel. */
function unknownAt(
  rs: PlainResource[],
  index: number,
  path: readonly (string | number)[],
): PlainResource[] {
  const copy = JSON.parse(JSON.stringify(rs)) as PlainResource[];
  let cur = copy[index].props as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) cur = cur[key] as Record<string | number, unknown>;
  cur[path[path.length - 1]] = U;
  return copy;
}

function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value))
    return value.flatMap((v, i) => [[...prefix, i], ...paths(v, [...prefix, i])]);
  if (value !== null && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]);
  return [];
}

describe("AKS rule functions: robustness", () => {
  for (const [name, , run] of rules) {
    it(`${name}: never throws on random AKS property bags or junk`, () => {
      fc.assert(
        fc.property(stack, (rs) => wellFormed(run(rs))),
        { numRuns: RUNS },
      );
      for (const junk of [
        undefined,
        null,
        7,
        "x",
        {},
        [null, 1, "a", { urn: 1 }, { urn: "u", type: AKS.cluster, props: "nope" }],
      ])
        wellFormed(run(junk as unknown as PlainResource[]));
    });
  }

  it("config readers take any value", () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom(
            "aksMaxNodeImageAgeDays",
            "aksOsRetirements",
            "flaggedChannels",
            "clusterVersions",
            "maxMinorSkew",
          ),
          fc.anything(),
        ),
        (raw) => {
          aksImageNotRetiredConfig(raw);
          aksImageAgeConfig(raw);
          aksNodeOsUpgradeChannelConfig(raw);
          aksVersionSkewRule(failingStack(), versionSkewConfig(raw).config);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("the failing stack fails every rule, so the unknown checks below are not passing by accident", () => {
    for (const [name, , run] of rules)
      assert.ok(
        run(failingStack()).some((f) => !f.advisoryOnly),
        name,
      );
  });

  it("an unknown in place of any value of the failing stack never adds a violation", () => {
    // Counted per resource: an unknown may change a message's wording (a placeholder for a name), never the number of violations.
    const counts = (fs: Finding[]) =>
      fs
        .filter((f) => !f.advisoryOnly)
        .reduce(
          (m, f) => m.set(f.urn ?? "", (m.get(f.urn ?? "") ?? 0) + 1),
          new Map<string, number>(),
        );
    const base = failingStack();
    const baseline = new Map(rules.map(([name, , run]) => [name, counts(run(base))]));
    let checked = 0;
    base.forEach((r, i) => {
      for (const p of paths(r.props)) {
        const variant = unknownAt(base, i, p);
        for (const [name, mandatory, run] of rules) {
          if (!mandatory) continue;
          for (const [urn, n] of counts(run(variant))) {
            assert.ok(
              n <= (baseline.get(name)?.get(urn) ?? 0),
              `${name}: unknown at ${r.type}.${p.join(".")} added a violation on ${urn}: ${JSON.stringify(run(variant))}`,
            );
          }
        }
        checked++;
      }
    });
    assert.ok(checked > 50, `${checked} variants`);
  });

  it("a stack whose every pool value is unknown yields no violation at the policy's level", () => {
    const unknownify = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(unknownify)
        : v !== null && typeof v === "object"
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unknownify(x)]))
          : U;
    fc.assert(
      fc.property(
        fc.array(bag, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(AKS.agentPool, AKS.classicPool, AKS.agentPoolV),
        (bags, type) => {
          const c = plain(managedCluster("aks-prod", { version: "1.31" }));
          const pools = bags.map((b, i) => ({
            ...plain(agentPool(`p${i}`, { cluster: managedCluster("aks-prod") })),
            type,
            props: unknownify(b) as Record<string, unknown>,
          }));
          for (const [name, mandatory, run] of rules)
            if (mandatory)
              for (const f of run([c, ...pools]))
                assert.ok(f.advisoryOnly, `${name}: ${f.message}`);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
