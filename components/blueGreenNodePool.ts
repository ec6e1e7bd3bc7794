import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { BlueGreenPlan, colourPoolName } from "../core/blueGreen";
import { resolveBlueGreenColours } from "../core/blueGreenResolve";
import { blueGreenPairShape } from "../core/blueGreenSchema";
import { ConfigError, describeIssues } from "../core/configError";
import { ResolvedNodePool } from "../core/nodePoolSpec";
import { TYPE_BLUE_GREEN_COMPONENT } from "../core/tags";
import { BlueGreenColourArgs, Colour } from "./args";
import { checkArguments } from "./argsError";
import { ImageCatalogSource } from "./imageCatalogSource";

export type { BlueGreenColourArgs } from "./args";
import {
  OkeClusterRef,
  OkeNodePool,
  OkeNodePoolArgs,
  PlacementArgs,
  clusterFacts,
  poolTargetProblems,
  withResolvedSettings,
} from "./okeNodePool";

/**
 * Arguments of {@link BlueGreenNodePool}. Everything plain is validated when the component is
 * constructed, before anything is registered; a refused transition registers nothing.
 */
export interface BlueGreenNodePoolArgs {
  /** The cluster both colours join. */
  readonly cluster: OkeClusterRef;
  /** The compartment both pools are created in. */
  readonly compartmentId: pulumi.Input<string>;
  /** Where both colours' nodes go; at least one placement. */
  readonly placement: PlacementArgs[];
  /**
   * The colour that receives the workloads and runs at its full size. Must be declared and
   * have `size` ≥ 1. Switching it is the cutover; switching it back is the rollback.
   */
  readonly active: Colour;
  /** The blue colour's settings. @default not declared: no blue pool */
  readonly blue?: BlueGreenColourArgs;
  /** The green colour's settings. @default not declared: no green pool */
  readonly green?: BlueGreenColourArgs;
  /**
   * Size of the inactive colour on standby (the one traffic has left). Its pool is scaled to
   * this only once the active colour's pool has finished creating or updating; OKE cordons and
   * drains the removed nodes under that colour's `eviction` settings.
   * @default 0
   */
  readonly standbySize?: number;
  /** Size of an inactive colour with `role: "canary"`. @default the canary colour's full `size` */
  readonly canarySize?: number;
  /** The pair's name: pools are `<pairName>-blue` / `<pairName>-green`, nodes are labelled `okepools.io/pair=<pairName>`. @default the component's name */
  readonly pairName?: string;
  /** SSH key for both colours' nodes. @default none */
  readonly sshPublicKey?: pulumi.Input<string>;
  /** Network security groups for both colours' nodes. @default none */
  readonly nsgIds?: pulumi.Input<string>[];
  /** Extra freeform tags for both pools. @default none */
  readonly freeformTags?: Record<string, string>;
  /**
   * Mark the active colour's pool (its OkeNodePool and NodePool) `protect`ed, so the Pulumi
   * engine itself refuses to delete or replace the colour that serves the workloads: switching
   * `active` and removing the old colour in one update fails the preview; switched first, the
   * old colour is unprotected and its removal in the next update goes ahead. `false` opts out
   * (nothing is protected; the runbook's two-update order is then only a convention).
   * @default true
   */
  readonly protectActive?: boolean;
}

/** Options of {@link BlueGreenNodePool}: Pulumi's resource options plus the catalog source. */
export interface BlueGreenNodePoolOptions extends pulumi.ComponentResourceOptions {
  /** Where the catalog of current images comes from. @default the program-wide source */
  readonly catalogSource?: ImageCatalogSource;
}

// What only TypeScript callers read, kept off the class's properties (Pulumi's schema analyzer
// turns every property into a schema output, and these have no schema form).
const pairState = new WeakMap<
  BlueGreenNodePool,
  { plan: BlueGreenPlan; pools: Partial<Record<Colour, OkeNodePool>> }
>();

/** The pair-level arguments that are plain data, checked by zod before the pair rules run. */
const pairArgsSchema = z.object({
  ...blueGreenPairShape,
  pairName: z
    .string({ message: "expected a name of lower-case letters, digits and -" })
    .regex(/^[a-z0-9]([a-z0-9-]{0,32}[a-z0-9])?$/, {
      message:
        "expected a name of lower-case letters, digits and - (at most 34, so that -green fits)",
    })
    .optional(),
});

/**
 * A blue/green pair of OKE node pools built on {@link OkeNodePool}: each declared colour is a
 * pool with its own version, image and size. The active colour runs at full size; the other is
 * a canary (`canarySize`) or on standby (`standbySize`, and only after the active pool has
 * finished). Workloads follow {@link activeNodeSelector}. See docs/blue-green-runbook.md.
 */
export class BlueGreenNodePool extends pulumi.ComponentResource {
  /** The pair's name (pool name prefix and `okepools.io/pair` label). */
  readonly pairName: string;
  /** The colour that receives the workloads. */
  readonly activeColour: Colour;
  /** Node selector of the active colour: `{okepools.io/pair, okepools.io/colour}`. */
  readonly activeNodeSelector: Record<string, string>;
  /** The active colour's OCI node pool. */
  readonly activeNodePool: oci.containerengine.NodePool;
  /** The blue colour's OCI node pool, when blue is declared. */
  readonly blueNodePool?: oci.containerengine.NodePool;
  /** The green colour's OCI node pool, when green is declared. */
  readonly greenNodePool?: oci.containerengine.NodePool;

