import * as spec from "../../core/nodePoolSpec";
import { ConfigError } from "../../core/configError";

type Resolver = typeof spec.resolveNodePool;
const mutable = spec as { resolveNodePool: Resolver };

/**
 * Replaces core/nodePoolSpec.ts `resolveNodePool` (as every module calls it, through its
 * exports) by `wrap(original)` until `restore()`. Modules compiled to CommonJS read the export
 * at each call, so the wrapper sees every resolution.
 */
export function spyOnResolveNodePool(wrap: (original: Resolver) => Resolver): {
  restore(): void;
} {
  const original = spec.resolveNodePool;
  mutable.resolveNodePool = wrap(original);
  return { restore: () => (mutable.resolveNodePool = original) };
}

/** Counts resolutions per colour: the last `blue`/`green` of the subject and key path, else `other`. */
export function countResolutions(): { calls: Record<string, number>; restore(): void } {
  const calls: Record<string, number> = {};
  const spy = spyOnResolveNodePool((original) => (subject, prefix, raw, cluster) => {
    const colour = /.*(blue|green)/.exec(`${subject} ${prefix}`)?.[1] ?? "other";
    calls[colour] = (calls[colour] ?? 0) + 1;
    return original(subject, prefix, raw, cluster);
  });
  return { calls, restore: spy.restore };
}

/**
 * A rule that only a pool of size 0 breaks, on top of the real ones: no rule of core today
 * depends on the size that way, and the resolution must still tell such a problem apart.
 */
export const SIZE_ZERO_RULE = "refused at size 0 (a rule of the test)";
export function withSizeZeroRule(): { restore(): void } {
  return spyOnResolveNodePool((original) => (subject, prefix, raw, cluster) => {
    const size = (raw as { size?: unknown } | undefined)?.size;
    let problems: readonly string[] = [];
    try {
      const resolved = original(subject, prefix, raw, cluster);
      if (size !== 0) return resolved;
    } catch (e) {
      if (!(e instanceof ConfigError) || size !== 0) throw e;
      problems = e.problems;
    }
    throw new ConfigError(subject, [
      ...problems,
      `${prefix ? `${prefix}.` : ""}size: 0 — ${SIZE_ZERO_RULE}`,
    ]);
  });
}
