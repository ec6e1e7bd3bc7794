/**
 * npm run pin-images -- --stack <name> [--catalog <file>] [--patch] [--check] [--stacks-dir <dir>]
 *
 * The one command that makes a stack's image pins right (image.imageId and image.sourceName of
 * every pool and blue/green colour): OCID, name and catalog made to agree, the image suited to
 * the pool's shape and version, floating `{os, osVersion}` pools pinned, retired or outdated pins
 * replaced. Versions change only with --patch. Only the changed scalars of the file differ.
 * --check changes nothing and exits 1 whenever running without it would change the file.
 */
import {
  ToolContext,
  pinImagesCommand,
  planUpgradeCommand,
  previewCommand,
} from "../core/commands";
import { formatKubeVersion } from "../core/kubeVersion";
import { NewerPatch, PinChange, PinReview, reviewPins } from "../core/pinUpdates";
import { selectCatalog } from "../offline/catalogFile";
import { parseFormat } from "../offline/format";
import { renderPinsMarkdown } from "../offline/markdown/pins";
import {
  EXIT_FAILED,
  EXIT_OK,
  ToolError,
  UsageError,
  parseFlags,
  runMain,
  wantsHelp,
} from "../offline/cli";
import {
  DEFAULT_STACKS_DIR,
  StackFile,
  readStackFile,
  renameConfigKey,
  stackFileChanged,
  setConfigValue,
  stackPools,
  stackRegion,
  writeStackFile,
} from "../offline/stackFile";

export const USAGE = `usage: npm run pin-images -- --stack <name> [--catalog <file>] [--patch] [--check] [--format text|markdown] [--stacks-dir <dir>] [--catalogs-dir <dir>]

  --stack       the stack whose stacks/Pulumi.<name>.yaml pins are made right
  --catalog     catalog of current images: the output of
                \`oci ce node-pool-options get --node-pool-option-id all --output json\`
                (default: the newest catalogs/<oci:region>/<date>.json, written by
                npm run fetch-catalog; the embedded sample serves only the demo stacks)
  --patch       also move each pool to the newest patch of its minor, with that patch's image
                (the control plane first when a pool would pass it); otherwise no version changes
  --check       change nothing; exit 1 if running without --check would change the file
  --format      text (default) or markdown (for a pull request or a job summary)
  --stacks-dir  where the stack files are (default: stacks/)
  --catalogs-dir  where the region catalogs are (default: catalogs/)

exit status: 0 pins right or rewritten, 1 the file would change (--check) or a pin cannot be fixed
automatically (no image left for its version), 2 usage, stack, catalog or config error`;

export async function main(argv: readonly string[]): Promise<number> {
  if (wantsHelp(argv)) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  const flags = parseFlags(argv, {
    stack: { type: "string" },
    catalog: { type: "string" },
    patch: { type: "boolean" },
    check: { type: "boolean" },
    format: { type: "string" },
    "stacks-dir": { type: "string" },
    "catalogs-dir": { type: "string" },
  });
  if (!flags.stack) throw new UsageError("--stack is required");
  const format = parseFormat(flags.format, ["text", "markdown"]);
  const file = readStackFile(flags["stacks-dir"] ?? DEFAULT_STACKS_DIR, flags.stack);
  const selected = selectCatalog(file, {
    ...(flags.catalog !== undefined ? { catalogFile: flags.catalog } : {}),
    ...(flags["catalogs-dir"] !== undefined ? { catalogsDir: flags["catalogs-dir"] } : {}),
    ...(flags["stacks-dir"] !== undefined ? { stacksDir: flags["stacks-dir"] } : {}),
  });
  const { catalog, label: catalogPath } = selected;
  const region = stackRegion(file);
  const ctx: ToolContext = {
    stack: flags.stack,
    // The catalog the tool found by itself needs no flag to be found again.
    catalog: flags.catalog ?? "embedded",
    ...(flags["stacks-dir"] !== undefined ? { stacksDir: flags["stacks-dir"] } : {}),
    ...(flags["catalogs-dir"] !== undefined ? { catalogsDir: flags["catalogs-dir"] } : {}),
    ...(region ? { region } : {}),
  };
  const { controlPlane, pools } = stackPools(file, {
    deferPinConflicts: true,
    shapes: catalog.shapes,
    pinCommand: pinImagesCommand(ctx),
  });
  const review = reviewPins(catalog, pools, controlPlane, {
    ...(flags.patch ? { patch: true } : {}),
    ...(region ? { region } : {}),
  });
  if (review.catalogProblem)
    throw new ToolError(
      `${catalogPath}: ${review.catalogProblem}. Save the catalog of ${region}: \`oci ce node-pool-options get --node-pool-option-id all --region ${region} --output json > catalog-${region}.json\`, then \`${pinImagesCommand({ ...ctx, catalog: `catalog-${region}.json` })}\``,
    );
  applyPins(file, review);
  const changed = stackFileChanged(file);
  process.stdout.write(
    format === "markdown"
      ? renderPinsMarkdown(file.stack, file.path, review, catalogPath, !!flags.check, changed, ctx)
      : renderReview(file, review, catalogPath, ctx, !!flags.check, changed),
  );
  if (flags.check) return changed || review.problems.length > 0 ? EXIT_FAILED : EXIT_OK;
  if (changed) writeStackFile(file);
  // Nothing can replace a retired pin whose version has no image left: that still needs a person.
  return review.problems.length > 0 ? EXIT_FAILED : EXIT_OK;
}

