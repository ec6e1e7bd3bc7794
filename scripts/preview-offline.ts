/**
 * npm run preview:offline -- --stack <name> [--state <file>] [--catalog <file>] [--policy-config <file>] [--stacks-dir <dir>]
 *   [--show-sames] [--show-replacement-steps] [--json | --json-events] [--apply [--state-out <file>]]
 * npm start (the demo stack)
 *
 * Runs index.ts under Pulumi's mocks with stacks/Pulumi.<name>.yaml, answers the catalog invokes
 * from the embedded sample catalog (or the OCI CLI's output), plans against a stored state
 * (`pulumi stack export`) when given one, and runs the policy pack over the result as
 * `pulumi preview --policy-pack ./policies` would. Exit 0: no mandatory violation and nothing
 * the engine refuses; 1: a mandatory violation or a refused step; 2: bad usage, unknown stack,
 * unreadable catalog or state, invalid config.
 */
import * as fs from "fs";
import { EXIT_OK, UsageError, parseFlags, runMain, wantsHelp } from "../offline/cli";
import { parseFormat } from "../offline/format";

export const USAGE = `usage: npm run preview:offline -- --stack <name> [--state <file>] [--catalog <file>] [--policy-config <file>] [--format text|markdown]
         [--stacks-dir <dir>] [--catalogs-dir <dir>] [--show-sames] [--show-replacement-steps] [--json | --json-events]
         [--apply [--state-out <file>]]

  --stack                   the stack to preview (stacks/Pulumi.<name>.yaml)
  --state                   what \`pulumi stack export\` printed for the deployed stack (with or without
                            --show-secrets): each resource gets the engine's same/update/replace/create/delete
                            (default: no state, every resource is a create)
  --catalog                 catalog of current images: the output of
                            \`oci ce node-pool-options get --node-pool-option-id all --output json\`
                            (default: the newest catalogs/<oci:region>/<date>.json, written by
                            npm run fetch-catalog; the embedded sample serves only the demo stacks)
  --policy-config           a --policy-pack-config file: {"all": "mandatory", "<policy>": {...}}
  --format                  text (default, like pulumi preview) or markdown (for a pull request or a job summary)
  --stacks-dir              where the stack files are (default: stacks/)
  --catalogs-dir            where the region catalogs are (default: catalogs/)
  --show-sames              also list unchanged resources, as \`pulumi preview --show-sames\`
  --show-replacement-steps  show a replacement as its create-replacement / replace / delete-replaced steps
  --json                    print exactly the document \`pulumi preview --json\` prints (no policy violations,
                            as in the CLI); pipe it into \`npm run check-plan -- -\`
  --json-events             print the streaming form (one engine event per line, violations as policyEvent)
  --apply                   also run the pass \`pulumi up\` runs after applying: the policy pack over known
                            outputs, dry run off
  --state-out               with --apply: write the state the update would leave (pulumi stack export format)

exit status: 0 nothing refused and no mandatory policy violation, 1 a mandatory violation or a step the
engine refuses (protected resource), 2 usage, config or state file error`;

export async function main(argv: readonly string[]): Promise<number> {
  if (wantsHelp(argv)) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  const flags = parseFlags(argv, {
    stack: { type: "string" },
    state: { type: "string" },
    catalog: { type: "string" },
    "policy-config": { type: "string" },
    format: { type: "string" },
    "stacks-dir": { type: "string" },
    "catalogs-dir": { type: "string" },
    "show-sames": { type: "boolean" },
    "show-replacement-steps": { type: "boolean" },
    json: { type: "boolean" },
    "json-events": { type: "boolean" },
    apply: { type: "boolean" },
    "state-out": { type: "string" },
  });
  if (!flags.stack) throw new UsageError("--stack is required");
  const format = parseFormat(flags.format, ["text", "markdown"]);
  if (flags.json && flags["json-events"])
    throw new UsageError("--json and --json-events are two formats of the same output; give one");
  if ((flags.json || flags["json-events"]) && flags.format !== undefined)
    throw new UsageError("--format and --json/--json-events choose the output twice; give one");
  if (flags["state-out"] && !flags.apply)
    throw new UsageError("--state-out writes the state after the update: add --apply");
  // Loaded after the arguments are checked: a usage error answers at once.
  const { previewStack } = await import("../offline/preview");
  const { parseState } = await import("../offline/state/exportFile");
  const machine = flags.json || flags["json-events"];
  const result = await previewStack({
    stack: flags.stack,
    ...(flags["stacks-dir"] ? { stacksDir: flags["stacks-dir"] } : {}),
    ...(flags.catalog ? { catalogFile: flags.catalog } : {}),
    ...(flags["catalogs-dir"] ? { catalogsDir: flags["catalogs-dir"] } : {}),
    ...(flags["policy-config"] ? { policyConfigFile: flags["policy-config"] } : {}),
    ...(flags.state
      ? { stateFile: flags.state }
      : machine
        ? { state: parseState({ version: 3, deployment: { resources: [] } }, "(no state)") }
        : {}),
    display: {
      ...(flags["show-sames"] ? { showSames: true } : {}),
      ...(flags["show-replacement-steps"] ? { showReplacementSteps: true } : {}),
    },
    ...(flags.apply ? { apply: true } : {}),
  });
  if (machine) {
    const { formatDigest, previewDigest, previewEvents } = await import("../offline/state/digest");
    const input = {
      plan: result.plan!,
      config: result.config,
      logs: result.recording.logs,
      durationMs: result.timings.totalMs,
      display: {
        ...(flags["show-sames"] ? { showSames: true } : {}),
        ...(flags["show-replacement-steps"] ? { showReplacementSteps: true } : {}),
      },
    };
    if (flags.json) process.stdout.write(formatDigest(previewDigest(input)));
    else {
      const packs: Record<string, string> = {};
      for (const d of result.diagnostics) packs[d.policyPackName] = d.policyPackVersion;
      process.stdout.write(
        previewEvents({ ...input, policyViolations: result.diagnostics, policyPacks: packs }),
      );
    }
  } else if (format === "markdown") {
    const { renderPreviewMarkdown } = await import("../offline/markdown/preview");
    process.stdout.write(renderPreviewMarkdown(flags.stack, result));
  } else process.stdout.write(result.text);
  if (flags["state-out"] && result.applied) {
    const { formatExport } = await import("../offline/state/applyState");
    fs.writeFileSync(flags["state-out"], formatExport(result.applied.state));
    if (!machine) process.stdout.write(`state after the update written to ${flags["state-out"]}\n`);
  }
  return result.exitCode;
}

if (require.main === module) runMain(USAGE, () => main(process.argv.slice(2)));
