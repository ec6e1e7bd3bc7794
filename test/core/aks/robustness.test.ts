import { strict as assert } from "assert";
import fc from "fast-check";
import * as channels from "../../../core/aks/channels";
import * as nodeImage from "../../../core/aks/nodeImage";
import * as osRetirement from "../../../core/aks/osRetirement";
import * as poolSkew from "../../../core/aks/poolSkew";
import * as pools from "../../../core/aks/pools";
import * as read from "../../../core/aks/read";
import * as types from "../../../core/aks/types";
import * as upgradeSettings from "../../../core/aks/upgradeSettings";
import { checkNodeOsUpgradeChannel } from "../../../core/aks/channels";
import { assessNodeImageAge } from "../../../core/aks/nodeImage";
import { checkOsRetirement } from "../../../core/aks/osRetirement";
import { checkAksPoolSkew } from "../../../core/aks/poolSkew";
import { AksStackPool, buildAksStackModel } from "../../../core/aks/pools";
import { PlainResource } from "../../../core/resources";
import {
  AGENT_POOL_TYPE,
  CLASSIC_CLUSTER_TYPE,
  CLASSIC_NODE_POOL_TYPE,
  MANAGED_CLUSTER_TYPE,
} from "../../../core/aks/types";
import { checkUpgradeSettings } from "../../../core/aks/upgradeSettings";
import { FIXTURES, SENTINEL, aksResource, allPaths, fixture, replaceAt } from "./support";

const NOW = new Date("2026-04-15T00:00:00Z");

const FIELD_NAMES = [
  "kubernetesVersion",
  "currentKubernetesVersion",
  "resourceName",
  "resourceGroupName",
  "name",
  "id",
  "agentPoolName",
  "autoUpgradeProfile",
  "nodeOSUpgradeChannel",
  "upgradeChannel",
  "nodeOsUpgradeChannel",
  "nodeOsChannelUpgrade",
  "agentPoolProfiles",
  "defaultNodePool",
  "orchestratorVersion",
  "currentOrchestratorVersion",
  "osSKU",
  "osSku",
  "osType",
  "nodeImageVersion",
  "upgradeSettings",
  "maxSurge",
  "maxUnavailable",
  "drainTimeoutInMinutes",
  "nodeSoakDurationInMinutes",
  "undrainableNodeBehavior",
  "mode",
  "count",
  "nodeCount",
  "priority",
  "kubernetesClusterId",
  "state",
  "value",
  "status",
];
const VALUES = [
  fc.constant(SENTINEL),
  fc.constant(`prefix-${SENTINEL}`),
  fc.constantFrom(
    "1.30",
    "1.30.5",
    "v1.27.1",
    "1.3x",
    "0%",
    "33%",
    "150%",
    "abc",
    "0",
    "System",
    "None",
    "Unmanaged",
    "Windows2019",
    "Ubuntu",
    "Linux",
    "Spot",
    "known",
    "recognised",
  ),
  fc.constantFrom(
    "AKSUbuntu-2204gen2containerd-202404.22.0",
    "AKSWindows-2022-containerd-20348.3692.250518",
    "AKSUbuntu-2204gen2containerd-202410.27.0-2024.12.01",
    "AKSCBLMariner-V2gen2-202505.27.0",
  ),
  fc.constantFrom(
    "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c",
    "rg",
    "c",
  ),
  fc.integer({ min: -5, max: 2000 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.string(),
];
const junk = fc.anything({
  key: fc.oneof(fc.constantFrom(...FIELD_NAMES), fc.string()),
  values: VALUES,
  maxDepth: 4,
  withNullPrototype: true,
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withBigInt: true,
});
const URNS = ["urn:a", "urn:b", "urn:c", "urn:d"];
const resource = fc.record(
  {
    urn: fc.oneof(fc.constantFrom(...URNS), junk),
    type: fc.oneof(
      fc.constantFrom(
        MANAGED_CLUSTER_TYPE,
        AGENT_POOL_TYPE,
        CLASSIC_CLUSTER_TYPE,
        CLASSIC_NODE_POOL_TYPE,
        "azure-native:containerservice/v20240801:AgentPool",
      ),
      junk,
    ),
    props: junk,
    dependencies: fc.oneof(fc.array(fc.constantFrom(...URNS)), junk),
    propertyDependencies: fc.oneof(
      fc.record({
        resourceName: fc.array(fc.constantFrom(...URNS)),
        kubernetesClusterId: fc.array(fc.constantFrom(...URNS)),
      }),
      junk,
    ),
    parent: fc.oneof(fc.constantFrom(...URNS), junk),
  },
  { requiredKeys: ["urn", "type", "props"] },
);

const MODULES: Record<string, Record<string, unknown>> = {
  channels,
  nodeImage,
  osRetirement,
  poolSkew,
  pools,
  read,
  types,
  upgradeSettings,
};
const FUNCTIONS = Object.entries(MODULES).flatMap(([m, exports]) =>
  Object.entries(exports)
    .filter((e): e is [string, (...args: unknown[]) => unknown] => typeof e[1] === "function")
    .map(([name, fn]) => ({ name: `${m}.${name}`, fn })),
);

describe("aks core never throws", () => {
  it("covers every exported function", () => {
    assert.ok(FUNCTIONS.length >= 30, `only ${FUNCTIONS.length} functions found`);
    for (const name of [
      "types.aksKind",
      "nodeImage.parseNodeImageVersion",
      "osRetirement.checkOsRetirement",
      "upgradeSettings.checkUpgradeSettings",
      "pools.buildAksStackModel",
      "channels.nodeOsUpgradeChannelVerdict",
    ]) {
      assert.ok(
        FUNCTIONS.some((f) => f.name === name),
        name,
      );
    }
  });

  for (const { name, fn } of FUNCTIONS) {
    it(`${name} on arbitrary arguments`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.oneof(junk, fc.date({ noInvalidDate: false }), resource), { maxLength: 4 }),
          (args) => {
            fn(...args);
          },
        ),
        { numRuns: 150 },
      );
    });
  }

  it("buildAksStackModel and every check on arbitrary stacks", () => {
    fc.assert(
      fc.property(fc.array(resource, { maxLength: 6 }), junk, (resources, config) => {
        const r = buildAksStackModel(resources as PlainResource[], { clusterVersions: config });
        for (const p of r.pools) {
          checkUpgradeSettings(p.upgradeSettings, {
            path: p.fields.upgradeSettings,
            mode: p.mode.state === "known" ? p.mode.value : undefined,
          });
          checkOsRetirement(
            {
              osSku: read.valueOf(p.osSku),
              osType: read.valueOf(p.osType),
              nodeImageVersion: p.nodeImageVersion,
            },
            NOW,
            { kubernetesVersion: read.valueOf(p.effectiveVersion) },
          );
          checkAksPoolSkew(p);
          assessNodeImageAge(p.nodeImageVersion, NOW);
          assert.ok(
            [
              "inline",
              "resource group and name",
              "equal id",
              "property dependency",
              "parent",
              "dependency",
              "config",
              "pending",
              "ambiguous",
              "none",
            ].includes(p.controlPlane.via),
          );
        }
        for (const c of r.clusters) checkNodeOsUpgradeChannel(c.nodeOsUpgradeChannel);
      }),
      { numRuns: 400 },
    );
  });
});

