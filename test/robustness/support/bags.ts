/**
 * Generators for the robustness suite: stacks of resources shaped like the ones the pack judges
 * (OKE NodePool / Cluster / LB Backend / published ImageCatalog, Kubernetes Deployment /
 * StatefulSet / PodDisruptionBudget, AKS ManagedCluster / AgentPool / classic cluster and node
 * pool), built coherently (pools linked to clusters, backends at node IPs, workloads on pair
 * colours, budgets selecting workloads) and then damaged by random mutations: wrong types, nulls,
 * deleted keys, huge strings, deep nesting, long arrays, the unknown sentinel as a whole value,
 * array element, nested value or key, secrets and resource references, swapped types and
 * broken relations. Mutations start from realistic shapes so that the fuzzing reaches the deep
 * branches of the rules, not only their first type check.
 *
 * Everything is derived from fast-check values, so a run is reproduced by its seed.
 */
import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";
import type { AnalyzerResource } from "../../../offline/analyzer/types";
import type { PlainResource } from "../../../core/resources";
import {
  CLUSTER_ID,
  EXTERNAL_CLUSTER_ID,
  RETIRED_ID,
  RETIRED_NAME,
  T,
  U,
  backend,
  cluster,
  deployment,
  nodePool,
  pdb,
  plain,
  plainInputs,
  publishedCatalog,
  res,
  sampleSources,
  urn,
} from "../../fixtures/policies/stack";

export { U };

/** The seed every property of the suite uses unless FUZZ_SEED is set; printed with every failure. */
export const SEED =
  process.env.FUZZ_SEED !== undefined && process.env.FUZZ_SEED !== ""
    ? Number(process.env.FUZZ_SEED)
    : 0x6f6b65;
/** FUZZ_SCALE=10 runs ten times as many cases (a longer campaign); the default keeps `npm test` fast. */
export const SCALE = Math.max(0.01, Number(process.env.FUZZ_SCALE ?? "1") || 1);

export function runs(n: number): number {
  return Math.max(1, Math.round(n * SCALE));
}

/** fast-check parameters with the suite's seed; a failure's message carries the seed and the path to replay it. */
export function params(numRuns: number, seedOffset = 0): fc.Parameters<unknown> {
  return { seed: SEED + seedOffset, numRuns, endOnFailure: false };
}

function replay(e: unknown, numRuns: number, seedOffset: number): never {
  const cause =
    e instanceof Error && e.cause !== undefined
      ? `\nCause: ${e.cause instanceof Error ? e.cause.message : String(e.cause)}`
      : "";
  const message = (e instanceof Error ? e.message : String(e)) + cause;
  throw new Error(
    `${message}\nReplay: FUZZ_SEED=${SEED} (this property runs with seed ${SEED + seedOffset}, ${numRuns} runs).`,
  );
}

/** Runs a property and, on failure, says how to replay it. */
export function check<Ts>(property: fc.IProperty<Ts>, numRuns: number, seedOffset = 0): void {
  try {
    fc.assert(property, params(numRuns, seedOffset) as fc.Parameters<Ts>);
  } catch (e) {
    replay(e, numRuns, seedOffset);
  }
}

export async function checkAsync<Ts>(
  property: fc.IAsyncProperty<Ts>,
  numRuns: number,
  seedOffset = 0,
): Promise<void> {
  try {
    await fc.assert(property, params(numRuns, seedOffset) as fc.Parameters<Ts>);
  } catch (e) {
    replay(e, numRuns, seedOffset);
  }
}

// ---------------------------------------------------------------------------------------------
// Values

const SOURCES = sampleSources();
const AKS_DIR = path.join(__dirname, "..", "..", "fixtures", "aks");
const aksJson = (file: string): Record<string, unknown> =>
  JSON.parse(fs.readFileSync(path.join(AKS_DIR, file), "utf8"));

export const AKS = {
  managedCluster: "azure-native:containerservice:ManagedCluster",
  managedClusterVersioned: "azure-native:containerservice/v20240801:ManagedCluster",
  agentPool: "azure-native:containerservice:AgentPool",
  classicCluster: "azure:containerservice/kubernetesCluster:KubernetesCluster",
  classicNodePool: "azure:containerservice/kubernetesClusterNodePool:KubernetesClusterNodePool",
} as const;

const AKS_TEMPLATES: { type: string; name: string; props: Record<string, unknown> }[] = [
  { type: AKS.managedCluster, name: "aks-prod", props: aksJson("native-cluster-outputs.json") },
  {
    type: AKS.managedClusterVersioned,
    name: "aks-prod",
    props: aksJson("native-cluster-inputs.json"),
  },
  { type: AKS.agentPool, name: "userpool", props: aksJson("native-agentpool-outputs.json") },
  {
    type: AKS.agentPool,
    name: "oldpool",
    props: aksJson("native-agentpool-inputs-old-provider.json"),
  },
  { type: AKS.classicCluster, name: "aks-classic", props: aksJson("classic-v5-cluster.json") },
  { type: AKS.classicCluster, name: "aks-classic6", props: aksJson("classic-v6-cluster.json") },
  { type: AKS.classicNodePool, name: "spot", props: aksJson("classic-node-pool-outputs.json") },
];

const SECRET = (value: unknown) => ({
  "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
  value,
});
const RESOURCE_REF = (u: string) => ({
  "4dabf18193072939515e22adb298388d": "5cf8f73096256a8f31e491e813e4eb8e",
  urn: u,
  id: U,
});

