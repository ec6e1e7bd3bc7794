import { COLOURS, isColour } from "../core/blueGreen";
import {
  LABEL_COLOUR,
  LABEL_PAIR,
  LABEL_POOL,
  TAG_ACTIVE_COLOUR,
  TAG_COLOUR,
  TAG_PAIR,
  TYPE_K8S_DEPLOYMENT,
  TYPE_K8S_STATEFULSET,
} from "../core/tags";
import { PropertySchema, schemaConfig } from "./lib/config";
import { Finding } from "./lib/finding";
import {
  ABSENT,
  Reading,
  UNKNOWN,
  asNumber,
  asString,
  isRecord,
  own,
  readPath,
  show,
  valueOf,
} from "../core/read";
import { PlainResource, propsOf } from "../core/resources";
import { isUnknown } from "./lib/unknown";
import { PoolView, StackModel, buildStackModel, controlPlaneOf, poolLabel } from "../core/oke";

export const BLUE_GREEN_PAIR = "blue-green-pair";

export const blueGreenPairProperties = {
  workloadTypes: {
    type: "array",
    items: { type: "string" },
    default: [TYPE_K8S_DEPLOYMENT, TYPE_K8S_STATEFULSET],
    description:
      "Workload resource types whose pod template's nodeSelector (spec.template.spec.nodeSelector) is checked against the pairs' colours.",
  },
} satisfies Record<string, PropertySchema>;

export interface BlueGreenPairConfig {
  readonly workloadTypes: readonly string[];
}

export const DEFAULT_BLUE_GREEN_PAIR_CONFIG: BlueGreenPairConfig = {
  workloadTypes: blueGreenPairProperties.workloadTypes.default,
};

export const blueGreenPairConfig = schemaConfig(blueGreenPairProperties);

/** Node labels as written in `initialNodeLabels`; `unknown` when some key or the list is not known yet. */
interface NodeLabels {
  readonly known: ReadonlyMap<string, Reading<string>>;
  readonly unknown: boolean;
}

/** A pool that belongs to a blue/green pair (by its okepools tags or labels). */
export interface PairMember {
  readonly pool: PoolView;
  readonly pair: string;
  readonly colour: Reading<string>;
  readonly activeColour: Reading<string>;
  readonly size: Reading<number>;
  /** `okepools.io/pool`, else the pool's name. */
  readonly poolName: string;
  /** Pools of one pair in one cluster; `undefined` while the pool's cluster is not known. */
  readonly groupKey: string | undefined;
}

function nodeLabels(props: Record<string, unknown>): NodeLabels {
  const list = readPath(props, ["initialNodeLabels"]);
  const known = new Map<string, Reading<string>>();
  if (list.state === "unknown") return { known, unknown: true };
  if (list.state !== "known" || !Array.isArray(list.value)) return { known, unknown: false };
  let unknown = false;
  for (const entry of list.value.slice(0, 1000)) {
    if (isUnknown(entry)) {
      unknown = true;
      continue;
    }
    const key = own(entry, "key");
    if (typeof key !== "string" || isUnknown(key)) {
      unknown ||= isUnknown(key);
      continue;
    }
    known.set(key, asString(readPath(entry, ["value"])));
  }
  return { known, unknown };
}

/** A freeform tag, else the node label: tags are what this project writes on every pair pool. */
function tagOrLabel(
  props: Record<string, unknown>,
  tag: string,
  labels: NodeLabels,
  label?: string,
): Reading<string> {
  const tags = readPath(props, ["freeformTags"]);
  if (tags.state === "unknown") return UNKNOWN;
  const fromTag = tags.state === "known" ? asString(readPath(tags.value, [tag])) : ABSENT;
  if (fromTag.state !== "absent") return fromTag;
  if (label === undefined) return ABSENT;
  const fromLabel = labels.known.get(label);
  if (fromLabel) return fromLabel;
  return labels.unknown ? UNKNOWN : ABSENT;
}

/** The cluster a pool joins, as one key for the stack's own and outside clusters; `undefined` while not known. */
function clusterKeyOf(pool: PoolView, model: StackModel): string | undefined {
  const cp = controlPlaneOf(pool, model);
  if (cp?.cluster) return cp.cluster.urn;
  if (cp?.via === "pending") return undefined;
  if (pool.clusterId.state === "unknown") return pool.clusterLinks[0];
  return valueOf(pool.clusterId) ?? pool.clusterLinks[0] ?? "";
}

