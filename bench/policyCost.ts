/**
 * Where the policy phase's cost goes, without the transport. Each run loads one pack in a fresh
 * process with @pulumi/policy's own analyzer handlers (its `serve` hands them to grpc-js's
 * `Server.addService`; they are taken from there and no server is bound), configures it as the
 * engine does, and feeds them the requests of the policy phase, decoded from the wire format as
 * the server would: Analyze × every resource, then AnalyzeStack. Timed: the handlers (with the
 * replies' encoding), the process's CPU, and each policy's own validations.
 *
 * For the real pack, its no-op twin and the floor (see policyPhase.ts), interleaved, medians:
 * real − twin is the rules and their diagnostics; twin − floor is @pulumi/policy's work per
 * policy (in AnalyzeStack it rebuilds every resource for each stack policy).
 *
 *     node -r ts-node/register/transpile-only bench/policyCost.ts [--pools 1000] [--rounds 5] [--stack platform|bench]
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import type { Policy } from "@pulumi/policy";
import { reconcilePolicyConfig } from "../offline/analyzer/config";
import {
  analyzeRequest,
  analyzeStackRequestBytes,
  analyzerInfoFrom,
  empty,
  configureRequest,
} from "../offline/analyzer/proto";
import type { AnalyzerResource, UserPolicyConfig } from "../offline/analyzer/types";
import { SAMPLE_CATALOG_PATH } from "../offline/catalogFile";
import { encodeStackResource } from "../offline/analyzer/session";
import { DEFAULT_PACK_DIR, ensurePackBuilt } from "../offline/preview";
import { NOOP_PACK_DIR } from "./noopPack";
import { platformConfig, platformStack } from "./platformStack";
import { FLOOR_PACK_DIR, benchStackResources } from "./policyPhase";
import { pinBenchClock } from "./clock";
import { median } from "./median";

const PACKS = { real: DEFAULT_PACK_DIR, twin: NOOP_PACK_DIR, floor: FLOOR_PACK_DIR } as const;
type Pack = keyof typeof PACKS;

interface RunCost {
  readonly analyzeMs: number;
  readonly analyzeStackMs: number;
  readonly cpuMs: number;
  readonly diagnostics: number;
  /** Each policy's validations, by `resource:<name>` / `stack:<name>`. */
  readonly policyMs: Record<string, number>;
}

type Handler = (call: { request: unknown }, cb: (e: unknown, r: unknown) => void) => void;
type Validation = (...args: unknown[]) => unknown;

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

/** The pack's analyzer handlers, with each policy's validations timed into `policyMs`. */
function loadHandlers(packDir: string, policyMs: Record<string, number>): Record<string, Handler> {
  const from = (id: string, dir: string) => require.resolve(id, { paths: [dir] });
  const policyDir = path.dirname(from("@pulumi/policy/package.json", packDir));
  /* eslint-disable @typescript-eslint/no-require-imports */
  const grpc = require(from("@grpc/grpc-js", policyDir));
  const policyModule = require(from("@pulumi/policy/policy", policyDir));
  /* eslint-enable @typescript-eslint/no-require-imports */
  let handlers: Record<string, Handler> | undefined;
  grpc.Server.prototype.addService = (_service: unknown, impl: Record<string, Handler>) => {
    handlers = impl;
  };
  grpc.Server.prototype.bindAsync = () => undefined;
  const timed = (fn: unknown, key: string) => {
    if (typeof fn !== "function") return fn;
    const wrapped = (...args: unknown[]) => {
      const t0 = process.hrtime.bigint();
      try {
        return (fn as Validation)(...args);
      } finally {
        policyMs[key] = (policyMs[key] ?? 0) + ms(t0);
      }
    };
    return Object.assign(wrapped, fn); // keeps __pulumiType, the SDK's type filter
  };
  const Original = policyModule.PolicyPack;
  policyModule.PolicyPack = class extends Original {
    constructor(name: string, args: { policies: Policy[] }, ...rest: unknown[]) {
      const policies = args.policies.map((p) => {
        const r = (p as { validateResource?: unknown }).validateResource;
        const s = (p as { validateStack?: unknown }).validateStack;
        const key = `resource:${p.name}`;
        return {
          ...p,
          ...(r
            ? { validateResource: Array.isArray(r) ? r.map((f) => timed(f, key)) : timed(r, key) }
            : {}),
          ...(s ? { validateStack: timed(s, `stack:${p.name}`) } : {}),
        };
      });
      super(name, { ...args, policies }, ...rest);
    }
  };
  const main = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8")).main;
  require(path.resolve(packDir, main ?? "index.js")); // eslint-disable-line @typescript-eslint/no-require-imports
  if (!handlers) throw new Error(`bench: ${packDir} served no analyzer`);
  return handlers;
}

