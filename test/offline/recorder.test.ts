import assert from "node:assert/strict";
import {
  ProgramError,
  Recording,
  RecordedResource,
  UNKNOWN,
  recordProgram,
} from "../../offline/recorder";
import { pulumiConfig, readStackFile } from "../../offline/stackFile";
import { SAMPLE, STACKS } from "../support/tooling";

function configOf(stack: string): Record<string, string> {
  return pulumiConfig(readStackFile(STACKS, stack).config).values;
}

function record(stack: string, preview = true): Promise<Recording> {
  return recordProgram({ stack, config: configOf(stack), catalog: SAMPLE, preview });
}

function find(rec: Recording, type: string, name: string): RecordedResource {
  const r = rec.resources.find((x) => x.type === type && x.name === name);
  assert.ok(r, `no ${type} ${name} among ${rec.resources.map((x) => x.urn).join(", ")}`);
  return r as RecordedResource;
}

const NODE_POOL = "oci:ContainerEngine/nodePool:NodePool";
const CLUSTER = "oci:ContainerEngine/cluster:Cluster";
const COMPONENT = "okepools:index:OkeNodePool";

describe("offline/recorder: index.ts under mocks, as the engine would see it", function () {
  this.timeout(60_000);
  let demo: Recording;
  before(async () => {
    demo = await record("demo");
  });

  it("records the root stack first, with the program's exports as its outputs", () => {
    const stack = demo.resources[0];
    assert.equal(stack.urn, "urn:pulumi:demo::oke-pools::pulumi:pulumi:Stack::oke-pools-demo");
    assert.equal(stack.type, "pulumi:pulumi:Stack");
    assert.equal(stack.parent, undefined);
    assert.equal(stack.outputs.controlPlaneVersion, "v1.35.2");
    assert.equal(stack.outputs.clusterId, UNKNOWN, "the cluster's id is unknown in a preview");
    assert.deepEqual(demo.stackOutputs, stack.outputs);
    assert.equal(
      (demo.stackOutputs.nodePools as Record<string, { imageStatus: string }>).general.imageStatus,
      "current",
    );
  });

  it("gives engine-style URNs: no root stack type, the parent type chain joined with $", () => {
    const stackUrn = demo.resources[0].urn;
    const component = find(demo, COMPONENT, "general");
    const nodePool = find(demo, NODE_POOL, "general");
    const cluster = find(demo, CLUSTER, "demo");
    assert.equal(component.urn, "urn:pulumi:demo::oke-pools::okepools:index:OkeNodePool::general");
    assert.equal(component.parent, stackUrn);
    assert.equal(
      cluster.urn,
      "urn:pulumi:demo::oke-pools::oci:ContainerEngine/cluster:Cluster::demo",
    );
    assert.equal(
      nodePool.urn,
      "urn:pulumi:demo::oke-pools::okepools:index:OkeNodePool$oci:ContainerEngine/nodePool:NodePool::general",
    );
    assert.equal(nodePool.parent, component.urn);
    assert.equal(nodePool.options?.parent, component.urn);
  });

  it("records dependencies and property dependencies as engine URNs", () => {
    const cluster = find(demo, CLUSTER, "demo");
    const nodePool = find(demo, NODE_POOL, "general");
    assert.deepEqual(nodePool.dependencies, [cluster.urn]);
    assert.deepEqual(nodePool.propertyDependencies?.clusterId, [cluster.urn]);
    assert.deepEqual(nodePool.propertyDependencies?.nodeShape, []);
  });

  it("keeps unknowns as the engine's sentinel: inputs from other resources, and preview outputs only the provider knows", () => {
    const nodePool = find(demo, NODE_POOL, "general");
    assert.equal(nodePool.inputs.clusterId, UNKNOWN);
    assert.equal(nodePool.inputs.kubernetesVersion, "v1.35.2");
    assert.equal(nodePool.outputs.id, UNKNOWN);
    assert.equal(nodePool.outputs.nodes, UNKNOWN);
    assert.deepEqual(nodePool.outputs.nodeSourceDetails, nodePool.inputs.nodeSourceDetails);
    assert.equal("nodes" in nodePool.inputs, false, "an output-only property is not an input");
  });

  it("gives components the outputs they registered, and custom resources their provider", () => {
    const component = find(demo, COMPONENT, "arm");
    assert.deepEqual(component.inputs, {});
    assert.equal(component.outputs.cycleMode, "INSTANCE_REPLACE");
    assert.equal(component.outputs.imageStatus, "current");
    const provider = find(demo, "pulumi:providers:oci", "default_4_20_0");
    assert.equal(provider.urn, "urn:pulumi:demo::oke-pools::pulumi:providers:oci::default_4_20_0");
    assert.equal(provider.inputs.region, "us-phoenix-1");
    assert.deepEqual(find(demo, NODE_POOL, "arm").provider, {
      urn: provider.urn,
      type: provider.type,
      name: provider.name,
      properties: provider.inputs,
    });
    assert.ok(
      demo.resources.indexOf(provider) < demo.resources.indexOf(find(demo, CLUSTER, "demo")),
      "a default provider comes before its first resource",
    );
  });

  it("counts the catalog invokes (one per distinct filter) and publishes what they answered", () => {
    assert.equal(demo.invokes, 2);
    const published = demo.resources.filter((r) => r.type === "okepools:index:ImageCatalog");
    assert.deepEqual(published.map((r) => r.name).sort(), [
      "image-catalog-all-ol8-aarch64",
      "image-catalog-all-ol8-x86_64",
    ]);
    const arm = published.find((r) => r.name.endsWith("aarch64"))!;
    assert.ok(
      (arm.outputs.sources as { sourceName: string }[]).every((s) =>
        s.sourceName.includes("aarch64"),
      ),
    );
  });

  it("runs a second program in the same process with nothing carried over, and captures warnings with their resource", async () => {
    const stale = await record("stale-image");
    assert.ok(
      stale.resources.every((r) => r.urn.startsWith("urn:pulumi:stale-image::oke-pools::")),
    );
    assert.equal(stale.resources.filter((r) => r.type === NODE_POOL).length, 2);
    const warning = stale.logs.find((l) => l.severity === "warning" && /retired/.test(l.message));
    assert.ok(warning, `no retired warning among ${JSON.stringify(stale.logs)}`);
    assert.equal(
      warning.urn,
      "urn:pulumi:stale-image::oke-pools::okepools:index:OkeNodePool::legacy",
    );
    assert.equal(find(stale, COMPONENT, "legacy").outputs.imageStatus, "retired");
  });

  it("nests components: a blue/green colour's node pool has both component types in its URN", async () => {
    const bg = await record("bluegreen");
    const green = find(bg, NODE_POOL, "web-green");
    assert.equal(
      green.urn,
      "urn:pulumi:bluegreen::oke-pools::okepools:index:BlueGreenNodePool$okepools:index:OkeNodePool$oci:ContainerEngine/nodePool:NodePool::web-green",
    );
    assert.equal(
      green.parent,
      "urn:pulumi:bluegreen::oke-pools::okepools:index:BlueGreenNodePool$okepools:index:OkeNodePool::web-green",
    );
  });

  it("links worker-IP backends to the node pool through the ipAddress property dependency; known IPs in an update", async () => {
    const preview = await record("lb-worker-ips");
    const pool = find(preview, NODE_POOL, "web");
    const backends = preview.resources.filter((r) => r.type === "oci:LoadBalancer/backend:Backend");
    assert.equal(backends.length, 2, "one backend per node of the pool (size 2)");
    for (const b of backends) {
      assert.deepEqual(b.propertyDependencies?.ipAddress, [pool.urn]);
      assert.equal(b.inputs.ipAddress, UNKNOWN);
      assert.equal(b.inputs.port, 30080);
    }
    const update = await record("lb-worker-ips", false);
    const nodes = find(update, NODE_POOL, "web").outputs.nodes as { privateIp: string }[];
    assert.equal(nodes.length, 2);
    const ips = update.resources
      .filter((r) => r.type === "oci:LoadBalancer/backend:Backend")
      .map((b) => b.inputs.ipAddress);
    assert.deepEqual(
      ips,
      nodes.map((n) => n.privateIp),
    );
    assert.notEqual(find(update, NODE_POOL, "web").outputs.id, UNKNOWN);
  });

  it("fails with the program's own message when the config is invalid", async () => {
    const config = { ...configOf("demo"), "oke-pools:kubernetesVersion": "banana" };
    await assert.rejects(
      recordProgram({ stack: "demo", config, catalog: SAMPLE }),
      (e: unknown) =>
        e instanceof ProgramError &&
        /oke-pools:kubernetesVersion: "banana" — expected a Kubernetes version/.test(e.message),
    );
    // …and the runtime is usable again afterwards.
    assert.equal((await record("demo")).resources.length, demo.resources.length);
  });
});
