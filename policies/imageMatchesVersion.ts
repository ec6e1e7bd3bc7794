import { ImageCatalog } from "../core/catalog";
import { compareKubeVersions, formatKubeVersion, formatKubeVersionBare } from "../core/kubeVersion";
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
import { buildStackModel, controlPlaneOf, poolLabel } from "../core/oke";

export const IMAGE_MATCHES_VERSION = "node-pool-image-matches-version";

/**
 * Each pool whose image name is known (catalog, `nodeImageName` or okepools tag) and carries a
 * Kubernetes version (OKE images; plain platform images do not) against the pool's version, or
 * its control plane's when the pool has none. Unknowns are skipped.
 */
export function imageMatchesVersionRule(
  resources: unknown,
  catalog: ImageCatalog | undefined,
): Finding[] {
  const ctx = imageStack(buildStackModel(resources), catalog);
  const findings: Finding[] = []; // unreadable published catalogs are reported once, by node-pool-image-not-retired
  for (const { pool, ref, named } of namedPools(ctx)) {
    const imageVersion = named.image.kubernetesVersion;
    if (!imageVersion) continue;
    const cp = controlPlaneOf(pool, ctx.model);
    const version = effectiveVersion(pool, cp);
    if (!version || compareKubeVersions(version, imageVersion) === 0) continue;
    const os = { osFamily: named.image.osFamily, osMajor: named.image.osMajor };
    const needs = shapeNeeds(pool) ?? { arch: named.image.arch, gpu: named.image.gpu };
    const better = recommend(ctx.merged, version, needs, os);
    const whose =
      pool.kubernetesVersion.state === "known"
        ? ""
        : ` (its ${cp?.label ?? "cluster"}'s version, as it sets none)`;
    const fix = better
      ? `Set image and version in the same update: ${howToSet(ref, better)}, the newest current ${wantedLabel(version, needs, os)}.`
      : `Pick an image built for ${formatKubeVersion(version)} (its source name contains -OKE-${formatKubeVersionBare(version)}-) and set it in the same update as kubernetesVersion.`;
    findings.push({
      urn: pool.urn,
      message:
        `${poolLabel(pool)} runs Kubernetes ${formatKubeVersion(version)}${whose} but its image ${imageLabel(named)} is built for ${formatKubeVersion(imageVersion)}: ` +
        `OKE rejects the change with 409 Conflict ("Kubernetes version does not match Kubernetes version of OKE worker node image"). ${fix}`,
    });
  }
  return findings;
}
