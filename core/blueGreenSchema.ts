import { z } from "zod";
import { COLOURS, COLOUR_ROLES } from "./blueGreen";
import { nodePoolSettingsShape } from "./nodePoolSpec";

/**
 * The zod shapes of a blue/green pair, shared by the BlueGreenNodePool component's arguments and
 * the `oke-pools:blueGreenPools` stack config. Kept apart from core/blueGreen.ts so that the
 * rules (and the policy pack, which uses their constants) do not need zod.
 */
const NODE_COUNT = "expected a whole number of nodes ≥ 0";
const nodeCount = z
  .number({ message: NODE_COUNT })
  .int({ message: NODE_COUNT })
  .min(0, { message: NODE_COUNT });

/** One colour's settings: every node pool setting (its own version, image, size…) plus its role while inactive. */
export const blueGreenColourSchema = z.strictObject(
  {
    ...nodePoolSettingsShape,
    role: z
      .enum(COLOUR_ROLES, {
        message: `expected ${COLOUR_ROLES.join(" or ")} (only on the inactive colour)`,
      })
      .optional(),
  },
  { message: "expected a colour's node pool settings: { shape, size, image, …, role }" },
);
export type BlueGreenColourSettings = z.infer<typeof blueGreenColourSchema>;

/** The pair-level keys shared by the component's arguments and the stack config. */
export const blueGreenPairShape = {
  active: z.enum(COLOURS, { message: "expected blue or green" }),
  standbySize: nodeCount.optional(),
  canarySize: nodeCount.optional(),
  blue: blueGreenColourSchema.optional(),
  green: blueGreenColourSchema.optional(),
};
