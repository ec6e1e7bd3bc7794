/** The documented argument interfaces (components/args.ts) and the zod schemas that validate them stay in step. */
import * as assert from "assert";
import type { z } from "zod";
import { BlueGreenColourArgs, NodePoolSettingsArgs } from "../../components/args";
import { blueGreenColourSchema } from "../../core/blueGreenSchema";
import { nodePoolSettingsSchema, nodePoolSettingsShape } from "../../core/nodePoolSpec";

// Compile-time: every documented value is accepted by the validator, and everything the
// validator produces fits the documented interface (npm run typecheck fails otherwise).
type Accepts<Schema, Args> = Args extends Schema ? true : never;
const settingsIn: Accepts<z.input<typeof nodePoolSettingsSchema>, NodePoolSettingsArgs> = true;
const settingsOut: Accepts<NodePoolSettingsArgs, z.output<typeof nodePoolSettingsSchema>> = true;
const colourIn: Accepts<z.input<typeof blueGreenColourSchema>, BlueGreenColourArgs> = true;
const colourOut: Accepts<BlueGreenColourArgs, z.output<typeof blueGreenColourSchema>> = true;

describe("component argument interfaces", () => {
  it("name exactly the keys the validator checks", () => {
    const documented: Record<keyof NodePoolSettingsArgs, true> = {
      shape: true,
      ocpus: true,
      memoryInGbs: true,
      size: true,
      kubernetesVersion: true,
      image: true,
      cycling: true,
      preserveNodeIdentity: true,
      eviction: true,
      labels: true,
      bootVolumeSizeInGbs: true,
    };
    assert.deepStrictEqual(
      Object.keys(documented).sort(),
      Object.keys(nodePoolSettingsShape).sort(),
    );
    assert.deepStrictEqual(
      [settingsIn, settingsOut, colourIn, colourOut],
      [true, true, true, true],
    );
  });
});
