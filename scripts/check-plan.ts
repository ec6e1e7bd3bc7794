/**
 * npm run check-plan -- <file | -> [--config <file>]
 *
 * The plan gate: reads what `pulumi preview --json` printed (the document, or the event stream
 * with PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true) — from the real CLI or from
 * `npm run preview:offline -- --json` — and fails when the plan would replace or delete a
 * cluster, replace or delete a node pool that has nodes (an inactive blue/green colour at zero
 * nodes excepted), change a BOOT_VOLUME_REPLACE pool in a field a cycle cannot apply, or change
 * placement on a pool with cycling on. Exit 0 clean, 1 findings, 2 unreadable input or config.
 */
import * as fs from "fs";
import { checkPlan } from "../core/planGate";
import { EXIT_FAILED, EXIT_OK, ToolError, UsageError, runMain, wantsHelp } from "../offline/cli";
import {
  PlanDocumentError,
  parseAllowList,
  parsePlanDocument,
} from "../offline/state/planDocument";

export const USAGE = `usage: npm run check-plan -- <file | -> [--config <file>]

  <file>    what \`pulumi preview --json\` printed; - reads it from stdin:
              pulumi preview --json | npm run check-plan -- -
  --config  allow-list of deliberate replacements and deletions:
              {"allow": [{"resource": "<URN or resource name>", "ops": ["replace"], "reason": "why"}]}

exit status: 0 nothing destructive, 1 a finding (each names the resource, the field and the fix),
2 unreadable input or config`;

export function main(
  argv: readonly string[],
  stdin: () => string = () => fs.readFileSync(0, "utf8"),
): number {
  if (wantsHelp(argv)) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  const args = [...argv];
  let configFile: string | undefined;
  const positional: string[] = [];
  while (args.length > 0) {
    const a = args.shift()!;
    if (a === "--config") {
      if (configFile !== undefined) throw new UsageError("--config given twice");
      configFile = args.shift();
      if (!configFile) throw new UsageError("--config needs a file");
    } else if (a.startsWith("--config=")) configFile = a.slice("--config=".length);
    else if (a.startsWith("-") && a !== "-") throw new UsageError(`unknown option ${a}`);
    else positional.push(a);
  }
  if (positional.length !== 1)
    throw new UsageError(
      positional.length === 0 ? "give the preview JSON file, or - for stdin" : "give one file",
    );
  const source = positional[0];
  const read = (file: string, what: string) => {
    try {
      return file === "-" ? stdin() : fs.readFileSync(file, "utf8");
    } catch (e) {
      throw new ToolError(
        `${what} ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      );
    }
  };
  let doc, allow;
  try {
    doc = parsePlanDocument(read(source, "preview JSON"));
    allow = configFile ? parseAllowList(read(configFile, "check-plan config"), configFile) : [];
  } catch (e) {
    if (e instanceof PlanDocumentError)
      throw new ToolError(
        `${e.message.startsWith("check-plan config") ? "" : `${source === "-" ? "stdin" : source}: `}${e.message}`,
      );
    throw e;
  }
  const result = checkPlan(doc.steps, allow);
  const out: string[] = [];
  out.push(
    `check-plan: ${doc.steps.length} step${doc.steps.length === 1 ? "" : "s"} (pulumi preview --json ${doc.form === "digest" ? "document" : "event stream"})${configFile ? `, allow-list ${configFile}` : ""}`,
  );
  for (const e of doc.errors) out.push(`  note: the preview itself reported: ${e.split("\n")[0]}`);
  for (const f of result.findings) {
    out.push(`✗ ${f.rule}: ${f.type} ${f.name}${f.field ? ` — ${f.field}` : ""}`);
    out.push(`    ${f.message}.`);
    out.push(`    fix: ${f.fix}.`);
    out.push(`    resource: ${f.urn}`);
  }
  for (const { finding: f, allowance: a } of result.allowed)
    out.push(`✓ allowed ${f.rule}: ${f.type} ${f.name} — ${a.reason}`);
  for (const a of result.unused)
    out.push(
      `  note: the allowance for ${a.resource} matched nothing in this plan; remove it once the change has shipped`,
    );
  out.push(
    result.findings.length > 0
      ? `FAILED: ${result.findings.length} finding${result.findings.length === 1 ? "" : "s"}.`
      : `passed: nothing would be destroyed or fail to cycle${result.allowed.length ? ` (${result.allowed.length} allowed)` : ""}.`,
  );
  process.stdout.write(`${out.join("\n")}\n`);
  return result.findings.length > 0 ? EXIT_FAILED : EXIT_OK;
}

if (require.main === module) runMain(USAGE, () => main(process.argv.slice(2)));
