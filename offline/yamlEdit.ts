/**
 * Byte-stable YAML edits: each change is spliced into the source text at the changed scalar's
 * own range, so every other byte (comments and their spacing, flow sequences, quotes, blank
 * lines, anchors) stays as written. Pure text in, text out; knows nothing of stack files.
 */
import { isDeepStrictEqual } from "util";
import * as YAML from "yaml";

export type YamlPath = readonly (string | number)[];

export type YamlEdit =
  /** Sets a string scalar: replaced in place when it exists, else added to its parent map (after `after`, when that key exists). */
  | {
      readonly kind: "set";
      readonly path: YamlPath;
      readonly value: string;
      readonly after?: string;
    }
  /** Renames the key at `path` to `key` and sets its value: `os: Oracle-Linux` → `imageId: ocid1…`. */
  | {
      readonly kind: "rename";
      readonly path: YamlPath;
      readonly key: string;
      readonly value: string;
    };

/** An edit that cannot be made without touching more than the scalar (the message says why). */
export class YamlEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "YamlEditError";
  }
}

interface Splice {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

const show = (path: YamlPath) => path.map((p) => (typeof p === "number" ? `[${p}]` : p)).join(".");

/**
 * Applies the edits to `text`. Throws {@link YamlEditError} when a target is not a plain or
 * quoted scalar, when two edits disagree about one range, or when the result would differ from
 * the intended values anywhere else (a value shared through an anchor): nothing is half-applied.
 */
export function editYaml(text: string, edits: readonly YamlEdit[]): string {
  const doc = YAML.parseDocument(text);
  if (doc.errors.length > 0) throw new YamlEditError(`not valid YAML: ${doc.errors[0].message}`);
  const splices: Splice[] = [];
  // A copy without shared references: an alias must not follow the intended edit of its anchor.
  const expected: unknown = JSON.parse(JSON.stringify(doc.toJS()));
  for (const e of edits) {
    splices.push(...plan(doc, text, e));
    applyPlain(expected, e);
  }
  const out = splice(text, splices);
  const check = YAML.parseDocument(out);
  if (check.errors.length > 0 || !isDeepStrictEqual(check.toJS(), expected))
    throw new YamlEditError(
      `the edit of ${edits.map((e) => show(e.path)).join(", ")} would change more than those keys (a value shared through a YAML anchor or merge key?); edit the file by hand`,
    );
  return out;
}

function plan(doc: YAML.Document, text: string, e: YamlEdit): Splice[] {
  const parentPath = e.path.slice(0, -1);
  const last = e.path[e.path.length - 1];
  const parent = nodeAt(doc, parentPath);
  if (!YAML.isMap(parent) || typeof last !== "string")
    throw new YamlEditError(`${show(parentPath) || "(document)"}: expected a map to hold ${last}`);
  const pair = parent.items.find((p) => YAML.isScalar(p.key) && p.key.value === last);
  if (e.kind === "rename") {
    if (!pair || !YAML.isScalar(pair.key))
      throw new YamlEditError(`${show(e.path)}: no such key to rename`);
    const value = resolve(doc, pair.value);
    return [
      replaceScalar(pair.key, e.key, show(e.path)),
      replaceScalar(value, e.value, show(e.path)),
    ];
  }
  if (pair) return [replaceScalar(resolve(doc, pair.value), e.value, show(e.path))];
  return [insertPair(parent, text, last, e.value, e.after)];
}

function nodeAt(doc: YAML.Document, path: YamlPath): unknown {
  let node: unknown = doc.contents;
  for (const key of path) {
    node = resolve(doc, node);
    if (YAML.isMap(node))
      node = node.items.find((p) => YAML.isScalar(p.key) && p.key.value === key)?.value;
    else if (YAML.isSeq(node) && typeof key === "number") node = node.items[key];
    else return undefined;
  }
  return resolve(doc, node);
}

function resolve(doc: YAML.Document, node: unknown): unknown {
  return YAML.isAlias(node) ? node.resolve(doc) : node;
}

function replaceScalar(node: unknown, value: string, where: string): Splice {
  if (!YAML.isScalar(node) || !node.range)
    throw new YamlEditError(`${where}: expected a single value, found a list or map`);
  if (node.type === "BLOCK_LITERAL" || node.type === "BLOCK_FOLDED")
    throw new YamlEditError(`${where}: is a block scalar (| or >); edit it by hand`);
  const [start, end] = node.range;
  return { start, end, text: renderScalar(value, node.type) };
}

/** The value in the scalar's own style: quotes kept, plain when plain reads back the same. */
export function renderScalar(value: string, style?: YAML.Scalar.Type): string {
  if (style === "QUOTE_SINGLE") return `'${value.replace(/'/g, "''")}'`;
  if (style === "QUOTE_DOUBLE") return JSON.stringify(value);
  const plain = YAML.stringify(value, { lineWidth: 0 }).trimEnd();
  return plain === value ? value : JSON.stringify(value);
}

function insertPair(
  map: YAML.YAMLMap,
  text: string,
  key: string,
  value: string,
  after: string | undefined,
): Splice {
  const items = map.items.filter((p) => YAML.isScalar(p.key) && p.key.range);
  const anchor =
    items.find((p) => (p.key as YAML.Scalar).value === after) ?? items[items.length - 1];
  if (!anchor || !map.range)
    throw new YamlEditError(`cannot add ${key} to an empty map; edit the file by hand`);
  const entry = `${renderScalar(key)}: ${renderScalar(value)}`;
  const valueEnd =
    (anchor.value as YAML.Node | null)?.range?.[1] ?? (anchor.key as YAML.Scalar).range![2];
  if (map.flow) return { start: valueEnd, end: valueEnd, text: `, ${entry}` };
  const keyStart = (anchor.key as YAML.Scalar).range![0];
  const lineStart = text.lastIndexOf("\n", keyStart - 1) + 1;
  const indent = text.slice(lineStart, keyStart);
  if (!/^[ -]*$/.test(indent))
    throw new YamlEditError(
      `cannot add ${key} next to ${String((anchor.key as YAML.Scalar).value)}; edit the file by hand`,
    );
  const nl = text.includes("\r\n") ? "\r\n" : "\n";
  const eol = text.indexOf("\n", valueEnd);
  const at = eol === -1 ? text.length : eol + 1;
  return {
    start: at,
    end: at,
    text: `${eol === -1 ? nl : ""}${indent.replace(/-/g, " ")}${entry}${nl}`,
  };
}

function splice(text: string, splices: readonly Splice[]): string {
  const replaced = new Map<number, Splice>();
  for (const s of splices) {
    if (s.start === s.end) continue;
    const prior = replaced.get(s.start);
    if (prior && prior.text !== s.text)
      throw new YamlEditError(
        `two edits set the value at offset ${s.start} differently (a value shared through a YAML anchor?); edit the file by hand`,
      );
    replaced.set(s.start, s);
  }
  const inserts = splices.filter((s) => s.start === s.end);
  // From the end backwards; insertions at one offset keep their order (the later one is applied first).
  const ordered = [...replaced.values(), ...inserts]
    .map((s, i) => ({ s, i }))
    .sort((a, b) => b.s.start - a.s.start || b.i - a.i);
  let out = text;
  for (const { s } of ordered) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}

function applyPlain(root: unknown, e: YamlEdit): void {
  let cur: unknown = root;
  for (const k of e.path.slice(0, -1)) cur = (cur as Record<string | number, unknown>)[k];
  const obj = cur as Record<string, unknown>;
  const last = e.path[e.path.length - 1] as string;
  if (e.kind === "rename") {
    const rebuilt: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
      if (k === last) rebuilt[e.key] = e.value;
      else rebuilt[k] = v;
    }
    for (const k of Object.keys(obj)) delete obj[k];
    Object.assign(obj, rebuilt);
  } else obj[last] = e.value;
}
