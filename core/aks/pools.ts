import { KubeVersion, parseKubeVersion } from "../kubeVersion";
import {
  PlainResource,
  ViewOrigin,
  dependenciesOf,
  lastUrnPart,
  propertyDependenciesOf,
} from "../resources";
import { ChannelRead, readNodeOsUpgradeChannel, readUpgradeChannel } from "./channels";
import { NodeImageParse, parseNodeImageVersion } from "./nodeImage";
import {
  ABSENT,
  Reading,
  UNKNOWN,
  UNKNOWN_STRING,
  describeValue,
  formatPath,
  invalid,
  isRecord,
  isUnknown,
  known,
  readFirst,
  readNumber,
  readPath,
  readString,
} from "./read";
import { AksKind, aksKind } from "./types";

/**
 * Normalising AKS resources into cluster and pool views, and finding each pool's control plane.
 * Works on plain data so a policy pack can call it from per-resource validation (props are
 * inputs) and from stack validation (props are outputs).
 */

export type ClusterKind = "managedCluster" | "classicCluster";
export type PoolOrigin =
  "managedClusterProfile" | "agentPool" | "classicDefaultPool" | "classicNodePool";

/** One AKS cluster's control plane; `displayName` is its known `name` when that differs. */
export interface AksClusterView extends ViewOrigin {
  readonly kind: ClusterKind;
  /** The cluster's Azure name: azure-native `resourceName` (else the `name` output); classic `name`. */
  readonly name: Reading<string>;
  readonly resourceGroupName: Reading<string>;
  /** The ARM id (an output; absent from inputs). */
  readonly id: Reading<string>;
  /** `kubernetesVersion` as declared. */
  readonly kubernetesVersion: Reading<KubeVersion>;
  /** The `currentKubernetesVersion` output. */
  readonly currentKubernetesVersion: Reading<KubeVersion>;
  /** The control plane's version: see {@link resolveDeclaredVersion}. */
  readonly controlPlaneVersion: Reading<KubeVersion>;
  readonly nodeOsUpgradeChannel: ChannelRead;
  readonly upgradeChannel: ChannelRead;
  /** azure-native `agentPoolProfiles[]`, classic `defaultNodePool`. */
  readonly inlinePools: readonly AksPoolView[];
  /** The pool list (or default pool) itself is not known until the deployment runs. */
  readonly inlinePoolsUnknown: boolean;
}

/** How a pool names its cluster. */
export type ClusterRef =
  | { readonly by: "inline"; readonly clusterUrn: string }
  | {
      readonly by: "resourceGroupAndName";
      readonly resourceGroupName: Reading<string>;
      readonly clusterName: Reading<string>;
    }
  | { readonly by: "id"; readonly clusterId: Reading<string> };

/**
 * One AKS node pool. Its origin (urn, type, resourceName) is the resource it is written in: for
 * an inline pool, its cluster; `displayName` is the pool's known `name` when that differs.
 */
export interface AksPoolView extends ViewOrigin {
  readonly origin: PoolOrigin;
  /** Unique per pool: the URN, plus `#<path>` for inline pools. */
  readonly key: string;
  /** Where the pool's properties sit in the resource: `agentPoolProfiles[1]`, `defaultNodePool`, or `` for pool resources. */
  readonly path: string;
  /** The pool's Azure name (`name`; an AgentPool's `agentPoolName`). */
  readonly name: Reading<string>;
  /** The pool's own declared version; absent means "the control plane's". */
  readonly orchestratorVersion: Reading<KubeVersion>;
  /** The `currentOrchestratorVersion` output (azure-native only). */
  readonly currentOrchestratorVersion: Reading<KubeVersion>;
  readonly osSku: Reading<string>;
  readonly osType: Reading<string>;
  readonly nodeImageVersion: NodeImageParse;
  /** `upgradeSettings` as given, for {@link checkUpgradeSettings}. */
  readonly upgradeSettings: unknown;
  /** Property paths of the pool's fields, for messages. */
  readonly fields: {
    readonly orchestratorVersion: string;
    readonly osSku: string;
    readonly nodeImageVersion: string;
    readonly upgradeSettings: string;
  };
  readonly mode: Reading<string>;
  readonly count: Reading<number>;
  /** azure-native `scaleSetPriority`, classic `priority` (`Regular`/`Spot`). */
  readonly priority: Reading<string>;
  readonly vmSize: Reading<string>;
  readonly clusterRef: ClusterRef;
  /** URNs the property that names the cluster depends on (none for an inline pool), as on OKE's PoolView. */
  readonly clusterLinks: readonly string[];
  /** The parent's URN, when the resource has one. */
  readonly parent?: string;
  /** Every URN the resource depends on (plain dependencies). */
  readonly dependencies: readonly string[];
}

