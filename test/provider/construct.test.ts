/**
 * The multi-language component package's Construct, as the engine calls it for a Python, Go or
 * YAML program: the launched plugin builds each component against an in-test ResourceMonitor
 * and registers exactly the NodePools the TypeScript path registers for the same arguments.
 */
import { strict as assert } from "node:assert";
import * as path from "path";
import { BlueGreenNodePool } from "../../components/blueGreenNodePool";
import { OkeNodePool, OkeNodePoolArgs } from "../../components/okeNodePool";
import { BlueGreenNodePoolArgs } from "../../components/blueGreenNodePool";
import { TYPE_OCI_NODE_POOL } from "../../core/tags";
import { mockWorld, settle, valueOf } from "../support/pulumiMocks";
import { IMAGE_1342, IMAGE_1352 } from "../support/blueGreen";
import { Monitor, startMonitor, structPb } from "./support/monitor";
import {
  PROJECT,
  PROVIDER_DIR,
  SharedPlugin,
  STACK,
  STACK_URN,
  grpc,
  providerClient,
  providerPb,
  sharedPlugin,
  unary,
} from "./support/plugin";

const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [PROVIDER_DIR] }));
const statusPb = require(path.join(sdk, "proto", "status_pb.js"));
const errorsPb = require(path.join(sdk, "proto", "errors_pb.js"));

const CLUSTER = {
  id: "ocid1.cluster.oc1.phx.aaaaaaaaclusterdemo0000000000000000000000000000000000000",
  kubernetesVersion: "v1.35.2",
};
const COMPARTMENT =
  "ocid1.compartment.oc1..aaaaaaaacompartment000000000000000000000000000000000000";
const PLACEMENT = [
  {
    availabilityDomain: "Uocm:PHX-AD-1",
    subnetId: "ocid1.subnet.oc1.phx.aaaaaaaaworkers000000000000000000000000000000000000000000",
  },
];
const OLD_1342 = {
  imageId: "ocid1.image.oc1.phx.aaaaaaaaaeaibedcegbbjbbaeeibacfaddbcahigcjffjcbabdccgbdidbeb",
  sourceName: "Oracle-Linux-8.10-2026.06.15-0-OKE-1.34.2-1505",
};
const NEW_1342 = "ocid1.image.oc1.phx.aaaaaaaaddgdfhfaeefhfdecedddhcdhffhbfdbicfbhfcbcdjdcgbbacfbi";

const POOLS: Record<string, OkeNodePoolArgs> = {
  general: {
    cluster: CLUSTER,
    compartmentId: COMPARTMENT,
    placement: PLACEMENT,
    shape: "VM.Standard.E5.Flex",
    ocpus: 2,
    memoryInGbs: 16,
    size: 3,
    image: IMAGE_1352,
    labels: { team: "platform" },
    eviction: { graceDuration: "PT30M", forceDeleteAfterGrace: true },
    cycling: { maximumUnavailable: "1" },
    bootVolumeSizeInGbs: 100,
  },
  batch: {
    cluster: CLUSTER,
    compartmentId: COMPARTMENT,
    placement: PLACEMENT,
    shape: "VM.Standard.E5.Flex",
    ocpus: 2,
    memoryInGbs: 16,
    size: 2,
    kubernetesVersion: "v1.34.2",
    image: OLD_1342,
    preserveNodeIdentity: false,
    freeformTags: { owner: "batch" },
  },
  floating: {
    cluster: CLUSTER,
    compartmentId: COMPARTMENT,
    placement: PLACEMENT,
    shape: "VM.Standard.E5.Flex",
    ocpus: 2,
    memoryInGbs: 16,
    size: 1,
    image: { os: "Oracle-Linux", osVersion: "8" },
  },
};

const PAIR: BlueGreenNodePoolArgs = {
  cluster: CLUSTER,
  compartmentId: COMPARTMENT,
  placement: PLACEMENT,
  active: "blue",
  canarySize: 1,
  blue: {
    shape: "VM.Standard.E5.Flex",
    ocpus: 2,
    memoryInGbs: 16,
    size: 3,
    kubernetesVersion: "v1.34.2",
    image: IMAGE_1342,
    eviction: { graceDuration: "PT30M" },
  },
  green: {
    shape: "VM.Standard.E5.Flex",
    ocpus: 2,
    memoryInGbs: 16,
    size: 3,
    kubernetesVersion: "v1.35.2",
    image: IMAGE_1352,
    role: "canary",
  },
};

