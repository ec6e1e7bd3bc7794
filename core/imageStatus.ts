import { CatalogEntry, ImageCatalog, ImageCriteria } from "./catalog";
import { OkeImageName, imageSortKey, parseImageName } from "./imageName";
import { KubeVersion, sameKubeVersion } from "./kubeVersion";
import { ShapeImageNeeds } from "./shape";

export type ImageStatus = "current" | "update-available" | "retired";

/** A pool's image reference: the OCID, and the source name where known (catalog, tags or config). */
export interface ImageRef {
  readonly imageId: string;
  readonly sourceName?: string;
}

export interface PinAssessment {
  readonly status: ImageStatus;
  /** The source name from the catalog, else the one supplied with the pin. */
  readonly sourceName?: string;
  /** The newest current image for the pool's version, OS, arch and GPU-ness, when it differs from the pin. */
  readonly replacement?: CatalogEntry;
  /** What the replacement was chosen by. */
  readonly criteria: ImageCriteria;
}

/** The criteria a pool's image must meet: its version, its shape's needs and, when known, its image's OS. */
export function criteriaFor(
  kubernetesVersion: KubeVersion,
  needs: ShapeImageNeeds,
  osOf?: Pick<OkeImageName, "osFamily" | "osMajor">,
): ImageCriteria {
  return {
    kubernetesVersion,
    arch: needs.arch,
    gpu: needs.gpu,
    ...(osOf ? { osFamily: osOf.osFamily, osMajor: osOf.osMajor } : {}),
  };
}

/**
 * Where a pinned image stands against the catalog: retired (absent), update-available (a newer
 * image for the same version, OS family and major, arch and GPU-ness) or current.
 */
export function assessPin(
  catalog: ImageCatalog,
  pin: ImageRef,
  kubernetesVersion: KubeVersion,
  needs: ShapeImageNeeds,
): PinAssessment {
  const entry = catalog.lookup(pin.imageId);
  const sourceName = entry?.sourceName ?? pin.sourceName;
  const parsed = sourceName === undefined ? undefined : parseImageName(sourceName);
  const os = parsed?.recognised ? parsed.image : undefined;
  const criteria = criteriaFor(kubernetesVersion, needs, os);
  const best = catalog.newest(criteria);
  const base = sourceName === undefined ? { criteria } : { criteria, sourceName };
  if (!entry)
    return best
      ? { ...base, status: "retired", replacement: best }
      : { ...base, status: "retired" };
  // An image built for another Kubernetes version is never "current" for this pool, even if newer.
  const builtForOtherVersion =
    !!os?.kubernetesVersion && !sameKubeVersion(os.kubernetesVersion, kubernetesVersion);
  if (
    best &&
    best.imageId !== entry.imageId &&
    (!os || builtForOtherVersion || imageSortKey(best.image) > imageSortKey(os))
  ) {
    return { ...base, status: "update-available", replacement: best };
  }
  return { ...base, status: "current" };
}