/**
 * The pair a pool belongs to: its membership, `"unknown"` while its pair is not known yet (it
 * could be any pair's missing pool), `undefined` when it belongs to none.
 */
function memberOf(pool: PoolView, model: StackModel): PairMember | "unknown" | undefined {
  const props = propsOf(pool.resource);
  const labels = nodeLabels(props);
  const pair = tagOrLabel(props, TAG_PAIR, labels, LABEL_PAIR);
  if (pair.state === "unknown") return "unknown";
  if (pair.state !== "known") return undefined;
  const poolLabelValue = valueOf(labels.known.get(LABEL_POOL) ?? ABSENT);
  const cluster = clusterKeyOf(pool, model);
  return {
    pool,
    pair: pair.value,
    colour: tagOrLabel(props, TAG_COLOUR, labels, LABEL_COLOUR),
    activeColour: tagOrLabel(props, TAG_ACTIVE_COLOUR, labels),
    size: pool.size,
    poolName: poolLabelValue ?? pool.displayName ?? pool.resourceName,
    groupKey: cluster === undefined ? undefined : `${cluster}\u0000${pair.value}`,
  };
}

/** Members by a key, each list in stack order. */
function indexBy(
  members: readonly PairMember[],
  key: (m: PairMember) => string | undefined,
): Map<string, PairMember[]> {
  const index = new Map<string, PairMember[]>();
  for (const m of members) {
    const k = key(m);
    if (k === undefined) continue;
    const list = index.get(k);
    if (list) list.push(m);
    else index.set(k, [m]);
  }
  return index;
}

const FIX_ACTIVE =
  "Set the pair's `active` to a declared colour with size ≥ 1 (BlueGreenNodePool / oke-pools:blueGreenPools; docs/blue-green-runbook.md)";

function pairLabel(pair: string): string {
  return `blue/green pair "${pair}"`;
}

/**
 * The pair's own rules: one known active colour, named by every pool, that has a pool with nodes.
 * `complete` is false when some pool's membership is not known yet: it might be the missing pool,
 * so nothing is concluded from absence or from a pool's lack of nodes.
 */
function pairFindings(members: readonly PairMember[], complete: boolean): Finding[] {
  const findings: Finding[] = [];
  const pair = members[0].pair;
  let coloursKnown = true;
  const byColour = new Map<string, PairMember[]>();
  for (const m of members) {
    if (m.colour.state === "unknown") {
      coloursKnown = false;
      continue;
    }
    if (m.colour.state !== "known" || !isColour(m.colour.value)) {
      const what =
        m.colour.state === "known"
          ? `colour ${show(m.colour.value)} is not blue or green`
          : m.colour.state === "invalid"
            ? `colour ${show(m.colour.raw)} is not blue or green`
            : "has no colour";
      findings.push({
        urn: m.pool.urn,
        message: `${poolLabel(m.pool)} belongs to ${pairLabel(pair)} but ${what} (freeform tag ${TAG_COLOUR} / node label ${LABEL_COLOUR}). Build the pair with BlueGreenNodePool, which tags each colour's pool.`,
      });
      continue;
    }
    byColour.set(m.colour.value, [...(byColour.get(m.colour.value) ?? []), m]);
  }
  for (const [colour, pools] of byColour) {
    for (const extra of pools.slice(1)) {
      findings.push({
        urn: extra.pool.urn,
        message: `${poolLabel(extra.pool)} and ${poolLabel(pools[0].pool)} both claim colour ${colour} of ${pairLabel(pair)}: workloads that follow ${colour} would land on either. Give each colour one pool.`,
      });
    }
  }

  const claims = members.map((m) => m.activeColour);
  const named = new Map<string, PairMember[]>();
  for (const m of members) {
    const c = m.activeColour;
    const value = c.state === "known" ? c.value : c.state === "invalid" ? show(c.raw) : undefined;
    if (value !== undefined) named.set(value, [...(named.get(value) ?? []), m]);
  }
  // Two different claims, or a claim that is no colour, stand whatever the unknown claims turn out to be.
  if (named.size > 1) {
    const views = [...named]
      .map(([c, ms]) => `${ms.map((m) => m.poolName).join(", ")} say ${c}`)
      .join("; ");
    for (const m of members) {
      findings.push({
        urn: m.pool.urn,
        message: `${pairLabel(pair)} must have exactly one active colour, but its pools disagree (${views}). ${FIX_ACTIVE}, and update both pools in one deployment.`,
      });
    }
    return findings;
  }
  const active = [...named.keys()][0];
  if (active !== undefined && !isColour(active)) {
    findings.push({
      urn: members[0].pool.urn,
      message: `${pairLabel(pair)}: active colour ${JSON.stringify(active)} is not one of ${COLOURS.join(", ")}. ${FIX_ACTIVE}.`,
    });
    return findings;
  }
  if (claims.some((c) => c.state === "unknown")) return findings;
  if (!complete && claims.every((c) => c.state === "absent")) return findings;
  if (active === undefined) {
    findings.push({
      urn: members[0].pool.urn,
      message: `${pairLabel(pair)} has no active colour: none of its pools (${members.map((m) => m.poolName).join(", ")}) carries the freeform tag ${TAG_ACTIVE_COLOUR}. ${FIX_ACTIVE}.`,
    });
    return findings;
  }
  if (!complete) return findings;
  const activePools = byColour.get(active) ?? [];
  if (activePools.length === 0) {
    if (coloursKnown) {
      findings.push({
        urn: members[0].pool.urn,
        message: `${pairLabel(pair)}: the active colour ${active} has no node pool (was it removed while active?), so workloads that follow the pair cannot be scheduled. ${FIX_ACTIVE}; remove a colour only after switching active away from it.`,
      });
    }
    return findings;
  }
  for (const m of activePools) {
    if (m.size.state === "known" && m.size.value === 0) {
      findings.push({
        urn: m.pool.urn,
        message: `${poolLabel(m.pool)} is the active colour ${active} of ${pairLabel(pair)} but has no nodes (nodeConfigDetails.size 0), so workloads that follow the pair cannot be scheduled. Give ${active} a size ≥ 1, or switch active back to the other colour while it still has nodes.`,
      });
    }
  }
  return findings;
}

