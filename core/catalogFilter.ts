import { CatalogSource } from "./catalog";
import { CpuArch, parseImageName } from "./imageName";
import { ShapeImageNeeds } from "./shape";

export type OsTypeFilter = "OL7" | "OL8" | "UBUNTU";
export type OsArchFilter = "X86_64" | "AARCH64";

/** The arguments of one `getNodePoolOption` call; one call is made per distinct filter. */
export interface CatalogFilter {
  /** `all`, or a cluster OCID to list only what that cluster accepts. */
  readonly nodePoolOptionId: string;
  readonly nodePoolOsType?: OsTypeFilter;
  readonly nodePoolOsArch?: OsArchFilter;
}

export function catalogFilterKey(f: CatalogFilter): string {
  return [f.nodePoolOptionId, f.nodePoolOsType ?? "*", f.nodePoolOsArch ?? "*"].join("|");
}

/** The server-side OS type filter for an image's OS, where the API has one. */
export function osTypeFilterFor(
  osFamily: string | undefined,
  osMajor: number | undefined,
): OsTypeFilter | undefined {
  if (osFamily === undefined) return undefined;
  if (osFamily.includes("ubuntu")) return "UBUNTU";
  if (osFamily === "oracle-linux" && (osMajor === 7 || osMajor === 8))
    return osMajor === 7 ? "OL7" : "OL8";
  return undefined;
}

export function archFilterFor(needs: ShapeImageNeeds): OsArchFilter {
  return needs.arch === "aarch64" ? "AARCH64" : "X86_64";
}

/**
 * What the service does with a filter, applied to a full catalog: used by the offline preview
 * and the tests to answer invokes as OCI would.
 */
export function applyCatalogFilter(
  sources: readonly CatalogSource[],
  f: CatalogFilter,
): CatalogSource[] {
  const arch: CpuArch | undefined =
    f.nodePoolOsArch === undefined
      ? undefined
      : f.nodePoolOsArch === "AARCH64"
        ? "aarch64"
        : "x86_64";
  return sources.filter((s) => {
    const name = parseImageName(s.sourceName);
    if (!name.recognised) return f.nodePoolOsArch === undefined && f.nodePoolOsType === undefined;
    if (arch !== undefined && name.image.arch !== arch) return false;
    if (
      f.nodePoolOsType !== undefined &&
      osTypeFilterFor(name.image.osFamily, name.image.osMajor) !== f.nodePoolOsType
    )
      return false;
    return true;
  });
}