  /** The declared colours' pools (TypeScript only). */
  get pools(): Readonly<Partial<Record<Colour, OkeNodePool>>> {
    return pairState.get(this)!.pools;
  }
  /** The active colour's pool; workloads that follow the pair may wait for its `nodePool` (TypeScript only). */
  get activePool(): OkeNodePool {
    return this.pools[this.activeColour]!;
  }
  /** What each colour is in this phase, its size and dependency (TypeScript only). */
  get plan(): BlueGreenPlan {
    return pairState.get(this)!.plan;
  }

  constructor(name: string, args: BlueGreenNodePoolArgs, opts: BlueGreenNodePoolOptions = {}) {
    const { plan, poolArgs } = checkArguments(() => validateBlueGreenArgs(name, args));
    const { catalogSource, ...resourceOptions } = opts;
    super(TYPE_BLUE_GREEN_COMPONENT, name, {}, resourceOptions);
    this.pairName = plan.pair;
    this.activeColour = plan.active;
    this.activeNodeSelector = { ...plan.activeNodeSelector };

    const pools: Partial<Record<Colour, OkeNodePool>> = {};
    // Active first: a standby colour's NodePool depends on the active colour's NodePool.
    for (const colour of plan.colours) {
      const waitFor = colour.dependsOn ? pools[colour.dependsOn] : undefined;
      pools[colour.colour] = new OkeNodePool(
        `${name}-${colour.colour}`,
        poolArgs.get(colour.colour)!,
        {
          parent: this,
          ...(waitFor ? { dependsOn: [waitFor.nodePool] } : {}),
          ...(catalogSource ? { catalogSource } : {}),
          pairMembership: { pair: plan.pair, colour: colour.colour, activeColour: plan.active },
          // The NodePool inherits protect from its OkeNodePool.
          protect: colour.colour === plan.active && args.protectActive !== false,
        },
      );
    }
    pairState.set(this, { plan, pools });
    this.activeNodePool = pools[plan.active]!.nodePool;
    if (pools.blue) this.blueNodePool = pools.blue.nodePool;
    if (pools.green) this.greenNodePool = pools.green.nodePool;

    this.registerOutputs({
      pairName: this.pairName,
      activeColour: this.activeColour,
      activeNodeSelector: this.activeNodeSelector,
      colours: Object.fromEntries(
        plan.colours.map((c) => [
          c.colour,
          {
            state: c.state,
            size: c.size,
            fullSize: c.fullSize,
            poolName: c.poolName,
            nodePoolId: pools[c.colour]!.nodePoolId,
          },
        ]),
      ),
    });
  }
}

/**
 * Every check the component runs before registering anything: the pair-level keys, the pair
 * rules and each declared colour's pool settings, resolved once at the size this phase gives it
 * (core/blueGreenResolve.ts). Throws one {@link ConfigError}. `poolArgs` are the arguments each
 * colour's {@link OkeNodePool} is built with, `settings` what they resolve to.
 */
export function validateBlueGreenArgs(
  name: string,
  args: BlueGreenNodePoolArgs,
): {
  plan: BlueGreenPlan;
  poolArgs: Map<Colour, OkeNodePoolArgs>;
  settings: Map<Colour, ResolvedNodePool>;
} {
  const subject = `BlueGreenNodePool "${name}": invalid arguments`;
  const pairName = args?.pairName ?? name;
  const plain = {
    active: args?.active,
    standbySize: args?.standbySize,
    canarySize: args?.canarySize,
    blue: args?.blue,
    green: args?.green,
    pairName,
  };
  const parsed = pairArgsSchema.safeParse(plain);
  if (!parsed.success)
    throw new ConfigError(subject, describeIssues("", parsed.error.issues, plain));

  const problems = poolTargetProblems({
    cluster: args.cluster,
    placement: args.placement,
    ...(args.freeformTags !== undefined ? { freeformTags: args.freeformTags } : {}),
  });
  const resolution = resolveBlueGreenColours(
    { ...plain, pair: pairName },
    "",
    clusterFacts(args.cluster),
  );
  if (!resolution.ok) problems.push(...resolution.problems);
  if (problems.length > 0 || !resolution.ok) throw new ConfigError(subject, problems);

  const poolArgs = new Map<Colour, OkeNodePoolArgs>();
  const settings = new Map<Colour, ResolvedNodePool>();
  for (const c of resolution.plan.colours) {
    const resolved = resolution.settings[c.colour]!;
    poolArgs.set(
      c.colour,
      withResolvedSettings(colourPoolArgs(args, pairName, c.colour, c.size), resolved),
    );
    settings.set(c.colour, resolved);
  }
  return { plan: resolution.plan, poolArgs, settings };
}

/** A colour's OkeNodePool arguments at `size`: its own settings plus the pair's shared keys. */
function colourPoolArgs(
  args: BlueGreenNodePoolArgs,
  pairName: string,
  colour: Colour,
  size: number,
): OkeNodePoolArgs {
  const { role: _role, ...settings } = args[colour]!;
  return {
    ...settings,
    size,
    cluster: args.cluster,
    compartmentId: args.compartmentId,
    placement: args.placement,
    nodePoolName: colourPoolName(pairName, colour),
    ...(args.sshPublicKey !== undefined ? { sshPublicKey: args.sshPublicKey } : {}),
    ...(args.nsgIds !== undefined ? { nsgIds: args.nsgIds } : {}),
    ...(args.freeformTags !== undefined ? { freeformTags: args.freeformTags } : {}),
  };
}