// ---------------------------------------------------------------------------------------------

interface Evaluation {
  readonly pools: Map<
    string,
    {
      upgrade: string[];
      upgradeUnknown: number;
      os: string;
      skew: string;
      image: string;
      link: string;
    }
  >;
  readonly clusters: Map<string, string>;
}

function evaluate(resources: PlainResource[]): Evaluation {
  const r = buildAksStackModel(resources);
  const poolsOut = new Map<
    string,
    {
      upgrade: string[];
      upgradeUnknown: number;
      os: string;
      skew: string;
      image: string;
      link: string;
    }
  >();
  for (const p of r.pools) {
    const upgrade = checkUpgradeSettings(p.upgradeSettings, {
      path: p.fields.upgradeSettings,
      mode:
        p.mode.state === "known" ? p.mode.value : p.mode.state === "unknown" ? SENTINEL : undefined,
      classicNodePool: p.origin === "classicNodePool",
      priority:
        p.priority.state === "known"
          ? p.priority.value
          : p.priority.state === "unknown"
            ? SENTINEL
            : undefined,
    });
    const k8s =
      p.effectiveVersion.state === "known"
        ? p.effectiveVersion.value
        : p.effectiveVersion.state === "unknown"
          ? SENTINEL
          : undefined;
    const osSku =
      p.osSku.state === "known"
        ? p.osSku.value
        : p.osSku.state === "unknown"
          ? SENTINEL
          : undefined;
    const osType =
      p.osType.state === "known"
        ? p.osType.value
        : p.osType.state === "unknown"
          ? SENTINEL
          : undefined;
    poolsOut.set(p.key, {
      upgrade: upgrade.problems.map((x) => `${x.code}@${x.field}`),
      upgradeUnknown: upgrade.unknownFields.length,
      os: checkOsRetirement({ osSku, osType, nodeImageVersion: p.nodeImageVersion }, NOW, {
        kubernetesVersion: k8s,
      }).status,
      skew: checkAksPoolSkew(p).status,
      image: assessNodeImageAge(p.nodeImageVersion, NOW).status,
      link: linkState(p),
    });
  }
  const clusters = new Map(
    r.clusters.map((c) => [c.urn, checkNodeOsUpgradeChannel(c.nodeOsUpgradeChannel).status]),
  );
  return { pools: poolsOut, clusters };
}

