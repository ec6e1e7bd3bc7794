/**
 * The policy phase against its floor: Analyze × every resource and AnalyzeStack over the analyzer
 * protocol, for three packs on the same resources, interleaved (the order rotates every round),
 * median of the rounds. Configure, which the engine sends once as it loads a pack, before the
 * program runs (pulumi/pulumi pkg/engine/update.go, newUpdateSource step 2), is timed apart, and
 * a second ratio includes it:
 *
 * - the real pack (policies/, built);
 * - the floor (bench/floor-pack): one no-op resource policy and one no-op stack policy, what a
 *   user pays for any pack. real / floor is the headline ratio;
 * - the no-op twin (bench/noop-pack): the real pack's policies by name, level and validation
 *   kind, each doing nothing. real / twin isolates the rules from the SDK's per-policy work.
 *
 * On two stacks of N pools: the bench's own (the resources a preview of bench/generate.ts's
 * stack recorded, bench/out/resources-bench-N.json, recorded here when missing) and a platform
 * team's (bench/platformStack.ts: 10 clusters, 5 Kubernetes versions, the catalog in the policy
 * config as `catalog`). Pack start (launch → port) is measured for the real pack and the floor.
 *
 *     node -r ts-node/register/transpile-only bench/policyPhase.ts [--pools 1000] [--rounds 5] [--starts 5] [--out bench/out/policy-phase.json]
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { measurePolicyPhase, measureStartup } from "../offline/analyzer/measure";
import type { AnalyzerResource, UserPolicyConfig } from "../offline/analyzer/types";
import { SAMPLE_CATALOG_PATH } from "../offline/catalogFile";
import { DEFAULT_PACK_DIR, ensurePackBuilt } from "../offline/preview";
import { catalogSources, generateStack, writeStack } from "./generate";
import { NOOP_PACK_DIR, syncNoopPack } from "./noopPack";
import { platformConfig, platformStack } from "./platformStack";
import { median } from "./median";

export const FLOOR_PACK_DIR = path.join(__dirname, "floor-pack");
const OUT_DIR = path.join(__dirname, "out");
const STACKS_DIR = path.join(OUT_DIR, "stacks");

const r3 = (x: number) => Math.round(x * 1000) / 1000;

const PACKS = { real: DEFAULT_PACK_DIR, floor: FLOOR_PACK_DIR, twin: NOOP_PACK_DIR } as const;
type Pack = keyof typeof PACKS;

/** The resources a preview of the bench's generated stack sends its pack (recorded once, then read). */
export function benchStackResources(pools: number): AnalyzerResource[] {
  const file = path.join(OUT_DIR, `resources-bench-${pools}.json`);
  if (!fs.existsSync(file)) {
    const g = generateStack(pools, catalogSources(SAMPLE_CATALOG_PATH));
    writeStack(STACKS_DIR, g);
    // A loaded machine can keep the pack from starting within the preview's limit: try again.
    const attempts = Number(process.env.BENCH_RECORD_ATTEMPTS ?? "3");
    for (let attempt = 1; attempt <= attempts && !fs.existsSync(file); attempt++)
      record(g.stack, file);
    if (!fs.existsSync(file))
      throw new Error(`bench: recording the ${pools}-pool bench stack failed`);
  }
  return JSON.parse(fs.readFileSync(file, "utf8")) as AnalyzerResource[];
}

function record(stack: string, file: string): void {
  const child = spawnSync(
    process.execPath,
    [
      "-r",
      "ts-node/register/transpile-only",
      path.join(__dirname, "previewChild.ts"),
      "--stack",
      stack,
      "--stacks-dir",
      STACKS_DIR,
      "--out",
      path.join(OUT_DIR, `preview-${stack}-policy.json`),
      "--resources-out",
      file,
    ],
    { cwd: path.join(__dirname, ".."), stdio: ["ignore", "ignore", "inherit"] },
  );
  if (child.status !== 0) process.stderr.write(`[bench:policy] recording ${stack} failed\n`);
}

interface StackResult {
  readonly stack: string;
  readonly resources: number;
  /** Analyze × every resource + AnalyzeStack. */
  readonly medianMs: Record<Pack, number>;
  readonly medianConfigureMs: Record<Pack, number>;
  readonly ratio: {
    readonly floor: number;
    readonly twin: number;
    /** Configure + the policy phase, against the floor's. */
    readonly floorWithConfigure: number;
    /** The pack process's CPU in the policy phase against the floor's (Linux; else absent). */
    readonly floorPackCpu?: number;
  };
  /** Median CPU ms the pack's process used in the policy phase (Linux; else absent). */
  readonly medianPackCpuMs?: Record<Pack, number>;
  readonly perRound: { readonly floor: number[]; readonly twin: number[] };
  readonly diagnostics: number;
}

