import { ImageCatalog } from "../core/catalog";
import { imageAgeDays, imageSortKey } from "../core/imageName";
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
  nameImage,
  recommend,
  shapeNeeds,
} from "./lib/images";
import { buildStackModel, controlPlaneOf, poolLabel } from "../core/oke";
import { AksImageAgeConfig, aksImageAgeConfig, aksImageAgeProperties } from "./aks/nodeImages";

export const IMAGE_AGE = "node-pool-image-age";

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
  for (const pool of ctx.model.pools) {
    if (pool.image.state !== "known") continue;
    const named = nameImage(pool.image.value, ctx.catalogs);
    const image = named.image;
    if (!image) continue;
    const age = imageAgeDays(image, now);
    if (!(age > config.maxImageAgeDays)) continue;
    const version =
      effectiveVersion(pool, controlPlaneOf(pool, ctx.model)) ?? image.kubernetesVersion;
    const needs = shapeNeeds(pool) ?? { arch: image.arch, gpu: image.gpu };
    const better = recommend(ctx.merged, version, needs, image);
    const fix =
      better && better.name.recognised && imageSortKey(better.name.image) > imageSortKey(image)
        ? `Update it: ${howToSet(pool.image.value, better)}, built ${better.name.image.buildDate}.`
        : `Move to the newest current image for the pool's Kubernetes version (\`${CATALOG_COMMAND}\` lists them), upgrading the version if no newer build exists for it.`;
    findings.push({
      urn: pool.urn,
      message: `${poolLabel(pool)} runs image ${imageLabel(named)}, built ${image.buildDate}: ${age} days old, more than the ${config.maxImageAgeDays} allowed. Older builds lack the OS and Kubernetes fixes of newer ones. ${fix}`,
    });
  }
  return findings;
}
