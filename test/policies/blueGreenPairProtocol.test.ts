import { strict as assert } from "node:assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { TYPE_OCI_NODE_POOL } from "../../core/tags";
import {
  AnalyzerResource,
  Diagnostic,
  UserPolicyConfig,
  runPolicyPack,
} from "../../offline/analyzer";
import { RecordedResource } from "../../offline/recorder";
import { UNKNOWN_STRING } from "../../policies/lib/unknown";
import { BLUEGREEN_STACK, Loose, phases, recordStack, stackWith } from "../support/blueGreen";

const PACK_DIR = path.join(__dirname, "..", "..", "policies");
const POLICY = "blue-green-pair";

/** The pack as the engine loads it: built from the current sources. */
function ensureBuilt(): void {
  const built = path.join(PACK_DIR, "bin", "policies", "blueGreenPair.js");
  const sources = [
    path.join(PACK_DIR, "blueGreenPair.ts"),
    path.join(PACK_DIR, "pack.ts"),
    path.join(PACK_DIR, "..", "core", "blueGreen.ts"),
  ];
  if (
    fs.existsSync(built) &&
    sources.every((s) => fs.statSync(s).mtimeMs <= fs.statSync(built).mtimeMs)
  )
    return;
  const r = spawnSync(
    process.execPath,
    [require.resolve("typescript/bin/tsc"), "-p", path.join(PACK_DIR, "tsconfig.json")],
    { encoding: "utf8" },
  );
  assert.equal(r.status, 0, `building the policy pack failed:\n${r.stdout}${r.stderr}`);
}

async function analyse(
  resources: readonly AnalyzerResource[],
  config: UserPolicyConfig = {},
): Promise<{ mine: Diagnostic[]; all: readonly Diagnostic[]; level?: string }> {
  const result = await runPolicyPack({ packDir: PACK_DIR, resources, config, stack: "bluegreen" });
  const info = result.info.policies.find((p) => p.name === POLICY);
  return {
    mine: result.diagnostics.filter((d) => d.policyName === POLICY),
    all: result.diagnostics,
    ...(info ? { level: info.enforcementLevel } : {}),
  };
}

/** A recorded stack with one resource's outputs (what AnalyzeStack sees) and inputs changed. */
function mutate(
  resources: readonly RecordedResource[],
  type: string,
  name: string,
  change: (props: Loose) => void,
): RecordedResource[] {
  const copy = structuredClone(resources) as Loose[];
  const r = copy.find((x) => x.type === type && x.name === name);
  assert.ok(r, `${type} ${name} in the recording`);
  change(r.outputs);
  change(r.inputs);
  return copy;
}

describe("policy blue-green-pair through the analyzer protocol (offline/analyzer, pack built from policies/)", function () {
  this.timeout(120_000);
  let phase3: RecordedResource[];

  before(async () => {
    ensureBuilt();
    phase3 = (await recordStack(BLUEGREEN_STACK)).resources;
  });

  it("is in the pack as a mandatory stack policy, and the committed bluegreen stack (phase 3) passes it", async () => {
    const { mine, level, all } = await analyse(phase3);
    assert.equal(level, "mandatory");
    assert.deepEqual(mine, []);
    assert.deepEqual(
      all.filter((d) => d.enforcementLevel === "mandatory"),
      [],
      "no mandatory finding from any policy",
    );
  });

  it("every phase of the runbook and the rollback pass it", async () => {
    for (const pair of [
      phases.oneColour(),
      phases.canaryAdded(1),
      phases.canaryAdded(),
      phases.switched(),
      phases.oldRemoved(),
      phases.rolledBack(),
    ]) {
      const rec = await recordStack(stackWith(pair));
      const { mine } = await analyse(rec.resources);
      assert.deepEqual(mine, [], `phase with active ${pair.active}`);
    }
  });

  it("a workload left on the drained colour is a mandatory violation on the workload", async () => {
    const stale = mutate(
      phase3,
      "kubernetes:apps/v1:Deployment",
      "sample-web",
      (p) => (p.spec.template.spec.nodeSelector["okepools.io/colour"] = "blue"),
    );
    const { mine } = await analyse(stale);
    assert.equal(mine.length, 1, JSON.stringify(mine, null, 1));
    assert.equal(mine[0].enforcementLevel, "mandatory");
    assert.equal(mine[0].phase, "analyzeStack");
    assert.equal(
      mine[0].urn,
      "urn:pulumi:bluegreen::oke-pools::kubernetes:apps/v1:Deployment::sample-web",
    );
    assert.match(
      mine[0].message,
      /Deployment "sample-web" selects nodes with okepools\.io\/pair=web, okepools\.io\/colour=blue, but colour blue of blue\/green pair "web" is inactive with no nodes \(node pool "web-blue" has size 0\)/,
    );
  });

  it("an active colour without nodes is a mandatory violation on its pool", async () => {
    const empty = mutate(
      phase3,
      TYPE_OCI_NODE_POOL,
      "web-green",
      (p) => (p.nodeConfigDetails.size = 0),
    );
    const { mine } = await analyse(empty);
    // Exactly one finding: the pool. The workloads follow the active colour, so they are not
    // reported as well (that rule is about inactive colours without nodes).
    assert.equal(mine.length, 1, JSON.stringify(mine, null, 1));
    const onPool = mine[0];
    assert.ok(
      onPool.urn.endsWith("$oci:ContainerEngine/nodePool:NodePool::web-green"),
      JSON.stringify(mine, null, 1),
    );
    assert.equal(onPool.enforcementLevel, "mandatory");
    assert.equal(onPool.phase, "analyzeStack");
    assert.match(
      onPool.message,
      /is the active colour green of blue\/green pair "web" but has no nodes/,
    );
  });

  it("pools that disagree on the active colour are mandatory violations", async () => {
    const split = mutate(
      phase3,
      TYPE_OCI_NODE_POOL,
      "web-blue",
      (p) => (p.freeformTags["okepools-active-colour"] = "blue"),
    );
    const { mine } = await analyse(split);
    assert.equal(
      mine.filter((d) =>
        /must have exactly one active colour, but its pools disagree/.test(d.message),
      ).length,
      2,
    );
    assert.ok(mine.every((d) => d.enforcementLevel === "mandatory"));
  });

  it("unknown values (a preview before the update) never produce a mandatory violation", async () => {
    let unknown = mutate(
      phase3,
      TYPE_OCI_NODE_POOL,
      "web-green",
      (p) => (p.nodeConfigDetails.size = UNKNOWN_STRING),
    );
    unknown = mutate(
      unknown,
      "kubernetes:apps/v1:Deployment",
      "sample-web",
      (p) => (p.spec.template.spec.nodeSelector = UNKNOWN_STRING),
    );
    unknown = mutate(
      unknown,
      TYPE_OCI_NODE_POOL,
      "web-blue",
      (p) => (p.freeformTags = UNKNOWN_STRING),
    );
    const { mine } = await analyse(unknown);
    assert.deepEqual(
      mine.filter((d) => d.enforcementLevel === "mandatory"),
      [],
    );
  });

  it("--policy-pack-config can lower it to advisory", async () => {
    const stale = mutate(
      phase3,
      "kubernetes:apps/v1:Deployment",
      "sample-web",
      (p) => (p.spec.template.spec.nodeSelector["okepools.io/colour"] = "blue"),
    );
    const { mine } = await analyse(stale, { [POLICY]: "advisory" } as UserPolicyConfig);
    assert.equal(mine.length, 1);
    assert.equal(mine[0].enforcementLevel, "advisory");
  });
});