export interface NormalisedAksResource {
  readonly kind?: AksKind;
  /** Set for ManagedCluster and KubernetesCluster. */
  readonly cluster?: AksClusterView;
  /** Inline pools of a cluster, or the one pool of a pool resource. */
  readonly pools: readonly AksPoolView[];
}

// ---------------------------------------------------------------------------------------------
// Reading

/** A version field: absent, unknown, not a version (invalid) or a parsed version. */
export function readVersion(
  root: unknown,
  path: readonly (string | number)[],
): Reading<KubeVersion> {
  const r = readPath(root, path);
  if (r.state !== "known") return r;
  const v = parseKubeVersion(r.value);
  return v
    ? known(v)
    : invalid(r.value, `${formatPath(path)} is not a Kubernetes version such as 1.30 or 1.30.5`);
}

/**
 * The version that counts from a declared field and its output counterpart: the declared one
 * (it is what the deployment makes it), made exact by the output when the declaration leaves
 * out the patch (`1.30` declared, `1.30.5` running); the output when nothing is declared.
 */
export function resolveDeclaredVersion(
  declared: Reading<KubeVersion>,
  current: Reading<KubeVersion>,
): Reading<KubeVersion> {
  if (!isRecord(declared) || !isRecord(current))
    return isRecord(declared) ? declared : isRecord(current) ? current : ABSENT;
  if (declared.state === "known") {
    if (
      declared.value.patch === undefined &&
      current.state === "known" &&
      current.value.patch !== undefined &&
      current.value.major === declared.value.major &&
      current.value.minor === declared.value.minor
    ) {
      return current;
    }
    return declared;
  }
  if (declared.state === "absent") return current;
  return declared;
}

function safeString(value: unknown, fallback: string): string {
  return typeof value === "string" ? value : fallback;
}

/**
 * Normalises one resource; anything that is not an AKS resource gives `{ pools: [] }`. Never
 * throws, whatever the resource holds; props that are themselves unknown read as unknown.
 */
export function normaliseAksResource(resource: PlainResource): NormalisedAksResource {
  try {
    const r: Partial<Record<keyof PlainResource, unknown>> = isRecord(resource) ? resource : {};
    const kind = aksKind(r.type);
    const urn = safeString(r.urn, "");
    const source: ViewOrigin = {
      provider: "aks",
      urn,
      type: safeString(r.type, ""),
      resourceName: safeString(r.name, lastUrnPart(urn)),
    };
    const props = r.props;
    const relations = (clusterProperty?: string): PoolRelations => ({
      clusterLinks: clusterProperty ? propertyDependenciesOf(resource, clusterProperty) : [],
      ...(typeof r.parent === "string" ? { parent: r.parent } : {}),
      dependencies: dependenciesOf(resource),
    });
    switch (kind) {
      case "managedCluster":
        return clusterResult(kind, managedClusterView(source, relations(), props));
      case "classicCluster":
        return clusterResult(kind, classicClusterView(source, relations(), props));
      case "agentPool":
        return {
          kind,
          pools: [
            poolView(
              source,
              relations("resourceName"),
              "agentPool",
              props,
              [],
              agentPoolRef(props),
            ),
          ],
        };
      case "classicNodePool":
        return {
          kind,
          pools: [
            poolView(source, relations("kubernetesClusterId"), "classicNodePool", props, [], {
              by: "id",
              clusterId: readString(props, ["kubernetesClusterId"]),
            }),
          ],
        };
      default:
        return { pools: [] };
    }
  } catch {
    return { pools: [] };
  }
}

