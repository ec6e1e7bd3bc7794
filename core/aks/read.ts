/**
 * Reading plain property bags (Pulumi inputs or outputs) without ever throwing, and telling
 * apart a value that is absent, one that is not known yet (the Pulumi unknown sentinel), one
 * that is present but unusable, and one that is known.
 */

import { isUnknown } from "../unknown";

export { UNKNOWN_STRING, isUnknown } from "../unknown";

/**
 * The four ways a field can read. `unknown` is never a failure: callers report it as "not known
 * until the deployment runs" and check again later (in stack validation or the next preview).
 */
export type Read<T> =
  | { readonly state: "absent" }
  | { readonly state: "unknown" }
  | { readonly state: "invalid"; readonly raw: string; readonly reason: string }
  | { readonly state: "known"; readonly value: T };

export const ABSENT: Read<never> = Object.freeze({ state: "absent" });
export const UNKNOWN: Read<never> = Object.freeze({ state: "unknown" });

export function known<T>(value: T): Read<T> {
  return { state: "known", value };
}

export function invalid(raw: unknown, reason: string): Read<never> {
  return { state: "invalid", raw: describeValue(raw), reason };
}

/** The value of a known read, else `undefined`. */
export function valueOf<T>(r: Read<T>): T | undefined {
  return isRecord(r) && r.state === "known" ? r.value : undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A short, safe rendering of any value for messages (never throws, never huge). */
export function describeValue(value: unknown): string {
  try {
    if (typeof value === "string") return JSON.stringify(value.length > 80 ? value.slice(0, 80) + "…" : value);
    if (typeof value === "number" || typeof value === "boolean" || value === null || value === undefined) return String(value);
    if (Array.isArray(value)) return `an array of ${value.length}`;
    if (typeof value === "object") return "an object";
    return `a ${typeof value}`;
  } catch {
    return "an unreadable value";
  }
}

/**
 * Follows `path` through nested records. An unknown anywhere on the way makes the field unknown;
 * a non-record on the way (or a missing key) makes it absent, except that a present non-record
 * where a record was expected is reported as invalid.
 */
export function readPath(root: unknown, path: readonly (string | number)[]): Read<unknown> {
  if (!Array.isArray(path)) return ABSENT;
  let current: unknown = root;
  const walked: (string | number)[] = [];
  for (const key of path) {
    if (isUnknown(current)) return UNKNOWN;
    if (current === undefined || current === null) return ABSENT;
    if (typeof key === "number") {
      if (!Array.isArray(current)) return invalid(current, `${formatPath(walked) || "value"} is not a list`);
      current = current[key];
    } else {
      if (!isRecord(current)) return invalid(current, `${formatPath(walked) || "value"} is not an object`);
      current = safeGet(current, key);
    }
    walked.push(key);
  }
  if (isUnknown(current)) return UNKNOWN;
  if (current === undefined || current === null) return ABSENT;
  return known(current);
}

function safeGet(record: Record<string, unknown>, key: string): unknown {
  try {
    return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
  } catch {
    return undefined;
  }
}

/** `a.b[2].c` from path segments. */
export function formatPath(path: readonly (string | number)[]): string {
  if (!Array.isArray(path)) return "";
  return path.reduce<string>((text, key) => {
    if (typeof key === "number") return `${text}[${key}]`;
    const name = typeof key === "string" ? key : "?";
    return text ? `${text}.${name}` : name;
  }, "");
}

/** A field that must be a non-empty string. */
export function readString(root: unknown, path: readonly (string | number)[]): Read<string> {
  const r = readPath(root, path);
  if (r.state !== "known") return r;
  if (typeof r.value !== "string") return invalid(r.value, `${formatPath(path)} is not a string`);
  if (r.value.trim() === "") return ABSENT;
  return known(r.value.trim());
}

/** A field that must be a finite number. */
export function readNumber(root: unknown, path: readonly (string | number)[]): Read<number> {
  const r = readPath(root, path);
  if (r.state !== "known") return r;
  if (typeof r.value !== "number" || !Number.isFinite(r.value)) return invalid(r.value, `${formatPath(path)} is not a number`);
  return known(r.value);
}

/** The first of several alternative fields that is present (e.g. a v6 name, then its v5 name). */
export function readFirst<T>(root: unknown, reader: (root: unknown, path: readonly (string | number)[]) => Read<T>, paths: readonly (readonly (string | number)[])[]): { readonly field: string; readonly read: Read<T> } {
  if (!Array.isArray(paths) || typeof reader !== "function") return { field: "", read: ABSENT };
  for (const path of paths) {
    const read = reader(root, path);
    if (read.state !== "absent") return { field: formatPath(path), read };
  }
  return { field: formatPath(paths[0]), read: ABSENT };
}
