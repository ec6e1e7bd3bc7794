/**
 * npm run pin-images -- --stack <name> [--catalog <file>] [--check] [--stacks-dir <dir>]
 *
 * Rewrites the stack file's image pins (image.imageId and image.sourceName of every pool and
 * blue/green colour) to the newest current image for the pool's version, OS and arch: retired
 * pins are replaced, outdated ones bumped, versions never change, comments and key order are
 * kept. --check changes nothing and exits 1 when a pin is retired or outdated (for CI).
 */
import { PinReview, pinsNeedAttention, reviewPins } from "../core/pinUpdates";
import { selectCatalog } from "../offline/catalogFile";
import { parseFormat } from "../offline/format";
import { renderPinsMarkdown } from "../offline/markdown/pins";
import { EXIT_FAILED, EXIT_OK, UsageError, parseFlags, runMain, wantsHelp } from "../offline/cli";
import {
  DEFAULT_STACKS_DIR,
  StackFile,
  readStackFile,
  setConfigValue,
  stackPools,
  writeStackFile,
} from "../offline/stackFile";

export const USAGE = `usage: npm run pin-images -- --stack <name> [--catalog <file>] [--check] [--format text|markdown] [--stacks-dir <dir>] [--catalogs-dir <dir>]

  --stack       the stack whose stacks/Pulumi.<name>.yaml pins are updated
  --catalog     catalog of current images: the output of
                \`oci ce node-pool-options get --node-pool-option-id all --output json\`
                (default: the newest catalogs/<oci:region>/<date>.json, written by
                npm run fetch-catalog; the embedded sample serves only the demo stacks)
  --check       change nothing; exit 1 if any pin is retired or outdated
  --format      text (default) or markdown (for a pull request or a job summary)
  --stacks-dir  where the stack files are (default: stacks/)
  --catalogs-dir  where the region catalogs are (default: catalogs/)

exit status: 0 pins current or rewritten, 1 a pin is retired or outdated (--check) or cannot be
replaced automatically (no image left for its version), 2 usage, stack, catalog or config error`;

export async function main(argv: readonly string[]): Promise<number> {
  if (wantsHelp(argv)) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  const flags = parseFlags(argv, {
    stack: { type: "string" },
    catalog: { type: "string" },
    check: { type: "boolean" },
    format: { type: "string" },
    "stacks-dir": { type: "string" },
    "catalogs-dir": { type: "string" },
  });
  if (!flags.stack) throw new UsageError("--stack is required");
  const format = parseFormat(flags.format, ["text", "markdown"]);
  const file = readStackFile(flags["stacks-dir"] ?? DEFAULT_STACKS_DIR, flags.stack);
  const { catalog, label } = selectCatalog(file, {
    ...(flags.catalog !== undefined ? { catalogFile: flags.catalog } : {}),
    ...(flags["catalogs-dir"] !== undefined ? { catalogsDir: flags["catalogs-dir"] } : {}),
    ...(flags["stacks-dir"] !== undefined ? { stacksDir: flags["stacks-dir"] } : {}),
  });
  const { controlPlane, pools } = stackPools(file);
  const review = reviewPins(catalog, pools, controlPlane);
  process.stdout.write(
    format === "markdown"
      ? renderPinsMarkdown(file.stack, file.path, review, label, !!flags.check)
      : renderReview(file, review, label, !!flags.check),
  );
  if (flags.check) return pinsNeedAttention(review) ? EXIT_FAILED : EXIT_OK;
  if (review.changes.length > 0) {
    applyPins(file, review);
    writeStackFile(file);
  }
  // Nothing can replace a retired pin whose version has no image left: that still needs a person.
  return review.problems.length > 0 ? EXIT_FAILED : EXIT_OK;
}

/** Writes each change into the document (imageId, then sourceName), keeping everything else. */
export function applyPins(file: StackFile, review: PinReview): void {
  for (const c of review.changes) {
    setConfigValue(file, `${c.keyPath}.image.imageId`, c.to.imageId);
    setConfigValue(file, `${c.keyPath}.image.sourceName`, c.to.sourceName);
  }
}

export function renderReview(
  file: StackFile,
  review: PinReview,
  catalogPath: string,
  check: boolean,
): string {
  const out: string[] = [
    `Image pins of stack "${file.stack}" (${file.path}) against ${catalogPath}:`,
  ];
  const verb = check ? "would change" : "changed";
  for (const c of review.changes) {
    const what =
      c.status === "retired"
        ? "RETIRED, replaced"
        : c.status === "update-available"
          ? "outdated, bumped"
          : "source name corrected";
    out.push(`  ${c.pool} (${c.kubernetesVersion}): ${what} — ${verb}:`);
    if (c.from.imageId !== c.to.imageId)
      out.push(`    ${c.keyPath}.image.imageId: ${c.from.imageId} → ${c.to.imageId}`);
    out.push(
      `    ${c.keyPath}.image.sourceName: ${c.from.sourceName ?? "(not set)"} → ${c.to.sourceName}`,
    );
  }
  for (const p of review.problems) out.push(`  ${p.pool}: cannot fix automatically — ${p.message}`);
  for (const name of review.current) out.push(`  ${name}: current`);
  for (const name of review.floating)
    out.push(
      `  ${name}: image chosen by OS (not pinned); pin it with image.imageId and image.sourceName`,
    );
  if (review.changes.length === 0 && review.problems.length === 0)
    out.push("All pins are current; nothing to change.");
  else if (check)
    out.push(
      pinsNeedAttention(review)
        ? "Pins need attention: run `npm run pin-images -- --stack " +
            file.stack +
            "` and commit the result."
        : "No pin is retired or outdated.",
    );
  else if (review.changes.length > 0)
    out.push(
      `Wrote ${file.path}; versions are unchanged. Preview it (npm run preview:offline -- --stack ${file.stack}) before applying.`,
    );
  return `${out.join("\n")}\n`;
}

if (require.main === module) runMain(USAGE, () => main(process.argv.slice(2)));
