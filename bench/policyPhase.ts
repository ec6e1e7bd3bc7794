/**
 * The policy phase against its floor: Analyze × every resource and AnalyzeStack over the analyzer
 * protocol, for four packs on the same resources, interleaved (the order rotates every round),
 * median of the rounds. Configure, which the engine sends once as it loads a pack, before the
 * program runs (pulumi/pulumi pkg/engine/update.go, newUpdateSource step 2), is timed apart, and
 * a second ratio includes it:
 *
 * - the real pack (policies/, built);
 * - the floor (bench/floor-pack): one no-op resource policy and one no-op stack policy, what a
 *   user pays for any pack. real / floor is the headline ratio;
 * - the no-op twin (bench/noop-pack): the real pack's policies by name, level and validation
 *   kind, each doing nothing. real / twin isolates the rules from the SDK's per-policy work;
 * - the replay (bench/replay-pack): the twin, each policy reporting the diagnostics the real
 *   pack reported on the same stack, recorded at the start of the stack's rounds. replay / floor
 *   is what the real pack's output costs with no rule run; real / replay is the rules alone.
 *
 * The packs judge image ages on a fixed day (bench/clock.ts), so the findings are the same on
 * any day the bench runs.
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
import { runPolicyPack } from "../offline/analyzer/run";
import type { AnalyzerResource, UserPolicyConfig } from "../offline/analyzer/types";
import { SAMPLE_CATALOG_PATH } from "../offline/catalogFile";
import { DEFAULT_PACK_DIR, ensurePackBuilt } from "../offline/preview";
import { pinBenchClock } from "./clock";
import { catalogSources, generateStack, writeStack } from "./generate";
import { NOOP_PACK_DIR, syncNoopPack } from "./noopPack";
import { platformConfig, platformStack } from "./platformStack";
import { median } from "./median";

export const FLOOR_PACK_DIR = path.join(__dirname, "floor-pack");
const OUT_DIR = path.join(__dirname, "out");
const STACKS_DIR = path.join(OUT_DIR, "stacks");

const r3 = (x: number) => Math.round(x * 1000) / 1000;

export const REPLAY_PACK_DIR = path.join(__dirname, "replay-pack");
const PACKS = {
  real: DEFAULT_PACK_DIR,
  floor: FLOOR_PACK_DIR,
  twin: NOOP_PACK_DIR,
  replay: REPLAY_PACK_DIR,
} as const;
type Pack = keyof typeof PACKS;
const PACK_ORDER: readonly Pack[] = ["real", "floor", "twin", "replay"];

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
    /** The rules alone: real against the replay of its own diagnostics. */
    readonly replay: number;
    /** What the real pack's output costs with no rule run, against the floor. */
    readonly replayFloor: number;
    /** Configure + the policy phase, against the floor's. */
    readonly floorWithConfigure: number;
    /** The pack process's CPU in the policy phase against the floor's (Linux; else absent). */
    readonly floorPackCpu?: number;
  };
  /** Median CPU ms the pack's process used in the policy phase (Linux; else absent). */
  readonly medianPackCpuMs?: Record<Pack, number>;
  readonly perRound: {
    readonly floor: number[];
    readonly twin: number[];
    readonly replayFloor: number[];
  };
  readonly diagnostics: number;
}

/**
 * The real pack's diagnostics over `resources`, as the engine receives them, written to `file`
 * for the replay pack (bench/replay-pack). Not timed.
 */
export async function recordDiagnostics(
  resources: readonly AnalyzerResource[],
  config: UserPolicyConfig,
  file: string,
): Promise<number> {
  const { diagnostics } = await runPolicyPack({ packDir: PACKS.real, resources, config });
  fs.writeFileSync(file, JSON.stringify(diagnostics));
  return diagnostics.length;
}

