/**
 * npm run plan-upgrade -- --stack <name> --to <version> [--catalog <file>] [--json] [--stacks-dir <dir>]
 *
 * The ordered path from a stack's current versions to a target Kubernetes version: the control
 * plane one minor at a time, the pools that would fall out of skew moved first, each step as the
 * exact stack-config edit. Exit 0 with a plan, 2 when no plan is possible or the input is bad.
 */
import { parseKubeVersion } from "../core/kubeVersion";
import { PlanError, PlanStep, PoolMove, UpgradePlan, planUpgrade } from "../core/upgradePlan";
import { selectCatalog } from "../offline/catalogFile";
import { parseFormat } from "../offline/format";
import { renderPlanMarkdown } from "../offline/markdown/plan";
import { EXIT_OK, ToolError, UsageError, parseFlags, runMain, wantsHelp } from "../offline/cli";
import { DEFAULT_STACKS_DIR, readStackFile, stackPools } from "../offline/stackFile";

export const USAGE = `usage: npm run plan-upgrade -- --stack <name> --to <version> [--catalog <file>] [--format text|markdown|json] [--stacks-dir <dir>] [--catalogs-dir <dir>]

  --stack       the stack whose stacks/Pulumi.<name>.yaml is planned
  --to          target Kubernetes version, e.g. v1.36.0 (or v1.36 for its newest patch, or
                latest for the newest version the catalog offers)
  --catalog     catalog of current images: the output of
                \`oci ce node-pool-options get --node-pool-option-id all --output json\`
                (default: the newest catalogs/<oci:region>/<date>.json, written by
                npm run fetch-catalog; the embedded sample serves only the demo stacks)
  --format      text (default), markdown (with the plan as a Mermaid diagram) or json
  --json        the same as --format json
  --stacks-dir  where the stack files are (default: stacks/)
  --catalogs-dir  where the region catalogs are (default: catalogs/)

exit status: 0 a plan (or nothing to do), 2 no plan possible (downgrade, version not offered,
no image for a pool) or a usage, stack, catalog or config error`;

export async function main(argv: readonly string[]): Promise<number> {
  if (wantsHelp(argv)) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  const flags = parseFlags(argv, {
    stack: { type: "string" },
    to: { type: "string" },
    catalog: { type: "string" },
    json: { type: "boolean" },
    format: { type: "string" },
    "stacks-dir": { type: "string" },
    "catalogs-dir": { type: "string" },
  });
  if (!flags.stack) throw new UsageError("--stack is required");
  if (!flags.to) throw new UsageError("--to is required");
  let target = flags.to === "latest" ? undefined : parseKubeVersion(flags.to);
  if (!target && flags.to !== "latest")
    throw new UsageError(
      `--to ${JSON.stringify(flags.to)} is not a Kubernetes version; expected e.g. v1.36.0`,
    );
  const format = flags.json ? "json" : parseFormat(flags.format, ["text", "markdown", "json"]);
  if (flags.json && flags.format !== undefined && flags.format !== "json")
    throw new UsageError(`--json and --format ${flags.format} contradict each other; give one`);
  const file = readStackFile(flags["stacks-dir"] ?? DEFAULT_STACKS_DIR, flags.stack);
  const {
    catalog,
    path: catalogPath,
    label,
  } = selectCatalog(file, {
    ...(flags.catalog !== undefined ? { catalogFile: flags.catalog } : {}),
    ...(flags["catalogs-dir"] !== undefined ? { catalogsDir: flags["catalogs-dir"] } : {}),
    ...(flags["stacks-dir"] !== undefined ? { stacksDir: flags["stacks-dir"] } : {}),
  });
  const { controlPlane, pools } = stackPools(file);
  if (!target) {
    const newest = catalog.kubernetesVersions().at(-1);
    if (!newest) throw new ToolError(`the catalog ${label} lists no Kubernetes version to plan to`);
    target = newest;
  }
  let plan: UpgradePlan;
  try {
    plan = planUpgrade(catalog, { controlPlane, pools, target });
  } catch (e) {
    if (e instanceof PlanError)
      throw new ToolError(`cannot plan stack "${flags.stack}" to ${flags.to}: ${e.message}`);
    throw e;
  }
  if (format === "json") {
    process.stdout.write(
      `${JSON.stringify({ stack: flags.stack, stackFile: file.path, catalog: catalogPath, ...plan }, null, 2)}\n`,
    );
  } else if (format === "markdown") {
    process.stdout.write(renderPlanMarkdown(flags.stack, plan, label));
  } else {
    process.stdout.write(renderPlan(flags.stack, plan, label));
  }
  return EXIT_OK;
}

