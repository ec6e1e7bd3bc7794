import { parseArgs } from "util";
import { ConfigError } from "../core/configError";
import { CatalogFileError } from "./catalogFile";
import { StackFileError } from "./stackFile";

/** Exit codes shared by the offline tools. */
export const EXIT_OK = 0;
/** A mandatory policy violation (preview) or pins needing attention (pin-images --check). */
export const EXIT_FAILED = 1;
/** Bad usage, unknown stack, unreadable catalog, invalid config. */
export const EXIT_USAGE = 2;

/** Wrong arguments; the message says what was wrong, the usage follows it. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

type OptionSpec = { readonly type: "string" | "boolean"; readonly short?: string };

/** Strict flag parsing: unknown flags, missing values and stray positionals are usage errors. */
export function parseFlags<T extends Record<string, OptionSpec>>(
  argv: readonly string[],
  options: T,
): { [K in keyof T]?: T[K]["type"] extends "string" ? string : boolean } {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...options, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
      tokens: true,
    });
  } catch (e) {
    throw new UsageError(
      (e as Error).message.replace(/\. To specify a positional argument.*$/s, ""),
    );
  }
  // parseArgs keeps the last of a repeated flag; `--stack a --stack b` is a mistake, not a choice.
  const seen = new Map<string, (string | undefined)[]>();
  for (const t of parsed.tokens ?? [])
    if (t.kind === "option") seen.set(t.name, [...(seen.get(t.name) ?? []), t.value]);
  for (const [name, values] of seen) {
    if (values.length < 2) continue;
    const given = values.filter((v): v is string => v !== undefined);
    throw new UsageError(
      `--${name} is given ${values.length} times${given.length ? ` (${given.map((v) => JSON.stringify(v)).join(", ")})` : ""}; give it once`,
    );
  }
  return parsed.values as { [K in keyof T]?: T[K]["type"] extends "string" ? string : boolean };
}

/** Whether `--help`/`-h` was asked for (checked before anything else). */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes("--help") || argv.includes("-h");
}

/** An unexpected failure (a bug): the stack is printed. */
export const EXIT_INTERNAL = 3;

/** Errors whose message is meant for the user; the tools exit 2 on them. */
export class ToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ToolError";
  }
}

/**
 * Runs a tool's main and exits with its code: usage errors print the usage, the known input
 * errors (ConfigError: every line) their message, with exit 2; anything else is a bug (exit 3).
 */
export function runMain(usage: string, main: () => Promise<number> | number): void {
  const exit = (code: number) =>
    process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
  Promise.resolve()
    .then(main)
    .then(exit, (e: unknown) => {
      if (e instanceof UsageError) {
        process.stderr.write(`error: ${e.message}\n\n${usage}\n`);
        exit(EXIT_USAGE);
      } else if (
        e instanceof ConfigError ||
        e instanceof StackFileError ||
        e instanceof CatalogFileError ||
        e instanceof ToolError
      ) {
        process.stderr.write(`error: ${e.message}\n`);
        exit(EXIT_USAGE);
      } else {
        process.stderr.write(
          `internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
        );
        exit(EXIT_INTERNAL);
      }
    });
}
