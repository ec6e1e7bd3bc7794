/**
 * The library's main export (package `okepools`): the components, their arguments and outputs,
 * the image catalog source, and the pure rules a consumer needs to reason about pools. Importing
 * it declares nothing; the stack program of this repository is index.ts, not this module.
 */
export * from "./args";
export { InvalidArgumentsError } from "./argsError";
export { OkeNodePool, validateOkeNodePoolArgs } from "./okeNodePool";
export type { OkeNodePoolArgs, PairMembership } from "./okeNodePool";
export { BlueGreenNodePool, validateBlueGreenArgs } from "./blueGreenNodePool";
export type { BlueGreenNodePoolArgs } from "./blueGreenNodePool";
export { ImageCatalogSource, programCatalogSource } from "./imageCatalogSource";
export type { NodePoolOptionFetcher } from "./imageCatalogSource";

// The pure core: catalogs, image names, versions, skew, blue/green plans, tags.
export { ImageCatalog, CatalogFormatError } from "../core/catalog";
export type { CatalogEntry, CatalogSource, ImageCriteria } from "../core/catalog";
export type { CatalogFilter, OsArchFilter, OsTypeFilter } from "../core/catalogFilter";
export { assessPin, criteriaFor } from "../core/imageStatus";
export type { ImageRef, ImageStatus, PinAssessment } from "../core/imageStatus";
export { parseImageName } from "../core/imageName";
export type { CpuArch, ImageNameParse, OkeImageName } from "../core/imageName";
export {
  compareKubeVersions,
  formatKubeVersion,
  parseKubeVersion,
  sameKubeVersion,
} from "../core/kubeVersion";
export type { KubeVersion } from "../core/kubeVersion";
export { checkSkew, supportedMinorSkew } from "../core/skew";
export type { SkewOptions, SkewVerdict } from "../core/skew";
export {
  colourNodeSelector,
  colourPoolName,
  planBlueGreenPair,
  poolIdentity,
} from "../core/blueGreen";
export type {
  BlueGreenDecision,
  BlueGreenPlan,
  ColourPlan,
  ColourState,
  PoolIdentity,
} from "../core/blueGreen";
export { ConfigError } from "../core/configError";
export type { ResolvedNodePool } from "../core/nodePoolSpec";
export * as tags from "../core/tags";
