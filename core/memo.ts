/**
 * Memoises a pure parser of strings. A stack repeats the same image names and versions across
 * hundreds of pools and several policies; the parse is done once per distinct string. Results
 * are frozen (deeply), so a caller cannot change what the next one gets. The cache is cleared
 * when it reaches `max` entries, so memory stays bounded whatever the input.
 */
export function memoParse<T>(parse: (value: string) => T, max = 4096): (value: string) => T {
  const cache = new Map<string, T>();
  return (value) => {
    if (cache.has(value)) return cache.get(value)!;
    if (cache.size >= max) cache.clear();
    const result = deepFreeze(parse(value));
    cache.set(value, result);
    return result;
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
