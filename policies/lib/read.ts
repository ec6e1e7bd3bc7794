import { isUnknown } from "./unknown";

/**
 * A property as a policy sees it: absent (missing or null), unknown until the update,
 * present but of the wrong shape, or known.
 */
export type Reading<T> =
  | { readonly state: "absent" }
  | { readonly state: "unknown" }
  | { readonly state: "invalid"; readonly raw: unknown }
  | { readonly state: "known"; readonly value: T };

export const ABSENT: Reading<never> = Object.freeze({ state: "absent" });
export const UNKNOWN: Reading<never> = Object.freeze({ state: "unknown" });

export function knownReading<T>(value: T): Reading<T> {
  return { state: "known", value };
}

export function invalidReading<T>(raw: unknown): Reading<T> {
  return { state: "invalid", raw };
}

/** The value when known, else `undefined`. */
export function valueOf<T>(r: Reading<T>): T | undefined {
  return r.state === "known" ? r.value : undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Own property of a plain record; prototype keys such as `constructor` are never returned. */
export function own(obj: unknown, key: string): unknown {
  if (!isRecord(obj) || !Object.prototype.hasOwnProperty.call(obj, key)) return undefined;
  return obj[key];
}

/**
 * Walks `path` from `obj`. An unknown anywhere on the way gives `unknown`; a missing or null
 * step gives `absent`; a step into something that is not an object gives `invalid`.
 */
export function readPath(obj: unknown, ...path: string[]): Reading<unknown> {
  let cur: unknown = obj;
  for (const key of path) {
    if (isUnknown(cur)) return UNKNOWN;
    if (cur === undefined || cur === null) return ABSENT;
    if (!isRecord(cur)) return invalidReading(cur);
    cur = own(cur, key);
  }
  if (isUnknown(cur)) return UNKNOWN;
  if (cur === undefined || cur === null) return ABSENT;
  return knownReading(cur);
}

/** A non-empty string; an empty string counts as absent. */
export function asString(r: Reading<unknown>): Reading<string> {
  if (r.state !== "known") return r;
  if (typeof r.value !== "string") return invalidReading(r.value);
  return r.value.trim() === "" ? ABSENT : knownReading(r.value);
}

/** A finite number, or a string of digits (a whole number). */
export function asNumber(r: Reading<unknown>): Reading<number> {
  if (r.state !== "known") return r;
  if (typeof r.value === "number" && Number.isFinite(r.value)) return knownReading(r.value);
  if (typeof r.value === "string" && /^\s*\d{1,9}\s*$/.test(r.value)) return knownReading(Number(r.value));
  return invalidReading(r.value);
}

/** A boolean, or the strings "true"/"false". */
export function asBoolean(r: Reading<unknown>): Reading<boolean> {
  if (r.state !== "known") return r;
  if (typeof r.value === "boolean") return knownReading(r.value);
  if (r.value === "true" || r.value === "false") return knownReading(r.value === "true");
  return invalidReading(r.value);
}

export function asRecord(r: Reading<unknown>): Reading<Record<string, unknown>> {
  if (r.state !== "known") return r;
  return isRecord(r.value) ? knownReading(r.value) : invalidReading(r.value);
}

export function asArray(r: Reading<unknown>): Reading<readonly unknown[]> {
  if (r.state !== "known") return r;
  return Array.isArray(r.value) ? knownReading(r.value) : invalidReading(r.value);
}

/** Known string values of a string-to-string map (e.g. freeform tags); other entries are skipped. */
export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(value)) return out;
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (typeof v === "string" && !isUnknown(v)) out[key] = v;
  }
  return out;
}

/** JSON for a message, shortened; never throws. */
export function show(value: unknown, max = 80): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