/** Values that sit near a decision of some rule, or are plainly of the wrong kind. */
const NEAR_VALUES: unknown[] = [
  U,
  `${U}`,
  `v1.${U}`,
  `${U}/32`,
  `prefix-${U}-suffix`,
  null,
  "",
  " ",
  "\u0000",
  "null",
  "undefined",
  0,
  -0,
  -1,
  1,
  2,
  3,
  1.5,
  2 ** 31,
  -(2 ** 53),
  1e308,
  true,
  false,
  "true",
  "false",
  [],
  {},
  [U],
  [null],
  [[]],
  { [U]: U },
  "v1.34.2",
  "v1.35.2",
  "v1.36.0",
  "v1.20.1",
  "1.35",
  "v1.34",
  "v2.0.0",
  "v1.34.2.1",
  "V1.34.2",
  " v1.34.2 ",
  "v01.034.002",
  "v1.34.99999999999999999999",
  "1.29",
  "1.30.5",
  "1.27",
  "1.33.0",
  "1.28.9",
  RETIRED_ID,
  RETIRED_NAME,
  SOURCES[0].imageId,
  SOURCES[0].sourceName,
  SOURCES[SOURCES.length - 1].imageId,
  SOURCES[SOURCES.length - 1].sourceName,
  "Oracle-Linux-8.10-aarch64-2026.10.20-1-OKE-1.34.2-1580",
  "Oracle-Linux-8.10-Gen2-GPU-2026.10.20-1-OKE-1.34.2-1580",
  "oracle-linux-9.7-2026.06.15-0-oke-1.33.10-1505",
  "Oracle-Linux-8.10-2026.13.45-0-OKE-1.34.2-1580",
  "Oracle-Linux--OKE-",
  "ocid1.image.oc1..x",
  "ocid1.cluster.oc1.phx.aaaa",
  CLUSTER_ID,
  EXTERNAL_CLUSTER_ID,
  "VM.Standard.E5.Flex",
  "VM.Standard.A1.Flex",
  "VM.Standard.A2.Flex",
  "BM.GPU.A10.4",
  "VM.GPU3.1",
  "vm.standard.a1.flex",
  "INSTANCE_REPLACE",
  "BOOT_VOLUME_REPLACE",
  "instance_replace",
  ["INSTANCE_REPLACE"],
  ["BOOT_VOLUME_REPLACE"],
  ["INSTANCE_REPLACE", "BOOT_VOLUME_REPLACE"],
  ["REBOOT"],
  [U],
  "BASIC_CLUSTER",
  "ENHANCED_CLUSTER",
  "basic_cluster",
  "0",
  "1",
  "-1",
  "25%",
  "0%",
  "100%",
  "150%",
  "%",
  "1.5",
  "01",
  "1e3",
  "PT0M",
  "PT30M",
  "PT60M",
  "PT61M",
  "PT1H",
  "P1D",
  "PT",
  "30m",
  "10.0.10.5",
  "10.0.10.5/32",
  "10.0.10.6",
  "::1",
  "all",
  "ALL",
  "AARCH64",
  "X86_64",
  "OL8",
  "OL7",
  "UBUNTU",
  "blue",
  "green",
  "red",
  "Blue",
  "web",
  "api",
  "okepools-pair",
  "okepools.io/colour",
  "IMAGE",
  "image",
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "Ubuntu",
  "Ubuntu2204",
  "AzureLinux",
  "Windows2019",
  "Windows2022",
  "CBLMariner",
  "AKSUbuntu-2204gen2containerd-202404.22.0",
  "AKSWindows-2019-containerd-17763.7314.250518",
  "NodeImage",
  "None",
  "Unmanaged",
  "SecurityPatch",
  "33%",
  "System",
  "User",
  "Linux",
  "Windows",
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-prod",
  "/subscriptions/x/resourceGroups/",
  "rg-aks/aks-prod",
  SECRET("v1.34.2"),
  SECRET(U),
  SECRET({ imageId: RETIRED_ID }),
  {
    "4dabf18193072939515e22adb298388d": "c44067f5952c0a294b673a41bacd8c17",
    hash: "x",
    path: "/tmp/x",
  },
  { key: U, value: "blue" },
  { key: "okepools.io/colour", value: U },
  [
    { key: "okepools.io/pair", value: "web" },
    { key: "okepools.io/colour", value: "green" },
  ],
  { matchLabels: { app: "web" } },
  { matchExpressions: [{ key: "app", operator: "In", values: ["web"] }] },
  { matchExpressions: [{ key: "app", operator: "Exists" }] },
  { matchExpressions: U },
  { privateIp: "10.0.10.5" },
  [{ privateIp: "10.0.10.5" }, { privateIp: U }],
];

/** A long string: an image-name or version prefix repeated, to catch slow parsing or regular expressions. */
const hugeString = fc
  .tuple(
    fc.constantFrom(2_000, 20_000, 200_000),
    fc.constantFrom(
      "a",
      "1.",
      "v1.",
      "-OKE-",
      "Oracle-Linux-8.10-",
      "ocid1.image.oc1.",
      "PT1",
      "9",
      "%",
      `${U}`,
    ),
  )
  .map(([n, unit]) => unit.repeat(Math.ceil(n / unit.length)));

