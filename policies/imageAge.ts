import { ImageCatalog } from "../core/catalog";
import { OkeImageName, imageAgeDays, imageSortKey } from "../core/imageName";
import { criteriaFor } from "../core/imageStatus";
import { KubeVersion, compareKubeVersions, formatKubeVersion } from "../core/kubeVersion";
import { ShapeImageNeeds } from "../core/shape";
import {
  CATALOG_COMMAND,
  CatalogFiles,
  ConfiguredCatalog,
  catalogSchema,
  configuredCatalog,
  packFiles,
} from "./lib/catalogConfig";
import { ConfigProblem, PropertySchema, readProperties } from "./lib/config";
import { Finding, RawConfig } from "./lib/finding";
import {
  effectiveVersion,
  howToSet,
  imageLabel,
  imageStack,
  namedPools,
  recommend,
  shapeNeeds,
} from "./lib/images";
import { buildStackModel, controlPlaneOf, poolLabel } from "../core/oke";
import { AksImageAgeConfig, aksImageAgeConfig, aksImageAgeProperties } from "./aks/nodeImages";

export const IMAGE_AGE = "node-pool-image-age";

/** The newest patch of `version`'s minor (newer than it) with an image for the pool's needs and OS. */
function newestPatchImage(
  catalog: ImageCatalog,
  version: KubeVersion,
  needs: ShapeImageNeeds,
  os: Pick<OkeImageName, "osFamily" | "osMajor">,
) {
  const patches = catalog
    .kubernetesVersions()
    .filter(
      (v) =>
        v.major === version.major &&
        v.minor === version.minor &&
        compareKubeVersions(v, version) > 0,
    )
    .reverse();
  for (const v of patches) {
    const image = catalog.newest(criteriaFor(v, needs, os));
    if (image && imageSortKey(image.image) > 0) return { version: v, image };
  }
  return undefined;
}

const maxImageAgeProperties = {
  maxImageAgeDays: {
    type: "integer",
    minimum: 1,
    maximum: 3650,
    default: 90,
    description:
      "Oldest acceptable image build, in days before now (the build date is read from the image's source name).",
  },
} satisfies Record<string, PropertySchema>;

export const imageAgeProperties = {
  ...maxImageAgeProperties,
  ...catalogSchema,
  ...aksImageAgeProperties,
} satisfies Record<string, PropertySchema>;

export interface ImageAgeConfig {
  readonly maxImageAgeDays: number;
  /** The catalog given in the config; the stack's published catalogs are read by the rule. */
  readonly configured: ConfiguredCatalog;
  /** The AKS rule's settings (`aksMaxNodeImageAgeDays`). */
  readonly aks: AksImageAgeConfig;
}

export function imageAgeConfig(
  raw: RawConfig,
  env: { readonly files: CatalogFiles } = { files: packFiles },
): {
  config: ImageAgeConfig;
  problems: ConfigProblem[];
} {
  const problems: ConfigProblem[] = [];
  const { maxImageAgeDays } = readProperties(maxImageAgeProperties, raw, problems);
  const configured = configuredCatalog(raw, env.files);
  const aks = aksImageAgeConfig(raw);
  problems.push(...configured.problems, ...aks.problems);
  return { config: { maxImageAgeDays, configured, aks: aks.config }, problems };
}

/**
 * Each pool whose image name is known (catalog, `nodeImageName` or okepools tag): its build date
 * against `now`. `now` is a parameter so tests can fix it; the policy passes the real clock
 * (or OKEPOOLS_NOW, see lib/clock.ts).
 */
export function imageAgeRule(
  resources: unknown,
  config: Pick<ImageAgeConfig, "maxImageAgeDays">,
  catalog: ImageCatalog | undefined,
  now: Date,
): Finding[] {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) return [];
  const ctx = imageStack(buildStackModel(resources), catalog);
  const findings: Finding[] = [];
  for (const { pool, ref, named } of namedPools(ctx)) {
    const image = named.image;
    const age = imageAgeDays(image, now);
    if (!(age > config.maxImageAgeDays)) continue;
    const version =
      effectiveVersion(pool, controlPlaneOf(pool, ctx.model)) ?? image.kubernetesVersion;
    const needs = shapeNeeds(pool) ?? { arch: image.arch, gpu: image.gpu };
    const better = recommend(ctx.merged, version, needs, image);
    const patch =
      version && ctx.merged ? newestPatchImage(ctx.merged, version, needs, image) : undefined;
    const fix =
      better && better.name.recognised && imageSortKey(better.name.image) > imageSortKey(image)
        ? `Update it: ${howToSet(ref, better)}, built ${better.name.image.buildDate}.`
        : patch
          ? `No newer build exists for ${formatKubeVersion(version!)}, but its minor's newest patch does: set kubernetesVersion to ${formatKubeVersion(patch.version)} and, in the same update, ${howToSet(ref, patch.image)}, built ${patch.image.image.buildDate}.`
          : `Move to the newest current image for the pool's Kubernetes version (\`${CATALOG_COMMAND}\` lists them), upgrading the version if no newer build exists for it.`;
    findings.push({
      urn: pool.urn,
      message: `${poolLabel(pool)} runs image ${imageLabel(named)}, built ${image.buildDate}: ${age} days old, more than the ${config.maxImageAgeDays} allowed. Older builds lack the OS and Kubernetes fixes of newer ones. ${fix}`,
    });
  }
  return findings;
}