/** How the control plane was found, coarsely: `linked` for any in-stack way but inline, `unknown` while pending. */
function linkState({ controlPlane: cp }: AksStackPool): string {
  if (cp.via === "pending") return "unknown";
  return "cluster" in cp && cp.via !== "inline" ? "linked" : cp.via;
}

const STACKS: Record<string, (props: Record<string, Record<string, unknown>>) => PlainResource[]> =
  {
    native: (f) => [
      aksResource("urn:cluster", MANAGED_CLUSTER_TYPE, f["native-cluster-outputs"]),
      aksResource("urn:pool", AGENT_POOL_TYPE, f["native-agentpool-outputs"]),
    ],
    nativeInputs: (f) => [
      aksResource("urn:cluster", MANAGED_CLUSTER_TYPE, f["native-cluster-inputs"]),
      aksResource("urn:pool", AGENT_POOL_TYPE, f["native-agentpool-inputs-old-provider"]),
    ],
    classic: (f) => [
      aksResource("urn:cluster", CLASSIC_CLUSTER_TYPE, f["classic-v6-cluster"]),
      aksResource("urn:old", CLASSIC_CLUSTER_TYPE, f["classic-v5-cluster"]),
      aksResource("urn:pool", CLASSIC_NODE_POOL_TYPE, f["classic-node-pool-outputs"]),
    ],
  };

// A value turned unknown may only turn a verdict into "unknown" (or drop a problem); it never
// adds a problem, a finding or a failure.
const UNKNOWNISH = new Set(["unknown"]);

describe("aks core: the unknown sentinel anywhere is reported as unknown, never as a failure", () => {
  it("the fixtures produce real findings to lose (so the comparison can fail)", () => {
    const all = [...Object.values(STACKS)].map((s) =>
      evaluate(s(Object.fromEntries(FIXTURES.map((n) => [n, fixture(n)])))),
    );
    const statuses = all.flatMap((e) =>
      [...e.pools.values()].flatMap((p) => [
        p.os,
        p.skew,
        p.image,
        ...p.upgrade.map((u) => u.split("@")[0]),
      ]),
    );
    for (const s of ["retired", "ok", "too-old", "classic-surge-xor-unavailable", "supported"])
      assert.ok(statuses.includes(s), s);
    assert.ok(all.some((e) => [...e.clusters.values()].includes("finding")));
  });

  for (const [stackName, build] of Object.entries(STACKS)) {
    it(`stack ${stackName}: every property, one at a time`, () => {
      const base = Object.fromEntries(FIXTURES.map((n) => [n, fixture(n)]));
      const original = evaluate(build(base));
      // Inline profiles that an AgentPool shadows in the full stack, evaluated as if unshadowed:
      // when the AgentPool's identity turns unknown they come back, with these verdicts.
      const clustersOnly = evaluate(
        build(base).filter(
          (r) => r.type === MANAGED_CLUSTER_TYPE || r.type === CLASSIC_CLUSTER_TYPE,
        ),
      );
      for (const [key, v] of clustersOnly.pools)
        if (!original.pools.has(key)) original.pools.set(key, v);
      let mutations = 0;
      for (const name of FIXTURES) {
        for (const at of [[], ...allPaths(base[name])]) {
          const mutated = {
            ...base,
            [name]: replaceAt(base[name], at, SENTINEL) as Record<string, unknown>,
          };
          const result = evaluate(build(mutated));
          mutations++;
          const where = `${name} @ ${at.join(".") || "(root)"}`;
          for (const [key, now] of result.pools) {
            const before = original.pools.get(key);
            assert.ok(before, `${where}: pool ${key} appeared from nowhere`);
            for (const u of now.upgrade)
              assert.ok(before.upgrade.includes(u), `${where}: ${key} gained ${u}`);
            for (const field of ["os", "skew", "image", "link"] as const) {
              assert.ok(
                now[field] === before[field] ||
                  UNKNOWNISH.has(now[field]) ||
                  (field === "link" && now.link === "linked" && before.link === "linked"),
                `${where}: ${key} ${field} ${before[field]} -> ${now[field]}`,
              );
            }
          }
          for (const [urn, now] of result.clusters) {
            const before = original.clusters.get(urn);
            assert.ok(
              now === before || now === "unknown",
              `${where}: cluster ${urn} channel ${before} -> ${now}`,
            );
          }
        }
      }
      assert.ok(mutations > 50);
    });
  }
});