/** Nesting hundreds of levels deep, with the sentinel or a near value at the bottom. */
const deepValue = fc
  .tuple(fc.integer({ min: 20, max: 400 }), fc.constantFrom(...NEAR_VALUES), fc.boolean())
  .map(([depth, bottom, arrays]) => {
    let v: unknown = bottom;
    for (let i = 0; i < depth; i++) v = arrays ? [v] : { v, size: i };
    return v;
  });

/** Longer lists than any rule reads in full (node IPs, labels, cycle modes, sources). */
const longArray = fc
  .tuple(
    fc.integer({ min: 1_001, max: 3_000 }),
    fc.constantFrom<unknown>(
      U,
      "10.0.10.5",
      { privateIp: "10.0.10.5" },
      { key: "k", value: "v" },
      "INSTANCE_REPLACE",
      null,
      1,
    ),
  )
  .map(([n, v]) => Array.from({ length: n }, () => v));

/**
 * Only for in-process runs: values JSON cannot carry, and resource references (the engine sends an
 * analyzer a reference's id or URN, never the reference; @pulumi/policy refuses the signature).
 */
const NON_JSON: unknown[] = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  undefined,
  [, 1],
  Object.create(null),
  RESOURCE_REF(urn(T.cluster, "prod")),
];

export interface Flavour {
  /** Only values the engine can send (JSON data); set for the protocol fuzz. */
  readonly jsonSafe: boolean;
}

function junk(f: Flavour): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...NEAR_VALUES) },
    { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: hugeString },
    { weight: 1, arbitrary: deepValue },
    { weight: 1, arbitrary: longArray },
    { weight: f.jsonSafe ? 0 : 1, arbitrary: fc.constantFrom(...NON_JSON) },
  );
}

// ---------------------------------------------------------------------------------------------
// Coherent scenarios

const POOL_NAMES = ["p0", "p1", "p2", "web-blue", "web-green", "gpu"] as const;
const NODE_IPS = ["10.0.10.5", "10.0.10.6", "10.0.20.7"];

const cyclingSpec = fc.record(
  {
    isNodeCyclingEnabled: fc.constantFrom<unknown>(true, false, "true", U),
    cycleModes: fc.constantFrom<unknown>(
      ["INSTANCE_REPLACE"],
      ["BOOT_VOLUME_REPLACE"],
      [],
      ["instance_replace"],
      ["INSTANCE_REPLACE", "BOOT_VOLUME_REPLACE"],
      ["REBOOT"],
      "INSTANCE_REPLACE",
      [U],
      U,
    ),
    maximumSurge: fc.constantFrom<unknown>("0", "1", "25%", "0%", "abc", 2, U),
    maximumUnavailable: fc.constantFrom<unknown>("0", "1", "3", "25%", "100%", "0%", -1, U),
  },
  { requiredKeys: [] },
);

const pairSpec = fc.record({
  pair: fc.constantFrom("web", "api"),
  colour: fc.constantFrom<unknown>("blue", "green", "blue", "green", "red", U),
  active: fc.constantFrom<unknown>("blue", "green", "blue", "green", "purple", U, undefined),
  via: fc.constantFrom("tags", "labels", "both"),
});

const poolSpec = fc.record({
  name: fc.constantFrom(...POOL_NAMES),
  version: fc.constantFrom<string | null | undefined>(
    "v1.35.2",
    "v1.34.2",
    "v1.33.1",
    "v1.31.1",
    "v1.30.1",
    "v1.36.0",
    "1.34.2",
    "v1.34",
    null,
    undefined,
  ),
  image: fc.oneof(
    fc.constantFrom(...SOURCES),
    fc.constant({ imageId: RETIRED_ID, sourceName: RETIRED_NAME }),
    fc.constant({
      imageId: "ocid1.image.oc1.phx.aaaaaaaaunknownimage0000",
      sourceName: "Oracle-Linux-8.10-2024.01.26-0-OKE-1.29.1-679",
    }),
  ),
  imageField: fc.constantFrom(
    "nodeSourceDetails",
    "nodeSourceDetails",
    "nodeImageId",
    "nodeImageName",
    "both",
  ),
  tagName: fc.boolean(),
  shape: fc.constantFrom(
    "VM.Standard.E5.Flex",
    "VM.Standard.E5.Flex",
    "VM.Standard.A1.Flex",
    "VM.Standard.A2.Flex",
    "BM.GPU.A10.4",
    "VM.GPU3.1",
  ),
  size: fc.constantFrom<unknown>(0, 1, 2, 3, 5, "3"),
  cycling: fc.option(cyclingSpec, { nil: undefined }),
  eviction: fc.option(
    fc.record(
      {
        evictionGraceDuration: fc.constantFrom<unknown>(
          "PT0M",
          "PT30M",
          "PT60M",
          "PT90M",
          "P1D",
          "30m",
          30,
        ),
      },
      { requiredKeys: [] },
    ),
    { nil: undefined },
  ),
  link: fc.constantFrom(
    "propertyDependency",
    "propertyDependency",
    "equalId",
    "dependency",
    "external",
    "none",
  ),
  nodeIps: fc.subarray(NODE_IPS),
  pair: fc.option(pairSpec, { nil: undefined }),
  parent: fc.boolean(),
});

