import assert from "node:assert/strict";
import * as path from "path";
import { containsUnknown, UNKNOWN_STRING } from "../../core/unknown";
import { formatDigest, previewDigest, previewEvents } from "../../offline/state/digest";
import { parseState } from "../../offline/state/exportFile";
import { checkPlan } from "../../core/planGate";
import { parsePlanDocument } from "../../offline/state/planDocument";
import { ROOT } from "../support/tooling";
import { opsOf, preview, readState, reread, stackConfig, up } from "../support/state";

const DAY2_STATE = path.join(ROOT, "stacks", "day2.state.json");
const POOL =
  "urn:pulumi:day2::oke-pools::okepools:index:OkeNodePool$oci:ContainerEngine/nodePool:NodePool::";
const CLUSTER = "urn:pulumi:day2::oke-pools::oci:ContainerEngine/cluster:Cluster::ops";

describe("offline preview against stored state (pulumi stack export)", function () {
  this.timeout(300_000);

  it("day-2 example: the stale pool's image is updated in place, nothing else changes, and it passes", async () => {
    const state = readState(DAY2_STATE);
    const r = await preview("day2", stackConfig("day2"), state);
    assert.equal(r.exitCode, 0, r.text);
    assert.deepEqual(opsOf(r), {
      "OkeNodePool::general": "same",
      "ImageCatalog::image-catalog-all-ol8-x86_64": "same",
      "OkeNodePool::legacy": "same",
      "Cluster::ops": "same",
      "NodePool::legacy": "update",
      "NodePool::general": "same",
    });
    assert.match(
      r.text,
      /~\s+└─ oci:ContainerEngine\/nodePool:NodePool\s+legacy\s+update .*BOOT_VOLUME_REPLACE \(keeps node IPs\)/,
    );
    assert.match(
      r.text,
      /~ nodeSourceDetails\.imageId: "ocid1\.image\.oc1\.phx\.aaaaaaaaccdjfgdehaggbffggdceadbebbafbcbgccibgjaeicdjbhdejjbi" => "ocid1\.image\.oc1\.phx\.aaaaaaaaddgdfhfaeefhfdecedddhcdhffhbfdbicfbhfcbcdjdcgbbacfbi"/,
    );
    assert.match(r.text, /Resources:\n {4}~ 1 to update\n {4}1 change\. 7 unchanged/);
    assert.doesNotMatch(
      r.text,
      /general\s+same/,
      "unchanged resources are not listed without --show-sames",
    );

    // What AnalyzeStack got: stored outputs for same, stored outputs with the new inputs over them for the update.
    const byUrn = new Map(r.recording.resources.map((x) => [x.urn, x]));
    const stored = (urn: string) => state.resources.get(urn)!.outputs;
    assert.deepEqual(byUrn.get(`${POOL}general`)!.outputs, stored(`${POOL}general`));
    const legacy = byUrn.get(`${POOL}legacy`)!;
    assert.deepEqual(
      legacy.outputs.nodes,
      stored(`${POOL}legacy`).nodes,
      "node IPs read from state",
    );
    assert.equal(legacy.outputs.id, state.resources.get(`${POOL}legacy`)!.id);
    assert.equal(
      (legacy.outputs.nodeSourceDetails as { imageId: string }).imageId,
      "ocid1.image.oc1.phx.aaaaaaaaddgdfhfaeefhfdecedddhcdhffhbfdbicfbhfcbcdjdcgbbacfbi",
    );
    // Analyze got the cluster's stored id, not an unknown, as the engine resolves a same resource's outputs.
    assert.equal(legacy.inputs.clusterId, state.resources.get(CLUSTER)!.id);
    // The general pool's stored outputs carry OKE's read-back maximumSurge; the cycling policy is not misled.
    assert.equal(
      r.diagnostics.filter((d) => d.policyName === "node-pool-cycling-settings").length,
      0,
    );

    const digest = previewDigest({
      plan: r.plan!,
      config: r.config,
      logs: r.recording.logs,
      durationMs: 1234,
    });
    assert.deepEqual(Object.keys(digest), ["config", "steps", "duration", "changeSummary"]);
    assert.deepEqual(digest.changeSummary, { same: 7, update: 1 });
    assert.equal(digest.duration, 1_234_000_000);
    const steps = digest.steps as Record<string, unknown>[];
    assert.deepEqual(
      steps.map((s) => s.op),
      ["same", "update"],
      "the root stack is always shown, other sames are not",
    );
    assert.deepEqual(Object.keys(steps[1]), [
      "op",
      "urn",
      "provider",
      "oldState",
      "newState",
      "diffReasons",
      "detailedDiff",
    ]);
    assert.deepEqual(steps[1].detailedDiff, {
      'freeformTags["okepools-image-source-name"]': { kind: "update", inputDiff: false },
      "nodeSourceDetails.imageId": { kind: "update", inputDiff: false },
    });
    assert.equal(steps[0].detailedDiff, null);
    assert.match(
      String(steps[1].provider),
      /^urn:pulumi:day2::oke-pools::pulumi:providers:oci::default_4_20_0::[0-9a-f-]{36}$/,
    );
    const gate = parsePlanDocument(formatDigest(digest));
    assert.deepEqual(checkPlan(gate.steps).findings, []);
  });

  it("serviceLbSubnetIds added: the cluster is replaced and both pools follow (their clusterId becomes unknown)", async () => {
    const config = {
      ...stackConfig("day2"),
      "oke-pools:serviceLbSubnetIds": [
        "ocid1.subnet.oc1.phx.aaaaaaaaday2lb0000000000000000000000000000000000000000000",
      ],
    };
    const r = await preview("day2", config, readState(DAY2_STATE), {
      display: { showReplacementSteps: true },
    });
    assert.equal(opsOf(r)["Cluster::ops"], "replace");
    assert.equal(opsOf(r)["NodePool::general"], "replace");
    assert.equal(opsOf(r)["NodePool::legacy"], "replace");
    const pool = r.plan!.steps.find((s) => s.urn === `${POOL}general`)!;
    assert.deepEqual(pool.diff!.replaceReasons, ["clusterId"]);
    assert.equal(pool.diff!.changes[0].becameUnknown, true);
    assert.equal(
      r.recording.resources.find((x) => x.urn === `${POOL}general`)!.inputs.clusterId,
      UNKNOWN_STRING,
    );
    assert.match(
      r.text,
      /replaces: options\.serviceLbSubnetIds is force-new in the OCI provider \(options\.service_lb_subnet_ids\)/,
    );
    assert.match(
      r.text,
      /replaces: clusterId is force-new .*its new value is unknown because the resource it comes from is replaced/,
    );
    assert.match(r.text, /\+\+ .*Cluster\s+ops\s+create-replacement/);
    assert.match(r.text, /-- .*Cluster\s+ops\s+delete-replaced/);
    const digest = previewDigest({
      plan: r.plan!,
      config: r.config,
      logs: r.recording.logs,
      durationMs: 1,
      display: { showReplacementSteps: true },
    });
    const ops = (digest.steps as { op: string; urn: string }[])
      .filter((s) => s.urn === CLUSTER)
      .map((s) => s.op);
    assert.deepEqual(ops, ["create-replacement", "replace", "delete-replaced"]);
    assert.deepEqual(
      digest.changeSummary,
      { replace: 3, same: 5 },
      "non-logical halves are not counted",
    );
    const plain = previewDigest({ plan: r.plan!, config: r.config, logs: [], durationMs: 1 });
    const replace = (plain.steps as Record<string, unknown>[]).find((s) => s.urn === CLUSTER)!;
    assert.deepEqual(replace.replaceReasons, ["options"]);
    assert.deepEqual(replace.detailedDiff, { options: { kind: "add-replace", inputDiff: false } });
    const gate = checkPlan(parsePlanDocument(formatDigest(plain)).steps);
    assert.deepEqual(
      gate.findings.map((f) => [f.rule, f.name, f.field]),
      [
        ["cluster-replaced", "ops", "options.serviceLbSubnetIds"],
        ["pool-replaced", "general", "clusterId"],
        ["pool-replaced", "legacy", "clusterId"],
      ],
    );
  });

  it("every op at once: create, update, delete, same; --show-sames lists the sames", async () => {
    const config = stackConfig("day2");
    const pools = config["oke-pools:nodePools"] as Record<string, unknown>[];
    const legacy = pools.find((p) => p.name === "legacy")!;
    config["oke-pools:nodePools"] = [legacy, { ...legacy, name: "batch", size: 1 }];
    const r = await preview("day2", config, readState(DAY2_STATE), {
      display: { showSames: true },
    });
    const ops = opsOf(r);
    assert.equal(ops["NodePool::batch"], "create");
    assert.equal(ops["OkeNodePool::batch"], "create");
    assert.equal(ops["NodePool::legacy"], "update");
    assert.equal(ops["NodePool::general"], "delete");
    assert.equal(ops["OkeNodePool::general"], "delete");
    assert.equal(ops["Cluster::ops"], "same");
    assert.match(r.text, /-\s+.*nodePool:NodePool\s+general\s+delete/);
    assert.match(r.text, /\+\s+.*nodePool:NodePool\s+batch\s+create/);
    assert.match(r.text, /oci:ContainerEngine\/cluster:Cluster\s+ops\s+same/);
    // A created pool's outputs are unknown in AnalyzeStack; a deleted one is not analysed at all.
    const batch = r.recording.resources.find((x) => x.urn === `${POOL}batch`)!;
    assert.equal(batch.outputs.id, UNKNOWN_STRING);
    assert.equal(
      r.recording.resources.some((x) => x.urn === `${POOL}general`),
      false,
    );
    // Deletes come last, children before parents.
    const deletes = r.plan!.steps.filter((s) => s.op === "delete").map((s) => s.name);
    assert.deepEqual(deletes, ["general", "general"]);
    assert.equal(
      r.plan!.steps.filter((s) => s.op === "delete")[0].type,
      "oci:ContainerEngine/nodePool:NodePool",
    );
    assert.match(
      r.text,
      /\+ 2 to create\n {4}~ 1 to update\n {4}- 2 to delete\n {4}5 changes\. 5 unchanged/,
    );
  });

  it("protect: deleting a protected resource fails with the engine's message; the rest of the preview is shown", async () => {
    const doc = JSON.parse(JSON.stringify(readState(DAY2_STATE).document)) as {
      deployment: { resources: Record<string, unknown>[] };
    };
    for (const r of doc.deployment.resources)
      if (String(r.urn).endsWith("::general")) r.protect = true;
    const config = stackConfig("day2");
    config["oke-pools:nodePools"] = (config["oke-pools:nodePools"] as { name: string }[]).filter(
      (p) => p.name !== "general",
    );
    const r = await preview("day2", config, parseState(doc));
    assert.equal(r.exitCode, 1);
    const urn = `${POOL}general`;
    const messages = r.plan!.diagnostics.map((d) => d.message);
    assert.ok(
      messages.includes(
        `Preview failed: resource "${urn}" cannot be deleted\nbecause it is protected. To unprotect the resource, either remove the \`protect\` flag from the resource in your Pulumi program and run \`pulumi up\`, or use the command:\n\`pulumi state unprotect '${urn}'\``,
      ),
      messages.join("\n---\n"),
    );
    assert.equal(messages[messages.length - 1], "preview failed");
    assert.equal(r.plan!.failed, true);
    assert.match(r.text, /~ nodeSourceDetails\.imageId/, "the legacy pool's update is still shown");
    const digest = previewDigest({ plan: r.plan!, config: r.config, logs: [], durationMs: 1 });
    assert.equal(
      (digest.changeSummary as Record<string, number>).delete,
      undefined,
      "refused deletes are not counted",
    );
    assert.ok(
      (digest.steps as { op: string; urn: string }[]).some(
        (s) => s.op === "delete" && s.urn === urn,
      ),
    );
    assert.deepEqual((digest.diagnostics as { message: string }[]).at(-1), {
      message: "error: preview failed\n",
      severity: "error",
    });
    assert.match(r.text, /Preview FAILED: the engine refuses 2 steps on protected resources/);
  });

  it("retainOnDelete: the stored flag makes the delete leave the cloud resource", async () => {
    const doc = JSON.parse(JSON.stringify(readState(DAY2_STATE).document)) as {
      deployment: { resources: Record<string, unknown>[] };
    };
    for (const r of doc.deployment.resources)
      if (r.urn === `${POOL}general`) r.retainOnDelete = true;
    const config = stackConfig("day2");
    config["oke-pools:nodePools"] = (config["oke-pools:nodePools"] as { name: string }[]).filter(
      (p) => p.name !== "general",
    );
    const r = await preview("day2", config, parseState(doc));
    assert.equal(r.exitCode, 0, r.text);
    const del = r.plan!.steps.find((s) => s.urn === `${POOL}general`)!;
    assert.equal(del.op, "delete");
    assert.equal(del.retained, true);
    assert.match(r.text, /retainOnDelete: the cloud resource is kept/);
  });

  it("--apply: the post-apply pass sees known outputs with dry run off, and its state previews as all-same", async () => {
    const first = await up("day2", stackConfig("day2"), readState(DAY2_STATE));
    const applied = first.result.applied!;
    for (const res of applied.recording.resources.filter((x) => x.custom))
      assert.equal(
        containsUnknown(res.outputs),
        false,
        `${res.urn} has unknown outputs after apply`,
      );
    assert.match(first.result.text, /After apply \(what `pulumi up` runs .*dry run off\):/);
    const legacy = first.state.resources.get(`${POOL}legacy`)!;
    assert.equal(
      legacy.id,
      readState(DAY2_STATE).resources.get(`${POOL}legacy`)!.id,
      "updated in place: same id",
    );
    assert.equal(
      (legacy.inputs.nodeSourceDetails as { imageId: string }).imageId,
      "ocid1.image.oc1.phx.aaaaaaaaddgdfhfaeefhfdecedddhcdhffhbfdbicfbhfcbcdjdcgbbacfbi",
    );
    const again = await preview("day2", stackConfig("day2"), first.state);
    assert.deepEqual([...new Set(again.plan!.steps.map((s) => s.op))], ["same"], again.text);
  });

  it("--json-events: one engine event per line, policy violations as policyEvent", async () => {
    const r = await preview(
      "stale-image",
      stackConfig("stale-image"),
      reread({ version: 3, deployment: { resources: [] } }),
    );
    const lines = previewEvents({
      plan: r.plan!,
      config: r.config,
      logs: r.recording.logs,
      durationMs: 2000,
      policyViolations: r.diagnostics,
      policyPacks: { "oke-upgrade-guard": "0.1.0" },
      timestamp: 1,
    })
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(Object.keys(lines[0]), ["sequence", "timestamp", "preludeEvent"]);
    const policy = lines
      .filter((l) => l.policyEvent)
      .map((l) => l.policyEvent as Record<string, unknown>);
    assert.ok(
      policy.some(
        (p) => p.policyName === "node-pool-image-not-retired" && p.enforcementLevel === "mandatory",
      ),
    );
    const summary = lines.find((l) => l.summaryEvent)!.summaryEvent as Record<string, unknown>;
    assert.equal(summary.result, "failed");
    assert.equal(summary.isPreview, true);
    assert.deepEqual(lines.at(-1), { sequence: lines.length, timestamp: 1, cancelEvent: {} });
    const pre = lines.find((l) => l.resourcePreEvent)!.resourcePreEvent as {
      metadata: Record<string, unknown>;
      planning: boolean;
    };
    assert.equal(pre.planning, true);
    assert.deepEqual(Object.keys(pre.metadata).slice(0, 5), ["op", "urn", "type", "old", "new"]);
  });
});
