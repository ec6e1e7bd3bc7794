/**
 * AKS field readers over the shared reading layer (core/read.ts): a string field is trimmed, a
 * number field must be a finite number, and a field may have alternative names (readFirst).
 * Re-exports the part of the shared layer core/aks uses; every function core/aks exports is
 * total (never throws on any argument), which the shared `as*` converters and `show` are not.
 */
import { ABSENT, Path, Reading, formatPath, invalid, known, readPath } from "../read";

export {
  ABSENT,
  UNKNOWN,
  describeValue,
  formatPath,
  invalid,
  isRecord,
  known,
  readPath,
  valueOf,
} from "../read";
export type { Path, Reading } from "../read";
export { UNKNOWN_STRING, isUnknown } from "../unknown";

/** A field that must be a non-empty string. */
export function readString(root: unknown, path: Path): Reading<string> {
  const r = readPath(root, path);
  if (r.state !== "known") return r;
  if (typeof r.value !== "string") return invalid(r.value, `${formatPath(path)} is not a string`);
  if (r.value.trim() === "") return ABSENT;
  return known(r.value.trim());
}

/** A field that must be a finite number. */
export function readNumber(root: unknown, path: Path): Reading<number> {
  const r = readPath(root, path);
  if (r.state !== "known") return r;
  if (typeof r.value !== "number" || !Number.isFinite(r.value))
    return invalid(r.value, `${formatPath(path)} is not a number`);
  return known(r.value);
}

/** The first of several alternative fields that is present (e.g. a v6 name, then its v5 name). */
export function readFirst<T>(
  root: unknown,
  reader: (root: unknown, path: Path) => Reading<T>,
  paths: readonly Path[],
): { readonly field: string; readonly read: Reading<T> } {
  if (!Array.isArray(paths) || typeof reader !== "function") return { field: "", read: ABSENT };
  for (const path of paths) {
    const read = reader(root, path);
    if (read.state !== "absent") return { field: formatPath(path), read };
  }
  return { field: formatPath(paths[0]), read: ABSENT };
}
