import assert from "node:assert/strict";
import * as path from "path";
import { recordProgram } from "../../offline/recorder";
import { stateAfterApply } from "../../offline/state/applyState";
import { StatePlanner } from "../../offline/state/planner";
import { SAMPLE } from "../support/tooling";
import { EMPTY_STATE, reread } from "../support/state";

const PROGRAM = path.join(__dirname, "..", "fixtures", "offline", "aliasProgram.ts");
const U = "urn:pulumi:dev::aliastest::";

async function record(renamed: boolean, planner: StatePlanner, preview: boolean) {
  return recordProgram({
    programPath: PROGRAM,
    stack: "dev",
    project: "aliastest",
    config: { "aliastest:renamed": renamed ? "yes" : "no" },
    catalog: SAMPLE,
    preview,
    onRegister: planner.onRegister,
  });
}

describe("aliases: a renamed resource keeps its stored state (specs as the SDK sends them)", function () {
  this.timeout(120_000);

  it("the recorder resolves `aliases` specs to URNs; the plan matches old to new with no delete", async () => {
    const first = new StatePlanner(EMPTY_STATE, "dev", "aliastest", "apply");
    const applied = await record(false, first, false);
    const state = reread(stateAfterApply({ recording: applied, plan: first.finish(applied) }));
    assert.ok(
      state.resources.has(`${U}test:index:Group$oci:ContainerEngine/nodePool:NodePool::app-pool`),
    );

    const planner = new StatePlanner(state, "dev", "aliastest");
    const recording = await record(true, planner, true);
    const solo = recording.resources.find((r) => r.name === "solo")!;
    assert.deepEqual(solo.options.aliases, [`${U}oci:ContainerEngine/nodePool:NodePool::old-solo`]);
    const group = recording.resources.find((r) => r.name === "web")!;
    assert.deepEqual(group.options.aliases, [`${U}test:index:Group::app`]);

    const plan = planner.finish(recording);
    const byName = Object.fromEntries(
      plan.steps
        .filter((s) => !s.type.startsWith("pulumi:"))
        .map((s) => [s.name, [s.op, s.aliasedFrom]]),
    );
    assert.deepEqual(byName, {
      web: ["same", `${U}test:index:Group::app`],
      "web-pool": ["same", `${U}test:index:Group$oci:ContainerEngine/nodePool:NodePool::app-pool`],
      solo: ["same", `${U}oci:ContainerEngine/nodePool:NodePool::old-solo`],
    });
    assert.equal(
      plan.steps.some((s) => s.op === "delete"),
      false,
    );
    // The aliased pool's outputs come from its stored state (known id), as the engine answers a same.
    assert.equal(
      solo.outputs.id,
      state.resources.get(`${U}oci:ContainerEngine/nodePool:NodePool::old-solo`)!.id,
    );
  });
});
