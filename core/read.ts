/**
 * Reading plain property bags (Pulumi inputs or outputs) without ever throwing, and telling
 * apart a value that is absent, one that is not known yet (the Pulumi unknown sentinel), one
 * that is present but unusable, and one that is known. Pure (no Pulumi or zod imports): the
 * policy pack and the AKS domain logic both read through this module.
 */
import { isUnknown } from "./unknown";

/**
 * The four ways a field can read. `unknown` is never a failure: callers report it as "not known
 * until the deployment runs" and check again later (in stack validation or the next preview).
 * An invalid reading keeps the raw value and says why it is unusable.
 */
export type Reading<T> =
  | { readonly state: "absent" }
  | { readonly state: "unknown" }
  | { readonly state: "invalid"; readonly raw: unknown; readonly reason: string }
  | { readonly state: "known"; readonly value: T };

/** Path segments: a string steps into a record's own key, a number into a list. */
export type Path = readonly (string | number)[];

export const ABSENT: Reading<never> = Object.freeze({ state: "absent" });
export const UNKNOWN: Reading<never> = Object.freeze({ state: "unknown" });

export function known<T>(value: T): Reading<T> {
  return { state: "known", value };
}

export function invalid(raw: unknown, reason: string): Reading<never> {
  return { state: "invalid", raw, reason };
}

/** The value of a known reading, else `undefined` (also for anything that is not a reading). */
export function valueOf<T>(r: Reading<T>): T | undefined {
  return isRecord(r) && r.state === "known" ? r.value : undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Own property of a plain record; prototype keys such as `constructor` are never returned. Never throws. */
export function own(obj: unknown, key: string): unknown {
  if (!isRecord(obj)) return undefined;
  try {
    return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Follows `path` through nested records (and lists, for number segments). An unknown anywhere on
 * the way makes the field unknown; a missing or null step makes it absent; a step into something
 * that is not a record (not a list, for a number segment) makes it invalid.
 */
export function readPath(root: unknown, path: Path): Reading<unknown> {
  if (!Array.isArray(path)) return ABSENT;
  let current: unknown = root;
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    if (isUnknown(current)) return UNKNOWN;
    if (current === undefined || current === null) return ABSENT;
    if (typeof key === "number") {
      if (!Array.isArray(current))
        return invalid(current, `${formatPath(path.slice(0, i)) || "value"} is not a list`);
      current = current[key];
    } else {
      if (!isRecord(current))
        return invalid(current, `${formatPath(path.slice(0, i)) || "value"} is not an object`);
      current = own(current, key);
    }
  }
  if (isUnknown(current)) return UNKNOWN;
  if (current === undefined || current === null) return ABSENT;
  return known(current);
}

/** `a.b[2].c` from path segments. */
export function formatPath(path: Path): string {
  if (!Array.isArray(path)) return "";
  return path.reduce<string>((text, key) => {
    if (typeof key === "number") return `${text}[${key}]`;
    const name = typeof key === "string" ? key : "?";
    return text ? `${text}.${name}` : name;
  }, "");
}

/** A non-empty string; an empty string counts as absent. */
export function asString(r: Reading<unknown>): Reading<string> {
  if (r.state !== "known") return r;
  if (typeof r.value !== "string") return invalid(r.value, "not a string");
  return r.value.trim() === "" ? ABSENT : known(r.value);
}

/** A finite number, or a string of digits (a whole number). */
export function asNumber(r: Reading<unknown>): Reading<number> {
  if (r.state !== "known") return r;
  if (typeof r.value === "number" && Number.isFinite(r.value)) return known(r.value);
  if (typeof r.value === "string" && /^\s*\d{1,9}\s*$/.test(r.value)) return known(Number(r.value));
  return invalid(r.value, "not a number");
}

/** A boolean, or the strings "true"/"false". */
export function asBoolean(r: Reading<unknown>): Reading<boolean> {
  if (r.state !== "known") return r;
  if (typeof r.value === "boolean") return known(r.value);
  if (r.value === "true" || r.value === "false") return known(r.value === "true");
  return invalid(r.value, "not a boolean");
}

export function asRecord(r: Reading<unknown>): Reading<Record<string, unknown>> {
  if (r.state !== "known") return r;
  return isRecord(r.value) ? known(r.value) : invalid(r.value, "not an object");
}

export function asArray(r: Reading<unknown>): Reading<readonly unknown[]> {
  if (r.state !== "known") return r;
  return Array.isArray(r.value) ? known(r.value) : invalid(r.value, "not a list");
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

/** A short, safe rendering of any value for messages (never throws, never huge). */
export function describeValue(value: unknown): string {
  try {
    if (typeof value === "string")
      return JSON.stringify(value.length > 80 ? value.slice(0, 80) + "…" : value);
    if (
      typeof value === "number" ||
      typeof value === "boolean" ||
      value === null ||
      value === undefined
    )
      return String(value);
    if (Array.isArray(value)) return `an array of ${value.length}`;
    if (typeof value === "object") return "an object";
    return `a ${typeof value}`;
  } catch {
    return "an unreadable value";
  }
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
