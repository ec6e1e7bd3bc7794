import { strict as assert } from "assert";
import * as fs from "fs";
import { processCpuMs } from "../../offline/analyzer/measure";

describe("offline/analyzer/measure: a process's CPU time from /proc", () => {
  it("reads this process's CPU, which grows as it works", function () {
    if (!fs.existsSync(`/proc/${process.pid}/stat`)) this.skip();
    const before = processCpuMs(process.pid);
    assert.ok(before !== undefined && before > 0, `before: ${before}`);
    const own = process.cpuUsage();
    const until = Date.now() + 150;
    let x = 0;
    while (Date.now() < until) x += Math.sqrt(x + 1);
    const after = processCpuMs(process.pid)!;
    const used = process.cpuUsage(own);
    const expected = (used.user + used.system) / 1000;
    // 10 ms ticks, and other threads (GC) count in /proc but not in cpuUsage's delta here.
    assert.ok(
      after - before >= expected - 20,
      `proc ${after - before} ms, cpuUsage ${expected} ms`,
    );
    assert.ok(
      after - before <= expected + 100,
      `proc ${after - before} ms, cpuUsage ${expected} ms`,
    );
  });

  it("is undefined for no process or one that does not exist", () => {
    assert.equal(processCpuMs(undefined), undefined);
    assert.equal(processCpuMs(2 ** 30), undefined);
  });
});
