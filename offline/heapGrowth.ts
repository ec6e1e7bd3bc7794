import * as v8 from "v8";
import { whileRunning } from "./whileRunning";

/** How far the heap may grow past what survived a major collection while a program runs offline. */
export const PROGRAM_HEAP_GROWING_PERCENT = 25;

const ENV = "OKEPOOLS_HEAP_GROWING_PERCENT";
const FLAG = /--heap[-_]growing[-_]percent/;

/**
 * The percent a program run sets: {@link PROGRAM_HEAP_GROWING_PERCENT} unless the environment
 * says otherwise; `undefined` when Node was given its own `--heap-growing-percent`.
 */
export function programHeapGrowingPercent(
  env: NodeJS.ProcessEnv = process.env,
  execArgv: readonly string[] = process.execArgv,
): number | undefined {
  if ([...execArgv, env.NODE_OPTIONS ?? ""].some((a) => FLAG.test(a))) return undefined;
  const raw = env[ENV];
  if (raw === undefined || raw === "") return PROGRAM_HEAP_GROWING_PERCENT;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 1000)
    throw new Error(
      `${ENV}=${raw} is not a whole number of percent from 0 to 1000; unset it for ${PROGRAM_HEAP_GROWING_PERCENT}, or set 0 for V8's own heap growth`,
    );
  return n;
}

/**
 * Bounds V8's heap growth while a program runs offline; returns what restores V8's own.
 *
 * Registering a program's resources under the SDK's mocks keeps nearly all of them live until
 * the run ends, and V8, seeing a fast-growing heap with memory to spare, lets the heap reach
 * about twice what its last major collection kept before it collects again. At 1,000 pools
 * that garbage, not what is live, set the preview's peak (live ≈ 1.1× the bench floor's, peak
 * 1.4×). Each collection then keeps the heap within {@link PROGRAM_HEAP_GROWING_PERCENT}% of
 * its live size, at the price of more collections. `OKEPOOLS_HEAP_GROWING_PERCENT` overrides it
 * (0: V8's own); a `--heap-growing-percent` Node flag is left to decide.
 */
export const boundedHeapGrowth: () => () => void = whileRunning(() => {
  const p = programHeapGrowingPercent();
  if (p === undefined) return () => undefined;
  v8.setFlagsFromString(`--heap-growing-percent=${p}`);
  return () => v8.setFlagsFromString("--heap-growing-percent=0"); // 0: V8's own growth
});
