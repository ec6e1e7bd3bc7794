import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as path from "path";
import { PROGRAM_HEAP_GROWING_PERCENT, programHeapGrowingPercent } from "../../offline/heapGrowth";

const ENV = "OKEPOOLS_HEAP_GROWING_PERCENT";

/** Major collections of a child that keeps 300,000 small objects and drops four times as many. */
function majorCollections(run: "own" | "bounded" | "restored"): number {
  const script = `
    const { PerformanceObserver, constants } = require("perf_hooks");
    const { boundedHeapGrowth } = require(${JSON.stringify(path.resolve(__dirname, "../../offline/heapGrowth"))});
    let major = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        if (e.detail && e.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) major++;
    }).observe({ entryTypes: ["gc"] });
    ${{ own: "", bounded: "boundedHeapGrowth();", restored: "boundedHeapGrowth()();" }[run]}
    const keep = [];
    for (let i = 0; i < 300000; i++) {
      keep.push({ a: new Array(64).fill(i) });
      for (let j = 0; j < 4; j++) new Array(64).fill(j);
    }
    setTimeout(() => process.stdout.write(String(major)), 50);`;
  const out = execFileSync(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", "-e", script],
    {
      env: { ...process.env, [ENV]: "", NODE_OPTIONS: "" },
      encoding: "utf8",
    },
  );
  return Number(out);
}

describe("offline/heapGrowth: V8's heap growth bounded while a program runs offline", () => {
  it("collects more often than V8 would on its own, for the same allocations, until restored", () => {
    const own = majorCollections("own");
    const bounded = majorCollections("bounded");
    assert.ok(bounded >= own + 2, `bounded: ${bounded} major collections, V8's own: ${own}`);
    const restored = majorCollections("restored");
    assert.ok(restored <= own + 1, `restored: ${restored} major collections, V8's own: ${own}`);
  });

  it("takes the percent from the environment, 0 for V8's own growth", () => {
    assert.equal(programHeapGrowingPercent({}, []), PROGRAM_HEAP_GROWING_PERCENT);
    assert.equal(programHeapGrowingPercent({ [ENV]: "" }, []), PROGRAM_HEAP_GROWING_PERCENT);
    assert.equal(programHeapGrowingPercent({ [ENV]: "0" }, []), 0);
    assert.equal(programHeapGrowingPercent({ [ENV]: "60" }, []), 60);
  });

  it("leaves a --heap-growing-percent given to Node alone", () => {
    assert.equal(programHeapGrowingPercent({}, ["--heap-growing-percent=10"]), undefined);
    assert.equal(
      programHeapGrowingPercent({ NODE_OPTIONS: "--heap_growing_percent=5" }, []),
      undefined,
    );
  });

  it("rejects a value that is not a percent, naming the variable, the value and the fix", () => {
    for (const bad of ["25%", "-1", "1.5", "lots", "2000"])
      assert.throws(
        () => programHeapGrowingPercent({ [ENV]: bad }, []),
        (e: Error) =>
          e.message.startsWith(`${ENV}=${bad} is not a whole number`) &&
          e.message.includes("set 0 for V8's own heap growth"),
      );
  });
});