type PoolRelations = Pick<AksPoolView, "clusterLinks" | "parent" | "dependencies">;

function clusterResult(kind: AksKind, cluster: AksClusterView): NormalisedAksResource {
  return { kind, cluster, pools: cluster.inlinePools };
}

// Outputs may carry only the ARM id; the resource group and cluster name are read from it then.
const ARM_AGENT_POOL_ID =
  /^\/subscriptions\/[^/]+\/resourcegroups\/([^/]+)\/providers\/microsoft\.containerservice\/managedclusters\/([^/]+)\/agentpools\/[^/]+\/?$/i;

function fromId(props: unknown, pattern: RegExp, group: 1 | 2): Reading<string> {
  const id = readString(props, ["id"]);
  if (id.state !== "known") return id.state === "unknown" ? UNKNOWN : ABSENT;
  const m = pattern.exec(id.value);
  return m ? known(m[group]) : ABSENT;
}

function orFromId(
  read: Reading<string>,
  props: unknown,
  pattern: RegExp,
  group: 1 | 2,
): Reading<string> {
  return read.state === "absent" ? fromId(props, pattern, group) : read;
}

function agentPoolRef(props: unknown): ClusterRef {
  return {
    by: "resourceGroupAndName",
    resourceGroupName: orFromId(
      readString(props, ["resourceGroupName"]),
      props,
      ARM_AGENT_POOL_ID,
      1,
    ),
    clusterName: orFromId(readString(props, ["resourceName"]), props, ARM_AGENT_POOL_ID, 2),
  };
}

/** The source with the cloud's name as `displayName` when it is known and differs. */
function named(source: ViewOrigin, name: Reading<string>): ViewOrigin {
  return name.state === "known" && name.value !== source.resourceName
    ? { ...source, displayName: name.value }
    : source;
}

function managedClusterView(
  source: ViewOrigin,
  relations: PoolRelations,
  props: unknown,
): AksClusterView {
  const profiles = readPath(props, ["agentPoolProfiles"]);
  const inlinePools: AksPoolView[] = [];
  if (profiles.state === "known" && Array.isArray(profiles.value)) {
    profiles.value.forEach((profile, i) => {
      if (isUnknown(profile) || isRecord(profile)) {
        inlinePools.push(
          poolView(source, relations, "managedClusterProfile", props, ["agentPoolProfiles", i], {
            by: "inline",
            clusterUrn: source.urn,
          }),
        );
      }
    });
  }
  const name = orFromId(
    readFirst(props, readString, [["resourceName"], ["name"]]).read,
    props,
    ARM_CLUSTER_ID,
    2,
  );
  return clusterView(
    source,
    "managedCluster",
    props,
    name,
    inlinePools,
    profiles.state === "unknown",
  );
}

function classicClusterView(
  source: ViewOrigin,
  relations: PoolRelations,
  props: unknown,
): AksClusterView {
  const pool = readPath(props, ["defaultNodePool"]);
  const inlinePools: AksPoolView[] = [];
  if (pool.state === "unknown" || (pool.state === "known" && isRecord(pool.value))) {
    inlinePools.push(
      poolView(source, relations, "classicDefaultPool", props, ["defaultNodePool"], {
        by: "inline",
        clusterUrn: source.urn,
      }),
    );
  }
  const name = orFromId(readString(props, ["name"]), props, ARM_CLUSTER_ID, 2);
  return clusterView(source, "classicCluster", props, name, inlinePools, pool.state === "unknown");
}