interface MemberIndex {
  readonly byPoolName: ReadonlyMap<string, readonly PairMember[]>;
  readonly byPair: ReadonlyMap<string, readonly PairMember[]>;
}

interface Target {
  readonly description: string;
  readonly pair: string;
  readonly colour?: string;
  readonly pools: readonly PairMember[];
}

/** The pair pools a nodeSelector places pods on; `undefined` when it does not target a pair here, or that is not known. */
function targetOf(selector: Record<string, unknown>, index: MemberIndex): Target | undefined {
  const pool = own(selector, LABEL_POOL);
  const pair = own(selector, LABEL_PAIR);
  const colour = own(selector, LABEL_COLOUR);
  if ([pool, pair, colour].some(isUnknown)) return undefined;
  if (typeof pool === "string") {
    const pools = index.byPoolName.get(pool);
    if (!pools) return undefined;
    return {
      description: `${LABEL_POOL}=${pool}`,
      pair: pools[0].pair,
      ...(valueOf(pools[0].colour) ? { colour: valueOf(pools[0].colour)! } : {}),
      pools,
    };
  }
  if (typeof pair !== "string" || typeof colour !== "string") return undefined;
  const ofPair = index.byPair.get(pair);
  if (!ofPair || ofPair.some((m) => m.colour.state === "unknown")) return undefined;
  return {
    description: `${LABEL_PAIR}=${pair}, ${LABEL_COLOUR}=${colour}`,
    pair,
    colour,
    pools: ofPair.filter((m) => valueOf(m.colour) === colour),
  };
}

/** The active colour of a pool's pair, when every pool of the pair agrees on a known one. */
function activeColourOf(
  m: PairMember,
  groups: ReadonlyMap<string, readonly PairMember[]>,
): string | undefined {
  const group = (m.groupKey === undefined ? undefined : groups.get(m.groupKey)) ?? [m];
  const values = new Set<string>();
  for (const g of group) {
    if (g.activeColour.state !== "known") return undefined;
    values.add(g.activeColour.value);
  }
  return values.size === 1 ? [...values][0] : undefined;
}

function workloadLabel(r: PlainResource): string {
  const kind = r.type.split(":").pop()?.split("/").pop() ?? r.type;
  const name = valueOf(asString(readPath(propsOf(r), ["metadata", "name"]))) ?? r.name;
  return `${kind} "${name}"`;
}

