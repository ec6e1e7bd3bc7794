/**
 * npm run bench [-- --sizes 10,100,1000 --rounds 5 --preview-rounds 3 --out bench/results.json]
 *
 * For stacks of 10, 100 and 1,000 node pools (bench/generate.ts: plain pools and blue/green
 * pairs, mixed versions, shapes and OSes, some retired pins, Deployments with
 * PodDisruptionBudgets), measures in one run:
 *  - the offline preview (offline/preview.ts previewStack with bench/program.ts), each in its
 *    own process: wall time (spawn → exit, less the child's dump of the resources), previewStack's own record/policy split, peak RSS of
 *    the preview process and of the policy pack it launches (bench/rssProbe.cjs), invokes;
 *  - the policy phase through the analyzer protocol (offline/analyzer/measure.ts
 *    measurePolicyPhase: Configure, Analyze × every resource, AnalyzeStack) over the resources
 *    that preview recorded, for the real pack and for its no-op twin (bench/noop-pack),
 *    interleaved, median of --rounds; the ratio real/no-op is the rules' own cost;
 *  - invokes for 10 and 100 pools that share one catalog filter.
 * Prints a table and the targets, and writes bench/results.json.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { PolicyPhaseTiming, measurePolicyPhase, measureStartup } from "../offline/analyzer/measure";
import { startPolicyPack } from "../offline/analyzer/session";
import type { AnalyzerResource } from "../offline/analyzer/types";
import { SAMPLE_CATALOG_PATH } from "../offline/catalogFile";
import { MAX_ARG_STRLEN, pulumiConfigEnvBytes } from "../core/pulumiConfigEnv";
import { DEFAULT_PACK_DIR, ensurePackBuilt } from "../offline/preview";
import { pinBenchClock } from "./clock";
import type { FloorChildReport } from "./floorChild";
import { FloorInputs, floorInputsOf } from "./floorInputs";
import {
  GeneratedStack,
  catalogSources,
  generateStack,
  pulumiConfigJson,
  writeStack,
} from "./generate";
import { NOOP_PACK_DIR, syncNoopPack } from "./noopPack";
import type { PreviewChildReport } from "./previewChild";
import { median } from "./median";

/** The bench program (index.ts plus the workloads), as bench/previewChild.ts runs it. */
const BENCH_PROGRAM = path.join(__dirname, "program.ts");

/** A pack that checks nothing (one no-op resource policy, one no-op stack policy): the policy phase's floor. */
const FLOOR_PACK_DIR = path.join(__dirname, "floor-pack");

const ROOT = path.join(__dirname, "..");
const OUT_DIR = path.join(__dirname, "out");
const STACKS_DIR = path.join(OUT_DIR, "stacks");
const PROBE = path.join(__dirname, "rssProbe.cjs");
const MIB = 1024 * 1024;
/** Linux refuses one environment string longer than this (MAX_ARG_STRLEN, 32 pages): execve fails with E2BIG. */
const ENV_STRING_LIMIT = MAX_ARG_STRLEN;
const PREVIEW_TIMEOUT_MS = 30 * 60_000;

const round1 = (x: number) => Math.round(x * 10) / 10;
const mib = (bytes: number) => round1(bytes / MIB);
const since = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;

interface RssLine {
  readonly pid: number;
  readonly ppid: number;
  readonly script: string;
  readonly maxRssBytes: number;
}

function readRss(file: string): RssLine[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as RssLine);
}
const isPack = (l: RssLine) => /run-policy-pack/.test(l.script);