export function renderPlan(stack: string, plan: UpgradePlan, catalog: string): string {
  const out: string[] = [];
  out.push(
    `Upgrade plan for stack "${stack}": control plane ${plan.controlPlane.from} → ${plan.controlPlane.to}`,
  );
  out.push(`Catalog: ${catalog}`);
  out.push(
    `Pools: ${plan.pools.map((p) => `${p.pool} ${p.from}${p.from === p.to ? "" : ` → ${p.to}`}`).join(", ") || "none"}`,
  );
  out.push("");
  if (plan.steps.length === 0) {
    out.push("Nothing to do: the control plane and every pool already run the target version.");
    return `${out.join("\n")}\n`;
  }
  plan.steps.forEach((step, i) => out.push(...renderStep(i + 1, step), ""));
  out.push(
    "Apply one step at a time: edit the stack file as shown (npm run pin-images keeps pins current in between),",
  );
  out.push(
    "preview with the policy pack (npm run preview:offline, then pulumi preview --policy-pack ./policies), pulumi up, and",
  );
  out.push("let node cycling finish before the next step.");
  return `${out.join("\n")}\n`;
}

function renderStep(n: number, step: PlanStep): string[] {
  const lines: string[] = [];
  if (step.kind === "control-plane") {
    lines.push(`${String(n).padStart(2)}. Control plane ${step.from} → ${step.to}`);
    lines.push(...changeLines(step.changes.filter((c) => c.key === "oke-pools:kubernetesVersion")));
    if (step.followers.length > 0) {
      lines.push(
        "    Pools without a kubernetesVersion of their own move with it, in the same update:",
      );
      for (const m of step.followers) {
        lines.push(`      ${m.pool} ${m.from} → ${m.to}; ${cycling(m)}`);
        lines.push(
          ...changeLines(
            step.changes.filter((c) => c.key.startsWith(`${m.keyPath}.`)),
            "        ",
          ),
        );
        if (!m.image)
          lines.push("        (image chosen by OS: it follows the version, no pin to change)");
      }
    }
  } else {
    const when =
      step.why === "skew"
        ? `before the control plane leaves ${step.controlPlane}`
        : "after the control plane";
    lines.push(
      `${String(n).padStart(2)}. Pool ${step.move.pool} ${step.move.from} → ${step.move.to}, ${when}: ${step.reason}`,
    );
    lines.push(...changeLines(step.changes));
    if (!step.move.image)
      lines.push("      (image chosen by OS: it follows the version, no pin to change)");
    lines.push(`      ${cycling(step.move)}`);
  }
  return lines;
}

function changeLines(
  changes: readonly { key: string; from?: string; to: string }[],
  indent = "      ",
): string[] {
  return changes.map((c) => `${indent}${c.key}: ${c.from ?? "(not set)"} → ${c.to}`);
}

function cycling(m: PoolMove): string {
  if (!m.cyclingEnabled)
    return `node cycling is off: existing nodes keep ${m.from} until replaced by hand (${m.cycleMode} when enabled)`;
  return m.keepsNodeIps
    ? `${m.cycleMode}: nodes are cycled in place and keep their OCIDs and private IPs`
    : `${m.cycleMode}: nodes are replaced and get NEW private IPs — anything pointing at worker IPs (load balancer backends, firewall rules) breaks`;
}

if (require.main === module) runMain(USAGE, () => main(process.argv.slice(2)));