/** A blue/green pair as BlueGreenNodePool builds it: one pool per declared colour, tagged and labelled alike, mostly healthy. */
const healthyPairSpec = fc.record({
  pair: fc.constantFrom("shop", "batch"),
  active: fc.constantFrom<"blue" | "green">("blue", "green"),
  both: fc.boolean(),
  activeSize: fc.constantFrom(1, 2, 3, 0),
  otherSize: fc.constantFrom(0, 1, 3),
  via: fc.constantFrom("tags", "labels-and-tags"),
  workload: fc.constantFrom("active", "other", "none"),
});

const clusterSpec = fc.record({
  name: fc.constantFrom("prod", "stage"),
  version: fc.constantFrom<unknown>("v1.35.2", "v1.34.2", "v1.31.1", "v1.28.0", "v1.36.0", "1.33"),
  type: fc.constantFrom<unknown>(
    "ENHANCED_CLUSTER",
    "ENHANCED_CLUSTER",
    "BASIC_CLUSTER",
    "enhanced_cluster",
    undefined,
  ),
  id: fc.constantFrom(
    CLUSTER_ID,
    EXTERNAL_CLUSTER_ID,
    "ocid1.cluster.oc1.phx.aaaaaaaaother000000000000",
  ),
});

const workloadSpec = fc.record({
  name: fc.constantFrom("web", "api", "batch"),
  kind: fc.constantFrom(T.deployment, T.deployment, T.statefulSet),
  replicas: fc.constantFrom<unknown>(0, 1, 2, 3, "2", undefined, U),
  namespace: fc.constantFrom<string | undefined>(undefined, "default", "apps"),
  selector: fc.constantFrom<Record<string, string> | undefined>(
    undefined,
    { "okepools.io/pair": "web", "okepools.io/colour": "green" },
    { "okepools.io/pair": "web", "okepools.io/colour": "blue" },
    { "okepools.io/pool": "web-blue" },
    { "okepools.io/pair": "api", "okepools.io/colour": "green" },
  ),
});

const pdbSpec = fc.record({
  name: fc.constantFrom("web-pdb", "api-pdb"),
  target: fc.constantFrom("web", "api", "batch", "none"),
  namespace: fc.constantFrom<string | undefined>(undefined, "default", "apps"),
  budget: fc.constantFrom<Record<string, unknown>>(
    { maxUnavailable: 0 },
    { maxUnavailable: "0%" },
    { maxUnavailable: 1 },
    { minAvailable: "100%" },
    { minAvailable: 2 },
    { minAvailable: 1 },
    { minAvailable: "50%" },
    { maxUnavailable: "abc" },
    {},
  ),
  expressions: fc.boolean(),
});

const catalogSpec = fc.record({
  count: fc.integer({ min: 0, max: SOURCES.length }),
  asString: fc.boolean(),
  filter: fc.constantFrom<Record<string, unknown>>(
    { nodePoolOptionId: "all" },
    { nodePoolOptionId: CLUSTER_ID },
    { nodePoolOptionId: "all", nodePoolOsArch: "AARCH64" },
    { nodePoolOptionId: "all", nodePoolOsArch: "X86_64", nodePoolOsType: "OL8" },
    { nodePoolOptionId: "all", nodePoolK8sVersion: "v1.34.2" },
    { nodePoolOptionId: "all", compartmentId: "ocid1.compartment.oc1..aaaa", weird: 1 },
    {},
  ),
});

const aksSpec = fc.record({
  template: fc.integer({ min: 0, max: AKS_TEMPLATES.length - 1 }),
  linkTo: fc.option(fc.nat(), { nil: undefined }),
});

/** An AKS template's Azure identity: two resources for one cluster (or pool) are not a real stack. */
const AKS_IDENTITY = [
  "aks-prod",
  "aks-prod",
  "aks-prod/userpool",
  "aks-prod/batch",
  "aks-old",
  "aks-classic",
  "aks-classic/spot",
];

/**
 * A scenario. With `unique`, identities are unique as in a real stack (URNs, pool and cluster
 * names, cluster ids, Azure resources); without, duplicates are part of the damage.
 */
function scenarioSpecOf(unique: boolean) {
  const list = <A>(arb: fc.Arbitrary<A>, maxLength: number, key: (a: A) => unknown) =>
    unique ? fc.uniqueArray(arb, { maxLength, selector: key }) : fc.array(arb, { maxLength });
  return fc.record({
    clusters: unique
      ? fc
          .uniqueArray(clusterSpec, { maxLength: 2, selector: (c) => c.name })
          .filter((cs) => new Set(cs.map((c) => c.id)).size === cs.length)
      : fc.array(clusterSpec, { maxLength: 2 }),
    pools: list(poolSpec, 4, (p) => p.name),
    pairs: list(healthyPairSpec, 2, (p) => p.pair),
    workloads: list(workloadSpec, 3, (w) => `${w.kind}/${w.name}`),
    pdbs: list(pdbSpec, 2, (b) => b.name),
    backends: fc.array(fc.tuple(fc.constantFrom(...NODE_IPS), fc.boolean(), fc.nat()), {
      maxLength: 2,
    }),
    catalogs: fc.array(catalogSpec, { maxLength: 2 }),
    aks: list(aksSpec, 3, (a) => AKS_IDENTITY[a.template]),
    stackRoot: fc.boolean(),
  });
}

const scenarioSpec = scenarioSpecOf(false);
const uniqueScenarioSpec = scenarioSpecOf(true);

type ScenarioSpec = typeof scenarioSpec extends fc.Arbitrary<infer S> ? S : never;

