/**
 * The per-property diff of a resource's stored inputs against the program's new inputs, as the
 * engine's step generator and the OCI provider (through the Terraform bridge) decide it: leaf
 * property paths with the engine's kinds, a replace wherever a change (or a value that became
 * unknown) touches a force-new field of core/forceNew.ts, `ignoreChanges` applied.
 */
import { ForceNewField, FORCE_NEW_FIELDS, isUnderPath, pathSegments } from "../../core/forceNew";
import { isRecord } from "../../core/read";
import { containsUnknown, isUnknown } from "../../core/unknown";
import { isEncrypted } from "./exportFile";

export type DiffKind =
  "add" | "add-replace" | "delete" | "delete-replace" | "update" | "update-replace";

export interface PropertyChange {
  readonly path: string;
  readonly kind: DiffKind;
  /** Absent for an add. */
  readonly old?: unknown;
  /** Absent for a delete; may be (or contain) the unknown sentinel. */
  readonly new?: unknown;
  /** The force-new field that makes this change a replacement. */
  readonly forceNew?: ForceNewField;
  /** A force-new value that became unknown (its source is being replaced or created). */
  readonly becameUnknown?: boolean;
}

export interface ResourceDiff {
  readonly changes: readonly PropertyChange[];
  /** Top-level keys that differ (the step's `diffReasons`). */
  readonly diffReasons: readonly string[];
  /** Top-level keys that force the replacement (`replaceReasons`). */
  readonly replaceReasons: readonly string[];
  readonly replace: boolean;
}

/** `a.b[0]["x-y"]`, as Pulumi prints property paths. */
export function formatPath(segments: readonly (string | number)[]): string {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s)) out += out === "" ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isEncrypted(a) || isEncrypted(b)) return true; // cannot be compared offline; see StoredState.encryptedSecrets
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!deepEqual(a[k], b[k])) return false;
    return true;
  }
  return false;
}

const absent = (v: unknown) => v === undefined || v === null;

function collect(
  segs: (string | number)[],
  oldV: unknown,
  newV: unknown,
  out: {
    path: (string | number)[];
    kind: "add" | "delete" | "update";
    old?: unknown;
    new?: unknown;
  }[],
): void {
  if (deepEqual(oldV, newV)) return;
  if (absent(oldV) && absent(newV)) return;
  if (absent(oldV)) {
    out.push({ path: segs, kind: "add", new: newV });
    return;
  }
  if (absent(newV)) {
    out.push({ path: segs, kind: "delete", old: oldV });
    return;
  }
  if (isUnknown(newV)) {
    out.push({ path: segs, kind: "update", old: oldV, new: newV });
    return;
  }
  if (isRecord(oldV) && isRecord(newV)) {
    const keys = [...new Set([...Object.keys(oldV), ...Object.keys(newV)])].sort();
    for (const k of keys) collect([...segs, k], oldV[k], newV[k], out);
    return;
  }
  if (Array.isArray(oldV) && Array.isArray(newV)) {
    for (let i = 0; i < Math.max(oldV.length, newV.length); i++)
      collect([...segs, i], oldV[i], newV[i], out);
    return;
  }
  out.push({ path: segs, kind: "update", old: oldV, new: newV });
}

function valueAt(root: unknown, segs: readonly (string | number)[]): unknown {
  let v: unknown = root;
  for (const s of segs) {
    if (typeof s === "number") v = Array.isArray(v) ? v[s] : undefined;
    else v = isRecord(v) ? v[s] : undefined;
    if (v === undefined) return undefined;
  }
  return v;
}

/** Whether the list `a[0].b` names is a path a program's `ignoreChanges` / `replaceOnChanges` entry covers. */
function matchesOption(path: string, entry: string): boolean {
  if (entry === "*") return true;
  const strip = (p: string) => p.replace(/\[\*\]/g, "").replace(/\[\d+\]/g, "");
  return isUnderPath(strip(path), strip(entry));
}

export interface DiffOptions {
  readonly ignoreChanges?: readonly string[];
  readonly replaceOnChanges?: readonly string[];
}

/** Stored inputs against new inputs for a resource of `type`. */
export function diffInputs(
  type: string,
  oldInputs: Readonly<Record<string, unknown>>,
  newInputs: Readonly<Record<string, unknown>>,
  options: DiffOptions = {},
): ResourceDiff {
  const raw: Parameters<typeof collect>[3] = [];
  collect([], oldInputs, newInputs, raw);
  const fields = FORCE_NEW_FIELDS[type] ?? [];
  const changes: PropertyChange[] = [];
  for (const c of raw) {
    const path = formatPath(c.path);
    if ((options.ignoreChanges ?? []).some((e) => matchesOption(path, e))) continue;
    const field = fields.find((f) => {
      if (isUnderPath(path, f.path)) return true;
      // A whole object added or removed that holds the field.
      if (!isUnderPath(f.path, path)) return false;
      const fieldSegs = pathSegments(f.path);
      return (
        valueAt(oldInputs, fieldSegs) !== undefined || valueAt(newInputs, fieldSegs) !== undefined
      );
    });
    let forceNew = field;
    if (field?.whenOldSet) {
      const old = valueAt(oldInputs, pathSegments(field.path));
      if (old === undefined || old === null || old === "") forceNew = undefined;
    }
    const byOption = (options.replaceOnChanges ?? []).some((e) => matchesOption(path, e));
    const replace = forceNew !== undefined || byOption;
    changes.push({
      path,
      kind: replace ? (`${c.kind}-replace` as DiffKind) : c.kind,
      ...(c.old !== undefined ? { old: c.old } : {}),
      ...(c.new !== undefined ? { new: c.new } : {}),
      ...(forceNew ? { forceNew } : {}),
      ...(replace && containsUnknown(c.new) ? { becameUnknown: true } : {}),
    });
  }
  const top = (p: string) => String(pathSegments(p)[0] ?? p);
  const diffReasons = [...new Set(changes.map((c) => top(c.path)))];
  const replaceReasons = [
    ...new Set(changes.filter((c) => c.kind.endsWith("-replace")).map((c) => top(c.path))),
  ];
  return { changes, diffReasons, replaceReasons, replace: replaceReasons.length > 0 };
}
