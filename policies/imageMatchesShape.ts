import type { EnforcementLevel, PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { ImageCatalog } from "../core/catalog";
import { describeNeeds } from "../core/shape";
import { CatalogFiles, catalogSchema, configuredCatalog, packFiles } from "./lib/catalogConfig";
import { configFindings } from "./lib/config";
import { Finding, stackValidation } from "./lib/finding";
import {
  effectiveVersion,
  howToSet,
  imageLabel,
  imageStack,
  nameImage,
  recommend,
  shapeNeeds,
  wantedLabel,
} from "./lib/images";
import { valueOf } from "../core/read";
import {
  DEFAULT_EXTRACTORS,
  Extractors,
  buildStackModel,
  controlPlaneOf,
  poolLabel,
} from "./pools";

export const IMAGE_MATCHES_SHAPE = "node-pool-image-matches-shape";
export const imageMatchesShapeDescription =
  "A node pool's image must suit its shape: aarch64 images on Arm shapes, GPU images on GPU shapes, x86_64 non-GPU images elsewhere.";
export const imageMatchesShapeSchema: PolicyConfigSchema = { properties: { ...catalogSchema } };

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
  extractors: Extractors = DEFAULT_EXTRACTORS,
): Finding[] {
  const ctx = imageStack(buildStackModel(resources, extractors), catalog);
  const findings: Finding[] = [];
  for (const pool of ctx.model.pools) {
    const needs = shapeNeeds(pool);
    if (!needs || pool.image.state !== "known") continue;
    const named = nameImage(pool.image.value, ctx.catalogs);
    const image = named.image;
    if (!image || (image.arch === needs.arch && image.gpu === needs.gpu)) continue;
    const version =
      effectiveVersion(pool, controlPlaneOf(pool, ctx.model)) ?? image.kubernetesVersion;
    const os = { osFamily: image.osFamily, osMajor: image.osMajor };
    const better = recommend(ctx.merged, version, needs, os);
    const fix =
      better && version
        ? `Use a matching image: ${howToSet(pool.image.value, better)}, the newest current ${wantedLabel(version, needs, os)}.`
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

export interface ImageMatchesShapeArgs {
  /** @default "mandatory" */
  readonly enforcementLevel?: EnforcementLevel;
  /** @default OKE node pools and clusters */
  readonly extractors?: Extractors;
  /** @default the pack directory */
  readonly files?: CatalogFiles;
}

/** `node-pool-image-matches-shape`. Stack phase, so that images named only by a published catalog are checked too. */
export function nodePoolImageMatchesShape(args: ImageMatchesShapeArgs = {}): StackValidationPolicy {
  const extractors = args.extractors ?? DEFAULT_EXTRACTORS;
  const files = args.files ?? packFiles;
  return {
    name: IMAGE_MATCHES_SHAPE,
    description: imageMatchesShapeDescription,
    enforcementLevel: args.enforcementLevel ?? "mandatory",
    configSchema: imageMatchesShapeSchema,
    validateStack: stackValidation(
      IMAGE_MATCHES_SHAPE,
      imageMatchesShapeDescription,
      (resources, raw) => {
        const configured = configuredCatalog(raw, files);
        return [
          ...configFindings(IMAGE_MATCHES_SHAPE, configured.problems),
          ...imageMatchesShapeRule(resources, configured.catalog, extractors),
        ];
      },
    ),
  };
}