function poolResource(
  p: ScenarioSpec["pools"][number],
  clusters: AnalyzerResource[],
  i: number,
  parents: AnalyzerResource[],
): AnalyzerResource {
  const c = clusters.length > 0 ? clusters[i % clusters.length] : undefined;
  const name = p.name;
  const tags: Record<string, unknown> = {};
  const labels: { key: string; value: unknown }[] = [{ key: "okepools.io/pool", value: name }];
  if (p.tagName) tags["okepools-image-source-name"] = p.image.sourceName;
  if (p.pair) {
    if (p.pair.via !== "labels") {
      tags["okepools-pair"] = p.pair.pair;
      tags["okepools-colour"] = p.pair.colour;
      if (p.pair.active !== undefined) tags["okepools-active-colour"] = p.pair.active;
    }
    if (p.pair.via !== "tags")
      labels.push(
        { key: "okepools.io/pair", value: p.pair.pair },
        { key: "okepools.io/colour", value: p.pair.colour },
      );
  }
  const parent = p.parent ? res(T.okePool, name, {}, { custom: false }) : undefined;
  if (parent) parents.push(parent);
  const clusterId =
    p.link === "external"
      ? EXTERNAL_CLUSTER_ID
      : p.link === "none"
        ? undefined
        : c
          ? (c.outputs as { id: string }).id
          : CLUSTER_ID;
  const r = nodePool(name, {
    ...(p.version === undefined ? {} : { version: p.version }),
    imageId: p.image.imageId,
    shape: p.shape,
    size: p.size,
    ...(p.cycling ? { cycling: p.cycling } : {}),
    ...(p.eviction ? { eviction: p.eviction } : {}),
    ...(clusterId !== undefined ? { clusterId } : {}),
    ...(c && p.link === "propertyDependency" ? { cluster: c } : {}),
    nodeIps: p.nodeIps,
    extra: { freeformTags: tags, initialNodeLabels: labels },
    ...(parent ? { parent } : {}),
  });
  const fix = (props: Record<string, unknown>) => {
    const out = { ...props };
    if (clusterId === undefined) delete out.clusterId;
    if (p.imageField === "nodeImageId" || p.imageField === "nodeImageName")
      delete out.nodeSourceDetails;
    if (p.imageField === "nodeImageId" || p.imageField === "both")
      out.nodeImageId = p.image.imageId;
    if (p.imageField === "nodeImageName") out.nodeImageName = p.image.sourceName;
    return out;
  };
  const deps = c && p.link === "dependency" ? { dependencies: [c.urn] } : {};
  return {
    ...r,
    inputs: fix(r.inputs as Record<string, unknown>),
    outputs: fix(r.outputs as Record<string, unknown>),
    ...deps,
  };
}

