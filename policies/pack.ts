import type { Policies } from "@pulumi/policy";
import { AksNodeOsUpgradeChannelArgs, aksNodeOsUpgradeChannel } from "./aksNodeOsUpgradeChannel";
import { BlueGreenPairArgs, blueGreenPair } from "./blueGreenPair";
import { CyclingSettingsArgs, nodePoolCyclingSettings } from "./cyclingSettings";
import { DrainBlockingBudgetArgs, drainBlockingDisruptionBudget } from "./drainBlockingBudget";
import { ImageAgeArgs, nodePoolImageAge } from "./imageAge";
import { ImageMatchesShapeArgs, nodePoolImageMatchesShape } from "./imageMatchesShape";
import { ImageMatchesVersionArgs, nodePoolImageMatchesVersion } from "./imageMatchesVersion";
import { ImageNotRetiredArgs, nodePoolImageNotRetired } from "./imageNotRetired";
import { VersionSkewArgs, nodePoolVersionSkew } from "./versionSkew";
import { WorkerIpDependencyArgs, workerIpDependency } from "./workerIpDependency";

export const PACK_NAME = "oke-upgrade-guard";
export const PACK_DESCRIPTION =
  "Keeps OKE and AKS node pools upgradeable: current images, supported version skew, and cycling settings that do not stall or break upgrades.";

/** Per-policy factory arguments, e.g. to add a provider's extractors or change a default level. */
export interface PackArgs {
  readonly imageNotRetired?: ImageNotRetiredArgs;
  readonly versionSkew?: VersionSkewArgs;
  readonly imageMatchesVersion?: ImageMatchesVersionArgs;
  readonly imageMatchesShape?: ImageMatchesShapeArgs;
  readonly cyclingSettings?: CyclingSettingsArgs;
  readonly workerIpDependency?: WorkerIpDependencyArgs;
  readonly drainBlockingBudget?: DrainBlockingBudgetArgs;
  readonly imageAge?: ImageAgeArgs;
  readonly blueGreenPair?: BlueGreenPairArgs;
  readonly aksNodeOsUpgradeChannel?: AksNodeOsUpgradeChannelArgs;
}

/** The pack's policies with their default levels (see POLICIES.md); building them starts nothing. */
export function packPolicies(args: PackArgs = {}): Policies {
  return [
    nodePoolImageNotRetired(args.imageNotRetired),
    nodePoolVersionSkew(args.versionSkew),
    nodePoolImageMatchesVersion(args.imageMatchesVersion),
    nodePoolImageMatchesShape(args.imageMatchesShape),
    nodePoolCyclingSettings(args.cyclingSettings),
    workerIpDependency(args.workerIpDependency),
    drainBlockingDisruptionBudget(args.drainBlockingBudget),
    nodePoolImageAge(args.imageAge),
    blueGreenPair(args.blueGreenPair),
    aksNodeOsUpgradeChannel(args.aksNodeOsUpgradeChannel),
  ];
}