async function child(packDir: string, stackFile: string): Promise<RunCost> {
  const { resources, config } = JSON.parse(fs.readFileSync(stackFile, "utf8")) as {
    resources: AnalyzerResource[];
    config: UserPolicyConfig;
  };
  const policyMs: Record<string, number> = {};
  const handlers = loadHandlers(packDir, policyMs);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pb = require(require.resolve("@pulumi/pulumi/proto/analyzer_pb", { paths: [packDir] }));
  const call = (name: string, request: unknown) =>
    new Promise<{ serializeBinary(): Uint8Array; getDiagnosticsList?(): unknown[] }>(
      (resolve, reject) =>
        handlers[name]({ request }, (e, r) => (e ? reject(e) : resolve(r as never))),
    );
  const info = analyzerInfoFrom((await call("getAnalyzerInfo", empty())) as never);
  const reconciled = reconcilePolicyConfig(info, config);
  const wire = configureRequest(reconciled.config).serializeBinary();
  await call("configure", pb.ConfigureAnalyzerRequest.deserializeBinary(wire));

  const requests = resources.map((r) => analyzeRequest(r).serializeBinary());
  // The bytes the engine's AnalyzeStack request has, as the session sends them.
  const stackWire = analyzeStackRequestBytes(resources.map(encodeStackResource));
  let diagnostics = 0;
  let analyzeMs = 0;
  const cpu0 = process.cpuUsage();
  for (const bytes of requests) {
    const req = pb.AnalyzeRequest.deserializeBinary(bytes);
    const t0 = process.hrtime.bigint();
    const res = await call("analyze", req);
    res.serializeBinary();
    analyzeMs += ms(t0);
    diagnostics += res.getDiagnosticsList?.().length ?? 0;
  }
  const req = pb.AnalyzeStackRequest.deserializeBinary(stackWire);
  const t0 = process.hrtime.bigint();
  const res = await call("analyzeStack", req);
  res.serializeBinary();
  const analyzeStackMs = ms(t0);
  const cpu = process.cpuUsage(cpu0);
  diagnostics += res.getDiagnosticsList?.().length ?? 0;
  return {
    analyzeMs,
    analyzeStackMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    diagnostics,
    policyMs,
  };
}

const r1 = (x: number) => Math.round(x * 10) / 10;