/** A coherent stack from a scenario: clusters, pools (with components), backends, workloads, budgets, catalogs, AKS. */
export function buildScenario(s: ScenarioSpec): AnalyzerResource[] {
  const out: AnalyzerResource[] = [];
  if (s.stackRoot) out.push(res("pulumi:pulumi:Stack", "oke-pools-dev", {}, { custom: false }));
  const clusters = s.clusters.map((c) => {
    const r = cluster(
      c.name,
      { kubernetesVersion: c.version, ...(c.type === undefined ? {} : { type: c.type }) },
      c.id,
    );
    if (c.type === undefined) {
      const { type: _i, ...inputs } = r.inputs as Record<string, unknown>;
      const { type: _o, ...outputs } = r.outputs as Record<string, unknown>;
      return { ...r, inputs, outputs };
    }
    return r;
  });
  out.push(...clusters);
  const parents: AnalyzerResource[] = [];
  const workloadsOfPairs: AnalyzerResource[] = [];
  const pools = s.pools.map((p, i) => poolResource(p, clusters, i, parents));
  for (const pair of s.pairs) {
    const colours = pair.both ? (["blue", "green"] as const) : ([pair.active] as const);
    for (const colour of colours) {
      const spec = {
        name: `${pair.pair}-${colour}`,
        version: "v1.34.2",
        image:
          SOURCES.find((x) => x.sourceName === "Oracle-Linux-8.10-2026.10.20-1-OKE-1.34.2-1580") ??
          SOURCES[0],
        imageField: "nodeSourceDetails",
        tagName: true,
        shape: "VM.Standard.E5.Flex",
        size: colour === pair.active ? pair.activeSize : pair.otherSize,
        cycling: undefined,
        eviction: undefined,
        link: "propertyDependency",
        nodeIps: [],
        pair: {
          pair: pair.pair,
          colour,
          active: pair.active,
          via: pair.via === "tags" ? "tags" : "both",
        },
        parent: true,
      } as unknown as ScenarioSpec["pools"][number];
      pools.push(poolResource(spec, clusters, 0, parents));
    }
    if (pair.workload !== "none") {
      const colour =
        pair.workload === "active" ? pair.active : pair.active === "blue" ? "green" : "blue";
      const d = deployment(`${pair.pair}-app`, 2, { app: `${pair.pair}-app` });
      const place = (props: Record<string, unknown>) => {
        const spec = props.spec as { template: { spec: Record<string, unknown> } } & Record<
          string,
          unknown
        >;
        return {
          ...props,
          spec: {
            ...spec,
            template: {
              ...spec.template,
              spec: {
                ...spec.template.spec,
                nodeSelector: { "okepools.io/pair": pair.pair, "okepools.io/colour": colour },
              },
            },
          },
        };
      };
      workloadsOfPairs.push({
        ...d,
        inputs: place(d.inputs as Record<string, unknown>),
        outputs: place(d.outputs as Record<string, unknown>),
      });
    }
  }
  out.push(...parents, ...pools, ...workloadsOfPairs);
  s.backends.forEach(([ip, cidr, which], i) => {
    const pool = pools.length > 0 ? pools[which % pools.length] : undefined;
    const b = backend(
      `be${i}`,
      cidr ? `${ip}/32` : ip,
      pool ? { dependencies: [pool.urn], propertyDependencies: { ipAddress: [pool.urn] } } : {},
    );
    out.push(b);
  });
  for (const w of s.workloads) {
    const d = deployment(
      w.name,
      w.replicas as number | undefined,
      { app: w.name },
      w.namespace,
      w.kind,
    );
    if (w.replicas === undefined) out.push(d);
    else {
      const set = (props: Record<string, unknown>) => ({
        ...props,
        spec: { ...(props.spec as Record<string, unknown>), replicas: w.replicas },
      });
      out.push({
        ...d,
        inputs: set(d.inputs as Record<string, unknown>),
        outputs: set(d.outputs as Record<string, unknown>),
      });
    }
    if (w.selector) {
      const last = out[out.length - 1];
      const place = (props: Record<string, unknown>) => {
        const spec = props.spec as { template: { spec: Record<string, unknown> } } & Record<
          string,
          unknown
        >;
        return {
          ...props,
          spec: {
            ...spec,
            template: {
              ...spec.template,
              spec: { ...spec.template.spec, nodeSelector: w.selector },
            },
          },
        };
      };
      out[out.length - 1] = {
        ...last,
        inputs: place(last.inputs as Record<string, unknown>),
        outputs: place(last.outputs as Record<string, unknown>),
      };
    }
  }
  for (const b of s.pdbs) {
    const selector = b.expressions
      ? { matchExpressions: [{ key: "app", operator: "In", values: [b.target] }] }
      : { matchLabels: { app: b.target } };
    out.push(pdb(b.name, { ...b.budget, selector }, b.namespace));
  }
  s.catalogs.forEach((c, i) => {
    const sources = SOURCES.slice(0, c.count);
    out.push(
      publishedCatalog(`catalog${i}`, c.asString ? JSON.stringify(sources) : sources, c.filter),
    );
  });
  // Clusters first, so that a pool can depend on (and be a child of) the cluster its properties name, as in a real stack.
  const aks = [...s.aks].sort(
    (a, b) =>
      Number(!/Cluster$/.test(AKS_TEMPLATES[a.template].type)) -
      Number(!/Cluster$/.test(AKS_TEMPLATES[b.template].type)),
  );
  const aksClusters: { r: AnalyzerResource; identity: string }[] = [];
  for (const a of aks) {
    const t = AKS_TEMPLATES[a.template];
    const identity = AKS_IDENTITY[a.template];
    const isCluster = /Cluster$/.test(t.type);
    const own = aksClusters.filter((c) => c.identity === identity.split("/")[0]);
    const link =
      !isCluster && a.linkTo !== undefined && own.length > 0
        ? own[a.linkTo % own.length].r
        : undefined;
    const r = res(
      t.type,
      t.name,
      structuredClone(t.props),
      link ? { dependencies: [link.urn], parent: link.urn } : {},
    );
    if (isCluster) aksClusters.push({ r, identity });
    out.push(r);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Mutations

export type Path = readonly (string | number)[];

const SIG_KEY = "4dabf18193072939515e22adb298388d";

/**
 * Every node of a value (objects, arrays, leaves), breadth-limited, with the path to it. A secret
 * or asset (an object with the signature key) is one node: the engine never sends half of one.
 */
export function nodePaths(value: unknown, limit = 400, maxDepth = 10): Path[] {
  const out: Path[] = [];
  const walk = (v: unknown, at: Path) => {
    if (out.length >= limit || at.length > maxDepth) return;
    if (at.length > 0) out.push(at);
    if (v !== null && typeof v === "object" && SIG_KEY in v) return;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length && i < 20; i++) walk(v[i], [...at, i]);
    } else if (v !== null && typeof v === "object") {
      for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k], [...at, k]);
    }
  };
  walk(value, []);
  return out;
}

function containerAt(root: unknown, at: Path): Record<string | number, unknown> | undefined {
  let cur: unknown = root;
  for (const k of at.slice(0, -1)) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur !== null && typeof cur === "object"
    ? (cur as Record<string | number, unknown>)
    : undefined;
}

/** Sets (or with `remove`, deletes) the value at `at`; a missing parent leaves the value as it is. */
export function setAt(root: unknown, at: Path, value: unknown, remove = false): void {
  const c = containerAt(root, at);
  if (!c) return;
  const key = at[at.length - 1];
  if (remove) {
    if (Array.isArray(c) && typeof key === "number") c.splice(key, 1);
    else delete c[key];
  } else {
    // Own data property even for keys such as __proto__.
    Object.defineProperty(c, key, { value, enumerable: true, writable: true, configurable: true });
  }
}

function getAt(root: unknown, at: Path): unknown {
  const c = containerAt(root, at);
  return c ? c[at[at.length - 1]] : undefined;
}

