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

/** Renders zod issues as `<prefix>.<path>: <value> — <expected form>` lines. */
export function describeIssues(prefix: string, issues: readonly z.core.$ZodIssue[], input: unknown): string[] {
  return issues.map((issue) => {
    const path = joinPath(prefix, issue.path);
    if (issue.code === "unrecognized_keys") {
      return `${joinPath(prefix, [...issue.path, issue.keys[0]])}: unknown key${issue.keys.length > 1 ? `s ${issue.keys.join(", ")}` : ""} — remove it or check its spelling`;
    }
    const value = valueAt(input, issue.path);
    const shown = value === undefined ? "missing" : JSON.stringify(value)?.slice(0, 80);
    return `${path}: ${shown} — ${issue.message}`;
  });
}

function joinPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const part of path) out += typeof part === "number" ? `[${part}]` : `${out ? "." : ""}${String(part)}`;
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
