/**
 * npm run inventory -- --node-pools <file> --clusters <file> [--catalog <file>] [--adopt <stack>]
 *
 * Every node pool the OCI CLI lists (managed by Pulumi or not), judged against the region's
 * catalog: image status and replacement, version skew, cycle mode, whether node IPs are relied
 * on, and the recovery path Oracle documents. --adopt writes a stack file with the settings as
 * deployed and the `pulumi import` file that brings the pools under the components.
 */
import * as path from "path";
import { PoolAssessment, assessInventoryPool, byUrgency } from "../core/inventory";
import { formatKubeVersion } from "../core/kubeVersion";
import {
  DEFAULT_CATALOGS_DIR,
  LoadedCatalog,
  MissingCatalogError,
  checkCatalogRegion,
  loadCatalog,
  regionCatalogFiles,
} from "../offline/catalogFile";
import {
  EXIT_FAILED,
  EXIT_OK,
  ToolError,
  UsageError,
  parseFlags,
  runMain,
  wantsHelp,
} from "../offline/cli";
import { parseFormat } from "../offline/format";
import {
  CliCluster,
  adopt,
  cliCluster,
  cliPool,
  readCliList,
  writeNew,
} from "../offline/inventory";
import { mdCode, mdTable, mdText } from "../offline/markdown/md";
import { DEFAULT_STACKS_DIR, stackFilePath } from "../offline/stackFile";

const POOLS_COMMAND =
  "oci ce node-pool list --compartment-id <compartment OCID> --all --output json";
const CLUSTERS_COMMAND =
  "oci ce cluster list --compartment-id <compartment OCID> --all --output json";

export const USAGE = `usage: npm run inventory -- --node-pools <file> --clusters <file> [--catalog <file>]
         [--ip-dependent <pool,...>] [--ip-independent <pool,...>] [--format text|markdown]
         [--adopt <stack> [--cluster <name or OCID>] [--import-file <file>]] [--stacks-dir <dir>] [--catalogs-dir <dir>]

  --node-pools      the output of \`${POOLS_COMMAND}\`
  --clusters        the output of \`${CLUSTERS_COMMAND}\`
  --catalog         the region's catalog of current images (default: the newest
                    catalogs/<region>/<date>.json of the clusters' region, npm run fetch-catalog)
  --ip-dependent    pools whose node IPs something relies on (load balancer backends, firewall
                    rules); --ip-independent: pools known not to. Others are assumed relied on.
  --format          text (default) or markdown
  --adopt           write stacks/Pulumi.<stack>.yaml for the cluster's pools (settings as deployed)
                    and the \`pulumi import\` file (default import-<stack>.json)
  --cluster         the cluster to adopt, when the files list several

exit status: 0 every pool current and within skew, 1 a pool needs work (retired or outdated
image, out of skew), 2 usage, file or catalog error`;

