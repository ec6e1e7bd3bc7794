import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ImageCatalog } from "../../core/catalog";
import { CycleMode } from "../../core/cycling";
import { parseImageName } from "../../core/imageName";
import { parseKubeVersion } from "../../core/kubeVersion";
import { shapeImageNeeds } from "../../core/shape";
import { StackPool } from "../../core/stackPools";

export const ROOT = path.join(__dirname, "..", "..");
export const STACKS = path.join(ROOT, "stacks");
export const SAMPLE = ImageCatalog.parse(
  JSON.parse(fs.readFileSync(path.join(ROOT, "catalog", "sample-catalog.json"), "utf8")),
  "sample",
);

/** The sample catalog's OCID for a source name (fails the test when absent). */
export function idOf(sourceName: string, catalog: ImageCatalog = SAMPLE): string {
  const e = catalog.entries.find((x) => x.sourceName === sourceName);
  if (!e) throw new Error(`fixture: ${sourceName} is not in the catalog`);
  return e.imageId;
}

export function kv(text: string) {
  const v = parseKubeVersion(text);
  if (!v) throw new Error(`fixture: ${text} is not a version`);
  return v;
}

/** A pool as the tools see it; pinned to `sourceName` (OCID from the catalog unless given). */
export function pool(
  name: string,
  opts: {
    shape?: string;
    version?: string;
    sourceName?: string;
    imageId?: string;
    mode?: CycleMode;
    enabled?: boolean;
    keyPath?: string;
    selector?: { osFamily: string; osMajor?: number };
  },
): StackPool {
  const shape = opts.shape ?? "VM.Standard.E5.Flex";
  const parsed = opts.sourceName ? parseImageName(opts.sourceName) : undefined;
  return {
    name,
    keyPath: opts.keyPath ?? `oke-pools:nodePools[${name}]`,
    shape,
    needs: shapeImageNeeds(shape),
    ...(opts.version ? { explicitVersion: kv(opts.version) } : {}),
    image: opts.selector
      ? { kind: "selector", ...opts.selector }
      : {
          kind: "pinned",
          imageId: opts.imageId ?? idOf(opts.sourceName!),
          ...(opts.sourceName ? { sourceName: opts.sourceName } : {}),
          ...(parsed?.recognised ? { parsed: parsed.image } : {}),
        },
    cycleMode: opts.mode ?? "BOOT_VOLUME_REPLACE",
    cyclingEnabled: opts.enabled ?? true,
  };
}

/** A fresh directory with copies of the given stack files (tests never touch stacks/). */
export function tempStacks(...names: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "oke-stacks-"));
  for (const n of names)
    fs.copyFileSync(path.join(STACKS, `Pulumi.${n}.yaml`), path.join(dir, `Pulumi.${n}.yaml`));
  return dir;
}

export function writeTemp(name: string, content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "oke-tooling-"));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

/** Retired in the sample catalog: the stale-image scenario's pin. */
export const RETIRED_ID =
  "ocid1.image.oc1.phx.aaaaaaaaccdjfgdehaggbffggdceadbebbafbcbgccibgjaeicdjbhdejjbi";
export const RETIRED_NAME = "Oracle-Linux-8.10-2025.11.20-0-OKE-1.34.2-1345";
export const REPLACEMENT_NAME = "Oracle-Linux-8.10-2026.10.20-1-OKE-1.34.2-1580";
