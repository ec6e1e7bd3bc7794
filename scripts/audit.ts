/**
 * npm run audit -- --state <pulumi stack export file> [--catalog <file>] [--policy-config <file>]
 *     [--format text|markdown] [--catalogs-dir <dir>]
 *
 * The policy pack on the deployed state (stored inputs and outputs, no program run) against
 * today's catalog of current images: a pool whose image retired since the last deploy fails.
 */
import * as path from "path";
import { formatDiagnostics } from "../offline/analyzer";
import { AuditResult, auditState } from "../offline/audit";
import { EXIT_OK, ToolError, UsageError, parseFlags, runMain, wantsHelp } from "../offline/cli";
import { parseFormat } from "../offline/format";
import { violations } from "../offline/markdown/preview";
import { StateFileError } from "../offline/state/exportFile";
import { mdCode, mdText } from "../offline/markdown/md";

export const USAGE = `usage: npm run audit -- --state <file> [--catalog <file>] [--policy-config <file>] [--format text|markdown] [--catalogs-dir <dir>]

  --state          the deployed state: \`pulumi stack export --stack <stack> --file <file>\`
  --catalog        today's catalog of current images: the output of
                   \`oci ce node-pool-options get --node-pool-option-id all --output json\`
                   (default: the newest catalogs/<region>/<date>.json of the state's OCI
                   provider region, written by npm run fetch-catalog)
  --policy-config  a --policy-pack-config file: {"all": "mandatory", "<policy>": {...}}
  --format         text (default) or markdown
  --catalogs-dir   where the region catalogs are (default: catalogs/)

exit status: 0 no mandatory policy violation, 1 mandatory violation(s) (e.g. a pinned image
retired since the last deploy), 2 usage, state, catalog or config error`;

export async function main(argv: readonly string[]): Promise<number> {
  if (wantsHelp(argv)) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  const flags = parseFlags(argv, {
    state: { type: "string" },
    catalog: { type: "string" },
    "policy-config": { type: "string" },
    format: { type: "string" },
    "catalogs-dir": { type: "string" },
  });
  if (!flags.state) throw new UsageError("--state is required");
  const format = parseFormat(flags.format, ["text", "markdown"]);
  const result = await auditState({
    stateFile: flags.state,
    ...(flags.catalog !== undefined ? { catalogFile: flags.catalog } : {}),
    ...(flags["catalogs-dir"] !== undefined ? { catalogsDir: flags["catalogs-dir"] } : {}),
    ...(flags["policy-config"] !== undefined ? { policyConfigFile: flags["policy-config"] } : {}),
  }).catch((e: unknown) => {
    throw e instanceof StateFileError ? new ToolError(e.message) : e;
  });
  process.stdout.write(format === "markdown" ? renderAuditMarkdown(result) : renderAudit(result));
  return result.exitCode;
}

function counts(r: AuditResult): { mandatory: number; advisory: number } {
  const mandatory = r.diagnostics.filter((d) => d.enforcementLevel === "mandatory").length;
  return { mandatory, advisory: r.diagnostics.length - mandatory };
}

function who(r: AuditResult): string {
  return `${r.state.project ?? "?"}/${r.state.stack ?? "?"}`;
}

export function renderAudit(r: AuditResult): string {
  const { mandatory, advisory } = counts(r);
  const out = [
    `Audit of deployed stack ${who(r)} (${path.relative(process.cwd(), r.state.file) || r.state.file}), no program run`,
    `  catalog: ${r.catalog.label} — ${r.catalog.catalog.size} images`,
    `  ${r.resources.length} resources, node pools: ${r.pools.join(", ") || "none"}`,
    ...r.notes.map((n) => `  note: ${n}`),
    "",
    formatDiagnostics(r.diagnostics).trimEnd(),
    "",
    mandatory > 0
      ? `Audit FAILED: ${mandatory} mandatory policy violation${mandatory === 1 ? "" : "s"}${advisory ? `, ${advisory} advisory` : ""}. Update the stack file (npm run pin-images) and deploy before the next scale-up or node cycle.`
      : `Audit passed: no mandatory policy violations${advisory ? `, ${advisory} advisory` : ""}.`,
  ];
  return `${out.join("\n")}\n`;
}

export function renderAuditMarkdown(r: AuditResult): string {
  const { mandatory, advisory } = counts(r);
  const adv = advisory ? `, ${advisory} advisory` : "";
  const out = [
    `### Audit of deployed stack \`${who(r)}\`: ${mandatory > 0 ? `❌ ${mandatory} mandatory violation${mandatory === 1 ? "" : "s"}${adv}` : `✅ no mandatory violation${adv}`}`,
    "",
    `State ${mdCode(path.basename(r.state.file))} (no program run), catalog ${mdText(r.catalog.label)} — ${r.catalog.catalog.size} images; node pools: ${r.pools.map(mdCode).join(", ") || "none"}.`,
    ...r.notes.map((n) => `> note: ${mdText(n)}`),
    "",
    ...violations(r.diagnostics),
  ];
  return `${out.join("\n")}\n`;
}

if (require.main === module) runMain(USAGE, () => main(process.argv.slice(2)));
