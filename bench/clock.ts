/**
 * The day the bench's packs judge image ages on (OKEPOOLS_NOW, policies/lib/clock.ts), unless
 * the caller's environment already sets one. On the real clock a stack's findings, and so the
 * work measured, grow with the calendar: image-age flags 867 of the platform stack's 1,000
 * pools on this day, and every one of them once the sample catalog's newest build
 * (2026-10-20) is 90 days old. The packs inherit the environment of the bench's process.
 */
export const BENCH_NOW = "2026-12-02T00:00:00Z";

/** Sets OKEPOOLS_NOW to {@link BENCH_NOW} where it is not set; returns the clock in force. */
export function pinBenchClock(env: NodeJS.ProcessEnv = process.env): string {
  if (!env.OKEPOOLS_NOW) env.OKEPOOLS_NOW = BENCH_NOW;
  return env.OKEPOOLS_NOW;
}