/** Workloads whose pods would select a colour with no nodes (inactive at size 0, or no pool at all). */
function workloadFindings(
  resources: readonly PlainResource[],
  members: readonly PairMember[],
  groups: ReadonlyMap<string, readonly PairMember[]>,
  config: BlueGreenPairConfig,
): Finding[] {
  const findings: Finding[] = [];
  if (members.length === 0) return findings;
  const index: MemberIndex = {
    byPoolName: indexBy(members, (m) => m.poolName),
    byPair: indexBy(members, (m) => m.pair),
  };
  /** The one active colour every group of a pair agrees on, by pair. */
  const actives = new Map<string, string | undefined>();
  const activeOfPair = (pair: string): string | undefined => {
    if (!actives.has(pair)) {
      const colours = new Set(index.byPair.get(pair)?.map((m) => activeColourOf(m, groups)));
      actives.set(pair, colours.size === 1 ? [...colours][0] : undefined);
    }
    return actives.get(pair);
  };
  const types = new Set(config.workloadTypes);
  for (const r of resources) {
    if (!types.has(r.type)) continue;
    const props = propsOf(r);
    const replicas = asNumber(readPath(props, ["spec", "replicas"]));
    // No pods (or maybe none) to schedule: nothing to report.
    if (replicas.state === "unknown" || (replicas.state === "known" && replicas.value === 0))
      continue;
    const selector = readPath(props, ["spec", "template", "spec", "nodeSelector"]);
    if (selector.state !== "known" || !isRecord(selector.value)) continue;
    const target = targetOf(selector.value, index);
    if (!target) continue;
    const active = activeOfPair(target.pair);
    const follow =
      active && isColour(active)
        ? ` Follow the pair's active colour (${LABEL_PAIR}=${target.pair}, ${LABEL_COLOUR}=${active}: BlueGreenNodePool.activeNodeSelector)`
        : " Follow the pair's active colour (BlueGreenNodePool.activeNodeSelector)";
    if (target.pools.length === 0) {
      findings.push({
        urn: r.urn,
        message:
          `${workloadLabel(r)} selects nodes with ${target.description}, but ${pairLabel(target.pair)} has no ${target.colour ?? "such"} pool: its pods cannot be scheduled.` +
          `${follow}, or declare ${target.colour ?? "the colour"} again.`,
      });
      continue;
    }
    const empty = target.pools.every((m) => {
      const a = activeColourOf(m, groups);
      return (
        a !== undefined &&
        valueOf(m.colour) !== undefined &&
        a !== valueOf(m.colour) &&
        m.size.state === "known" &&
        m.size.value === 0
      );
    });
    if (!empty) continue;
    findings.push({
      urn: r.urn,
      message:
        `${workloadLabel(r)} selects nodes with ${target.description}, but colour ${target.colour ?? "?"} of ${pairLabel(target.pair)} is inactive with no nodes ` +
        `(${target.pools.map((m) => `${poolLabel(m.pool)} has size 0`).join(", ")}): its pods cannot be scheduled.` +
        `${follow}, or give the pair a standbySize ≥ 1 until the workload has moved.`,
    });
  }
  return findings;
}

/**
 * Pools that belong to a blue/green pair (freeform tags okepools-pair / okepools-colour /
 * okepools-active-colour, or node labels okepools.io/pair / okepools.io/colour), grouped by pair
 * and cluster: exactly one active colour, named alike by every pool, with a pool of size ≥ 1.
 * Workloads (Deployments, StatefulSets) whose nodeSelector targets a colour that is inactive with
 * no nodes, or a colour the pair no longer has, are unschedulable. Version skew between the
 * colours is left to the version-skew policy. Unknown values never produce a finding.
 */
export function blueGreenPairRule(
  resources: unknown,
  config: BlueGreenPairConfig = DEFAULT_BLUE_GREEN_PAIR_CONFIG,
): Finding[] {
  const model = buildStackModel(resources);
  const members: PairMember[] = [];
  let complete = true;
  for (const pool of model.pools) {
    const m = memberOf(pool, model);
    if (m === "unknown") complete = false;
    else if (m) members.push(m);
  }
  if (members.length === 0) return [];
  // A member whose cluster is not known yet could be the missing pool of its pair in any cluster.
  const pairsWithUnplacedPools = new Set(
    members.filter((m) => m.groupKey === undefined).map((m) => m.pair),
  );
  const groups = indexBy(members, (m) => m.groupKey);
  const findings: Finding[] = [];
  for (const group of groups.values())
    findings.push(...pairFindings(group, complete && !pairsWithUnplacedPools.has(group[0].pair)));
  if (complete) findings.push(...workloadFindings(model.resources, members, groups, config));
  return findings;
}