type Inputs = Record<string, unknown>;

/** The NodePool inputs the TypeScript path registers (components under Pulumi's mocks), by name. */
async function typescriptNodePools(build: () => unknown[]): Promise<Map<string, Inputs>> {
  const world = mockWorld();
  try {
    for (const c of build())
      if (c instanceof OkeNodePool) await valueOf(c.imageStatus);
      else if (c instanceof BlueGreenNodePool) await valueOf(c.activeNodePool.id);
    await settle();
    return new Map(world.byType(TYPE_OCI_NODE_POOL).map((r) => [r.name, r.inputs]));
  } finally {
    world.restore();
  }
}

function nodePoolsOf(monitor: Monitor): Map<string, Inputs> {
  return new Map(
    monitor.registrations
      .filter((r) => r.type === TYPE_OCI_NODE_POOL)
      .map((r) => [r.name, r.inputs]),
  );
}

/** A JSON round trip drops what the wire drops (undefined), so args compare as sent. */
const wire = (v: unknown) => JSON.parse(JSON.stringify(v)) as Record<string, unknown>;

describe("component package: Construct through the provider protocol", function () {
  this.timeout(300_000);
  let plugin: SharedPlugin;
  let client: any;
  const roundTrips: { what: string; ms: number }[] = [];

  before(async () => {
    plugin = await sharedPlugin();
    client = providerClient(plugin.port);
    // Construct needs the schema's outputs; have the analyzer run before anything is timed.
    await unary(client, "getSchema", new providerPb.GetSchemaRequest());
  });
  after(() => {
    client?.close();
    if (roundTrips.length)
      console.log(
        `      Construct round trip: ${roundTrips.map((r) => `${r.what} ${r.ms.toFixed(0)} ms`).join(", ")}`,
      );
  });

  async function construct(
    monitor: Monitor,
    component: "OkeNodePool" | "BlueGreenNodePool",
    name: string,
    inputs: object,
  ): Promise<{ urn: string; state: Record<string, any> }> {
    const req = new providerPb.ConstructRequest()
      .setProject(PROJECT)
      .setStack(STACK)
      .setDryrun(false)
      .setParallel(16)
      .setMonitorendpoint(monitor.address)
      .setType(`okepools:index:${component}`)
      .setName(name)
      .setParent(STACK_URN)
      .setInputs(structPb.Struct.fromJavaScript(wire(inputs)));
    req.getConfigMap().set("oci:region", "us-phoenix-1");
    const started = process.hrtime.bigint();
    const res = await unary<unknown, any>(client, "construct", req).catch((e: Error) => {
      if ((e as { code?: number }).code !== grpc.status.INVALID_ARGUMENT)
        e.message += `\nplugin stderr:\n${plugin.stderr().slice(0, 6000)}`;
      throw e;
    });
    roundTrips.push({
      what: `${component} ${name}`,
      ms: Number(process.hrtime.bigint() - started) / 1e6,
    });
    return { urn: res.getUrn(), state: res.getState()?.toJavaScript() ?? {} };
  }

  it("OkeNodePool: the NodePools equal the TypeScript path's, the state carries imageStatus and the pool", async () => {
    const expected = await typescriptNodePools(() =>
      Object.entries(POOLS).map(([name, a]) => new OkeNodePool(name, a)),
    );
    const monitor = await startMonitor();
    const logsBefore = plugin.logs.length;
    try {
      const states: Record<string, { urn: string; state: Record<string, any> }> = {};
      for (const [name, a] of Object.entries(POOLS))
        states[name] = await construct(monitor, "OkeNodePool", name, a);

      assert.deepStrictEqual(nodePoolsOf(monitor), expected);
      assert.deepStrictEqual([...expected.keys()].sort(), ["batch", "floating", "general"]);

      const general = states.general;
      assert.equal(
        general.urn,
        `urn:pulumi:${STACK}::${PROJECT}::okepools:index:OkeNodePool::general`,
      );
      assert.equal(general.state.imageStatus, "current");
      assert.equal(general.state.imageId, IMAGE_1352.imageId);
      assert.equal(general.state.imageSourceName, IMAGE_1352.sourceName);
      assert.equal(general.state.kubernetesVersion, "v1.35.2");
      assert.equal(general.state.cycleMode, "BOOT_VOLUME_REPLACE");
      assert.deepEqual(general.state.nodeSelector, { "okepools.io/pool": "general" });
      const poolUrn = monitor.registrations.find(
        (r) => r.type === TYPE_OCI_NODE_POOL && r.name === "general",
      )!.urn;
      assert.equal(
        poolUrn,
        `${general.urn.replace("::general", "")}$${TYPE_OCI_NODE_POOL}::general`,
      );
      assert.equal(general.state.nodePool?.urn, poolUrn, "nodePool is a reference to the NodePool");
      assert.equal(general.state.nodePoolId, "general-id");

      assert.equal(states.batch.state.imageStatus, "update-available");
      assert.equal(states.batch.state.replacementImageId, NEW_1342);
      assert.equal(states.batch.state.cycleMode, "INSTANCE_REPLACE");
      assert.equal(states.floating.state.imageStatus, "current");

      const componentOutputs = monitor.outputs.get(general.urn);
      assert.equal(componentOutputs?.imageStatus, "current", "RegisterResourceOutputs was sent");
      assert.ok(monitor.invokes.length >= 1);
      const warnings = plugin.logs.slice(logsBefore).filter((l) => l.severity === 2);
      assert.ok(
        warnings.some((w) =>
          /floating: the image is chosen from the catalog by OS/.test(w.message),
        ),
        `the floating-image warning reaches the engine: ${JSON.stringify(warnings)}`,
      );
    } finally {
      monitor.close();
    }
  });

  it("BlueGreenNodePool: both colours' NodePools equal the TypeScript path's, the state names the active pool", async () => {
    const expected = await typescriptNodePools(() => [new BlueGreenNodePool("web", PAIR)]);
    const monitor = await startMonitor();
    try {
      const { urn, state } = await construct(monitor, "BlueGreenNodePool", "web", PAIR);
      assert.deepStrictEqual(nodePoolsOf(monitor), expected);
      assert.deepStrictEqual([...expected.keys()].sort(), ["web-blue", "web-green"]);
      assert.equal(urn, `urn:pulumi:${STACK}::${PROJECT}::okepools:index:BlueGreenNodePool::web`);
      assert.equal(state.activeColour, "blue");
      assert.equal(state.pairName, "web");
      assert.deepEqual(state.activeNodeSelector, {
        "okepools.io/pair": "web",
        "okepools.io/colour": "blue",
      });
      const blue = monitor.registrations.find((r) => r.name === "web-blue" && r.custom)!;
      assert.equal(state.activeNodePool?.urn, blue.urn);
      assert.equal(state.blueNodePool?.urn, blue.urn);
      assert.ok(state.greenNodePool?.urn.endsWith("::web-green"));
    } finally {
      monitor.close();
    }
  });

  it("invalid arguments come back as InvalidArgument with one InputPropertiesError entry per path, nothing registered", async () => {
    const monitor = await startMonitor();
    try {
      const err = await construct(monitor, "OkeNodePool", "bad", {
        ...POOLS.general,
        size: -1,
        image: { ...IMAGE_1352, os: "Oracle-Linux" },
      }).then(
        () => assert.fail("Construct succeeded"),
        (e: any) => e,
      );
      assert.equal(err.code, grpc.status.INVALID_ARGUMENT);
      assert.match(err.details, /^OkeNodePool "bad": invalid arguments:/);
      const [bin] = err.metadata.get("grpc-status-details-bin") as Buffer[];
      const status = statusPb.Status.deserializeBinary(new Uint8Array(bin));
      const [detail] = status.getDetailsList();
      assert.equal(detail.getTypeName(), "pulumirpc.InputPropertiesError");
      const errors = errorsPb.InputPropertiesError.deserializeBinary(detail.getValue())
        .getErrorsList()
        .map((e: any) => ({ path: e.getPropertyPath(), reason: e.getReason() }));
      assert.deepStrictEqual(errors.map((e: { path: string }) => e.path).sort(), [
        "image.os",
        "size",
      ]);
      for (const e of errors) assert.ok(e.reason.length > 0, e.path);
      assert.deepStrictEqual(monitor.registrations, [], "nothing registered");
    } finally {
      monitor.close();
    }
  });
});
