import type { EnforcementLevel, Policies } from "@pulumi/policy";
import { aksKind, isAksClusterKind } from "../core/aks/types";
import { TYPE_OCI_NODE_POOL } from "../core/tags";
import { aksImageAgeRule, aksImageNotRetiredRule } from "./aks/nodeImages";
import { aksUpgradeSettingsRule } from "./aks/upgradeSettings";
import { aksVersionSkewRule } from "./aks/versionSkew";
import {
  AKS_NODE_OS_UPGRADE_CHANNEL,
  aksNodeOsUpgradeChannelConfig,
  aksNodeOsUpgradeChannelProperties,
  aksNodeOsUpgradeChannelRule,
} from "./aksNodeOsUpgradeChannel";
import {
  BLUE_GREEN_PAIR,
  blueGreenPairConfig,
  blueGreenPairProperties,
  blueGreenPairRule,
} from "./blueGreenPair";
import {
  CYCLING_SETTINGS,
  cyclingSettingsConfig,
  cyclingSettingsProperties,
  cyclingSettingsRule,
} from "./cyclingSettings";
import {
  DRAIN_BLOCKING_BUDGET,
  drainBlockingBudgetConfig,
  drainBlockingBudgetProperties,
  drainBlockingBudgetRule,
} from "./drainBlockingBudget";
import { IMAGE_AGE, imageAgeConfig, imageAgeProperties, imageAgeRule } from "./imageAge";
import { IMAGE_MATCHES_SHAPE, imageMatchesShapeRule } from "./imageMatchesShape";
import { IMAGE_MATCHES_VERSION, imageMatchesVersionRule } from "./imageMatchesVersion";
import {
  IMAGE_NOT_RETIRED,
  imageNotRetiredConfig,
  imageNotRetiredProperties,
  imageNotRetiredResourceRule,
  imageNotRetiredStackRule,
} from "./imageNotRetired";
import { catalogOnlyConfig, catalogSchema } from "./lib/catalogConfig";
import { PackEnv, PolicySpec, packEnv, toPolicy } from "./lib/policy";
import {
  VERSION_SKEW,
  versionSkewConfig,
  versionSkewProperties,
  versionSkewRule,
} from "./versionSkew";
import {
  WORKER_IP_DEPENDENCY,
  workerIpDependencyConfig,
  workerIpDependencyProperties,
  workerIpDependencyRule,
} from "./workerIpDependency";

export const PACK_NAME = "oke-upgrade-guard";
export const PACK_DESCRIPTION =
  "Keeps OKE and AKS node pools upgradeable: current images, supported version skew, and cycling settings that do not stall or break upgrades.";

/** A row of the table, with its config type checked against its rules. */
function policy<C>(spec: PolicySpec<C>): PolicySpec<unknown> {
  return spec as PolicySpec<unknown>;
}

/**
 * The pack: every policy once, in the order GetAnalyzerInfo lists them (see POLICIES.md), with
 * its published name, description, default level and config schema, and its rules per provider
 * and phase. A rule runs in the phase that has its data: the resource phase for what a
 * resource's own inputs decide (before its step, also under `--skip-preview`), the stack phase
 * for relations (pool → cluster, budget → workload), outputs and catalogs published in the stack.
 */
