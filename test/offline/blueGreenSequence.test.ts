import assert from "node:assert/strict";
import { checkPlan } from "../../core/planGate";
import { formatDigest, previewDigest } from "../../offline/state/digest";
import { parsePlanDocument } from "../../offline/state/planDocument";
import { EMPTY_STATE, opsOf, preview, stackConfig, up } from "../support/state";

const POOL = (colour: string) =>
  `urn:pulumi:bluegreen::oke-pools::okepools:index:BlueGreenNodePool$okepools:index:OkeNodePool$oci:ContainerEngine/nodePool:NodePool::web-${colour}`;

/** The bluegreen stack's config with the pair replaced (no sample workload: the pools are the subject). */
function phase(pair: Record<string, unknown>): Record<string, unknown> {
  const config = stackConfig("bluegreen");
  delete config["oke-pools:sampleWorkload"];
  const [base] = config["oke-pools:blueGreenPools"] as Record<string, unknown>[];
  const { blue, green } = base as { blue: Record<string, unknown>; green: Record<string, unknown> };
  const colours: Record<string, unknown> = { blue, green };
  const out: Record<string, unknown> = {
    name: "web",
    placement: base.placement,
    standbySize: 0,
    ...pair,
  };
  for (const c of ["blue", "green"])
    if (pair[c] === undefined) delete out[c];
    else out[c] = { ...(colours[c] as object), ...(pair[c] as object) };
  config["oke-pools:blueGreenPools"] = [out];
  return config;
}

const gate = (r: Awaited<ReturnType<typeof preview>>) =>
  checkPlan(
    parsePlanDocument(
      formatDigest(previewDigest({ plan: r.plan!, config: r.config, logs: [], durationMs: 1 })),
    ).steps,
  );

describe("blue/green cutover against stored state: canary, switch, removal, each state built from the previous update", function () {
  this.timeout(600_000);

  it("the engine's protect keeps the serving colour: switch then remove passes, both in one update is refused", async () => {
    // Phase 1: blue alone, active (a first `pulumi up`).
    const s0 = (await up("bluegreen", phase({ active: "blue", blue: {} }), EMPTY_STATE)).state;
    assert.equal(
      s0.resources.get(POOL("blue"))!.protect,
      true,
      "the active colour's NodePool is protected",
    );

    // Phase 2: green added as a canary.
    const canary = await up(
      "bluegreen",
      phase({ active: "blue", blue: {}, green: { role: "canary" } }),
      s0,
    );
    assert.equal(canary.result.exitCode, 0, canary.result.text);
    const ops1 = opsOf(canary.result);
    assert.equal(ops1["NodePool::web-green"], "create");
    assert.equal(ops1["NodePool::web-blue"], "same");
    assert.deepEqual(gate(canary.result).findings, []);
    const s1 = canary.state;
    assert.equal(s1.resources.get(POOL("green"))!.protect, false);

    // Switch and remove in one update: the engine refuses to delete the protected blue pool.
    const both = await preview("bluegreen", phase({ active: "green", green: {} }), s1);
    assert.equal(both.exitCode, 1);
    const blueUrn = POOL("blue");
    assert.ok(
      both.plan!.diagnostics.some(
        (d) =>
          d.urn === blueUrn &&
          d.message.startsWith(
            `Preview failed: resource "${blueUrn}" cannot be deleted\nbecause it is protected.`,
          ),
      ),
      both.text,
    );
    assert.deepEqual(
      gate(both).findings.map((f) => [f.rule, f.name]),
      [["pool-deleted", "web-blue"]],
      "the plan gate flags it too: the active colour had nodes",
    );

    // Phase 3: switch. Blue goes to standby (size 0) and loses protect; green becomes protected.
    const sw = await up("bluegreen", phase({ active: "green", blue: {}, green: {} }), s1);
    assert.equal(sw.result.exitCode, 0, sw.result.text);
    const blue = sw.result.plan!.steps.find((s) => s.urn === blueUrn)!;
    assert.equal(blue.op, "update");
    assert.deepEqual(
      blue
        .diff!.changes.filter((c) => c.path === "nodeConfigDetails.size")
        .map((c) => [c.old, c.new]),
      [[3, 0]],
    );
    assert.equal(blue.protect, false);
    assert.equal(blue.old!.protect, true);
    assert.match(sw.result.text, /protect: removed/);
    assert.match(sw.result.text, /protect: set/);
    const s2 = sw.state;
    assert.equal(s2.resources.get(POOL("green"))!.protect, true);
    assert.equal(s2.resources.get(blueUrn)!.protect, false);

    // Phase 4: blue removed; unprotected and at zero nodes, so the engine and the gate let it go.
    const removal = await up("bluegreen", phase({ active: "green", green: {} }), s2);
    assert.equal(removal.result.exitCode, 0, removal.result.text);
    assert.equal(opsOf(removal.result)["NodePool::web-blue"], "delete");
    assert.deepEqual(gate(removal.result).findings, []);
    assert.equal(removal.state.resources.has(blueUrn), false);

    // Replacing the protected serving colour is refused too (protected in the state and the program).
    const config = phase({ active: "green", green: {} });
    config["oke-pools:compartmentId"] =
      "ocid1.compartment.oc1..aaaaaaaaothercompartment000000000000000000000000000000";
    const moved = await preview("bluegreen", config, removal.state);
    const greenUrn = POOL("green");
    assert.equal(moved.plan!.steps.find((s) => s.urn === greenUrn)!.op, "replace");
    assert.ok(
      moved.plan!.diagnostics.some(
        (d) =>
          d.urn === greenUrn &&
          d.message ===
            `unable to replace resource "${greenUrn}"\nas it is currently marked for protection. To unprotect the resource, remove the \`protect\` flag from the resource in your Pulumi program and run \`pulumi up\``,
      ),
      moved.text,
    );
    assert.equal(moved.exitCode, 1);
  });
});
