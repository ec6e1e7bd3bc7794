/**
 * npm run preview:offline -- --stack <name> [--catalog <file>] [--policy-config <file>] [--stacks-dir <dir>]
 * npm start (the demo stack)
 *
 * Runs index.ts under Pulumi's mocks with stacks/Pulumi.<name>.yaml, answers the catalog invokes
 * from the embedded sample catalog (or the OCI CLI's output), and runs the policy pack over the
 * result as `pulumi preview --policy-pack ./policies` would. Exit 0: no mandatory violation;
 * 1: at least one; 2: bad usage, unknown stack, unreadable catalog, invalid config.
 */
import { EXIT_OK, UsageError, parseFlags, runMain, wantsHelp } from "../offline/cli";
import { parseFormat } from "../offline/format";

export const USAGE = `usage: npm run preview:offline -- --stack <name> [--catalog <file>] [--policy-config <file>] [--format text|markdown] [--stacks-dir <dir>] [--catalogs-dir <dir>]

  --stack          the stack to preview (stacks/Pulumi.<name>.yaml)
  --catalog        catalog of current images: the output of
                   \`oci ce node-pool-options get --node-pool-option-id all --output json\`
                   (default: the newest catalogs/<oci:region>/<date>.json, written by
                   npm run fetch-catalog; the embedded sample serves only the demo stacks)
  --policy-config  a --policy-pack-config file: {"all": "mandatory", "<policy>": {...}}
  --format         text (default, like pulumi preview) or markdown (for a pull request or a job summary)
  --stacks-dir     where the stack files are (default: stacks/)
  --catalogs-dir   where the region catalogs are (default: catalogs/)

exit status: 0 no mandatory policy violation, 1 mandatory violation(s), 2 usage or config error`;

export async function main(argv: readonly string[]): Promise<number> {
  if (wantsHelp(argv)) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  const flags = parseFlags(argv, {
    stack: { type: "string" },
    catalog: { type: "string" },
    "policy-config": { type: "string" },
    format: { type: "string" },
    "stacks-dir": { type: "string" },
    "catalogs-dir": { type: "string" },
  });
  if (!flags.stack) throw new UsageError("--stack is required");
  const format = parseFormat(flags.format, ["text", "markdown"]);
  // Loaded after the arguments are checked: a usage error answers at once.
  const { previewStack } = await import("../offline/preview");
  const result = await previewStack({
    stack: flags.stack,
    ...(flags["stacks-dir"] ? { stacksDir: flags["stacks-dir"] } : {}),
    ...(flags.catalog ? { catalogFile: flags.catalog } : {}),
    ...(flags["catalogs-dir"] ? { catalogsDir: flags["catalogs-dir"] } : {}),
    ...(flags["policy-config"] ? { policyConfigFile: flags["policy-config"] } : {}),
  });
  if (format === "markdown") {
    const { renderPreviewMarkdown } = await import("../offline/markdown/preview");
    process.stdout.write(renderPreviewMarkdown(flags.stack, result));
  } else process.stdout.write(result.text);
  return result.exitCode;
}

if (require.main === module) runMain(USAGE, () => main(process.argv.slice(2)));
