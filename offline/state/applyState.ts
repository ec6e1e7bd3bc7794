/**
 * The state `pulumi up` would leave after carrying out a plan, in `pulumi stack export` format
 * (version 3): what the apply pass recorded (known outputs), stored ids kept for same/update,
 * provider references `<provider URN>::<provider id>`. Refused plans are never applied. Used to
 * chain previews (a blue/green cutover, phase by phase) and by `--state-out`.
 */
import { createHash } from "crypto";
import type { Recording } from "../recorder";
import { ExportDocument, StoredState } from "./exportFile";
import { resourceV3 } from "./digest";
import { Plan } from "./planner";

/** The CLI version the manifest names (the engine sources FACTS.md was checked against). */
export const MANIFEST_VERSION = "v3.260.0";

const uuidOf = (seed: string) => {
  const h = createHash("sha256").update(seed).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

export interface ApplyStateInput {
  readonly previous?: StoredState;
  readonly plan?: Plan;
  /** The apply pass (known outputs). */
  readonly recording: Recording;
  /** @default now */
  readonly time?: Date;
}

export function stateAfterApply(input: ApplyStateInput): ExportDocument {
  const time = (input.time ?? new Date()).toISOString().replace(/\.\d{3}Z$/, "Z");
  const previous = input.previous;
  const stepOf = (urn: string) => input.plan?.steps.find((s) => s.urn === urn && s.op !== "delete");
  const providerIds = new Map<string, string>();
  const resources = input.recording.resources.map((r) => {
    const step = stepOf(r.urn);
    const old = step?.old ?? previous?.resources.get(r.urn);
    const unchanged = step ? step.op === "same" || step.op === "update" : old !== undefined;
    const isProvider = r.type.startsWith("pulumi:providers:");
    let id: string | undefined;
    if (isProvider) {
      id = (unchanged && old?.id) || uuidOf(r.urn);
      providerIds.set(r.urn, id);
    } else if (r.custom) id = typeof r.outputs.id === "string" ? r.outputs.id : old?.id;
    const { id: _id, ...outputs } = r.outputs;
    const created = unchanged ? ((old?.exported.created as string | undefined) ?? time) : time;
    const changed = !step || step.op !== "same";
    return resourceV3({
      urn: r.urn,
      custom: r.custom,
      id,
      type: r.type,
      inputs: r.custom && !isProvider ? { __defaults: [], ...r.inputs } : r.inputs,
      outputs: r.custom && !isProvider ? { ...outputs, id } : r.outputs,
      parent: r.parent,
      protect: r.options.protect,
      dependencies: r.dependencies,
      provider:
        r.provider && !isProvider
          ? `${r.provider.urn}::${providerIds.get(r.provider.urn) ?? uuidOf(r.provider.urn)}`
          : undefined,
      propertyDependencies: r.custom ? r.propertyDependencies : undefined,
      retainOnDelete: step?.retainOnDelete,
      created,
      modified: changed ? time : ((old?.exported.modified as string | undefined) ?? time),
    });
  });
  // Deletes that `pulumi up` carries out leave the state; a retained one too (only the cloud resource stays).
  return {
    version: 3,
    deployment: {
      manifest: {
        time,
        magic: createHash("sha256").update(MANIFEST_VERSION).digest("hex"),
        version: MANIFEST_VERSION,
      },
      secrets_providers: (previous?.document.deployment.secrets_providers as
        Record<string, unknown> | undefined) ?? {
        type: "passphrase",
        state: { salt: "v1:offline:preview" },
      },
      resources: resources as unknown as ExportDocument["deployment"]["resources"],
      metadata: {},
    },
  };
}

/** The CLI's export formatting: 4-space indent, no HTML escaping, trailing newline. */
export function formatExport(doc: ExportDocument): string {
  return `${JSON.stringify(doc, null, 4)}\n`;
}
