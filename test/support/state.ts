import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { EMBEDDED_DEMO_MARKER } from "../../offline/catalogFile";
import { PreviewOptions, PreviewResult, previewStack } from "../../offline/preview";
import type { RecordedResource } from "../../offline/recorder";
import { ExportDocument, StoredState, parseState } from "../../offline/state/exportFile";
import { STACKS } from "./tooling";

export const EMPTY_STATE: StoredState = parseState({ version: 3, deployment: { resources: [] } });

/** A temp stacks dir holding one stack file with `config` (the `config:` map). */
export function stackDir(stack: string, config: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "oke-state-"));
  // An embedded demo stack (the only ones the embedded sample catalog judges) keeps its marker.
  fs.writeFileSync(
    path.join(dir, `Pulumi.${stack}.yaml`),
    `${EMBEDDED_DEMO_MARKER}\n${YAML.stringify({ config })}`,
  );
  return dir;
}

/** A shipped stack file's config, to vary in a test. */
export function stackConfig(stack: string): Record<string, unknown> {
  const doc = YAML.parse(fs.readFileSync(path.join(STACKS, `Pulumi.${stack}.yaml`), "utf8")) as {
    config: Record<string, unknown>;
  };
  return structuredClone(doc.config);
}

export function readState(file: string): StoredState {
  return parseState(JSON.parse(fs.readFileSync(file, "utf8")), file);
}

/** The export document round-tripped through JSON, as a file would be read. */
export function reread(doc: ExportDocument): StoredState {
  return parseState(JSON.parse(JSON.stringify(doc)));
}

export async function preview(
  stack: string,
  config: Record<string, unknown>,
  state: StoredState,
  extra: Partial<PreviewOptions> = {},
): Promise<KeptPreview> {
  const r = await previewStack({
    stack,
    stacksDir: stackDir(stack, config),
    state,
    keepResources: true,
    ...extra,
  });
  const resources = r.recording.resources;
  if (!resources) throw new Error("previewStack kept no resources despite keepResources");
  return { ...r, recording: { ...r.recording, resources } };
}

/** A preview run with `keepResources`: its recorded resources are there. */
export type KeptPreview = PreviewResult & {
  readonly recording: PreviewResult["recording"] & {
    readonly resources: readonly RecordedResource[];
  };
};

/** One `pulumi up`: the preview, then the apply pass; returns both and the state it leaves. */
export async function up(
  stack: string,
  config: Record<string, unknown>,
  state: StoredState,
): Promise<{ result: KeptPreview; state: StoredState }> {
  const result = await preview(stack, config, state, { apply: true });
  if (!result.applied) throw new Error(`the update was not applied:\n${result.text}`);
  return { result, state: reread(result.applied.state) };
}

export const opsOf = (r: PreviewResult) =>
  Object.fromEntries(
    (r.plan?.steps ?? [])
      .filter((s) => !s.type.startsWith("pulumi:"))
      .map((s) => [`${s.type.split(":").pop()}::${s.name}`, s.op]),
  );
