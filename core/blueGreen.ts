import { ConfigError, shownValue } from "./configError";
import {
  LABEL_COLOUR,
  LABEL_PAIR,
  LABEL_POOL,
  TAG_ACTIVE_COLOUR,
  TAG_COLOUR,
  TAG_PAIR,
  TAG_POOL_NAME,
} from "./tags";

/**
 * Blue/green node pool pairs, as pure rules: given a pair's declared colours and its `active`
 * colour, what size each colour's pool gets, which pool must wait for which, the labels that
 * place workloads, and the transitions that are refused. No Pulumi here; the
 * `BlueGreenNodePool` component and the stack config validation only apply the result.
 *
 * The state is all in the config, nothing is remembered between updates:
 * - the `active` colour runs at its full `size`;
 * - the other colour, when declared, is either a `canary` (just added, being validated:
 *   `canarySize`, default its full size) or on `standby` (the default: the colour traffic
 *   has left, scaled to `standbySize`, default 0). An inactive colour's pool waits for the
 *   active colour's pool (a resource dependency), so it is scaled down or drained only once
 *   the active pool has finished creating or updating.
 * - `role` is written on the inactive colour only; the active colour always runs at full size.
 */
export const COLOURS = ["blue", "green"] as const;
export type Colour = (typeof COLOURS)[number];

/** What an inactive colour is: just added (`canary`) or the one traffic has left (`standby`). */
export const COLOUR_ROLES = ["canary", "standby"] as const;
export type ColourRole = (typeof COLOUR_ROLES)[number];

/** What a colour is in the current phase. */
export type ColourState = "active" | ColourRole;

export const DEFAULT_STANDBY_SIZE = 0;

const NODE_COUNT = "expected a whole number of nodes ≥ 0";

/** What the planner needs of a pair: plain data, possibly unvalidated (it never throws on odd values). */
export interface BlueGreenPairInput {
  /** The pair's name; pools are named `<pair>-blue` and `<pair>-green`. */
  readonly pair: string;
  readonly active: unknown;
  readonly standbySize?: unknown;
  readonly canarySize?: unknown;
  /** A colour's settings; the planner reads `size` and `role`, core/blueGreenResolve.ts the rest. */
  readonly blue?: { readonly size: unknown; readonly role?: unknown };
  readonly green?: { readonly size: unknown; readonly role?: unknown };
}

export interface ColourPlan {
  readonly colour: Colour;
  /** The OCI node pool name, `<pair>-<colour>`. */
  readonly poolName: string;
  readonly state: ColourState;
  /** The colour's declared `size`: what it runs when active. */
  readonly fullSize: number;
  /** The size its pool gets in this phase. */
  readonly size: number;
  /** The colour whose NodePool this colour's NodePool must wait for (an inactive colour waits for the active one). */
  readonly dependsOn?: Colour;
  /** Places pods on this colour's nodes. */
  readonly nodeSelector: Readonly<Record<string, string>>;
}

export interface BlueGreenPlan {
  readonly pair: string;
  readonly active: Colour;
  /** The declared colours, active first: the order their pools are declared in. */
  readonly colours: readonly ColourPlan[];
  /** Node selector of the active colour, for workloads that follow the pair. */
  readonly activeNodeSelector: Readonly<Record<string, string>>;
}

export type BlueGreenDecision =
  | { readonly ok: true; readonly plan: BlueGreenPlan }
  | { readonly ok: false; readonly refusals: readonly string[] };

export function isColour(value: unknown): value is Colour {
  return typeof value === "string" && (COLOURS as readonly string[]).includes(value);
}

export function otherColour(colour: Colour): Colour {
  return colour === "blue" ? "green" : "blue";
}

export function colourPoolName(pair: string, colour: Colour): string {
  return `${pair}-${colour}`;
}

/** The node selector of one colour of a pair. */
export function colourNodeSelector(pair: string, colour: Colour): Record<string, string> {
  return { [LABEL_PAIR]: pair, [LABEL_COLOUR]: colour };
}