/** The fields both cluster kinds read the same way. */
function clusterView(
  source: ViewOrigin,
  kind: ClusterKind,
  props: unknown,
  name: Reading<string>,
  inlinePools: AksPoolView[],
  inlinePoolsUnknown: boolean,
): AksClusterView {
  const kubernetesVersion = readVersion(props, ["kubernetesVersion"]);
  const currentKubernetesVersion = readVersion(props, ["currentKubernetesVersion"]);
  return {
    ...named(source, name),
    kind,
    name,
    resourceGroupName: orFromId(readString(props, ["resourceGroupName"]), props, ARM_CLUSTER_ID, 1),
    id: readString(props, ["id"]),
    kubernetesVersion,
    currentKubernetesVersion,
    controlPlaneVersion: resolveDeclaredVersion(kubernetesVersion, currentKubernetesVersion),
    nodeOsUpgradeChannel: readNodeOsUpgradeChannel(kind, props),
    upgradeChannel: readUpgradeChannel(kind, props),
    inlinePools,
    inlinePoolsUnknown,
  };
}

function poolView(
  source: ViewOrigin,
  relations: PoolRelations,
  origin: PoolOrigin,
  props: unknown,
  at: readonly (string | number)[],
  clusterRef: ClusterRef,
): AksPoolView {
  const native = origin === "managedClusterProfile" || origin === "agentPool";
  const p = (...keys: string[]) => [...at, ...keys];
  const path = formatPath(at);
  const field = (name: string) => (path ? `${path}.${name}` : name);
  const osSkuName = native ? "osSKU" : "osSku";
  const nameRead =
    origin === "agentPool"
      ? readFirst(props, readString, [["agentPoolName"], ["name"]]).read
      : readString(props, p("name"));
  const upgrade = readPath(props, p("upgradeSettings"));
  return {
    ...named(source, nameRead),
    origin,
    key: path ? `${source.urn}#${path}` : source.urn,
    path,
    name: nameRead,
    orchestratorVersion: readVersion(props, p("orchestratorVersion")),
    currentOrchestratorVersion: readVersion(props, p("currentOrchestratorVersion")),
    osSku: readString(props, p(osSkuName)),
    osType:
      origin === "classicDefaultPool" && readPath(props, p("osType")).state === "absent"
        ? known("Linux")
        : readString(props, p("osType")),
    nodeImageVersion: readNodeImage(props, p("nodeImageVersion")),
    upgradeSettings:
      upgrade.state === "unknown"
        ? UNKNOWN_STRING
        : upgrade.state === "known"
          ? upgrade.value
          : undefined,
    fields: {
      orchestratorVersion: field("orchestratorVersion"),
      osSku: field(osSkuName),
      nodeImageVersion: field("nodeImageVersion"),
      upgradeSettings: field("upgradeSettings"),
    },
    // The classic default pool is the cluster's system pool.
    mode:
      origin === "classicDefaultPool"
        ? systemUnlessUnknown(props, at)
        : readString(props, p("mode")),
    count: readNumber(props, p(native ? "count" : "nodeCount")),
    priority: readString(props, p(native ? "scaleSetPriority" : "priority")),
    vmSize: readString(props, p("vmSize")),
    clusterRef,
    ...relations,
  };
}

function readNodeImage(props: unknown, path: readonly (string | number)[]): NodeImageParse {
  const r = readPath(props, path);
  if (r.state === "known") return parseNodeImageVersion(r.value);
  if (r.state === "invalid")
    return { status: "unrecognised", raw: describeValue(r.raw), reason: r.reason };
  return { status: r.state };
}

function systemUnlessUnknown(props: unknown, at: readonly (string | number)[]): Reading<string> {
  return readPath(props, at).state === "unknown" ? UNKNOWN : known("System");
}

// ---------------------------------------------------------------------------------------------
// Config: versions of clusters outside the stack

export interface ClusterVersionEntry {
  /** The key as written in config. */
  readonly key: string;
  readonly version: KubeVersion;
  /** Lower-case ARM id, when the key is one. */
  readonly id?: string;
  /** Lower-case `resourceGroup/name`, from the key or parsed from the id. */
  readonly resourceGroupAndName?: string;
}

