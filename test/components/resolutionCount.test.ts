import { strict as assert } from "node:assert";
import * as spec from "../../core/nodePoolSpec";
import { BlueGreenNodePool } from "../../components/blueGreenNodePool";
import { validateStackConfig } from "../../program/stackConfig";
import { settle, valueOf } from "../support/pulumiMocks";
import { BLUEGREEN_STACK, IMAGE_1342, IMAGE_1352, tappedWorld } from "../support/blueGreen";

function counting<T>(run: () => T): { result: T; calls: Record<string, number> } {
  const original = spec.resolveNodePool;
  const calls: Record<string, number> = {};
  (spec as { resolveNodePool: typeof original }).resolveNodePool = (subject, prefix, raw, c) => {
    const colour = /.*(blue|green)/.exec(`${subject} ${prefix}`)?.[1] ?? "other";
    calls[colour] = (calls[colour] ?? 0) + 1;
    return original(subject, prefix, raw, c);
  };
  try {
    return { result: run(), calls };
  } finally {
    (spec as { resolveNodePool: typeof original }).resolveNodePool = original;
  }
}

describe("measure", () => {
  let world: ReturnType<typeof tappedWorld>;
  beforeEach(() => (world = tappedWorld()));
  afterEach(() => world.restore());
  it("counts", async () => {
    const colour = (v: string, image: object) => ({
      shape: "VM.Standard.E5.Flex", ocpus: 2, memoryInGbs: 16, size: 3, kubernetesVersion: v, image,
    });
    const { result: pair, calls: a } = counting(
      () =>
        new BlueGreenNodePool("web", {
          cluster: { id: "ocid1.cluster.oc1.phx.aaaaaaaaclusterdemo0000000000000000000000000000000000000", kubernetesVersion: "v1.35.2" },
          compartmentId: "ocid1.compartment.oc1..aaaaaaaacompartment000000000000000000000000000000000000",
          placement: [{ availabilityDomain: "Uocm:PHX-AD-1", subnetId: "ocid1.subnet.oc1.phx.aaaaaaaaworkers000000000000000000000000000000000000000000" }],
          active: "green",
          blue: colour("v1.34.2", IMAGE_1342),
          green: colour("v1.35.2", IMAGE_1352),
        }),
    );
    for (const p of Object.values(pair.pools)) await valueOf(p!.nodePool.id);
    await settle();
    const { calls: b } = counting(() => validateStackConfig(BLUEGREEN_STACK));
    console.log("construction", JSON.stringify(a), "stack", JSON.stringify(b));
  });
});
import { recordStack } from "../support/blueGreen";
describe("measure program", () => {
  it("counts the whole program", async () => {
    const original = spec.resolveNodePool;
    const calls: Record<string, number> = {};
    (spec as { resolveNodePool: typeof original }).resolveNodePool = (subject, prefix, raw, c) => {
      const colour = /.*(blue|green)/.exec(`${subject} ${prefix}`)?.[1] ?? "other";
      calls[colour] = (calls[colour] ?? 0) + 1;
      return original(subject, prefix, raw, c);
    };
    try {
      await recordStack(BLUEGREEN_STACK);
    } finally {
      (spec as { resolveNodePool: typeof original }).resolveNodePool = original;
    }
    console.log("program", JSON.stringify(calls));
  });
});
