/** The candidate closest to `value` (case-insensitive edit distance at most `max`), for "did you mean". */
export function nearest(value: string, candidates: readonly string[], max = 2): string | undefined {
  const v = value.toLowerCase();
  return candidates
    .map((c) => ({ c, d: editDistance(c.toLowerCase(), v) }))
    .filter((x) => x.d <= max)
    .sort((a, b) => a.d - b.d)[0]?.c;
}

export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