async function measureStack(
  stack: string,
  resources: readonly AnalyzerResource[],
  config: UserPolicyConfig,
  rounds: number,
  log: (s: string) => void,
): Promise<StackResult> {
  const runs: Record<Pack, number[]> = { real: [], floor: [], twin: [] };
  const configure: Record<Pack, number[]> = { real: [], floor: [], twin: [] };
  const cpu: Record<Pack, number[]> = { real: [], floor: [], twin: [] };
  let diagnostics = 0;
  const order: Pack[] = ["real", "floor", "twin"];
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < order.length; k++) {
      const pack = order[(k + r) % order.length];
      const m = await measurePolicyPhase(PACKS[pack], resources, pack === "real" ? config : {});
      runs[pack].push(m.phaseMs);
      configure[pack].push(m.configureMs);
      if (m.packCpuMs !== undefined) cpu[pack].push(m.packCpuMs);
      if (pack === "real") diagnostics = m.diagnostics;
    }
    log(
      `${stack} round ${r + 1}/${rounds}: real ${Math.round(runs.real[r])} ms, floor ${Math.round(runs.floor[r])} ms, twin ${Math.round(runs.twin[r])} ms (+ Configure ${Math.round(configure.real[r])} / ${Math.round(configure.floor[r])} / ${Math.round(configure.twin[r])} ms; pack CPU ${cpu.real[r] ?? "?"} / ${cpu.floor[r] ?? "?"} / ${cpu.twin[r] ?? "?"} ms)`,
    );
  }
  const med = { real: median(runs.real), floor: median(runs.floor), twin: median(runs.twin) };
  const conf = {
    real: median(configure.real),
    floor: median(configure.floor),
    twin: median(configure.twin),
  };
  const withCpu = Object.values(cpu).every((xs) => xs.length === rounds);
  const cpuMed = withCpu
    ? { real: median(cpu.real), floor: median(cpu.floor), twin: median(cpu.twin) }
    : undefined;
  return {
    stack,
    resources: resources.length,
    medianMs: {
      real: Math.round(med.real),
      floor: Math.round(med.floor),
      twin: Math.round(med.twin),
    },
    medianConfigureMs: {
      real: Math.round(conf.real),
      floor: Math.round(conf.floor),
      twin: Math.round(conf.twin),
    },
    ratio: {
      floor: r3(med.real / med.floor),
      twin: r3(med.real / med.twin),
      floorWithConfigure: r3((med.real + conf.real) / (med.floor + conf.floor)),
      ...(cpuMed ? { floorPackCpu: r3(cpuMed.real / cpuMed.floor) } : {}),
    },
    ...(cpuMed ? { medianPackCpuMs: cpuMed } : {}),
    perRound: {
      floor: runs.real.map((x, i) => r3(x / runs.floor[i])),
      twin: runs.real.map((x, i) => r3(x / runs.twin[i])),
    },
    diagnostics,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      pools: { type: "string", default: "1000" },
      rounds: { type: "string", default: "5" },
      starts: { type: "string", default: "5" },
      out: { type: "string", default: path.join(OUT_DIR, "policy-phase.json") },
    },
  });
  const pools = Number(values.pools);
  const rounds = Number(values.rounds);
  const starts = Number(values.starts);
  if (!Number.isInteger(pools) || pools < 1 || !(rounds >= 1) || !(starts >= 1))
    throw new Error("bench: --pools takes a whole number ≥ 1, --rounds and --starts ≥ 1");
  const log = (s: string) => process.stderr.write(`[bench:policy] ${s}\n`);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  for (const note of ensurePackBuilt(DEFAULT_PACK_DIR)) log(note);
  const mirror = syncNoopPack(DEFAULT_PACK_DIR);
  if (mirror.length > 0) log(`bench/noop-pack/policies.json updated (${mirror.join(", ")})`);

  const catalogDoc = JSON.parse(fs.readFileSync(SAMPLE_CATALOG_PATH, "utf8")) as {
    data: { sources: { "image-id": string; "source-name": string }[] };
  };
  const stacks = [
    { stack: `bench-${pools}`, resources: benchStackResources(pools), config: {} },
    {
      stack: `platform-${pools}`,
      resources: platformStack(pools, catalogDoc.data.sources),
      config: platformConfig(catalogDoc),
    },
  ];
  const startMs: Record<"real" | "floor", number[]> = { real: [], floor: [] };
  for (let i = 0; i < starts; i++)
    for (const pack of i % 2 ? (["floor", "real"] as const) : (["real", "floor"] as const))
      startMs[pack].push(...(await measureStartup(PACKS[pack], 1)));
  const start = {
    realMs: Math.round(median(startMs.real)),
    floorMs: Math.round(median(startMs.floor)),
    ratio: r3(median(startMs.real) / median(startMs.floor)),
  };
  log(`pack start: real ${start.realMs} ms, floor ${start.floorMs} ms (${start.ratio}×)`);
  const results: StackResult[] = [];
  for (const s of stacks)
    results.push(await measureStack(s.stack, s.resources, s.config, rounds, log));

  const lines = [
    `| stack | resources | real ms | floor ms | twin ms | real / floor | real / twin | Configure ms (real / floor) | with Configure, real / floor | pack CPU ms (real / floor) | pack CPU, real / floor | diagnostics |`,
    `| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`,
    ...results.map(
      (r) =>
        `| ${r.stack} | ${r.resources} | ${r.medianMs.real} | ${r.medianMs.floor} | ${r.medianMs.twin} | **${r.ratio.floor}** | ${r.ratio.twin} | ${r.medianConfigureMs.real} / ${r.medianConfigureMs.floor} | ${r.ratio.floorWithConfigure} | ${r.medianPackCpuMs ? `${r.medianPackCpuMs.real} / ${r.medianPackCpuMs.floor}` : "n/a"} | ${r.ratio.floorPackCpu ?? "n/a"} | ${r.diagnostics} |`,
    ),
    "",
    `pack start (median of ${starts}): real ${start.realMs} ms, floor ${start.floorMs} ms: ${start.ratio}× (target ≤ 1.2)`,
    `policy phase (Analyze × every resource + AnalyzeStack), median of ${rounds} interleaved rounds; target real / floor ≤ 1.10 at 1,000 pools`,
  ];
  console.log(lines.join("\n"));
  fs.writeFileSync(
    values.out,
    JSON.stringify({ pools, rounds, node: process.version, start, stacks: results }, null, 2) +
      "\n",
  );
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
