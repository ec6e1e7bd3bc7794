import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { stackTracesOff } from "../../offline/stackTraces";

const capture = () => (pulumi.Resource as unknown as { callsites(): unknown[] }).callsites();

describe("offline/stackTraces: the SDK's stack traces off while a program runs offline", () => {
  it("stops the per-resource capture (pinned SDK) and the output traces, and restores both", () => {
    const limit = Error.stackTraceLimit;
    assert.ok(capture().length > 0, "the pinned SDK captures callsites for every resource");
    const on = stackTracesOff();
    try {
      assert.deepEqual(capture(), []);
      assert.equal(Error.stackTraceLimit, 0);
    } finally {
      on();
    }
    assert.ok(capture().length > 0);
    assert.equal(Error.stackTraceLimit, limit);
  });

  it("turns them back on only when the last of overlapping runs ends", () => {
    const first = stackTracesOff();
    const second = stackTracesOff();
    first();
    assert.deepEqual(capture(), [], "the second run is still going");
    first(); // twice is once
    assert.deepEqual(capture(), []);
    second();
    assert.ok(capture().length > 0);
  });

  it("keeps them with OKEPOOLS_STACK_TRACES=1", () => {
    process.env.OKEPOOLS_STACK_TRACES = "1";
    try {
      const on = stackTracesOff();
      assert.ok(capture().length > 0);
      on();
    } finally {
      delete process.env.OKEPOOLS_STACK_TRACES;
    }
  });
});