/** Membership of a blue/green pair, as a colour's pool carries it; set by `BlueGreenNodePool`, not by hand. */
export interface PairMembership {
  readonly pair: string;
  readonly colour: Colour;
  readonly activeColour: Colour;
}

/** What identifies a pool's nodes and resource: the labels and tags this project writes on it. */
export interface PoolIdentity {
  /** Kubernetes node labels: the pool's, and the pair's and colour's for a pair member. */
  readonly labels: Readonly<Record<string, string>>;
  /** Freeform tags: the pool's name, and the pair, colour and active colour for a pair member. */
  readonly tags: Readonly<Record<string, string>>;
  /** Places pods on the pool, or on the colour for a pair member. */
  readonly nodeSelector: Readonly<Record<string, string>>;
}

/** The labels, tags and node selector of pool `poolName`, a member of a pair when `membership` is given. */
export function poolIdentity(poolName: string, membership?: PairMembership): PoolIdentity {
  if (!membership)
    return {
      labels: { [LABEL_POOL]: poolName },
      tags: { [TAG_POOL_NAME]: poolName },
      nodeSelector: { [LABEL_POOL]: poolName },
    };
  const { pair, colour, activeColour } = membership;
  return {
    labels: { [LABEL_POOL]: poolName, [LABEL_PAIR]: pair, [LABEL_COLOUR]: colour },
    tags: {
      [TAG_POOL_NAME]: poolName,
      [TAG_PAIR]: pair,
      [TAG_COLOUR]: colour,
      [TAG_ACTIVE_COLOUR]: activeColour,
    },
    nodeSelector: colourNodeSelector(pair, colour),
  };
}

/**
 * Decides each colour's size, dependency and node selector, or every reason the pair is refused.
 * `pathPrefix` prefixes the key paths in messages (`oke-pools:blueGreenPools[0]`, or "" for
 * component arguments). Never throws.
 */