export interface ClusterVersionsConfig {
  readonly entries: readonly ClusterVersionEntry[];
  readonly errors: readonly string[];
}

const ARM_CLUSTER_ID =
  /^\/subscriptions\/[^/]+\/resourcegroups\/([^/]+)\/providers\/microsoft\.containerservice\/managedclusters\/([^/]+)\/?$/i;

/** `rg/name` (lower case) from a managed cluster ARM id, or `undefined`. */
export function resourceGroupAndNameOfId(id: string): string | undefined {
  if (typeof id !== "string") return undefined;
  const m = ARM_CLUSTER_ID.exec(id.trim());
  return m ? `${m[1]}/${m[2]}`.toLowerCase() : undefined;
}

/**
 * Reads `clusterVersions`: `{"<cluster ARM id or resourceGroup/name>": "1.30"}`, for pools whose
 * cluster is not in the stack. Bad entries are skipped and reported; never throws.
 */
export function parseClusterVersions(
  raw: unknown,
  from = "clusterVersions",
): ClusterVersionsConfig {
  const origin = typeof from === "string" ? from : "clusterVersions";
  if (raw === undefined || raw === null) return { entries: [], errors: [] };
  if (!isRecord(raw))
    return {
      entries: [],
      errors: [
        `${origin}: expected an object mapping cluster ids or "resourceGroup/name" to versions, got ${describeValue(raw)}`,
      ],
    };
  const entries: ClusterVersionEntry[] = [];
  const errors: string[] = [];
  let pairs: [string, unknown][];
  try {
    pairs = Object.entries(raw);
  } catch {
    return { entries, errors: [`${origin}: could not be read`] };
  }
  for (const [key, value] of pairs) {
    if (isUnknown(value)) {
      errors.push(
        `${origin}.${key}: the version is not known until the deployment runs; give it as plain config`,
      );
      continue;
    }
    const version = parseKubeVersion(value);
    if (!version) {
      errors.push(
        `${origin}.${key}: ${describeValue(value)} is not a Kubernetes version such as "1.30"`,
      );
      continue;
    }
    const k = key.trim();
    if (k.startsWith("/")) {
      const rgName = resourceGroupAndNameOfId(k);
      if (!rgName) {
        errors.push(
          `${origin}: key ${JSON.stringify(key)} is not a managed cluster id (/subscriptions/…/resourceGroups/…/providers/Microsoft.ContainerService/managedClusters/…)`,
        );
        continue;
      }
      entries.push({
        key,
        version,
        id: k.toLowerCase().replace(/\/$/, ""),
        resourceGroupAndName: rgName,
      });
    } else if (/^[^/\s]+\/[^/\s]+$/.test(k)) {
      entries.push({ key, version, resourceGroupAndName: k.toLowerCase() });
    } else {
      errors.push(
        `${origin}: key ${JSON.stringify(key)} is neither a cluster id nor "resourceGroup/name"`,
      );
    }
  }
  return { entries, errors };
}

// ---------------------------------------------------------------------------------------------
// Control planes

/** How a pool's control plane was found when it is in the stack, in the order they are tried. */
export type AksControlPlaneVia =
  | "inline"
  | "resource group and name"
  | "equal id"
  | "property dependency"
  | "parent"
  | "dependency";

/** The control plane a pool joins and how it was found (`via`, as in core/oke's ControlPlane). */
export type AksControlPlane =
  | {
      readonly via: AksControlPlaneVia;
      readonly cluster: AksClusterView;
      /** The cluster's {@link AksClusterView.controlPlaneVersion}. */
      readonly kubernetesVersion: Reading<KubeVersion>;
    }
  /** Described in `clusterVersions` config (a cluster outside the stack). */
  | {
      readonly via: "config";
      readonly key: string;
      readonly kubernetesVersion: Reading<KubeVersion>;
    }
  /**
   * The fields that name the cluster (the pool's, or a stack cluster's own name or id) are not
   * known until the deployment runs, and nothing else decides it. `candidates`: URNs of the stack's
   * clusters it may be. The version is unknown.
   */
  | {
      readonly via: "pending";
      readonly reason: string;
      readonly candidates: readonly string[];
      readonly kubernetesVersion: Reading<KubeVersion>;
    }
  /** Not found: several clusters fit (`ambiguous`) or none does (`none`). The version is absent. */
  | {
      readonly via: "ambiguous";
      readonly reason: string;
      readonly candidates: readonly string[];
      readonly kubernetesVersion: Reading<KubeVersion>;
    }
  | {
      readonly via: "none";
      readonly reason: string;
      readonly kubernetesVersion: Reading<KubeVersion>;
    };

