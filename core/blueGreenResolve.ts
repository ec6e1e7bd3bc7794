import {
  BlueGreenPairInput,
  BlueGreenPlan,
  COLOURS,
  Colour,
  ColourPlan,
  planBlueGreenPair,
} from "./blueGreen";
import { ConfigError } from "./configError";
import { ClusterFacts, ResolvedNodePool, resolveNodePool } from "./nodePoolSpec";

/**
 * A blue/green pair resolved: the pair rules of core/blueGreen.ts and each colour's pool
 * settings (core/nodePoolSpec.ts), once, at the size this phase gives the colour. The one
 * resolution behind the `BlueGreenNodePool` component's arguments and the
 * `oke-pools:blueGreenPools` stack config.
 */
export type BlueGreenResolution =
  | {
      readonly ok: true;
      readonly plan: BlueGreenPlan;
      /** Each declared colour's settings at the size of this phase (`plan.colours[].size`). */
      readonly settings: Readonly<Partial<Record<Colour, ResolvedNodePool>>>;
    }
  | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Plans the pair and resolves each declared colour's settings (every key of a colour but `role`)
 * against `cluster`. `pathPrefix` prefixes every key path (`oke-pools:blueGreenPools[0]`, or ""
 * for component arguments); a colour's keys are under `<colour>.`. A problem that appears only
 * at the colour's size in this phase (not at its full size) ends in `(at the standby size 0)` or
 * `(at the canary size 1)`. Never throws on bad input: every problem is returned, one a line.
 */
export function resolveBlueGreenColours(
  input: BlueGreenPairInput,
  pathPrefix: string,
  cluster: ClusterFacts,
): BlueGreenResolution {
  const at = (key: string) => (pathPrefix ? `${pathPrefix}.${key}` : key);
  const subject = `blue/green pair "${String(input.pair)}"`;
  const decision = planBlueGreenPair(input, pathPrefix);
  const phase = new Map<Colour, ColourPlan>(
    decision.ok ? decision.plan.colours.map((c) => [c.colour, c]) : [],
  );
  const problems: string[] = [];
  const phaseOnly: string[] = [];
  const settings: Partial<Record<Colour, ResolvedNodePool>> = {};
  for (const colour of COLOURS) {
    const raw = input[colour];
    if (raw === undefined || raw === null) continue;
    const poolSettings = withoutRole(raw);
    const resolve = (size?: number) =>
      attempt(() =>
        resolveNodePool(
          subject,
          at(colour),
          size === undefined ? poolSettings : { ...(poolSettings as object), size },
          cluster,
        ),
      );
    const c = phase.get(colour);
    // Unplanned (the pair is refused), a colour is checked at its full size, what it runs when active.
    const inPhase = c && c.size !== c.fullSize ? resolve(c.size) : resolve();
    if (inPhase.ok) {
      settings[colour] = inPhase.value;
      continue;
    }
    if (!c || c.size === c.fullSize) {
      problems.push(...inPhase.problems);
      continue;
    }
    // Which problems are the colour's own, and which come from its smaller size in this phase.
    const atFull = resolve();
    const own = atFull.ok ? [] : atFull.problems;
    problems.push(...own);
    phaseOnly.push(
      ...inPhase.problems
        .filter((p) => !own.includes(p))
        .map((p) => `${p} (at the ${c.state} size ${c.size})`),
    );
  }
  if (!decision.ok) problems.push(...decision.refusals);
  problems.push(...phaseOnly);
  if (!decision.ok || problems.length > 0) return { ok: false, problems: [...new Set(problems)] };
  return { ok: true, plan: decision.plan, settings };
}

/** A colour's pool settings: everything but `role`, which only the pair rules read. */
function withoutRole(raw: unknown): unknown {
  if (typeof raw !== "object" || Array.isArray(raw)) return raw; // resolveNodePool reports it
  const { role: _role, ...rest } = raw as Record<string, unknown>;
  return rest;
}

function attempt<T>(
  run: () => T,
): { ok: true; value: T } | { ok: false; problems: readonly string[] } {
  try {
    return { ok: true, value: run() };
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return { ok: false, problems: e.problems };
  }
}