export function planBlueGreenPair(input: BlueGreenPairInput, pathPrefix = ""): BlueGreenDecision {
  const at = (key: string) => (pathPrefix ? `${pathPrefix}.${key}` : key);
  const pair = String(input.pair);
  const refusals: string[] = [];
  const intro = `blue/green pair "${pair}"`;
  const pool = (c: Colour) => `${c} (pool ${colourPoolName(pair, c)})`;

  const declared = COLOURS.filter((c) => input[c] !== undefined && input[c] !== null);
  const standbySize = readCount(
    input.standbySize,
    DEFAULT_STANDBY_SIZE,
    at("standbySize"),
    refusals,
  );
  const canarySize = readCount(input.canarySize, undefined, at("canarySize"), refusals);
  const fullSizes = new Map<Colour, number>();
  for (const c of declared) {
    const size = readCount(input[c]?.size, undefined, at(`${c}.size`), refusals);
    if (size !== undefined) fullSizes.set(c, size);
    else if (input[c]?.size === undefined || input[c]?.size === null)
      refusals.push(`${at(`${c}.size`)}: ${shownValue(input[c]?.size)} — ${NODE_COUNT}`); // a declared colour needs its size
    const role = input[c]?.role;
    if (role !== undefined && !(COLOUR_ROLES as readonly unknown[]).includes(role)) {
      refusals.push(
        `${at(`${c}.role`)}: ${shownValue(role)} — expected ${COLOUR_ROLES.join(" or ")} (only on the inactive colour)`,
      );
    }
  }

  if (declared.length === 0) {
    refusals.push(
      `${at("blue")}: missing — ${intro} declares no colour, so it would have no pool; declare blue or green and make it active (to retire the pair, remove its whole entry)`,
    );
    return { ok: false, refusals };
  }
  if (!isColour(input.active)) {
    refusals.push(
      `${at("active")}: ${shownValue(input.active)} — expected blue or green: the colour of ${intro} that receives the workloads`,
    );
    return { ok: false, refusals };
  }
  const active = input.active;
  const inactive = otherColour(active);
  if (!declared.includes(active)) {
    refusals.push(
      `${at("active")}: ${shownValue(active)} — ${intro}: the active colour ${pool(active)} is not declared; removing the active colour would leave the pair's workloads without nodes. ` +
        `Declare ${active} again, or first switch active to ${inactive} (one update; ${active} drains to standby), then remove ${active} in a later update`,
    );
  } else if (fullSizes.get(active) === 0) {
    refusals.push(
      `${at(`${active}.size`)}: 0 — ${intro}: ${pool(active)} would be active with no nodes, so workloads that follow the pair could not be scheduled; ` +
        `give ${active} a size ≥ 1${declared.includes(inactive) ? `, or keep active on ${inactive}` : ""}`,
    );
  }
  const activeRole = input[active]?.role;
  if (declared.includes(active) && activeRole !== undefined) {
    refusals.push(
      `${at(`${active}.role`)}: ${shownValue(activeRole)} — ${intro}: ${pool(active)} is active, and role describes the inactive colour only; ` +
        `remove role from ${active} (the active colour always runs at its full size)`,
    );
  }

  let inactiveState: ColourRole | undefined;
  let inactiveSize: number | undefined;
  if (declared.includes(inactive)) {
    const full = fullSizes.get(inactive);
    inactiveState = input[inactive]?.role === "canary" ? "canary" : "standby";
    if (inactiveState === "canary") {
      inactiveSize = canarySize ?? full;
      if (canarySize !== undefined && full !== undefined && canarySize > full) {
        refusals.push(
          `${at("canarySize")}: ${canarySize} — ${intro}: larger than the size ${full} of the canary ${pool(inactive)}; a canary runs at most its full size: lower canarySize or raise ${inactive}.size`,
        );
      }
    } else {
      inactiveSize = standbySize;
      if (standbySize !== undefined && full !== undefined && standbySize > full) {
        refusals.push(
          `${at("standbySize")}: ${standbySize} — ${intro}: larger than the size ${full} of the standby ${pool(inactive)}; standby scales a colour down: lower standbySize or raise ${inactive}.size`,
        );
      }
    }
  }
  if (refusals.length > 0) return { ok: false, refusals };

  const colourPlan = (colour: Colour, state: ColourState, size: number): ColourPlan => {
    const poolName = colourPoolName(pair, colour);
    return {
      colour,
      poolName,
      state,
      fullSize: fullSizes.get(colour)!,
      size,
      // Every inactive colour waits: a canary is usually new (waiting on an unchanged pool costs
      // nothing), but an old active colour re-marked canary at a smaller size must not shrink first.
      ...(state !== "active" ? { dependsOn: active } : {}),
      nodeSelector: colourNodeSelector(pair, colour),
    };
  };
  const colours = [colourPlan(active, "active", fullSizes.get(active)!)];
  if (inactiveState !== undefined) colours.push(colourPlan(inactive, inactiveState, inactiveSize!));
  return {
    ok: true,
    plan: { pair, active, colours, activeNodeSelector: colourNodeSelector(pair, active) },
  };
}

/** Like {@link planBlueGreenPair}, but throws one {@link ConfigError} listing every refusal. */
export function resolveBlueGreenPair(
  subject: string,
  input: BlueGreenPairInput,
  pathPrefix = "",
): BlueGreenPlan {
  const decision = planBlueGreenPair(input, pathPrefix);
  if (!decision.ok) throw new ConfigError(subject, decision.refusals);
  return decision.plan;
}

function readCount(
  raw: unknown,
  fallback: number | undefined,
  path: string,
  refusals: string[],
): number | undefined {
  if (raw === undefined || raw === null) return fallback;
  if (typeof raw === "number" && Number.isInteger(raw) && raw >= 0) return raw;
  refusals.push(`${path}: ${shownValue(raw)} — ${NODE_COUNT}`);
  return fallback;
}