type ValueOp =
  | { readonly kind: "set"; readonly value: unknown }
  | { readonly kind: "unknown" }
  | { readonly kind: "delete" }
  | { readonly kind: "wrap"; readonly asArray: boolean }
  | { readonly kind: "push"; readonly value: unknown }
  | { readonly kind: "renameKey"; readonly to: string }
  | { readonly kind: "secret" };

type ResourceOp =
  | { readonly kind: "props"; readonly value: unknown }
  | { readonly kind: "type"; readonly type: string }
  | {
      readonly kind: "relations";
      readonly field: "dependencies" | "propertyDependencies" | "parent";
      readonly value: unknown;
    }
  | { readonly kind: "duplicate" };

export interface Mutation {
  readonly target: number;
  readonly path: number;
  readonly op: ValueOp | ResourceOp;
}

const TYPES = [
  T.pool,
  T.cluster,
  T.backend,
  T.catalog,
  T.okePool,
  T.deployment,
  T.statefulSet,
  T.pdb,
  AKS.managedCluster,
  AKS.agentPool,
  AKS.classicCluster,
  AKS.classicNodePool,
  "pulumi:pulumi:Stack",
  "pulumi:providers:oci",
  "x:y:Z",
  "",
];

function valueOp(f: Flavour): fc.Arbitrary<ValueOp> {
  return fc.oneof(
    { weight: 6, arbitrary: junk(f).map((value) => ({ kind: "set", value }) as const) },
    { weight: 5, arbitrary: fc.constant({ kind: "unknown" } as const) },
    { weight: 3, arbitrary: fc.constant({ kind: "delete" } as const) },
    { weight: 1, arbitrary: fc.boolean().map((asArray) => ({ kind: "wrap", asArray }) as const) },
    { weight: 1, arbitrary: junk(f).map((value) => ({ kind: "push", value }) as const) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          U,
          "__proto__",
          "constructor",
          "",
          "okepools-active-colour",
          "okepools.io/colour",
        )
        .map((to) => ({ kind: "renameKey", to }) as const),
    },
    { weight: f.jsonSafe ? 1 : 0, arbitrary: fc.constant({ kind: "secret" } as const) },
  );
}

function resourceOp(f: Flavour): fc.Arbitrary<ResourceOp> {
  const cluster = urn(T.cluster, "prod");
  // What the protocol can carry: a parent URN, lists of URNs (possibly of resources not in the stack).
  const engineRelation = fc.oneof(
    fc
      .constantFrom<unknown>("", "urn:none", cluster, urn(T.pool, "p0"))
      .map((value) => ({ kind: "relations", field: "parent", value }) as const),
    fc
      .constantFrom<unknown>([], ["urn:none"], [cluster], [urn(T.pool, "p0"), urn(T.pool, "p0")])
      .map((value) => ({ kind: "relations", field: "dependencies", value }) as const),
    fc
      .constantFrom<unknown>(
        {},
        { clusterId: ["urn:none"] },
        { clusterId: [cluster, urn(T.pool, "p1")] },
        { ipAddress: [urn(T.pool, "p0")] },
      )
      .map((value) => ({ kind: "relations", field: "propertyDependencies", value }) as const),
  );
  const anyRelation = fc
    .tuple(
      fc.constantFrom("dependencies", "propertyDependencies", "parent") as fc.Arbitrary<
        "dependencies" | "propertyDependencies" | "parent"
      >,
      fc.constantFrom<unknown>(
        null,
        U,
        "urn",
        7,
        [1, null, {}],
        {},
        { clusterId: U },
        { clusterId: [null, 3, cluster] },
        [cluster],
      ),
    )
    .map(([field, value]) => ({ kind: "relations", field, value }) as const);
  return fc.oneof(
    {
      weight: f.jsonSafe ? 0 : 1,
      arbitrary: fc
        .constantFrom<unknown>(U, null, "props", 3, [], [{}])
        .map((value) => ({ kind: "props", value }) as const),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(...TYPES).map((type) => ({ kind: "type", type }) as const),
    },
    {
      weight: 2,
      arbitrary: (f.jsonSafe ? engineRelation : anyRelation) as fc.Arbitrary<ResourceOp>,
    },
    { weight: 1, arbitrary: fc.constant({ kind: "duplicate" } as const) },
  );
}

export function mutations(f: Flavour, maxLength = 6): fc.Arbitrary<Mutation[]> {
  const op = fc.oneof(
    { weight: 6, arbitrary: valueOp(f) },
    { weight: 1, arbitrary: resourceOp(f) },
  );
  return fc.array(fc.record({ target: fc.nat(), path: fc.nat(), op }), { maxLength });
}

/** A private copy of a generated value: the constant pools are shared, and a stack must never alias them (or itself). */
function fresh(v: unknown): unknown {
  try {
    return structuredClone(v);
  } catch {
    return v;
  }
}

function applyValueOp(props: Record<string, unknown>, at: Path, op: ValueOp): void {
  switch (op.kind) {
    case "set":
      return setAt(props, at, fresh(op.value));
    case "unknown":
      return setAt(props, at, U);
    case "delete":
      return setAt(props, at, undefined, true);
    case "wrap": {
      const v = getAt(props, at);
      return setAt(props, at, op.asArray ? [v] : { value: v });
    }
    case "push": {
      const v = getAt(props, at);
      if (Array.isArray(v)) v.push(fresh(op.value));
      else if (v !== null && typeof v === "object") setAt(v, ["extra"], fresh(op.value));
      return;
    }
    case "renameKey": {
      const c = containerAt(props, at);
      const key = at[at.length - 1];
      if (!c || Array.isArray(c)) return;
      const v = c[key];
      delete c[key];
      setAt(c, [op.to], v);
      return;
    }
    case "secret":
      return setAt(props, at, SECRET(getAt(props, at) ?? null));
  }
}