/** A pool of the stack with its control plane and the version it runs. */
export interface AksStackPool extends AksPoolView {
  readonly controlPlane: AksControlPlane;
  /** The version the pool runs: its own, or the control plane's when it declares none. */
  readonly effectiveVersion: Reading<KubeVersion>;
  readonly effectiveVersionFrom: "pool" | "cluster" | "none";
}

export interface ShadowedInlinePool {
  readonly pool: AksPoolView;
  /** The AgentPool resource that manages the same pool. */
  readonly agentPoolUrn: string;
}

/** A stack's AKS clusters and pools, each pool with its control plane (core/oke: StackModel). */
export interface AksStackModel {
  readonly clusters: readonly AksClusterView[];
  /** Every pool once: inline pools, then pool resources, in input order. */
  readonly pools: readonly AksStackPool[];
  /**
   * Inline `agentPoolProfiles` entries that an AgentPool resource of the same cluster and name also
   * manages (AKS lists every pool in the cluster's outputs); left out of `pools` to avoid doubles.
   * An AgentPool whose control plane is pending shadows the same-named profile of every candidate
   * cluster; a profile whose name is unknown is shadowed while an AgentPool of the cluster is
   * unaccounted for.
   */
  readonly shadowed: readonly ShadowedInlinePool[];
  readonly configErrors: readonly string[];
}

export interface AksStackOptions {
  /** Raw `clusterVersions` config, or its parse. */
  readonly clusterVersions?: unknown;
}

/** Normalises all AKS resources of a stack (or any subset) and finds each pool's control plane; never throws. */
export function buildAksStackModel(
  resources: readonly PlainResource[],
  options: AksStackOptions = {},
): AksStackModel {
  try {
    return build(resources, options);
  } catch {
    // Not reachable with plain data; kept so a policy can never crash on a malformed stack.
    return {
      clusters: [],
      pools: [],
      shadowed: [],
      configErrors: ["AKS resources could not be read"],
    };
  }
}

/** The stack's clusters, as {@link controlPlaneOf} looks them up. */
interface StackClusters {
  readonly clusters: readonly AksClusterView[];
  readonly byUrn: ReadonlyMap<string, AksClusterView>;
}

function build(resources: readonly PlainResource[], options: AksStackOptions): AksStackModel {
  const list = Array.isArray(resources) ? resources : [];
  const config = isVersionsConfig(options?.clusterVersions)
    ? options.clusterVersions
    : parseClusterVersions(options?.clusterVersions);
  const clusters: AksClusterView[] = [];
  const poolResources: AksPoolView[] = [];
  for (const item of list) {
    const n = normaliseAksResource(item);
    if (n.cluster) clusters.push(n.cluster);
    else if (n.pools.length === 1) poolResources.push(n.pools[0]);
  }
  const byUrn = new Map<string, AksClusterView>();
  for (const c of clusters) if (c.urn && !byUrn.has(c.urn)) byUrn.set(c.urn, c);
  const stack: StackClusters = { clusters, byUrn };

  const resourcePools: AksStackPool[] = poolResources.map((view) =>
    withControlPlane(view, controlPlaneOf(view, stack, config)),
  );

  const shadowed: ShadowedInlinePool[] = [];
  const inline: AksStackPool[] = [];
  for (const cluster of clusters) {
    const agentPools = resourcePools.filter(
      (r) =>
        r.origin === "agentPool" &&
        (("cluster" in r.controlPlane && r.controlPlane.cluster === cluster) ||
          (r.controlPlane.via === "pending" && r.controlPlane.candidates.includes(cluster.urn))),
    );
    // AgentPools no known-named profile accounts for: a profile whose name is unknown may be one of them.
    const unclaimed = agentPools.filter(
      (r) => !cluster.inlinePools.some((p) => sameText(p.name, r.name)),
    );
    for (const pool of cluster.inlinePools) {
      const owner =
        agentPools.find((r) => sameText(r.name, pool.name)) ??
        (pool.name.state === "unknown" ? unclaimed[0] : undefined);
      if (owner) shadowed.push({ pool, agentPoolUrn: owner.urn });
      else inline.push(withControlPlane(pool, inStack(cluster, "inline")));
    }
  }
  return {
    clusters,
    pools: [...inline, ...resourcePools],
    shadowed,
    configErrors: config.errors,
  };
}

