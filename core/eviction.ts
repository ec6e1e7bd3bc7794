/** OKE's eviction grace bounds: `PT0M` (delete without cordon and drain) to `PT60M` (the default). */
export const MAX_EVICTION_GRACE_MINUTES = 60;

const DURATION = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/i;

/** Minutes in an ISO-8601 time duration (`PT30M`, `PT1H`, `PT90S`); `undefined` when malformed. */
export function parseGraceDuration(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const m = DURATION.exec(value.trim());
  if (!m || (m[1] === undefined && m[2] === undefined && m[3] === undefined)) return undefined;
  return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0) + Number(m[3] ?? 0) / 60;
}

/** A problem with a grace duration, or `undefined` when OKE accepts it. */
export function graceDurationProblem(value: string): string | undefined {
  const minutes = parseGraceDuration(value);
  if (minutes === undefined)
    return `${JSON.stringify(value)} is not an ISO-8601 duration such as PT30M`;
  if (minutes > MAX_EVICTION_GRACE_MINUTES) return `${value} is longer than OKE's maximum of PT60M`;
  return undefined;
}
