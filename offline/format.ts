import { UsageError } from "./cli";

/** `--format`: one of the tool's formats, `text` when absent. */
export function parseFormat<F extends string>(value: string | undefined, formats: readonly F[]): F {
  if (value === undefined) return formats[0];
  if ((formats as readonly string[]).includes(value)) return value as F;
  throw new UsageError(`--format ${JSON.stringify(value)} is not one of ${formats.join(", ")}`);
}
