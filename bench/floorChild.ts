/**
 * The memory floor in its own process, for bench/run.ts: bench/floorProgram.ts registered under
 * the offline recorder's mocks (offline/recorder.ts recorderMocks) with the same SDK, the same
 * Node flags and module loading as a preview (ts-node), stack traces off as the recorder runs a
 * program — and nothing else: no recording, no policy pack, no report. Writes its peak RSS and
 * resource count to --out.
 *
 * With --program and --stack instead of --inputs: that program (the bench's) with the stack's
 * config, raw the same way — what the program costs the SDK without the recorder, the policy
 * pack or the report: the preview's own overhead is its peak over this one.
 *
 *     node -r ts-node/register/transpile-only bench/floorChild.ts --inputs f.json [--pools-only] --out r.json
 *     node -r ts-node/register/transpile-only bench/floorChild.ts --program bench/program.ts --stack bench-1000 --stacks-dir bench/out/stacks --out r.json
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";

export interface FloorChildReport {
  readonly resources: number;
  /** Program start to disconnect, ms. */
  readonly registerMs: number;
  /** This process's peak RSS, bytes. */
  readonly maxRssBytes: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      inputs: { type: "string" },
      program: { type: "string" },
      stack: { type: "string" },
      "stacks-dir": { type: "string" },
      out: { type: "string" },
      "pools-only": { type: "boolean", default: false },
    },
  });
  if (!(values.inputs || (values.program && values.stack && values["stacks-dir"])) || !values.out)
    throw new Error(
      "usage: floorChild (--inputs <floor inputs json> [--pools-only] | --program <file> --stack <name> --stacks-dir <dir>) --out <file>",
    );
  const pulumi = await import("@pulumi/pulumi");
  const { recorderMocks } = await import("../offline/recorder");
  const { loadCatalog } = await import("../offline/catalogFile");
  const { pulumiConfig, readStackFile } = await import("../offline/stackFile");
  let resources = 0;
  const mocks = recorderMocks(loadCatalog().catalog, true);
  const program = values.program ? path.resolve(values.program) : "./floorProgram";
  pulumi.runtime.setAllConfig(
    values.inputs
      ? {
          "bench:floorInputs": path.resolve(values.inputs),
          "bench:floorPoolsOnly": String(values["pools-only"]),
        }
      : pulumiConfig(readStackFile(values["stacks-dir"]!, values.stack!).config).values,
  );
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        resources++;
        return mocks.newResource(args);
      },
      call: mocks.call,
    },
    "oke-pools",
    values.stack ?? "floor",
    true,
  );
  // The program's warnings are not what is measured.
  const log = pulumi.log as unknown as Record<string, unknown>;
  for (const k of ["info", "warn", "error"]) log[k] = () => Promise.resolve();
  const { stackTracesOff } = await import("../offline/stackTraces");
  const { boundedHeapGrowth } = await import("../offline/heapGrowth");
  stackTracesOff(); // as the recorder runs a program
  boundedHeapGrowth();
  const t = performance.now();
  await pulumi.runtime.runInPulumiStack(async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(program) as Record<string, unknown>;
  });
  await pulumi.runtime.disconnect();
  const registerMs = performance.now() - t;
  const report: FloorChildReport = {
    resources: resources + 1, // and the stack
    registerMs,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  };
  fs.writeFileSync(values.out, JSON.stringify(report, null, 2));
}

main().catch((e: unknown) => {
  process.stderr.write(
    `bench floor failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
  );
  process.exit(1);
});
