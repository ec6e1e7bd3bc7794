/**
 * One offline preview in its own process, for bench/run.ts: previewStack (offline/preview.ts:
 * stack file, program under mocks, the policy pack over the analyzer protocol) with the bench
 * program, then its own peak RSS. Writes a JSON report to --out and, with --resources-out, the
 * recorded resources (what the preview sent the pack) for the policy-phase measurement.
 *
 *     node -r ts-node/register/transpile-only bench/previewChild.ts --stack bench-100 --stacks-dir bench/out/stacks --out r.json
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";

export interface PreviewChildReport {
  readonly stack: string;
  /** previewStack's own timings (ms): whole call, program recording, policy phase. */
  readonly timings: {
    readonly totalMs: number;
    readonly recordMs: number;
    readonly policyMs: number;
  };
  /** From process start (before any module is loaded) to previewStack's return. */
  readonly processMs: number;
  readonly invokes: number;
  readonly resources: number;
  readonly diagnostics: number;
  readonly mandatory: number;
  /** Diagnostics per policy. */
  readonly byPolicy: Readonly<Record<string, number>>;
  readonly exitCode: number;
  /** This process's peak RSS, bytes (process.resourceUsage().maxRSS). */
  readonly maxRssBytes: number;
  /** Time spent writing --resources-out and --text-out (not part of the preview; the parent subtracts it). */
  readonly dumpMs: number;
}

export const BENCH_PROGRAM = path.join(__dirname, "program.ts");

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      stack: { type: "string" },
      "stacks-dir": { type: "string" },
      out: { type: "string" },
      "resources-out": { type: "string" },
      "text-out": { type: "string" },
    },
  });
  if (!values.stack || !values["stacks-dir"] || !values.out)
    throw new Error(
      "usage: previewChild --stack <name> --stacks-dir <dir> --out <file> [--resources-out <file>] [--text-out <file>]",
    );
  const { previewStack } = await import("../offline/preview");
  const { SAMPLE_CATALOG_PATH, regionCatalogPath } = await import("../offline/catalogFile");
  // The generated stacks are us-phoenix-1 stacks pinned to the sample's images: the sample
  // stands as their region's catalog, found where the tools look for one.
  const catalogsDir = path.join(values["stacks-dir"], "catalogs");
  const regionCatalog = regionCatalogPath(catalogsDir, "us-phoenix-1", new Date("2026-01-01"));
  fs.mkdirSync(path.dirname(regionCatalog), { recursive: true });
  fs.copyFileSync(SAMPLE_CATALOG_PATH, regionCatalog);
  const result = await previewStack({
    stack: values.stack,
    stacksDir: values["stacks-dir"],
    catalogsDir,
    programPath: BENCH_PROGRAM,
  });
  const processMs = performance.now();
  const byPolicy: Record<string, number> = {};
  for (const d of result.diagnostics) byPolicy[d.policyName] = (byPolicy[d.policyName] ?? 0) + 1;
  const maxRssBytes = process.resourceUsage().maxRSS * 1024; // before the dumps below
  const t = performance.now();
  if (values["resources-out"])
    fs.writeFileSync(values["resources-out"], JSON.stringify(result.recording.resources));
  if (values["text-out"]) fs.writeFileSync(values["text-out"], result.text);
  const report: PreviewChildReport = {
    stack: values.stack,
    timings: result.timings,
    processMs,
    invokes: result.recording.invokes,
    resources: result.recording.resources.length,
    diagnostics: result.diagnostics.length,
    mandatory: result.diagnostics.filter((d) => d.enforcementLevel === "mandatory").length,
    byPolicy,
    exitCode: result.exitCode,
    maxRssBytes,
    dumpMs: performance.now() - t,
  };
  fs.writeFileSync(values.out, JSON.stringify(report, null, 2));
}

main().catch((e: unknown) => {
  process.stderr.write(
    `bench preview failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
  );
  process.exit(1);
});
