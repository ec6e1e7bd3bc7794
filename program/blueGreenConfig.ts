import { z } from "zod";
import { BlueGreenPlan, COLOURS, Colour, colourPoolName } from "../core/blueGreen";
import { resolveBlueGreenColours } from "../core/blueGreenResolve";
import { BlueGreenColourSettings, blueGreenPairShape } from "../core/blueGreenSchema";
import { evaluateBudget } from "../core/disruptionBudget";
import { ClusterFacts, ResolvedNodePool } from "../core/nodePoolSpec";

/**
 * The stack config keys of blue/green pairs (`oke-pools:blueGreenPools`) and of the sample
 * workload (`oke-pools:sampleWorkload`): their schemas, used by program/stackConfig.ts, and the
 * checks that need more than one key. Plain data only: no Pulumi here.
 */

const PAIR_NAME =
  "expected a name of lower-case letters, digits and - (at most 34, so that -green fits a pool name)";
export const pairNameSchema = z
  .string({ message: PAIR_NAME })
  .regex(/^[a-z0-9]([a-z0-9-]{0,32}[a-z0-9])?$/, { message: PAIR_NAME });

/**
 * One entry of `oke-pools:blueGreenPools`. Built from the stack config's placement schema (passed
 * in, so this module does not import program/stackConfig.ts at run time).
 */
export function blueGreenPoolConfigSchema<P extends z.ZodType>(placement: P) {
  return z.strictObject(
    {
      name: pairNameSchema,
      ...blueGreenPairShape,
      placement: z
        .array(placement, { message: "expected a list of { availabilityDomain, subnetId }" })
        .min(1, { message: "expected at least one { availabilityDomain, subnetId }" }),
      sshPublicKey: z.string({ message: "expected an SSH public key" }).optional(),
    },
    { message: "expected a blue/green pair: { name, active, placement, blue, green, … }" },
  );
}

/** What the checks need of a pair entry (the schema's output, whatever its placement type). */
export interface BlueGreenPoolEntry {
  readonly name: string;
  readonly active: Colour;
  readonly standbySize?: number;
  readonly canarySize?: number;
  readonly blue?: BlueGreenColourSettings;
  readonly green?: BlueGreenColourSettings;
}

export interface ValidatedBlueGreenPool<E extends BlueGreenPoolEntry = BlueGreenPoolEntry> {
  readonly config: E;
  /** Each colour's size, dependency and node selector in this phase. */
  readonly plan: BlueGreenPlan;
  /** Each declared colour's settings, resolved at the size this phase gives it. */
  readonly resolved: Readonly<Partial<Record<Colour, ResolvedNodePool>>>;
}

/**
 * Checks every pair: the pair rules and each declared colour's pool settings, resolved once at
 * the size this phase gives it (core/blueGreenResolve.ts, as the BlueGreenNodePool component
 * does), and unique names. Problems go to `problems` as
 * `oke-pools:blueGreenPools[i].<key>: <value> — <fix>`.
 */
