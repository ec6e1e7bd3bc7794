import type { z } from "zod";

/** Invalid configuration or arguments; every line names the key path, the value and the expected form. */
export class ConfigError extends Error {
  constructor(
    readonly subject: string,
    readonly problems: readonly string[],
  ) {
    super(`${subject}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Renders zod issues as `<prefix>.<path>: <value> — <expected form>` lines (one per unknown key). */
export function describeIssues(
  prefix: string,
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map(
        (key) =>
          `${joinPath(prefix, [...issue.path, key])}: ${shownValue(valueAt(input, [...issue.path, key]))} — unknown key; remove it or check its spelling`,
      );
    }
    return [
      `${joinPath(prefix, issue.path)}: ${shownValue(valueAt(input, issue.path))} — ${issue.message}`,
    ];
  });
}

/** A value as an error line shows it: JSON, shortened, or `missing`. Never throws. */
export function shownValue(value: unknown): string {
  if (value === undefined) return "missing";
  // A string is shown whole up to any OCID's length; a longer one is cut inside its quotes.
  if (typeof value === "string")
    return value.length <= 120
      ? JSON.stringify(value)
      : `${JSON.stringify(value.slice(0, 100)).slice(0, -1)}…"`;
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined; // a cycle or a BigInt
  }
  if (json === undefined) return String(value).slice(0, 100);
  return json.length <= 120 ? json : `${json.slice(0, 100)}…`;
}

function joinPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const part of path)
    out += typeof part === "number" ? `[${part}]` : `${out ? "." : ""}${String(part)}`;
  return out || "(root)";
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const part of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[part];
  }
  return cur;
}
