import type { EnforcementLevel, PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { ImageCatalog } from "../core/catalog";
import { OkeImageName, imageAgeDays, imageSortKey } from "../core/imageName";
import { criteriaFor } from "../core/imageStatus";
import { KubeVersion, compareKubeVersions, formatKubeVersion } from "../core/kubeVersion";
import { ShapeImageNeeds } from "../core/shape";
import {
  CATALOG_COMMAND,
  CatalogFiles,
  catalogSchema,
  configuredCatalog,
  packFiles,
} from "./lib/catalogConfig";
import { ConfigProblem, PropertySchema, configFindings, readInteger } from "./lib/config";
import { Finding, RawConfig, stackValidation } from "./lib/finding";
import {
  effectiveVersion,
  howToSet,
  imageLabel,
  imageStack,
  nameImage,
  recommend,
  shapeNeeds,
} from "./lib/images";
import {
  DEFAULT_EXTRACTORS,
  Extractors,
  buildStackModel,
  controlPlaneOf,
  poolLabel,
} from "./pools";
import { aksImageAgeConfig, aksImageAgeProperties, aksImageAgeRule } from "./aks/nodeImages";

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
export const imageAgeDescription =
  "A node pool's worker image should not be older than the configured number of days, so nodes get current OS and Kubernetes fixes.";

export const imageAgeProperties = {
  maxImageAgeDays: {
    type: "integer",
    minimum: 1,
    maximum: 3650,
    default: 90,
    description:
      "Oldest acceptable image build, in days before now (the build date is read from the image's source name).",
  },
  ...catalogSchema,
  ...aksImageAgeProperties,
} satisfies Record<string, PropertySchema>;

export const imageAgeSchema: PolicyConfigSchema = { properties: imageAgeProperties };

export interface ImageAgeConfig {
  readonly maxImageAgeDays: number;
}

export function imageAgeConfig(raw: RawConfig): {
  config: ImageAgeConfig;
  problems: ConfigProblem[];
} {
  const problems: ConfigProblem[] = [];
  return {
    config: {
      maxImageAgeDays: readInteger(
        raw,
        "maxImageAgeDays",
        imageAgeProperties.maxImageAgeDays.default,
        1,
        3650,
        problems,
      ),
    },
    problems,
  };
}

/**
 * Each pool whose image name is known (catalog, `nodeImageName` or okepools tag): its build date
 * against `now`. `now` is a parameter so tests can fix it; the policy passes the real clock
 * (or OKEPOOLS_NOW, see {@link clockFromEnv}).
 */
export function imageAgeRule(
  resources: unknown,
  config: ImageAgeConfig,
  catalog: ImageCatalog | undefined,
  now: Date,
  extractors: Extractors = DEFAULT_EXTRACTORS,
): Finding[] {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) return [];
  const ctx = imageStack(buildStackModel(resources, extractors), catalog);
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
    const patch =
      version && ctx.merged ? newestPatchImage(ctx.merged, version, needs, image) : undefined;
    const fix =
      better && better.name.recognised && imageSortKey(better.name.image) > imageSortKey(image)
        ? `Update it: ${howToSet(pool.image.value, better)}, built ${better.name.image.buildDate}.`
        : patch
          ? `No newer build exists for ${formatKubeVersion(version!)}, but its minor's newest patch does: set kubernetesVersion to ${formatKubeVersion(patch.version)} and, in the same update, ${howToSet(pool.image.value, patch.image)}, built ${patch.image.image.buildDate}.`
          : `Move to the newest current image for the pool's Kubernetes version (\`${CATALOG_COMMAND}\` lists them), upgrading the version if no newer build exists for it.`;
    findings.push({
      urn: pool.urn,
      message: `${poolLabel(pool)} runs image ${imageLabel(named)}, built ${image.buildDate}: ${age} days old, more than the ${config.maxImageAgeDays} allowed. Older builds lack the OS and Kubernetes fixes of newer ones. ${fix}`,
    });
  }
  return findings;
}

/**
 * The clock the policy uses: `OKEPOOLS_NOW` (an ISO date, read once when the pack starts) for
 * tests that drive the pack through the protocol, else the real time. Not a user setting.
 */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): () => Date {
  const fixed = env.OKEPOOLS_NOW;
  if (fixed !== undefined && fixed !== "") {
    const at = new Date(fixed);
    if (!Number.isNaN(at.getTime())) return () => at;
  }
  return () => new Date();
}

export interface ImageAgeArgs {
  /** @default "advisory" */
  readonly enforcementLevel?: EnforcementLevel;
  /** @default OKE node pools and clusters */
  readonly extractors?: Extractors;
  /** @default the pack directory */
  readonly files?: CatalogFiles;
  /** @default {@link clockFromEnv} */
  readonly now?: () => Date;
}

/**
 * `node-pool-image-age`. Stack phase, with the same image-naming sources as the other image
 * policies for OKE; AKS node images (`nodeImageVersion`, an output) against `aksMaxNodeImageAgeDays`.
 */
export function nodePoolImageAge(args: ImageAgeArgs = {}): StackValidationPolicy {
  const extractors = args.extractors ?? DEFAULT_EXTRACTORS;
  const files = args.files ?? packFiles;
  const now = args.now ?? clockFromEnv();
  return {
    name: IMAGE_AGE,
    description: imageAgeDescription,
    enforcementLevel: args.enforcementLevel ?? "advisory",
    configSchema: imageAgeSchema,
    validateStack: stackValidation(IMAGE_AGE, imageAgeDescription, (resources, raw) => {
      const { config, problems } = imageAgeConfig(raw);
      const configured = configuredCatalog(raw, files);
      const aks = aksImageAgeConfig(raw);
      const at = now();
      return [
        ...configFindings(IMAGE_AGE, [...problems, ...configured.problems, ...aks.problems]),
        ...imageAgeRule(resources, config, configured.catalog, at, extractors),
        ...aksImageAgeRule(resources, aks.config, at),
      ];
    }),
  };
}