function isVersionsConfig(value: unknown): value is ClusterVersionsConfig {
  return isRecord(value) && Array.isArray(value.entries) && Array.isArray(value.errors);
}

function sameText(a: Reading<string>, b: Reading<string>): boolean {
  return (
    a.state === "known" && b.state === "known" && a.value.toLowerCase() === b.value.toLowerCase()
  );
}

function differs(a: Reading<string>, b: Reading<string>): boolean {
  return (
    a.state === "known" && b.state === "known" && a.value.toLowerCase() !== b.value.toLowerCase()
  );
}

/**
 * Finds a pool's control plane: the pool's own properties (resource group and name, or
 * `kubernetesClusterId`), then its property dependencies, parent and dependencies (never a
 * cluster the properties contradict), then `clusterVersions` config.
 */
function controlPlaneOf(
  pool: AksPoolView,
  { clusters, byUrn }: StackClusters,
  config: ClusterVersionsConfig,
): AksControlPlane {
  const ref = pool.clusterRef;
  if (ref.by === "inline") {
    const c = byUrn.get(ref.clusterUrn);
    return c ? inStack(c, "inline") : none("the pool's cluster is missing");
  }

  // 1. What the pool's own properties say.
  let direct: AksClusterView[] = [];
  let compatible: (c: AksClusterView) => boolean;
  let refUnknown: boolean;
  let identityUnknown: (c: AksClusterView) => boolean;
  let configLookup: () => ClusterVersionEntry | undefined;
  if (ref.by === "resourceGroupAndName") {
    const { resourceGroupName: rg, clusterName: name } = ref;
    direct = clusters.filter((c) => sameText(c.resourceGroupName, rg) && sameText(c.name, name));
    compatible = (c) => !differs(c.resourceGroupName, rg) && !differs(c.name, name);
    refUnknown = rg.state === "unknown" || name.state === "unknown";
    identityUnknown = (c) => c.resourceGroupName.state === "unknown" || c.name.state === "unknown";
    configLookup = () =>
      rg.state === "known" && name.state === "known"
        ? config.entries.find(
            (e) => e.resourceGroupAndName === `${rg.value}/${name.value}`.toLowerCase(),
          )
        : undefined;
  } else {
    const id = ref.clusterId;
    const rgName = id.state === "known" ? resourceGroupAndNameOfId(id.value) : undefined;
    const clusterRgName = (c: AksClusterView) =>
      c.resourceGroupName.state === "known" && c.name.state === "known"
        ? `${c.resourceGroupName.value}/${c.name.value}`.toLowerCase()
        : undefined;
    direct = clusters.filter(
      (c) =>
        sameText(c.id, id) ||
        (c.id.state !== "known" && rgName !== undefined && clusterRgName(c) === rgName),
    );
    compatible = (c) =>
      !differs(c.id, id) &&
      !(
        c.id.state !== "known" &&
        rgName !== undefined &&
        clusterRgName(c) !== undefined &&
        clusterRgName(c) !== rgName
      );
    refUnknown = id.state === "unknown";
    identityUnknown = (c) =>
      c.id.state === "unknown" && !(rgName !== undefined && clusterRgName(c) !== undefined);
    configLookup = () => {
      if (id.state !== "known") return undefined;
      const lower = id.value.trim().toLowerCase().replace(/\/$/, "");
      return (
        config.entries.find((e) => e.id === lower) ??
        (rgName ? config.entries.find((e) => e.resourceGroupAndName === rgName) : undefined)
      );
    };
  }
  if (direct.length === 1)
    return inStack(direct[0], ref.by === "id" ? "equal id" : "resource group and name");
  if (direct.length > 1)
    return ambiguous(
      direct,
      `${direct.length} clusters in the stack match the pool's ${ref.by === "id" ? "kubernetesClusterId" : "resourceGroupName and resourceName"}`,
    );

  // 2. Dependencies, most specific first; only clusters the properties do not contradict.
  const candidatesOf = (urns: readonly string[]) =>
    unique(
      urns
        .map((u) => byUrn.get(u))
        .filter((c): c is AksClusterView => c !== undefined && compatible(c)),
    );
  const steps: [AksControlPlaneVia, readonly string[]][] = [
    ["property dependency", pool.clusterLinks],
    ["parent", pool.parent !== undefined ? [pool.parent] : []],
    ["dependency", pool.dependencies],
  ];
  for (const [via, urns] of steps) {
    const found = candidatesOf(urns);
    if (found.length === 1) return inStack(found[0], via);
    if (found.length > 1) return ambiguous(found, `the pool depends on ${found.length} clusters`);
  }

  // 3. Config for clusters outside the stack.
  const entry = configLookup();
  if (entry) return { via: "config", key: entry.key, kubernetesVersion: known(entry.version) };
  if (refUnknown) {
    return {
      via: "pending",
      kubernetesVersion: UNKNOWN,
      candidates: clusters.filter(compatible).map((c) => c.urn),
      reason: `the pool's ${ref.by === "id" ? "kubernetesClusterId" : "resourceGroupName/resourceName"} is not known until the deployment runs and no dependency names its cluster`,
    };
  }
  // A cluster of the stack whose own name or id is not known yet may be the one.
  const undecided = clusters.filter((c) => compatible(c) && identityUnknown(c));
  if (undecided.length > 0) {
    return {
      via: "pending",
      kubernetesVersion: UNKNOWN,
      candidates: undecided.map((c) => c.urn),
      reason: `the ${ref.by === "id" ? "id" : "name"} of cluster ${undecided[0].urn} is not known until the deployment runs, so it may be the pool's cluster`,
    };
  }
  return none(
    ref.by === "id"
      ? `no cluster in the stack has the pool's kubernetesClusterId, and clusterVersions has no entry for it`
      : `no cluster in the stack has the pool's resourceGroupName and resourceName, and clusterVersions has no "resourceGroup/name" entry for it`,
  );
}

function inStack(cluster: AksClusterView, via: AksControlPlaneVia): AksControlPlane {
  return { via, cluster, kubernetesVersion: cluster.controlPlaneVersion };
}

function none(reason: string): AksControlPlane {
  return { via: "none", reason, kubernetesVersion: ABSENT };
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function ambiguous(clusters: readonly AksClusterView[], reason: string): AksControlPlane {
  return {
    via: "ambiguous",
    candidates: clusters.map((c) => c.urn),
    reason,
    kubernetesVersion: ABSENT,
  };
}

function withControlPlane(pool: AksPoolView, controlPlane: AksControlPlane): AksStackPool {
  const own = resolveDeclaredVersion(pool.orchestratorVersion, pool.currentOrchestratorVersion);
  if (own.state !== "absent")
    return { ...pool, controlPlane, effectiveVersion: own, effectiveVersionFrom: "pool" };
  const cp = controlPlane.kubernetesVersion;
  return {
    ...pool,
    controlPlane,
    effectiveVersion: cp,
    effectiveVersionFrom: cp.state === "absent" ? "none" : "cluster",
  };
}