export async function main(argv: readonly string[]): Promise<number> {
  if (wantsHelp(argv)) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  const flags = parseFlags(argv, {
    "node-pools": { type: "string" },
    clusters: { type: "string" },
    catalog: { type: "string" },
    "ip-dependent": { type: "string" },
    "ip-independent": { type: "string" },
    format: { type: "string" },
    adopt: { type: "string" },
    cluster: { type: "string" },
    "import-file": { type: "string" },
    "stacks-dir": { type: "string" },
    "catalogs-dir": { type: "string" },
  });
  if (!flags["node-pools"]) throw new UsageError("--node-pools is required");
  if (!flags.clusters) throw new UsageError("--clusters is required");
  if (flags.adopt !== undefined && !/^[A-Za-z0-9_.-]+$/.test(flags.adopt))
    throw new UsageError(
      `--adopt ${JSON.stringify(flags.adopt)} is not a stack name (letters, digits, -, _ and .)`,
    );
  const format = parseFormat(flags.format, ["text", "markdown"]);
  const list = (v?: string) =>
    new Set(
      (v ?? "")
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean),
    );
  const dependent = list(flags["ip-dependent"]);
  const independent = list(flags["ip-independent"]);
  const both = [...dependent].filter((p) => independent.has(p));
  if (both.length)
    throw new UsageError(`${both.join(", ")}: both --ip-dependent and --ip-independent`);

  const clusters = readCliList(flags.clusters, "clusters", CLUSTERS_COMMAND).map(cliCluster);
  const pools = readCliList(flags["node-pools"], "node pools", POOLS_COMMAND).map((r) =>
    cliPool(r, dependent, independent),
  );
  for (const name of [...dependent, ...independent])
    if (!pools.some((p) => p.name === name))
      throw new UsageError(
        `--ip-dependent/--ip-independent name pool "${name}", which the node pool list does not have`,
      );
  const catalog = inventoryCatalog(clusters, flags.catalog, flags["catalogs-dir"]);
  const byId = new Map(clusters.map((c) => [c.id, c]));
  const assessed = pools
    .map((p) => assessInventoryPool(p, byId.get(p.clusterId), catalog.catalog))
    .sort(byUrgency);
  process.stdout.write(
    format === "markdown"
      ? renderInventoryMarkdown(assessed, catalog)
      : renderInventory(assessed, catalog),
  );

  if (flags.adopt !== undefined) {
    const target = chooseCluster(clusters, flags.cluster);
    const adopted = adopt(
      flags.adopt,
      target,
      pools.filter((p) => p.clusterId === target.id),
    );
    const stackFile = stackFilePath(flags["stacks-dir"] ?? DEFAULT_STACKS_DIR, flags.adopt);
    const importFile = path.resolve(flags["import-file"] ?? `import-${flags.adopt}.json`);
    writeNew(stackFile, adopted.yaml);
    writeNew(importFile, `${JSON.stringify(adopted.importFile, null, 2)}\n`);
    const rel = (p: string) => path.relative(process.cwd(), p) || p;
    const out = [
      "",
      `Adopted cluster ${target.name} as stack "${flags.adopt}": wrote ${rel(stackFile)} (settings as deployed) and ${rel(importFile)}.`,
      "Bring the resources under the components without replacing them (before any pulumi up):",
      `  pulumi stack select --create ${flags.adopt}`,
      `  pulumi import --stack ${flags.adopt} --file ${rel(importFile)} --generate-code=false`,
      "The import file gives each resource the URN the program declares:",
      ...adopted.urns.map((u) => `  ${u.urn}  ←  ${u.id}`),
      `Then: npm run preview:offline -- --stack ${flags.adopt}${flags["stacks-dir"] ? ` --stacks-dir ${flags["stacks-dir"]}` : ""}${flags.catalog ? ` --catalog ${flags.catalog}` : ""}, and pulumi preview --policy-pack ./policies must show no replacement.`,
    ];
    process.stdout.write(`${out.join("\n")}\n`);
  }
  return assessed.some((a) => a.path !== "none" || a.image.status === "unknown")
    ? EXIT_FAILED
    : EXIT_OK;
}

function chooseCluster(clusters: readonly CliCluster[], wanted?: string): CliCluster {
  if (wanted !== undefined) {
    const c = clusters.find((x) => x.name === wanted || x.id === wanted);
    if (!c)
      throw new UsageError(
        `--cluster ${wanted}: not in the cluster list (${clusters.map((x) => x.name).join(", ") || "empty"})`,
      );
    return c;
  }
  if (clusters.length !== 1)
    throw new UsageError(
      `the cluster list has ${clusters.length} clusters (${clusters.map((x) => x.name).join(", ")}); choose one with --cluster <name>`,
    );
  return clusters[0];
}

function inventoryCatalog(
  clusters: readonly CliCluster[],
  file?: string,
  catalogsDir?: string,
): LoadedCatalog & { label: string } {
  const regions = [
    ...new Set(clusters.map((c) => c.region).filter((r): r is string => !!r)),
  ].sort();
  if (regions.length > 1 && file === undefined)
    throw new ToolError(
      `the clusters are in several regions (${regions.join(", ")}); a catalog is per region: run the inventory once per region with --catalog`,
    );
  const region = regions[0];
  const fix = `npm run fetch-catalog -- --region ${region ?? "<region>"}${catalogsDir ? ` --catalogs-dir ${catalogsDir}` : ""}`;
  let loaded: LoadedCatalog;
  let label: string;
  if (file !== undefined) {
    loaded = loadCatalog(file);
    label = loaded.path;
  } else {
    const dir = catalogsDir ?? DEFAULT_CATALOGS_DIR;
    const newest = region ? regionCatalogFiles(dir, region)[0] : undefined;
    if (!newest)
      throw new MissingCatalogError(
        `no catalog of current images for region ${region ?? "(unknown)"} in ${path.join(dir, region ?? "")}. Fetch it: ${fix}`,
      );
    loaded = loadCatalog(newest);
    label = `${path.relative(process.cwd(), newest)} (${region}, fetched ${path.basename(newest, ".json")})`;
  }
  if (loaded.embedded)
    throw new ToolError(
      `the embedded sample catalog never judges real pools; fetch the region's: ${fix}`,
    );
  if (region) checkCatalogRegion(loaded, region, "the clusters", fix);
  return { ...loaded, label };
}

