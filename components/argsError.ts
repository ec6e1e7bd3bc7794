import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../core/configError";

/**
 * Invalid component arguments, as Pulumi reports them: an {@link pulumi.InputPropertiesError}
 * with one entry per property path (what the engine prints under the resource, and what a
 * multi-language caller receives from Construct). `message` keeps every problem, one a line.
 */
export class InvalidArgumentsError extends pulumi.InputPropertiesError {
  readonly subject: string;
  /** `<path>: <value> — <fix>`, one per problem. */
  readonly problems: readonly string[];

  constructor(error: ConfigError) {
    super({ message: error.message, errors: error.problems.map(propertyError) });
    this.name = "InvalidArgumentsError";
    this.subject = error.subject;
    this.problems = error.problems;
  }
}

/** `blue.size: 0 — expected …` → `{ propertyPath: "blue.size", reason: "0 — expected …" }`. */
function propertyError(line: string): pulumi.InputPropertyErrorDetails {
  const at = line.indexOf(": ");
  return at > 0 && !/\s/.test(line.slice(0, at))
    ? { propertyPath: line.slice(0, at), reason: line.slice(at + 2) }
    : { propertyPath: "", reason: line };
}

/** Runs `check`, turning its {@link ConfigError} into an {@link InvalidArgumentsError}. */
export function checkArguments<T>(check: () => T): T {
  try {
    return check();
  } catch (e) {
    if (e instanceof ConfigError) throw new InvalidArgumentsError(e);
    throw e;
  }
}