async function measureStack(
  stack: string,
  resources: readonly AnalyzerResource[],
  config: UserPolicyConfig,
  rounds: number,
  log: (s: string) => void,
): Promise<StackResult> {
  const replayFile = path.join(OUT_DIR, `replay-${stack}.json`);
  const recorded = await recordDiagnostics(resources, config, replayFile);
  const runs: Record<Pack, number[]> = { real: [], floor: [], twin: [], replay: [] };
  const configure: Record<Pack, number[]> = { real: [], floor: [], twin: [], replay: [] };
  const cpu: Record<Pack, number[]> = { real: [], floor: [], twin: [], replay: [] };
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < PACK_ORDER.length; k++) {
      const pack = PACK_ORDER[(k + r) % PACK_ORDER.length];
      const m = await measurePolicyPhase(
        PACKS[pack],
        resources,
        pack === "real" ? config : {},
        pack === "replay" ? { env: { OKEPOOLS_BENCH_REPLAY: replayFile } } : {},
      );
      if ((pack === "real" || pack === "replay") && m.diagnostics !== recorded)
        throw new Error(
          `bench: the ${pack} pack reported ${m.diagnostics} diagnostics on ${stack}, the recording ${recorded}`,
        );
      runs[pack].push(m.phaseMs);
      configure[pack].push(m.configureMs);
      if (m.packCpuMs !== undefined) cpu[pack].push(m.packCpuMs);
    }
    const at = (p: Pack) => Math.round(runs[p][r]);
    log(
      `${stack} round ${r + 1}/${rounds}: real ${at("real")} ms, floor ${at("floor")} ms, twin ${at("twin")} ms, replay ${at("replay")} ms (+ Configure ${PACK_ORDER.map((p) => Math.round(configure[p][r])).join(" / ")} ms; pack CPU ${PACK_ORDER.map((p) => cpu[p][r] ?? "?").join(" / ")} ms, in the order ${PACK_ORDER.join(" / ")})`,
    );
  }
  const medians = (xs: Record<Pack, number[]>) =>
    Object.fromEntries(PACK_ORDER.map((p) => [p, median(xs[p])])) as Record<Pack, number>;
  const rounded = (xs: Record<Pack, number>) =>
    Object.fromEntries(PACK_ORDER.map((p) => [p, Math.round(xs[p])])) as Record<Pack, number>;
  const med = medians(runs);
  const conf = medians(configure);
  const withCpu = Object.values(cpu).every((xs) => xs.length === rounds);
  const cpuMed = withCpu ? medians(cpu) : undefined;
  const perRound = (a: Pack, b: Pack) => runs[a].map((x, i) => r3(x / runs[b][i]));
  return {
    stack,
    resources: resources.length,
    medianMs: rounded(med),
    medianConfigureMs: rounded(conf),
    ratio: {
      floor: r3(med.real / med.floor),
      twin: r3(med.real / med.twin),
      replay: r3(med.real / med.replay),
      replayFloor: r3(med.replay / med.floor),
      floorWithConfigure: r3((med.real + conf.real) / (med.floor + conf.floor)),
      ...(cpuMed ? { floorPackCpu: r3(cpuMed.real / cpuMed.floor) } : {}),
    },
    ...(cpuMed ? { medianPackCpuMs: cpuMed } : {}),
    perRound: {
      floor: perRound("real", "floor"),
      twin: perRound("real", "twin"),
      replayFloor: perRound("replay", "floor"),
    },
    diagnostics: recorded,
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
  log(`clock for image ages: ${pinBenchClock()} (OKEPOOLS_NOW)`);
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
    `| stack | resources | real ms | floor ms | twin ms | replay ms | real / floor | real / twin | replay / floor | real / replay | Configure ms (real / floor) | with Configure, real / floor | pack CPU ms (real / floor) | pack CPU, real / floor | diagnostics |`,
    `| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`,
    ...results.map(
      (r) =>
        `| ${r.stack} | ${r.resources} | ${r.medianMs.real} | ${r.medianMs.floor} | ${r.medianMs.twin} | ${r.medianMs.replay} | **${r.ratio.floor}** | ${r.ratio.twin} | ${r.ratio.replayFloor} | ${r.ratio.replay} | ${r.medianConfigureMs.real} / ${r.medianConfigureMs.floor} | ${r.ratio.floorWithConfigure} | ${r.medianPackCpuMs ? `${r.medianPackCpuMs.real} / ${r.medianPackCpuMs.floor}` : "n/a"} | ${r.ratio.floorPackCpu ?? "n/a"} | ${r.diagnostics} |`,
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
