import { ImageCatalog } from "../core/catalog";
import { describeNeeds } from "../core/shape";
import { Finding } from "./lib/finding";
import {
  effectiveVersion,
  howToSet,
  imageLabel,
  imageStack,
  namedPools,
  recommend,
  shapeNeeds,
  wantedLabel,
} from "./lib/images";
import { valueOf } from "../core/read";
import { buildStackModel, controlPlaneOf, poolLabel } from "../core/oke";

export const IMAGE_MATCHES_SHAPE = "node-pool-image-matches-shape";

function consequence(
  needs: { arch: string; gpu: boolean },
  image: { arch: string; gpu: boolean },
): string {
  if (needs.arch !== image.arch)
    return "the image cannot boot on this processor architecture, so no node of the pool ever joins the cluster";
  if (needs.gpu)
    return "the nodes come up without GPU drivers, so GPU workloads cannot use the GPUs";
  return "GPU images are built for GPU shapes only";
}

/** Each pool with a known shape and a known image name: the image's arch and GPU-ness against the shape's (core/shape.ts). */
export function imageMatchesShapeRule(
  resources: unknown,
  catalog: ImageCatalog | undefined,
): Finding[] {
  const ctx = imageStack(buildStackModel(resources), catalog);
  const findings: Finding[] = [];
  for (const { pool, ref, named } of namedPools(ctx)) {
    const needs = shapeNeeds(pool);
    const image = named.image;
    if (!needs || (image.arch === needs.arch && image.gpu === needs.gpu)) continue;
    const version =
      effectiveVersion(pool, controlPlaneOf(pool, ctx.model)) ?? image.kubernetesVersion;
    const os = { osFamily: image.osFamily, osMajor: image.osMajor };
    const better = recommend(ctx.merged, version, needs, os);
    const fix =
      better && version
        ? `Use a matching image: ${howToSet(ref, better)}, the newest current ${wantedLabel(version, needs, os)}.`
        : `Use a ${describeNeeds(needs)} image (its source name ${needs.arch === "aarch64" ? "contains -aarch64-" : needs.gpu ? "contains -Gen2-GPU-" : "has neither -aarch64- nor -GPU-"}), or change the shape.`;
    findings.push({
      urn: pool.urn,
      message:
        `${poolLabel(pool)} uses shape ${valueOf(pool.shape)}, which takes ${describeNeeds(needs)} images, but its image ${imageLabel(named)} is ` +
        `${describeNeeds({ arch: image.arch, gpu: image.gpu })}: ${consequence(needs, image)}. ${fix}`,
    });
  }
  return findings;
}