export function validateBlueGreenPools<E extends BlueGreenPoolEntry>(
  pairs: readonly E[],
  cluster: ClusterFacts,
  otherPoolNames: readonly string[],
  problems: string[],
): ValidatedBlueGreenPool<E>[] {
  const out: ValidatedBlueGreenPool<E>[] = [];
  const pairNames = new Set<string>();
  const poolNames = new Map(otherPoolNames.map((n, i) => [n, `oke-pools:nodePools[${i}]`]));
  pairs.forEach((pair, i) => {
    const at = `oke-pools:blueGreenPools[${i}]`;
    const before = problems.length;
    if (pairNames.has(pair.name))
      problems.push(
        `${at}.name: ${JSON.stringify(pair.name)} — is used by another blue/green pair; pair names must be unique`,
      );
    pairNames.add(pair.name);
    for (const colour of COLOURS) {
      const poolName = colourPoolName(pair.name, colour);
      const owner = poolNames.get(poolName);
      if (owner && pair[colour])
        problems.push(
          `${at}.name: ${JSON.stringify(pair.name)} — its ${colour} pool would be named ${poolName}, like ${owner}; rename the pair or that pool`,
        );
    }
    const resolution = resolveBlueGreenColours(
      {
        pair: pair.name,
        active: pair.active,
        standbySize: pair.standbySize,
        canarySize: pair.canarySize,
        blue: pair.blue,
        green: pair.green,
      },
      at,
      cluster,
    );
    if (!resolution.ok) problems.push(...resolution.problems);
    else if (problems.length === before)
      out.push({ config: pair, plan: resolution.plan, resolved: resolution.settings });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// oke-pools:sampleWorkload

const K8S_NAME = "expected a Kubernetes name: lower-case letters, digits and -, at most 63";
const k8sName = z
  .string({ message: K8S_NAME })
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, { message: K8S_NAME });
const DISRUPTION = 'expected a whole number of pods ("1", 1) or a percentage ("25%")';
const disruption = z
  .union(
    [
      z
        .number({ message: DISRUPTION })
        .int({ message: DISRUPTION })
        .min(0, { message: DISRUPTION }),
      z.string({ message: DISRUPTION }).regex(/^(\d{1,6}|\d{1,3}%)$/, { message: DISRUPTION }),
    ],
    { message: DISRUPTION },
  )
  .refine((v) => typeof v === "number" || !v.endsWith("%") || Number(v.slice(0, -1)) <= 100, {
    message: "expected a percentage from 0% to 100%",
  })
  // Kubernetes takes a count as a number; only percentages are strings.
  .transform((v) => (typeof v === "string" && !v.endsWith("%") ? Number(v) : v));

export const SAMPLE_WORKLOAD_DEFAULTS = {
  enabled: true,
  name: "sample-web",
  namespace: "default",
  image: "nginx:1.27",
  replicas: 3,
} as const;

/**
 * `oke-pools:sampleWorkload`: an nginx Deployment with a PodDisruptionBudget and a Service that
 * follows a blue/green pair's active colour.
 */
export const sampleWorkloadConfigSchema = z.strictObject(
  {
    /** @default true (writing the key opts in; `false` keeps the settings and removes the workload) */
    enabled: z
      .boolean({ message: "expected true or false" })
      .default(SAMPLE_WORKLOAD_DEFAULTS.enabled),
    /** Name of the Deployment, PodDisruptionBudget and Service. @default "sample-web" */
    name: k8sName.default(SAMPLE_WORKLOAD_DEFAULTS.name),
    /** @default "default" */
    namespace: k8sName.default(SAMPLE_WORKLOAD_DEFAULTS.namespace),
    /** Container image. @default "nginx:1.27" */
    image: z
      .string({ message: "expected a container image such as nginx:1.27" })
      .min(1, { message: "expected a container image such as nginx:1.27" })
      .default(SAMPLE_WORKLOAD_DEFAULTS.image),
    /** @default 3 */
    replicas: z
      .number({ message: "expected a whole number of replicas ≥ 1" })
      .int({ message: "expected a whole number of replicas ≥ 1" })
      .min(1, { message: "expected a whole number of replicas ≥ 1" })
      .default(SAMPLE_WORKLOAD_DEFAULTS.replicas),
    /** The PodDisruptionBudget's minAvailable; give this or maxUnavailable. */
    minAvailable: disruption.optional(),
    /** The PodDisruptionBudget's maxUnavailable. @default 1 (when minAvailable is not given either) */
    maxUnavailable: disruption.optional(),
    /** The blue/green pair (its `name`) whose active colour the pods follow. @default the only pair */
    followPair: pairNameSchema.optional(),
  },
  { message: "expected the sample workload: { enabled, followPair, replicas, … }" },
);
export type SampleWorkloadConfig = z.infer<typeof sampleWorkloadConfigSchema>;

export interface ValidatedSampleWorkload {
  readonly name: string;
  readonly namespace: string;
  readonly image: string;
  readonly replicas: number;
  readonly budget:
    { readonly minAvailable: number | string } | { readonly maxUnavailable: number | string };
  /** Pods the budget lets a drain evict at once. */
  readonly allowedDisruptions: number;
  readonly followPair: string;
}

/**
 * Checks the sample workload against the pairs: it must follow a declared pair, and its budget
 * must let a drain make progress (a budget that never allows an eviction holds every scale-down
 * of the old colour until its eviction grace period ends). `undefined` when absent or disabled.
 */
export function validateSampleWorkload(
  raw: SampleWorkloadConfig | undefined,
  pairNames: readonly string[],
  problems: string[],
): ValidatedSampleWorkload | undefined {
  if (raw === undefined || !raw.enabled) return undefined;
  const at = "oke-pools:sampleWorkload";
  const before = problems.length;
  if (raw.minAvailable !== undefined && raw.maxUnavailable !== undefined) {
    problems.push(
      `${at}.minAvailable: ${JSON.stringify(raw.minAvailable)} — give either minAvailable or maxUnavailable, not both (a PodDisruptionBudget takes one)`,
    );
  }
  let followPair = raw.followPair;
  if (followPair === undefined) {
    if (pairNames.length === 1) followPair = pairNames[0];
    else
      problems.push(
        `${at}.followPair: missing — ${pairNames.length === 0 ? "the sample workload follows a blue/green pair, and oke-pools:blueGreenPools declares none; declare a pair or set enabled: false" : `expected the name of the pair to follow, one of ${pairNames.join(", ")}`}`,
      );
  } else if (!pairNames.includes(followPair)) {
    problems.push(
      `${at}.followPair: ${JSON.stringify(followPair)} — is not a pair of oke-pools:blueGreenPools; expected one of ${pairNames.join(", ") || "(none declared)"}`,
    );
  }
  const budget =
    raw.minAvailable !== undefined
      ? { minAvailable: raw.minAvailable }
      : { maxUnavailable: raw.maxUnavailable ?? 1 };
  const verdict = evaluateBudget(budget, raw.replicas);
  if (verdict.kind !== "allows" && problems.length === before) {
    const [key, value] = Object.entries(budget)[0];
    problems.push(
      `${at}.${key}: ${JSON.stringify(value)} — with ${raw.replicas} replicas the PodDisruptionBudget never allows an eviction (${verdict.kind === "blocks" ? verdict.reason : "unreadable"}), ` +
        `so draining the old colour would wait out its whole eviction grace period; allow at least one: maxUnavailable: 1, or minAvailable below ${raw.replicas}`,
    );
  }
  if (problems.length > before || verdict.kind !== "allows") return undefined;
  return {
    name: raw.name,
    namespace: raw.namespace,
    image: raw.image,
    replicas: raw.replicas,
    budget,
    allowedDisruptions: verdict.disruptions,
    followPair: followPair!,
  };
}
