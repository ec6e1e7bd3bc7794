import { strict as assert } from "assert";
import { whileRunning } from "../../offline/whileRunning";

describe("offline/whileRunning: a setting held while any of overlapping runs goes on", () => {
  it("applies once for overlapping runs and undoes it when the last one ends", () => {
    const log: string[] = [];
    const run = whileRunning(() => {
      log.push("apply");
      return () => log.push("undo");
    });
    const a = run();
    const b = run();
    a();
    a(); // twice is once
    assert.deepEqual(log, ["apply"]);
    b();
    assert.deepEqual(log, ["apply", "undo"]);
    run()();
    assert.deepEqual(log, ["apply", "undo", "apply", "undo"]);
  });

  it("counts no run when the setting fails to apply, so the next run applies it", () => {
    let fail = true;
    let applied = 0;
    const run = whileRunning(() => {
      if (fail) throw new Error("bad setting");
      applied++;
      return () => undefined;
    });
    assert.throws(() => run(), /bad setting/);
    fail = false;
    run()();
    assert.equal(applied, 1);
  });
});
