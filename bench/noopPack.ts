/**
 * The no-op twin of the policy pack (bench/noop-pack): what it must mirror of the real pack,
 * and the check that it does. policies.json lists, per real policy, its name, its default
 * enforcement level and its validation functions (resource and stack, each with the Pulumi type
 * it is restricted to, or null); bench/noop-pack/index.js builds one do-nothing policy from each.
 */
import * as fs from "fs";
import * as path from "path";

export const NOOP_PACK_DIR = path.join(__dirname, "noop-pack");
const MIRROR_FILE = path.join(NOOP_PACK_DIR, "policies.json");

export interface MirroredPolicy {
  readonly name: string;
  readonly enforcementLevel: string;
  /** One entry per validation function: the Pulumi type it applies to, or null (every type). */
  readonly validateResource?: readonly (string | null)[];
  readonly validateStack?: readonly (string | null)[];
}

interface PolicyLike {
  readonly name: string;
  readonly enforcementLevel?: string;
  readonly validateResource?: unknown;
  readonly validateStack?: unknown;
}

function typesOf(v: unknown): (string | null)[] | undefined {
  if (!v) return undefined;
  return (Array.isArray(v) ? v : [v]).map((f: { __pulumiType?: unknown }) =>
    typeof f?.__pulumiType === "string" && f.__pulumiType ? f.__pulumiType : null,
  );
}

/**
 * The real pack's policies as the no-op twin must mirror them, from its compiled `pack.js`
 * (`packPolicies()`: building the policies starts no server).
 */
export function realPolicies(packDir: string): MirroredPolicy[] {
  const packModule = path.resolve(packDir, "bin", "policies", "pack.js");
  if (!fs.existsSync(packModule))
    throw new Error(`bench: ${packModule} is missing; run npm run build`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { packPolicies } = require(packModule) as { packPolicies?: () => PolicyLike[] };
  if (typeof packPolicies !== "function")
    throw new Error(
      `bench: ${packModule} no longer exports packPolicies(); update bench/noopPack.ts`,
    );
  return packPolicies().map((p) => {
    const r = typesOf(p.validateResource);
    const s = typesOf(p.validateStack);
    return {
      name: p.name,
      enforcementLevel: p.enforcementLevel ?? "advisory",
      ...(r ? { validateResource: r } : {}),
      ...(s ? { validateStack: s } : {}),
    };
  });
}

export function mirroredPolicies(): MirroredPolicy[] {
  return (JSON.parse(fs.readFileSync(MIRROR_FILE, "utf8")) as { policies: MirroredPolicy[] })
    .policies;
}

/**
 * Makes bench/noop-pack/policies.json mirror the real pack. Returns what changed (empty when
 * it already did); the file is rewritten then, so that the ratio compares like with like.
 */
export function syncNoopPack(packDir: string): string[] {
  const real = realPolicies(packDir);
  let current: MirroredPolicy[] = [];
  try {
    current = mirroredPolicies();
  } catch {
    // missing or unreadable: rewritten below
  }
  const key = (p: MirroredPolicy) =>
    JSON.stringify([
      p.name,
      p.enforcementLevel,
      p.validateResource ?? null,
      p.validateStack ?? null,
    ]);
  const had = new Map(current.map((p) => [p.name, key(p)]));
  const changes: string[] = [];
  for (const p of real) {
    if (!had.has(p.name)) changes.push(`+ ${p.name}`);
    else if (had.get(p.name) !== key(p)) changes.push(`~ ${p.name}`);
  }
  for (const p of current) if (!real.some((r) => r.name === p.name)) changes.push(`- ${p.name}`);
  if (changes.length > 0 || current.map(key).join() !== real.map(key).join()) {
    const doc = {
      note: "Mirrors policies/ (bench/noopPack.ts realPolicies); rewritten by npm run bench when the real pack changes.",
      policies: real,
    };
    fs.writeFileSync(MIRROR_FILE, `${JSON.stringify(doc, null, 2)}\n`);
    if (changes.length === 0) changes.push("order");
  }
  return changes;
}