/** Environment that loads the RSS probe into every Node process started with it. */
function probeEnv(rssFile: string): Record<string, string> {
  return {
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require=${JSON.stringify(PROBE)}`.trim(),
    BENCH_RSS_FILE: rssFile,
  };
}

interface PreviewRun {
  readonly wallMs: number;
  readonly report: PreviewChildReport;
  /** Peak RSS of the policy pack the preview launched. */
  readonly packRssBytes?: number;
}

/**
 * The floor (bench/floorChild.ts) in a child process: the recorded custom resources raw (or,
 * `poolsOnly`, the NodePools and the cluster alone); or, with `stack`, the bench program raw.
 */
function runFloor(
  what: { inputs: string; poolsOnly?: boolean } | { stack: string },
  tag: string,
): Promise<{ wallMs: number; report: FloorChildReport }> {
  const out = path.join(OUT_DIR, `floor-${tag}.json`);
  fs.rmSync(out, { force: true });
  const args = [
    "-r",
    "ts-node/register/transpile-only",
    path.join(__dirname, "floorChild.ts"),
    ...("inputs" in what
      ? ["--inputs", what.inputs, ...(what.poolsOnly ? ["--pools-only"] : [])]
      : ["--program", BENCH_PROGRAM, "--stack", what.stack, "--stacks-dir", STACKS_DIR]),
    "--out",
    out,
  ];
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (c: string) => (stderr = (stderr + c).slice(-20_000)));
    const timer = setTimeout(() => child.kill("SIGKILL"), PREVIEW_TIMEOUT_MS);
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      if (code !== 0 || !fs.existsSync(out)) {
        reject(
          new Error(`bench: the floor run failed (${signal ?? `exit ${code}`}):\n${stderr.trim()}`),
        );
        return;
      }
      resolve({
        wallMs: since(t0),
        report: JSON.parse(fs.readFileSync(out, "utf8")) as FloorChildReport,
      });
    });
  });
}

/** The floor's input: the program's custom resources as the preview recorded them. */
function writeFloorInputs(resources: readonly AnalyzerResource[], file: string): FloorInputs {
  const floor = floorInputsOf(resources);
  fs.writeFileSync(file, JSON.stringify(floor));
  return floor;
}

/** One offline preview in a child process (bench/previewChild.ts). */
function runPreview(
  stack: string,
  tag: string,
  extra: { resourcesOut?: string; textOut?: string } = {},
): Promise<PreviewRun> {
  const out = path.join(OUT_DIR, `preview-${tag}.json`);
  const rssFile = path.join(OUT_DIR, `rss-${tag}.jsonl`);
  for (const f of [out, rssFile]) fs.rmSync(f, { force: true });
  const args = [
    "-r",
    "ts-node/register/transpile-only",
    path.join(__dirname, "previewChild.ts"),
    "--stack",
    stack,
    "--stacks-dir",
    STACKS_DIR,
    "--out",
    out,
  ];
  if (extra.resourcesOut) args.push("--resources-out", extra.resourcesOut);
  if (extra.textOut) args.push("--text-out", extra.textOut);
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...probeEnv(rssFile) },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (c: string) => (stderr = (stderr + c).slice(-20_000)));
    const timer = setTimeout(() => child.kill("SIGKILL"), PREVIEW_TIMEOUT_MS);
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      let wallMs = since(t0);
      if (code !== 0 || !fs.existsSync(out)) {
        reject(
          new Error(
            `bench: the preview of ${stack} failed (${signal ?? `exit ${code}`}):\n${stderr.trim()}`,
          ),
        );
        return;
      }
      const report = JSON.parse(fs.readFileSync(out, "utf8")) as PreviewChildReport;
      wallMs -= report.dumpMs;
      const packs = readRss(rssFile).filter(isPack);
      resolve({
        wallMs,
        report,
        ...(packs.length ? { packRssBytes: Math.max(...packs.map((p) => p.maxRssBytes)) } : {}),
      });
    });
  });
}

interface PolicyRun extends PolicyPhaseTiming {
  readonly packRssBytes?: number;
}

/** measurePolicyPhase with the RSS probe loaded into the pack (the pack inherits this process's environment). */
async function runPolicyPhase(
  packDir: string,
  resources: readonly AnalyzerResource[],
  tag: string,
): Promise<PolicyRun> {
  const rssFile = path.join(OUT_DIR, `rss-${tag}.jsonl`);
  fs.rmSync(rssFile, { force: true });
  const saved = {
    NODE_OPTIONS: process.env.NODE_OPTIONS,
    BENCH_RSS_FILE: process.env.BENCH_RSS_FILE,
  };
  Object.assign(process.env, probeEnv(rssFile));
  try {
    const m = await measurePolicyPhase(packDir, resources);
    const packs = readRss(rssFile).filter(isPack);
    return {
      ...m,
      ...(packs.length ? { packRssBytes: Math.max(...packs.map((p) => p.maxRssBytes)) } : {}),
    };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/**
 * The largest stack this generator makes whose config (the project's own keys, no bench:
 * workloads) still fits in one environment string, as Pulumi passes it (PULUMI_CONFIG).
 */
function largestStackInOneEnvString(sources: ReturnType<typeof catalogSources>): {
  pools: number;
  configJsonBytes: number;
} {
  const bytes = (n: number) => {
    const config = Object.fromEntries(
      Object.entries(generateStack(n, sources).config).filter(([k]) => !k.startsWith("bench:")),
    );
    return pulumiConfigEnvBytes(config);
  };
  let lo = 1;
  let hi = 4096;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (bytes(mid) <= ENV_STRING_LIMIT) lo = mid;
    else hi = mid - 1;
  }
  return { pools: lo, configJsonBytes: bytes(lo) };
}

interface Target {
  readonly id: string;
  readonly description: string;
  readonly value: string;
  readonly met: boolean | null;
}

/** A target, measured (its description then says how) or not measured at these sizes. */
function target(
  id: string,
  description: string,
  measured: { detail: string; value: string; met: boolean } | undefined | false,
): Target {
  return measured
    ? {
        id,
        description: `${description} (${measured.detail})`,
        value: measured.value,
        met: measured.met,
      }
    : { id, description, value: "not measured", met: null };
}

function options() {
  const { values } = parseArgs({
    options: {
      sizes: { type: "string", default: "10,100,1000" },
      rounds: { type: "string", default: "5" },
      "preview-rounds": { type: "string", default: "3" },
      out: { type: "string", default: path.join(__dirname, "results.json") },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(
      "usage: npm run bench -- [--sizes 10,100,1000] [--rounds 5] [--preview-rounds 3] [--out bench/results.json]\n",
    );
    process.exit(0);
  }
  const sizes = values.sizes.split(",").map(Number);
  const rounds = Number(values.rounds);
  const previewRounds = Number(values["preview-rounds"]);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !(rounds >= 1) || !(previewRounds >= 1))
    throw new Error("bench: --sizes takes whole numbers ≥ 1, --rounds and --preview-rounds ≥ 1");
  return { sizes, rounds, previewRounds, out: path.resolve(values.out) };
}

async function main(): Promise<void> {
  const opts = options();
  const tBench = process.hrtime.bigint();
  const log = (s: string) =>
    process.stderr.write(`[bench ${(since(tBench) / 1000).toFixed(0).padStart(4)}s] ${s}\n`);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const notes: string[] = [`clock for image ages: ${pinBenchClock()} (OKEPOOLS_NOW)`];

  // The packs: the real one built, its no-op twin mirroring it (names, levels, validation kinds).
  notes.push(...ensurePackBuilt(DEFAULT_PACK_DIR));
  const mirrorChanges = syncNoopPack(DEFAULT_PACK_DIR);
  if (mirrorChanges.length > 0)
    notes.push(
      `bench/noop-pack/policies.json updated to mirror the real pack (${mirrorChanges.join(", ")}); commit it`,
    );
  const infos = await Promise.all(
    [DEFAULT_PACK_DIR, NOOP_PACK_DIR].map(async (dir) => {
      const s = await startPolicyPack(dir);
      try {
        return (await s.info()).policies.map((p) => `${p.name}:${p.enforcementLevel}`).join(",");
      } finally {
        await s.close();
      }
    }),
  );
  if (infos[0] !== infos[1])
    throw new Error(
      `bench: the no-op pack does not mirror the real one\n  real:  ${infos[0]}\n  no-op: ${infos[1]}`,
    );
  const policyCount = infos[0].split(",").length;
  log(`packs: ${policyCount} policies, real and no-op agree on names and levels`);
  const startup = {
    real: await measureStartup(DEFAULT_PACK_DIR, 3),
    noop: await measureStartup(NOOP_PACK_DIR, 3),
  };

  // The stacks.
  const sources = catalogSources(SAMPLE_CATALOG_PATH);
  const stacks = opts.sizes.map((n) => generateStack(n, sources));
  const oneFilter = [10, 100].map((n) => generateStack(n, sources, { oneFilter: true }));
  for (const g of [...stacks, ...oneFilter]) writeStack(STACKS_DIR, g);
  const envLimit = {
    limitBytes: ENV_STRING_LIMIT,
    largestStack: largestStackInOneEnvString(sources),
  };
  log(
    `stacks: ${[...stacks, ...oneFilter].map((g) => g.stack).join(", ")} in ${path.relative(ROOT, STACKS_DIR)}`,
  );

  // Per size (smallest first, so a long run reports as it goes): one preview that dumps what it
  // recorded (the policy phase's resources, the floor's NodePools), not measured — keeping the
  // resources costs memory the measured previews do not pay; then, each in its own process and
  // alternating which goes first, the floor, the raw program and the measured preview.
  const tPreviews = process.hrtime.bigint();
  const resourcesFile = (g: GeneratedStack) => path.join(OUT_DIR, `resources-${g.stack}.json`);
  const floorFile = (g: GeneratedStack) => path.join(OUT_DIR, `floor-inputs-${g.stack}.json`);
  const previews = new Map<number, PreviewRun[]>(stacks.map((g) => [g.pools, []]));
  type FloorRun = { wallMs: number; report: FloorChildReport };
  const floors = new Map<number, FloorRun[]>(stacks.map((g) => [g.pools, []]));
  const poolsFloors = new Map<number, FloorRun[]>(stacks.map((g) => [g.pools, []]));
  const raws = new Map<number, FloorRun[]>(stacks.map((g) => [g.pools, []]));
  for (let r = 0; r < opts.previewRounds; r++) {
    for (const g of stacks) {
      if (r === 0) {
        await runPreview(g.stack, `${g.stack}-dump`, {
          resourcesOut: resourcesFile(g),
          textOut: path.join(OUT_DIR, `preview-${g.stack}.txt`),
        });
        const floor = writeFloorInputs(
          JSON.parse(fs.readFileSync(resourcesFile(g), "utf8")) as AnalyzerResource[],
          floorFile(g),
        );
        log(
          `recorded ${g.stack} (for the floor: ${floor.nodePools.length} NodePools, the cluster, ${floor.others.length} other resources)`,
        );
      }
      const kinds = ["floor", "poolsFloor", "raw", "preview"] as const;
      const order = r % 2 === 0 ? kinds : [...kinds].reverse();
      const label = { floor: "floor", poolsFloor: "pools-only floor", raw: "raw program" };
      for (const which of order) {
        if (which !== "preview") {
          const f = await runFloor(
            which === "raw"
              ? { stack: g.stack }
              : { inputs: floorFile(g), poolsOnly: which === "poolsFloor" },
            `${which}-${g.stack}-${r}`,
          );
          ({ floor: floors, poolsFloor: poolsFloors, raw: raws })[which].get(g.pools)!.push(f);
          log(
            `${label[which]} ${g.stack} round ${r + 1}/${opts.previewRounds}: ${f.report.resources} resources, RSS ${mib(f.report.maxRssBytes)} MiB, ${Math.round(f.wallMs)} ms`,
          );
          continue;
        }
        const run = await runPreview(g.stack, `${g.stack}-${r}`);
        previews.get(g.pools)!.push(run);
        log(
          `preview ${g.stack} round ${r + 1}/${opts.previewRounds}: ${Math.round(run.wallMs)} ms, ${run.report.invokes} invokes, RSS ${mib(run.report.maxRssBytes)} MiB (pack ${run.packRssBytes ? mib(run.packRssBytes) : "?"} MiB)`,
        );
      }
    }
  }
  const oneFilterRuns = [];
  for (const g of oneFilter) {
    const run = await runPreview(g.stack, g.stack);
    oneFilterRuns.push({
      pools: g.pools,
      stack: g.stack,
      invokes: run.report.invokes,
      expected: g.expectedFilters.length,
      filters: g.expectedFilters,
      wallMs: Math.round(run.wallMs),
    });
    log(`preview ${g.stack}: ${run.report.invokes} invokes (expected ${g.expectedFilters.length})`);
  }
  const previewPhaseMs = since(tPreviews);

  // Policy phase: the same resources, real and no-op pack, interleaved (order alternating).
  const tPolicy = process.hrtime.bigint();
  const policy = new Map<number, { real: PolicyRun[]; noop: PolicyRun[]; floor: PolicyRun[] }>();
  for (const g of stacks) {
    const resources = JSON.parse(fs.readFileSync(resourcesFile(g), "utf8")) as AnalyzerResource[];
    const runs = { real: [] as PolicyRun[], noop: [] as PolicyRun[], floor: [] as PolicyRun[] };
    const dirs = { real: DEFAULT_PACK_DIR, noop: NOOP_PACK_DIR, floor: FLOOR_PACK_DIR };
    for (let r = 0; r < opts.rounds; r++) {
      const order =
        r % 2 === 0 ? (["real", "noop", "floor"] as const) : (["floor", "noop", "real"] as const);
      for (const which of order)
        runs[which].push(await runPolicyPhase(dirs[which], resources, `${g.stack}-${which}-${r}`));
      log(
        `policy phase ${g.stack} round ${r + 1}/${opts.rounds}: real ${Math.round(runs.real[r].phaseMs)} ms, no-op twin ${Math.round(runs.noop[r].phaseMs)} ms, floor pack ${Math.round(runs.floor[r].phaseMs)} ms`,
      );
    }
    policy.set(g.pools, runs);
  }
  const policyPhaseMs = since(tPolicy);

  // Results.
  const perSize = stacks.map((g) => {
    const p = previews.get(g.pools)!;
    const pol = policy.get(g.pools)!;
    const configJsonBytes = Buffer.byteLength(pulumiConfigJson(g.config));
    const summary = (runs: PolicyRun[]) => ({
      phaseMs: runs.map((x) => round1(x.phaseMs)),
      medianPhaseMs: round1(median(runs.map((x) => x.phaseMs))),
      medianTotalMs: round1(median(runs.map((x) => x.totalMs))),
      medianConfigureMs: round1(median(runs.map((x) => x.configureMs))),
      medianAnalyzeMs: round1(median(runs.map((x) => x.analyzeMs))),
      medianAnalyzeStackMs: round1(median(runs.map((x) => x.analyzeStackMs))),
      diagnostics: runs[0].diagnostics,
      mandatory: runs[0].mandatory,
      peakPackRssMiB: mib(Math.max(0, ...runs.map((x) => x.packRssBytes ?? 0))),
    });
    const real = summary(pol.real);
    const noop = summary(pol.noop);
    const floorPack = summary(pol.floor);
    const fl = floors.get(g.pools)!;
    const previewRss = median(p.map((x) => x.report.maxRssBytes));
    const floorRss = median(fl.map((x) => x.report.maxRssBytes));
    const rw = raws.get(g.pools)!;
    const rawRss = median(rw.map((x) => x.report.maxRssBytes));
    const pf = poolsFloors.get(g.pools)!;
    const poolsFloorRss = median(pf.map((x) => x.report.maxRssBytes));
    return {
      pools: g.pools,
      stack: g.stack,
      plainPools: g.plainPools,
      blueGreenPairs: g.pairs,
      workloads: g.workloads,
      retiredPins: g.retiredPins,
      updateAvailablePins: g.updateAvailablePins,
      versions: g.versions,
      resources: p[0].report.resources,
      floor: {
        resources: fl[0].report.resources,
        rssMiB: fl.map((x) => mib(x.report.maxRssBytes)),
        medianRssMiB: mib(floorRss),
        medianRegisterMs: Math.round(median(fl.map((x) => x.report.registerMs))),
      },
      poolsFloor: {
        resources: pf[0].report.resources,
        rssMiB: pf.map((x) => mib(x.report.maxRssBytes)),
        medianRssMiB: mib(poolsFloorRss),
      },
      rawProgram: {
        resources: rw[0].report.resources,
        rssMiB: rw.map((x) => mib(x.report.maxRssBytes)),
        medianRssMiB: mib(rawRss),
      },
      rssRatio: Math.round((previewRss / floorRss) * 1000) / 1000,
      rawRssRatio: Math.round((previewRss / rawRss) * 1000) / 1000,
      poolsFloorRssRatio: Math.round((previewRss / poolsFloorRss) * 1000) / 1000,
      perRoundRssRatios: p.map(
        (x, i) => Math.round((x.report.maxRssBytes / fl[i].report.maxRssBytes) * 1000) / 1000,
      ),
      configJsonBytes,
      configFitsInOneEnvString:
        pulumiConfigEnvBytes(
          Object.fromEntries(Object.entries(g.config).filter(([k]) => !k.startsWith("bench:"))),
        ) <= ENV_STRING_LIMIT,
      expectedFilters: g.expectedFilters,
      invokes: p.map((x) => x.report.invokes),
      preview: {
        wallMs: p.map((x) => Math.round(x.wallMs)),
        medianWallMs: Math.round(median(p.map((x) => x.wallMs))),
        medianPreviewStackMs: Math.round(median(p.map((x) => x.report.timings.totalMs))),
        medianRecordMs: Math.round(median(p.map((x) => x.report.timings.recordMs))),
        medianPolicyMs: Math.round(median(p.map((x) => x.report.timings.policyMs))),
        rssMiB: p.map((x) => mib(x.report.maxRssBytes)),
        medianRssMiB: mib(previewRss),
        peakRssMiB: mib(Math.max(...p.map((x) => x.report.maxRssBytes))),
        peakPackRssMiB: mib(Math.max(0, ...p.map((x) => x.packRssBytes ?? 0))),
        diagnostics: p[0].report.diagnostics,
        mandatory: p[0].report.mandatory,
        byPolicy: p[0].report.byPolicy,
      },
      policyPhase: {
        real,
        noop,
        floorPack,
        ratio: Math.round((real.medianPhaseMs / noop.medianPhaseMs) * 1000) / 1000,
        floorPackRatio: Math.round((real.medianPhaseMs / floorPack.medianPhaseMs) * 1000) / 1000,
        floorPackRatioWithConfigure:
          Math.round((real.medianTotalMs / floorPack.medianTotalMs) * 1000) / 1000,
        perRoundFloorPackRatios: pol.real.map(
          (x, i) => Math.round((x.phaseMs / pol.floor[i].phaseMs) * 1000) / 1000,
        ),
      },
    };
  });

  const at = (n: number) => perSize.find((s) => s.pools === n);
  const s100 = at(100);
  const s1000 = at(1000);
  const s5000 = at(5000);
  // Cost per pool: wall time ∝ pools^k between consecutive sizes (k = 1 is linear).
  const bySize = [...perSize].sort((a, b) => a.pools - b.pools);
  const growth = bySize.slice(1).map((b, i) => {
    const a = bySize[i];
    const exp = (x: number, y: number) =>
      Math.round((Math.log(y / x) / Math.log(b.pools / a.pools)) * 100) / 100;
    return {
      from: a.pools,
      to: b.pools,
      wallRatio: round1(b.preview.medianWallMs / a.preview.medianWallMs),
      wallExponent: exp(a.preview.medianWallMs, b.preview.medianWallMs),
      rssExponent: exp(a.preview.medianRssMiB, b.preview.medianRssMiB),
    };
  });
  const ratioOf = (a: number, b: number) => `${a} ms / ${b} ms = ${round1(a / b)}×`;
  const targets: Target[] = [
    target(
      "policy-ratio",
      "policy phase ≤ 1.10 × a pack that checks nothing at 1,000 pools",
      s1000 && {
        detail: "medians of Analyze × every resource + AnalyzeStack",
        value: `${s1000.policyPhase.floorPackRatio}`,
        met: s1000.policyPhase.floorPackRatio <= 1.1,
      },
    ),
    {
      id: "invokes",
      description:
        "catalog invokes = distinct (nodePoolOptionId, OS type, arch) filters, every preview",
      value: [
        ...perSize.map(
          (s) => `${s.pools}: ${[...new Set(s.invokes)].join("/")} vs ${s.expectedFilters.length}`,
        ),
        ...oneFilterRuns.map((o) => `${o.pools} one-filter: ${o.invokes} vs ${o.expected}`),
      ].join("; "),
      met:
        perSize.every((s) => s.invokes.every((i) => i === s.expectedFilters.length)) &&
        oneFilterRuns.every((o) => o.invokes === o.expected),
    },
    target(
      "rss-floor",
      "preview peak RSS ≤ 1.3 × the floor's at 1,000 pools",
      s1000 && {
        detail:
          "medians; floor: the same custom resources raw, each NodePool under a bare component",
        value: `${s1000.preview.medianRssMiB} MiB / ${s1000.floor.medianRssMiB} MiB = ${s1000.rssRatio}×`,
        met: s1000.rssRatio <= 1.3,
      },
    ),
    target(
      "flat-cost",
      "5,000-pool preview wall time ≤ 5.5 × the 1,000-pool one",
      s1000 &&
        s5000 && {
          detail: "medians",
          value: ratioOf(s5000.preview.medianWallMs, s1000.preview.medianWallMs),
          met: s5000.preview.medianWallMs <= 5.5 * s1000.preview.medianWallMs,
        },
    ),
    target(
      "linear",
      "1,000-pool preview wall time ≤ 12 × the 100-pool one",
      s100 &&
        s1000 && {
          detail: "medians",
          value: ratioOf(s1000.preview.medianWallMs, s100.preview.medianWallMs),
          met: s1000.preview.medianWallMs <= 12 * s100.preview.medianWallMs,
        },
    ),
  ];

  const benchWallMs = Math.round(since(tBench));
  const results = {
    generatedAt: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? "",
      totalMemMiB: Math.round(os.totalmem() / MIB),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      loadAverage1m: round1(os.loadavg()[0]),
    },
    settings: { sizes: opts.sizes, policyRounds: opts.rounds, previewRounds: opts.previewRounds },
    notes,
    packs: {
      policies: policyCount,
      startupMs: { real: startup.real.map(Math.round), noop: startup.noop.map(Math.round) },
    },
    sizes: perSize,
    growth,
    oneFilter: oneFilterRuns,
    configEnvironmentLimit: envLimit,
    targets,
    benchTiming: {
      totalMs: benchWallMs,
      previewsMs: Math.round(previewPhaseMs),
      policyPhaseMs: Math.round(policyPhaseMs),
    },
  };
  fs.writeFileSync(opts.out, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(renderTable(results));
  process.stdout.write(`\nwrote ${path.relative(process.cwd(), opts.out) || opts.out}\n`);
}

type Results = {
  sizes: {
    pools: number;
    resources: number;
    plainPools: number;
    blueGreenPairs: number;
    workloads: number;
    retiredPins: number;
    configJsonBytes: number;
    configFitsInOneEnvString: boolean;
    expectedFilters: readonly string[];
    invokes: number[];
    preview: {
      medianWallMs: number;
      medianRecordMs: number;
      medianPolicyMs: number;
      medianRssMiB: number;
      peakPackRssMiB: number;
      diagnostics: number;
      mandatory: number;
    };
    floor: { resources: number; medianRssMiB: number };
    poolsFloor: { resources: number; medianRssMiB: number };
    rawProgram: { medianRssMiB: number };
    rssRatio: number;
    rawRssRatio: number;
    poolsFloorRssRatio: number;
    policyPhase: {
      real: { medianPhaseMs: number; medianConfigureMs: number; peakPackRssMiB: number };
      noop: { medianPhaseMs: number };
      floorPack: { medianPhaseMs: number; medianConfigureMs: number };
      ratio: number;
      floorPackRatio: number;
      floorPackRatioWithConfigure: number;
    };
  }[];
  growth: {
    from: number;
    to: number;
    wallRatio: number;
    wallExponent: number;
    rssExponent: number;
  }[];
  oneFilter: { pools: number; invokes: number; expected: number }[];
  configEnvironmentLimit: {
    limitBytes: number;
    largestStack: { pools: number; configJsonBytes: number };
  };
  targets: Target[];
  notes: string[];
  settings: { policyRounds: number; previewRounds: number };
  machine: { cpus: number; node: string; loadAverage1m: number };
  benchTiming: { totalMs: number; previewsMs: number; policyPhaseMs: number };
};

/** The table and the targets, as Markdown (also pasted into bench/README.md). */
export function renderTable(r: Results): string {
  const out: string[] = [];
  const row = (cells: (string | number)[]) => out.push(`| ${cells.join(" | ")} |`);
  row([
    "pools",
    "resources (floor's)",
    "invokes (expected)",
    `preview wall ms (median of ${r.settings.previewRounds})`,
    "record / policy ms",
    "preview peak RSS MiB",
    "floor peak RSS MiB",
    "RSS / floor",
    "pools-only floor MiB (resources)",
    "RSS / pools-only floor",
    "raw program RSS MiB",
    "RSS / raw program",
    "its pack RSS MiB",
    `policy phase (Analyze + AnalyzeStack) real ms (median of ${r.settings.policyRounds})`,
    "floor pack ms",
    "real / floor pack",
    "no-op twin ms",
    "real / no-op twin",
    "Configure ms (real / floor pack)",
    "with Configure, real / floor pack",
    "findings (mandatory)",
  ]);
  row(Array(21).fill("---"));
  for (const s of r.sizes) {
    row([
      s.pools,
      `${s.resources} (${s.floor.resources})`,
      `${[...new Set(s.invokes)].join("/")} (${s.expectedFilters.length})`,
      s.preview.medianWallMs,
      `${s.preview.medianRecordMs} / ${s.preview.medianPolicyMs}`,
      s.preview.medianRssMiB,
      s.floor.medianRssMiB,
      s.rssRatio,
      `${s.poolsFloor.medianRssMiB} (${s.poolsFloor.resources})`,
      s.poolsFloorRssRatio,
      s.rawProgram.medianRssMiB,
      s.rawRssRatio,
      s.preview.peakPackRssMiB,
      s.policyPhase.real.medianPhaseMs,
      s.policyPhase.floorPack.medianPhaseMs,
      s.policyPhase.floorPackRatio,
      s.policyPhase.noop.medianPhaseMs,
      s.policyPhase.ratio,
      `${s.policyPhase.real.medianConfigureMs} / ${s.policyPhase.floorPack.medianConfigureMs}`,
      s.policyPhase.floorPackRatioWithConfigure,
      `${s.preview.diagnostics} (${s.preview.mandatory})`,
    ]);
  }
  if (r.growth.length > 0) {
    out.push("");
    out.push("| sizes | wall time ratio | growth exponent (time) | growth exponent (RSS) |");
    out.push("| --- | --- | --- | --- |");
    for (const g of r.growth)
      out.push(`| ${g.from} → ${g.to} | ${g.wallRatio}× | ${g.wallExponent} | ${g.rssExponent} |`);
    out.push("");
    out.push(
      "Growth exponent k: wall time ∝ pools^k between the two sizes (1 = cost per pool flat).",
    );
  }
  out.push("");
  out.push(
    `Invokes with every pool on one filter: ${r.oneFilter.map((o) => `${o.pools} pools → ${o.invokes} (expected ${o.expected})`).join(", ")}.`,
  );
  out.push("");
  out.push(
    "Stacks: " +
      r.sizes
        .map(
          (s) =>
            `${s.pools} = ${s.plainPools} plain + ${s.blueGreenPairs} pairs, ${s.workloads} workloads, ${s.retiredPins} retired pins, config ${Math.round(s.configJsonBytes / 1024)} KiB as PULUMI_CONFIG${s.configFitsInOneEnvString ? "" : " (over Linux's 128 KiB per environment string)"}`,
        )
        .join("; ") +
      ".",
  );
  out.push(
    `Pulumi hands a program and a policy pack the whole stack config in one environment variable (PULUMI_CONFIG); Linux refuses a single environment string over ${r.configEnvironmentLimit.limitBytes / 1024} KiB (E2BIG). ` +
      `The largest generated stack that fits has ${r.configEnvironmentLimit.largestStack.pools} pools inline; every generated stack keeps its pools in files (oke-pools:nodePoolsFile, oke-pools:blueGreenPoolsFile).`,
  );
  out.push("");
  out.push("| target | measured | met |");
  out.push("| --- | --- | --- |");
  for (const t of r.targets)
    out.push(
      `| ${t.description} | ${t.value} | ${t.met === null ? "n/a" : t.met ? "met" : "NOT MET"} |`,
    );
  out.push("");
  out.push(
    `Bench: ${(r.benchTiming.totalMs / 1000).toFixed(0)} s in all (previews ${(r.benchTiming.previewsMs / 1000).toFixed(0)} s, policy phase ${(r.benchTiming.policyPhaseMs / 1000).toFixed(0)} s); ${r.machine.cpus} CPUs, Node ${r.machine.node}, load ${r.machine.loadAverage1m} at the end.`,
  );
  for (const n of r.notes) out.push(`Note: ${n}`);
  return `${out.join("\n")}\n`;
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