/** Applies mutations to a copy of the stack; value mutations hit inputs and outputs alike. */
export function mutate(
  stack: readonly AnalyzerResource[],
  ms: readonly Mutation[],
): AnalyzerResource[] {
  const out = stack.map((r) => ({
    ...r,
    inputs: structuredClone(r.inputs) as Record<string, unknown>,
    outputs: structuredClone(r.outputs) as Record<string, unknown>,
  })) as (AnalyzerResource & {
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
  })[];
  for (const m of ms) {
    if (out.length === 0) return out;
    const i = m.target % out.length;
    const r = out[i];
    switch (m.op.kind) {
      case "props":
        out[i] = {
          ...r,
          inputs: fresh(m.op.value) as Record<string, unknown>,
          outputs: fresh(m.op.value) as Record<string, unknown>,
        };
        break;
      case "type":
        out[i] = { ...r, type: m.op.type };
        break;
      case "relations":
        out[i] = { ...r, [m.op.field]: fresh(m.op.value) } as typeof r;
        break;
      case "duplicate":
        out.push({ ...r, inputs: structuredClone(r.inputs), outputs: structuredClone(r.outputs) });
        break;
      default:
        for (const props of [r.outputs, r.inputs]) {
          if (props === null || typeof props !== "object") continue;
          const paths = nodePaths(props);
          if (paths.length === 0) {
            if (m.op.kind === "set" || m.op.kind === "push")
              setAt(props, ["x"], fresh((m.op as { value: unknown }).value));
            continue;
          }
          applyValueOp(props, paths[m.path % paths.length], m.op);
        }
    }
  }
  return out;
}

/** Resources that are not resources at all, or barely: for in-process runs. */
const NOT_RESOURCES: unknown[] = [
  null,
  undefined,
  7,
  "x",
  U,
  [],
  {},
  { urn: 1 },
  { urn: "u", type: T.pool, props: "nope" },
  { urn: "u2", type: T.pool },
  { type: T.pool, props: {} },
  { urn: "u3", type: 5, props: {} },
];

export interface Case {
  readonly stack: AnalyzerResource[];
}

/** A damaged stack: a coherent scenario plus mutations (and, in-process, a few things that are no resources). */
export function damagedStack(f: Flavour): fc.Arbitrary<AnalyzerResource[]> {
  return fc
    .tuple(
      scenarioSpec,
      mutations(f),
      fc.array(fc.constantFrom(...NOT_RESOURCES), { maxLength: f.jsonSafe ? 0 : 2 }),
    )
    .map(([s, ms, extra]) => [
      ...mutate(buildScenario(s), ms),
      ...(extra.map(fresh) as AnalyzerResource[]),
    ]);
}

/** A coherent scenario with unique identities and value mutations only (types, relations and URNs stay engine-like). */
export function valueDamagedStack(f: Flavour, maxMutations = 3): fc.Arbitrary<AnalyzerResource[]> {
  const valueOnly = fc.array(fc.record({ target: fc.nat(), path: fc.nat(), op: valueOp(f) }), {
    maxLength: maxMutations,
  });
  return fc.tuple(uniqueScenarioSpec, valueOnly).map(([s, ms]) => mutate(buildScenario(s), ms));
}

/** The stack as stack-phase rules see it (outputs), tolerating entries that are no resources. */
export function stackView(stack: readonly unknown[]): PlainResource[] {
  return stack.map((r) =>
    r !== null && typeof r === "object" && "outputs" in r && "urn" in r
      ? plain(r as AnalyzerResource)
      : (r as PlainResource),
  );
}

/** One resource as the resource phase sees it (inputs). */
export function inputView(r: unknown): PlainResource {
  return r !== null && typeof r === "object" && "inputs" in r && "urn" in r
    ? plainInputs(r as AnalyzerResource)
    : (r as PlainResource);
}

/** How many property bags a stack holds (each resource's inputs and outputs, or the thing itself). */
export function bagCount(stack: readonly unknown[]): number {
  return stack.reduce<number>(
    (n, r) => n + (r !== null && typeof r === "object" && "inputs" in r ? 2 : 1),
    0,
  );
}

// ---------------------------------------------------------------------------------------------
// Unknowns

/** Replaces the nodes picked by `picks` (indexes into each resource's node paths) with the sentinel, in inputs and outputs. */
export function withUnknowns(
  stack: readonly AnalyzerResource[],
  picks: readonly [number, number][],
): AnalyzerResource[] {
  const out = stack.map((r) => ({
    ...r,
    inputs: structuredClone(r.inputs) as Record<string, unknown>,
    outputs: structuredClone(r.outputs) as Record<string, unknown>,
  }));
  if (out.length === 0) return out;
  for (const [target, node] of picks) {
    const r = out[target % out.length];
    for (const props of [r.outputs, r.inputs]) {
      const paths = nodePaths(props);
      if (paths.length > 0) setAt(props, paths[node % paths.length], U);
    }
  }
  return out;
}

export const unknownPicks = fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 6 });
