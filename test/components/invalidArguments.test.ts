/** Invalid component arguments reach Pulumi as an InputPropertiesError, one entry per property path, before anything is registered. */
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { BlueGreenNodePool } from "../../components/blueGreenNodePool";
import { OkeNodePool } from "../../components/okeNodePool";
import { MockWorld, mockWorld, settle } from "../support/pulumiMocks";

const CLUSTER = {
  id: "ocid1.cluster.oc1.phx.aaaaaaaaclusterdemo0000000000",
  kubernetesVersion: "v1.35.2",
};
const COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaacompartment0000000000";
const PLACEMENT = [
  {
    availabilityDomain: "Uocm:PHX-AD-1",
    subnetId: "ocid1.subnet.oc1.phx.aaaaaaaaworkers000000000",
  },
];
const IMAGE = {
  imageId: "ocid1.image.oc1.phx.aaaaaaaaejbgchcccecibcadjehbeegjhhgagdbbdbicdeeacfceidfbafee",
  sourceName: "Oracle-Linux-8.10-2026.10.20-1-OKE-1.35.2-1580",
};

function caught(f: () => unknown): pulumi.InputPropertiesError {
  try {
    f();
  } catch (e) {
    assert.ok(
      pulumi.InputPropertiesError.isInstance(e),
      `not an InputPropertiesError: ${String(e)}`,
    );
    assert.ok(e instanceof pulumi.InputPropertiesError);
    return e;
  }
  assert.fail("no error");
}

describe("invalid component arguments", () => {
  let world: MockWorld;
  beforeEach(() => {
    world = mockWorld();
  });
  afterEach(() => world.restore());

  it("OkeNodePool: one InputPropertyError per path, the message keeps every line", async () => {
    const e = caught(
      () =>
        new OkeNodePool("bad", {
          cluster: CLUSTER,
          compartmentId: COMPARTMENT,
          placement: PLACEMENT,
          shape: "VM.Standard.E5.Flex",
          size: -1,
          image: { ...IMAGE, os: "Oracle-Linux" },
          eviction: { graceDuration: "PT2H" },
        }),
    );
    assert.deepStrictEqual(e.errors.map((x) => x.propertyPath).sort(), ["image.os", "size"]);
    for (const x of e.errors) assert.ok(e.message.includes(x.reason), x.reason);
    assert.match(e.message, /^OkeNodePool "bad": invalid arguments:/);
    await settle();
    assert.deepStrictEqual(world.resources, [], "nothing registered");
  });

  it("BlueGreenNodePool: colour settings under <colour>., pair rules under their key", async () => {
    const e = caught(
      () =>
        new BlueGreenNodePool("web", {
          cluster: CLUSTER,
          compartmentId: COMPARTMENT,
          placement: PLACEMENT,
          active: "green",
          standbySize: 9,
          blue: {
            shape: "VM.Standard.E5.Flex",
            ocpus: 2,
            memoryInGbs: 16,
            size: 3,
            image: IMAGE,
            eviction: { graceDuration: "PT2H" },
          },
          green: { shape: "VM.Standard.E5.Flex", ocpus: 2, memoryInGbs: 16, size: 3, image: IMAGE },
        }),
    );
    assert.deepStrictEqual(e.errors.map((x) => x.propertyPath).sort(), [
      "blue.eviction.graceDuration",
      "standbySize",
    ]);
    await settle();
    assert.deepStrictEqual(world.resources, [], "nothing registered");
  });
});