const STATUS: Record<string, string> = {
  retired: "RETIRED",
  "update-available": "outdated",
  current: "current",
  unknown: "unknown",
};

function imageLine(a: PoolAssessment): string {
  const name = a.image.name ?? a.pool.imageId ?? "(no image)";
  const repl = a.image.replacement
    ? ` → ${a.image.replacement.sourceName} (${a.image.replacement.imageId})`
    : a.image.note
      ? ` (${a.image.note})`
      : "";
  return `${STATUS[a.image.status]}: ${name}${repl}`;
}

function skewLine(a: PoolAssessment): string {
  if (!a.skew) return "unknown";
  const cp = a.cluster?.kubernetesVersion ? formatKubeVersion(a.cluster.kubernetesVersion) : "?";
  return `${a.skew.ok ? "ok" : "OUT OF SKEW"}: ${a.skew.minorsBehind} minor(s) behind control plane ${cp} (at most ${a.skew.allowedMinors})`;
}

function cyclingLine(a: PoolAssessment): string {
  if (!a.cycling.mode)
    return a.cycling.enabled ? "enabled, no mode" : "not configured (no node cycling)";
  return `${a.cycling.enabled ? "" : "off; "}${a.cycling.mode} (${a.cycling.keepsNodeIps ? "keeps node IPs" : "new node IPs"})`;
}

function ipsLine(a: PoolAssessment): string {
  return a.pool.reliesOnNodeIps === true
    ? "yes"
    : a.pool.reliesOnNodeIps === false
      ? "no"
      : "unknown (treated as yes)";
}

export function renderInventory(
  assessed: readonly PoolAssessment[],
  catalog: { label: string; catalog: { size: number } },
): string {
  const out = [
    `Inventory: ${assessed.length} node pool(s), catalog ${catalog.label} (${catalog.catalog.size} images)`,
    "",
  ];
  for (const a of assessed) {
    out.push(
      `${a.pool.name} (cluster ${a.cluster?.name ?? a.pool.clusterId}, ${a.pool.kubernetesVersion ? formatKubeVersion(a.pool.kubernetesVersion) : "?"}, ${a.pool.shape}) — ${a.pool.id}`,
    );
    out.push(`  image:      ${imageLine(a)}`);
    out.push(`  skew:       ${skewLine(a)}`);
    out.push(`  cycling:    ${cyclingLine(a)}`);
    out.push(`  node IPs relied on: ${ipsLine(a)}`);
    if (a.steps.length === 0) out.push("  recovery:   nothing to do");
    else {
      out.push(`  recovery (${a.path}):`);
      a.steps.forEach((s, i) => out.push(`    ${i + 1}. ${s}`));
    }
    out.push("");
  }
  const todo = assessed.filter((a) => a.path !== "none").length;
  out.push(
    todo
      ? `${todo} pool(s) need work, most urgent first.`
      : "Every pool is on a current image and within skew.",
  );
  return `${out.join("\n")}\n`;
}

export function renderInventoryMarkdown(
  assessed: readonly PoolAssessment[],
  catalog: { label: string; catalog: { size: number } },
): string {
  const todo = assessed.filter((a) => a.path !== "none").length;
  const out = [
    `### Inventory: ${assessed.length} node pool(s), ${todo ? `❌ ${todo} need work` : "✅ all current"}`,
    "",
    `Catalog ${mdText(catalog.label)} (${catalog.catalog.size} images).`,
    "",
    ...mdTable(
      ["pool", "cluster", "image", "skew", "cycling", "node IPs relied on", "recovery"],
      assessed.map((a) => [
        mdCode(a.pool.name),
        mdText(a.cluster?.name ?? a.pool.clusterId),
        mdText(imageLine(a)),
        mdText(skewLine(a)),
        mdText(cyclingLine(a)),
        mdText(ipsLine(a)),
        a.steps.length
          ? a.steps.map((s, i) => `${i + 1}. ${mdText(s)}`).join("<br>")
          : "nothing to do",
      ]),
    ),
  ];
  return `${out.join("\n")}\n`;
}

if (require.main === module) runMain(USAGE, () => main(process.argv.slice(2)));