export const POLICY_TABLE: readonly PolicySpec<unknown>[] = [
  policy({
    name: IMAGE_NOT_RETIRED,
    description:
      "Node pools must use a worker image that is still current: still in the region's catalog of current images (OKE), or a node image within AKS's support on an OS not yet retired (AKS).",
    enforcementLevel: "mandatory",
    properties: imageNotRetiredProperties,
    config: imageNotRetiredConfig,
    resourceTypes: TYPE_OCI_NODE_POOL,
    oke: {
      // With a catalog in the config, each pool is judged in the resource phase; the stack phase
      // then judges only against catalogs published in the stack (one source, one phase).
      resource: (pool, c) => imageNotRetiredResourceRule(pool, c.configured.catalog),
      stack: (resources, c) => imageNotRetiredStackRule(resources, c.configured),
    },
    aks: { stack: (resources, c, now) => aksImageNotRetiredRule(resources, c.aks, now) },
  }),
  policy({
    name: VERSION_SKEW,
    description:
      "A node pool's Kubernetes version must not be newer than its control plane's, nor more minor versions behind it than Kubernetes supports.",
    enforcementLevel: "mandatory",
    properties: versionSkewProperties,
    config: versionSkewConfig,
    oke: { stack: versionSkewRule },
    aks: { stack: (resources, c) => aksVersionSkewRule(resources, c) },
  }),
  policy({
    name: IMAGE_MATCHES_VERSION,
    description:
      "An OKE worker image's Kubernetes version must equal the node pool's, or OKE rejects the update with 409 Conflict.",
    enforcementLevel: "mandatory",
    properties: catalogSchema,
    config: catalogOnlyConfig,
    oke: { stack: (resources, c) => imageMatchesVersionRule(resources, c.catalog) },
  }),
  policy({
    name: IMAGE_MATCHES_SHAPE,
    description:
      "A node pool's image must suit its shape: aarch64 images on Arm shapes, GPU images on GPU shapes, x86_64 non-GPU images elsewhere.",
    enforcementLevel: "mandatory",
    properties: catalogSchema,
    config: catalogOnlyConfig,
    oke: { stack: (resources, c) => imageMatchesShapeRule(resources, c.catalog) },
  }),
  policy({
    name: CYCLING_SETTINGS,
    description:
      "Node-cycling and upgrade settings must let OKE and AKS replace a pool's nodes without failing or taking the whole pool down.",
    enforcementLevel: "advisory",
    properties: cyclingSettingsProperties,
    config: cyclingSettingsConfig,
    oke: { stack: cyclingSettingsRule },
    aks: { stack: (resources) => aksUpgradeSettingsRule(resources) },
  }),
  policy({
    name: WORKER_IP_DEPENDENCY,
    description:
      "Nothing should be addressed at a worker node's private IP when its node pool cycles nodes with INSTANCE_REPLACE, which gives nodes new IPs.",
    enforcementLevel: "advisory",
    properties: workerIpDependencyProperties,
    config: workerIpDependencyConfig,
    oke: { stack: workerIpDependencyRule },
  }),
  policy({
    name: DRAIN_BLOCKING_BUDGET,
    description:
      "PodDisruptionBudgets and single-replica workloads must not stall or break node drains during node-pool upgrades.",
    enforcementLevel: "advisory",
    properties: drainBlockingBudgetProperties,
    config: drainBlockingBudgetConfig,
    oke: { stack: drainBlockingBudgetRule },
  }),
  policy({
    name: IMAGE_AGE,
    description:
      "A node pool's worker image should not be older than the configured number of days, so nodes get current OS and Kubernetes fixes.",
    enforcementLevel: "advisory",
    properties: imageAgeProperties,
    config: imageAgeConfig,
    oke: {
      stack: (resources, c, now) => imageAgeRule(resources, c, c.configured.catalog, now),
    },
    aks: { stack: (resources, c, now) => aksImageAgeRule(resources, c.aks, now) },
  }),
  policy({
    name: BLUE_GREEN_PAIR,
    description:
      "A blue/green node pool pair must have exactly one active colour, with nodes; workloads must not be placed on a colour that has no nodes.",
    enforcementLevel: "mandatory",
    properties: blueGreenPairProperties,
    config: blueGreenPairConfig,
    oke: { stack: blueGreenPairRule },
  }),
  policy({
    name: AKS_NODE_OS_UPGRADE_CHANNEL,
    description:
      "An AKS cluster's node OS upgrade channel should keep node images current (NodeImage or SecurityPatch), not None or Unmanaged, which let them age out of support.",
    enforcementLevel: "advisory",
    properties: aksNodeOsUpgradeChannelProperties,
    config: aksNodeOsUpgradeChannelConfig,
    // The channel is an input of the cluster itself: judged before the cluster's step, once per cluster.
    resourceTypes: (type) => isAksClusterKind(aksKind(type)),
    aks: { resource: aksNodeOsUpgradeChannelRule },
  }),
];

export type PolicyName = (typeof POLICY_TABLE)[number]["name"];

/** What an adopter building their own pack entry point can change. */
export interface PackArgs {
  /** Default levels by policy name (a stack still overrides them in --policy-pack-config). */
  readonly enforcementLevels?: Readonly<Record<string, EnforcementLevel>>;
}

/** The pack's policies with their default levels; building them starts nothing. */
export function packPolicies(args: PackArgs = {}, env: PackEnv = packEnv()): Policies {
  return POLICY_TABLE.map((spec) => toPolicy(spec, env, args.enforcementLevels?.[spec.name]));
}

/** A row of the table by name, for tests and tools. */
export function policySpec(name: string): PolicySpec<unknown> {
  const spec = POLICY_TABLE.find((p) => p.name === name);
  if (!spec) throw new Error(`no policy named ${name} in the pack`);
  return spec;
}