/** Queues each change's edits (control plane first), keeping every other byte of the file. */
export function applyPins(file: StackFile, review: PinReview): void {
  if (review.controlPlane)
    setConfigValue(file, "oke-pools:kubernetesVersion", review.controlPlane.to);
  for (const c of review.changes)
    for (const e of c.edits) {
      if (e.renameFrom !== undefined) {
        const parent = e.keyPath.slice(0, e.keyPath.lastIndexOf("."));
        const key = e.keyPath.slice(e.keyPath.lastIndexOf(".") + 1);
        renameConfigKey(file, `${parent}.${e.renameFrom}`, key, e.to);
      } else setConfigValue(file, e.keyPath, e.to, e.after);
    }
}

const WHAT: Record<PinChange["status"], string> = {
  retired: "RETIRED, replaced",
  "update-available": "outdated, bumped",
  "source-name": "source name corrected",
  conflict: "OCID, name and shape reconciled",
  truncated: "truncated OCID completed",
  "other-region": "OCID of another region replaced",
  floating: "floating image pinned",
  patch: "moved to the newest patch",
};

function patchHint(p: NewerPatch, ctx: ToolContext): string {
  return `a newer patch of its minor is offered: ${p.version}, image ${p.imageId} (${p.sourceName}, built ${p.buildDate}); \`${pinImagesCommand(ctx, { patch: true })}\` moves ${p.viaControlPlane ? "the control plane and then the pool" : "the pool"} there`;
}

export function renderReview(
  file: StackFile,
  review: PinReview,
  catalogPath: string,
  ctx: ToolContext,
  check: boolean,
  changed: boolean,
): string {
  const out: string[] = [
    `Image pins of stack "${file.stack}" (${file.path}) against ${catalogPath}:`,
  ];
  const verb = check ? "would change" : "changed";
  if (review.controlPlane) {
    const cp = review.controlPlane;
    out.push(`  control plane ${cp.from} → ${cp.to} — ${verb}: ${cp.reason}`);
    out.push(`    oke-pools:kubernetesVersion: ${cp.from} → ${cp.to}`);
  }
  for (const c of review.changes) {
    const version = c.fromVersion
      ? `${c.fromVersion} → ${c.kubernetesVersion}`
      : c.kubernetesVersion;
    out.push(`  ${c.pool} (${version}): ${WHAT[c.status]} — ${verb}:`);
    if (c.reason) out.push(`    ${c.reason}.`);
    for (const e of c.edits) {
      const key = e.renameFrom
        ? `${e.keyPath.slice(0, e.keyPath.lastIndexOf("."))}.${e.renameFrom} → ${e.keyPath.slice(e.keyPath.lastIndexOf(".") + 1)}`
        : e.keyPath;
      out.push(`    ${key}: ${e.from ?? (e.renameFrom ? "(selector)" : "(not set)")} → ${e.to}`);
    }
    if (c.newerPatch) out.push(`    Note: ${patchHint(c.newerPatch, ctx)}.`);
  }
  for (const p of review.problems) {
    out.push(`  ${p.pool}: cannot fix automatically — ${p.message}`);
    out.push(
      `    \`${planUpgradeCommand(ctx, review.controlPlane?.to ?? controlPlaneOf(file))}\` plans the move.`,
    );
  }
  for (const c of review.current) {
    out.push(`  ${c.pool}: current`);
    if (c.newerPatch) out.push(`    Note: ${patchHint(c.newerPatch, ctx)}.`);
  }
  if (!changed && review.problems.length === 0) out.push("All pins are right; nothing to change.");
  else if (check)
    out.push(
      changed
        ? `Pins need attention: \`${pinImagesCommand(ctx, review.controlPlane || review.changes.some((c) => c.status === "patch" || c.fromVersion) ? { patch: true } : {})}\` rewrites them; commit the result.`
        : "A pin needs a person (see above); nothing would be written.",
    );
  else if (changed)
    out.push(
      `Wrote ${file.path}; ${review.controlPlane || review.changes.some((c) => c.fromVersion) ? "versions moved as shown" : "versions are unchanged"}. Preview it (\`${previewCommand(ctx)}\`) before applying.`,
    );
  return `${out.join("\n")}\n`;
}

function controlPlaneOf(file: StackFile): string {
  const v = file.config["oke-pools:kubernetesVersion"];
  return typeof v === "string"
    ? v.startsWith("v")
      ? v
      : `v${v}`
    : formatKubeVersion({ major: 1, minor: 0 });
}

if (require.main === module) runMain(USAGE, () => main(process.argv.slice(2)));
