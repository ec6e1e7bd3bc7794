/**
 * npm run --silent stack-matrix -- [--stacks-dir <dir>] [--real]
 *
 * The stacks in stacks/ as a JSON list for a CI matrix: [{"stack", "region", "demo"}], the
 * region being each stack file's oci:region (one catalog per region). --real leaves out the
 * embedded demo stacks.
 */
import { isEmbeddedDemo, stackRegion } from "../offline/catalogFile";
import { EXIT_OK, ToolError, parseFlags, runMain, wantsHelp } from "../offline/cli";
import { DEFAULT_STACKS_DIR, listStacks, readStackFile } from "../offline/stackFile";

export const USAGE = `usage: npm run --silent stack-matrix -- [--stacks-dir <dir>] [--real]

  --stacks-dir  where the stack files are (default: stacks/)
  --real        only the real stacks (not the embedded demo stacks)

prints [{"stack": "<name>", "region": "<oci:region>", "demo": true|false}, ...]; exit 2 when a
real stack sets no oci:region`;

export function main(argv: readonly string[]): number {
  if (wantsHelp(argv)) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  const flags = parseFlags(argv, { "stacks-dir": { type: "string" }, real: { type: "boolean" } });
  const dir = flags["stacks-dir"] ?? DEFAULT_STACKS_DIR;
  const rows = listStacks(dir).map((stack) => {
    const file = readStackFile(dir, stack);
    const demo = isEmbeddedDemo(file);
    const region = stackRegion(file);
    if (!region && !demo)
      throw new ToolError(
        `stack "${stack}" (${file.path}) sets no oci:region; add \`oci:region: <region>\` under config:`,
      );
    return { stack, region: region ?? "", demo };
  });
  process.stdout.write(`${JSON.stringify(flags.real ? rows.filter((r) => !r.demo) : rows)}\n`);
  return EXIT_OK;
}

if (require.main === module) runMain(USAGE, () => main(process.argv.slice(2)));