/** Runs each pack `rounds` times in its own process, the order rotating; medians. */
export function measurePolicyCost(
  resources: readonly AnalyzerResource[],
  realConfig: UserPolicyConfig,
  rounds: number,
  log: (s: string) => void = () => undefined,
): Record<Pack, RunCost> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okepools-policy-cost-"));
  try {
    const files = {
      real: path.join(dir, "real.json"),
      other: path.join(dir, "other.json"),
    };
    fs.writeFileSync(files.real, JSON.stringify({ resources, config: realConfig }));
    fs.writeFileSync(files.other, JSON.stringify({ resources, config: {} }));
    const runs: Record<Pack, RunCost[]> = { real: [], twin: [], floor: [] };
    const order: Pack[] = ["real", "twin", "floor"];
    for (let r = 0; r < rounds; r++)
      for (let k = 0; k < order.length; k++) {
        const pack = order[(k + r) % order.length];
        const out = spawnSync(
          process.execPath,
          [
            "-r",
            "ts-node/register/transpile-only",
            __filename,
            "--child",
            PACKS[pack],
            pack === "real" ? files.real : files.other,
          ],
          { cwd: path.join(__dirname, ".."), encoding: "utf8", maxBuffer: 16 * 1024 * 1024 },
        );
        if (out.status !== 0) throw new Error(`bench: ${pack} pack run failed:\n${out.stderr}`);
        const cost = JSON.parse(out.stdout.trim().split("\n").pop() ?? "") as RunCost;
        runs[pack].push(cost);
        log(
          `round ${r + 1}/${rounds} ${pack}: Analyze ${r1(cost.analyzeMs)} ms, AnalyzeStack ${r1(cost.analyzeStackMs)} ms, CPU ${r1(cost.cpuMs)} ms`,
        );
      }
    const med = (xs: RunCost[]): RunCost => ({
      analyzeMs: median(xs.map((x) => x.analyzeMs)),
      analyzeStackMs: median(xs.map((x) => x.analyzeStackMs)),
      cpuMs: median(xs.map((x) => x.cpuMs)),
      diagnostics: xs[0].diagnostics,
      policyMs: Object.fromEntries(
        Object.keys(xs[0].policyMs).map((k) => [k, median(xs.map((x) => x.policyMs[k] ?? 0))]),
      ),
    });
    return { real: med(runs.real), twin: med(runs.twin), floor: med(runs.floor) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      pools: { type: "string", default: "1000" },
      rounds: { type: "string", default: "5" },
      stack: { type: "string", default: "platform" },
    },
  });
  const pools = Number(values.pools);
  const rounds = Number(values.rounds);
  if (!Number.isInteger(pools) || pools < 1 || !Number.isInteger(rounds) || rounds < 1)
    throw new Error("bench: --pools and --rounds take a whole number ≥ 1");
  if (values.stack !== "platform" && values.stack !== "bench")
    throw new Error(`bench: --stack ${values.stack}: use platform or bench`);
  const log = (s: string) => process.stderr.write(`[bench:cost] ${s}\n`);
  log(`clock for image ages: ${pinBenchClock()} (OKEPOOLS_NOW)`);
  for (const note of ensurePackBuilt(DEFAULT_PACK_DIR)) log(note);
  const catalogDoc = JSON.parse(fs.readFileSync(SAMPLE_CATALOG_PATH, "utf8"));
  const [resources, config] =
    values.stack === "platform"
      ? [platformStack(pools, catalogDoc.data.sources), platformConfig(catalogDoc)]
      : [benchStackResources(pools), {}];
  const cost = measurePolicyCost(resources, config, rounds, log);
  const total = (c: RunCost) => c.analyzeMs + c.analyzeStackMs;
  const row = (pack: Pack) => {
    const c = cost[pack];
    return `| ${pack} | ${r1(c.analyzeMs)} | ${r1(c.analyzeStackMs)} | ${r1(total(c))} | ${(total(c) / total(cost.floor)).toFixed(2)} | ${r1(c.cpuMs)} | ${(c.cpuMs / cost.floor.cpuMs).toFixed(2)} | ${c.diagnostics} |`;
  };
  const lines = [
    `${values.stack}-${pools}: ${resources.length} resources, median of ${rounds} interleaved runs, no transport`,
    "",
    "| pack | Analyze handlers ms | AnalyzeStack handler ms | both ms | / floor | process CPU ms | / floor | diagnostics |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    row("real"),
    row("twin"),
    row("floor"),
    "",
    "| real pack's policy | own validations ms |",
    "| --- | --- |",
    ...Object.entries(cost.real.policyMs).map(([k, v]) => `| ${k} | ${r1(v)} |`),
  ];
  console.log(lines.join("\n"));
}

if (require.main === module) {
  const i = process.argv.indexOf("--child");
  const run =
    i >= 0
      ? child(process.argv[i + 1], process.argv[i + 2]).then((c) => console.log(JSON.stringify(c)))
      : main();
  run.catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
