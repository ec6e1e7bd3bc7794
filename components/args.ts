import * as pulumi from "@pulumi/pulumi";

/*
 * The arguments of OkeNodePool and BlueGreenNodePool, as documented interfaces. They are the
 * TypeScript API and, inferred by Pulumi's component analyzer, the schema other languages see,
 * so they use only what a Pulumi schema can express: no unions except the named enums below
 * (`as const` objects), no anonymous object types. zod (core/nodePoolSpec.ts) stays the
 * validator behind them; test/components/args.test.ts keeps the two in step.
 */

/** Whether node cycling is available: it needs an enhanced cluster. */
export const ClusterType = {
  /** A basic cluster: no node cycling. */
  Basic: "BASIC_CLUSTER",
  /** An enhanced cluster. */
  Enhanced: "ENHANCED_CLUSTER",
} as const;
export type ClusterType = (typeof ClusterType)[keyof typeof ClusterType];

/** How OKE replaces nodes when the pool's image, version or shape changes. */
export const CycleMode = {
  /** Replaces each node's boot volume: nodes keep their OCIDs and private IPs. */
  BootVolumeReplace: "BOOT_VOLUME_REPLACE",
  /** Replaces each node by a new instance (new OCID, new IP), surging first. */
  InstanceReplace: "INSTANCE_REPLACE",
} as const;
export type CycleMode = (typeof CycleMode)[keyof typeof CycleMode];

/** Where a pool's image stands against the catalog of current images. */
export const ImageStatus = {
  /** The newest current image for the pool's version, OS, arch and GPU-ness. */
  Current: "current",
  /** Still in the catalog, but a newer one is available (see replacementImageId). */
  UpdateAvailable: "update-available",
  /** No longer in the catalog: the next scale-up or node cycle will fail. */
  Retired: "retired",
} as const;
export type ImageStatus = (typeof ImageStatus)[keyof typeof ImageStatus];

/** A colour of a blue/green pair. */
export const Colour = {
  Blue: "blue",
  Green: "green",
} as const;
export type Colour = (typeof Colour)[keyof typeof Colour];

/** What the inactive colour of a pair is. */
export const ColourRole = {
  /** Just added, being validated: runs at `canarySize`. */
  Canary: "canary",
  /** The colour traffic has left: runs at `standbySize`, after the active pool has finished. */
  Standby: "standby",
} as const;
export type ColourRole = (typeof ColourRole)[keyof typeof ColourRole];

/** The cluster a pool joins. */
export interface OkeClusterRef {
  /** The cluster's OCID (or its resource's `id` output). */
  readonly id: pulumi.Input<string>;
  /** The control plane's version, e.g. `v1.35.2`; the pool's default version. */
  readonly kubernetesVersion: string;
  /**
   * Node cycling needs an enhanced cluster.
   * @default "ENHANCED_CLUSTER"
   */
  readonly type?: ClusterType;
}

/** Where nodes go: one entry per availability domain. */
export interface PlacementArgs {
  /** The availability domain, e.g. `Uocm:PHX-AD-1`. */
  readonly availabilityDomain: pulumi.Input<string>;
  /** The worker subnet's OCID. */
  readonly subnetId: pulumi.Input<string>;
  /** Fault domains to spread the nodes over. @default all fault domains of the availability domain */
  readonly faultDomains?: pulumi.Input<string>[];
}

/**
 * The worker image: exactly one of a pin (`imageId`, with its `sourceName`) or an OS selector
 * (`os`, optionally `osVersion`), checked when the component is constructed.
 */
export interface ImageArgs {
  /** Pinned image OCID (`ocid1.image.…`); reviewable like a lockfile entry. `npm run pin-images` writes it. @default none: give it or `os` */
  readonly imageId?: string;
  /** The pinned image's source name, e.g. `Oracle-Linux-8.10-2026.10.20-1-OKE-1.35.2-1580`; checked against the pool's version and shape and kept in the pool's tags. @default none (read from the catalog) */
  readonly sourceName?: string;
  /** Choose the newest catalog image of this OS, e.g. `Oracle-Linux`. The image then floats (each preview may pick a newer one) and a warning says so. @default none: give it or `imageId` */
  readonly os?: string;
  /** OS version for `os`, e.g. `8` or `8.10`. @default the newest */
  readonly osVersion?: string;
}

/** Node cycling: how OKE replaces nodes when the image, version or shape changes. */
export interface CyclingArgs {
  /** Whether OKE cycles the nodes at all. @default true on an ENHANCED_CLUSTER, false on a BASIC_CLUSTER */
  readonly enabled?: boolean;
  /** How nodes are replaced. @default "BOOT_VOLUME_REPLACE" ("INSTANCE_REPLACE" when preserveNodeIdentity is false) */
  readonly mode?: CycleMode;
  /** Extra nodes during an INSTANCE_REPLACE cycle: a count (`"1"`) or a percentage (`"25%"`); always sent, so a value OKE reads back cannot change a verdict. @default "1" (OKE's) */
  readonly maximumSurge?: string;
  /** Nodes unavailable at once: a count (`"1"`) or a percentage (`"25%"`); at least 1 for BOOT_VOLUME_REPLACE; always sent. @default "0" for INSTANCE_REPLACE, "1" for BOOT_VOLUME_REPLACE (OKE's) */
  readonly maximumUnavailable?: string;
}

/** How OKE cordons and drains a node before it is deleted or cycled. */
export interface EvictionArgs {
  /** ISO-8601 duration from `PT0M` to `PT60M`. @default "PT60M" */
  readonly graceDuration?: string;
  /** Delete the node when the grace period ends even if pods could not be evicted. @default false */
  readonly forceDeleteAfterGrace?: boolean;
  /** Go on with the cycle when the grace period ends even if pods could not be evicted. @default false */
  readonly forceActionAfterGrace?: boolean;
}

/** The settings of one node pool (and of each colour of a blue/green pair). */
export interface NodePoolSettingsArgs {
  /** Node shape, e.g. `VM.Standard.E5.Flex`; Arm and GPU shapes need matching images. */
  readonly shape: string;
  /** OCPUs per node, for a flexible shape. @default the shape's default */
  readonly ocpus?: number;
  /** Memory per node in GB, for a flexible shape. @default the shape's default */
  readonly memoryInGbs?: number;
  /** Number of nodes, ≥ 0. */
  readonly size: number;
  /** The pool's Kubernetes version, e.g. `v1.34.2`; never newer than the control plane. @default cluster.kubernetesVersion */
  readonly kubernetesVersion?: string;
  /** The worker image: pinned, or chosen from the catalog by OS. */
  readonly image: ImageArgs;
  /** Node cycling. @default enabled on an enhanced cluster, BOOT_VOLUME_REPLACE, OKE's surge and unavailable counts */
  readonly cycling?: CyclingArgs;
  /** true keeps node OCIDs and private IPs across cycles (BOOT_VOLUME_REPLACE). @default true */
  readonly preserveNodeIdentity?: boolean;
  /** Cordon and drain. @default graceDuration "PT60M", no forced delete or action */
  readonly eviction?: EvictionArgs;
  /** Kubernetes node labels. @default none (okepools.io/pool is always added) */
  readonly labels?: Record<string, string>;
  /** Boot volume size in GB, ≥ 50. @default the image's */
  readonly bootVolumeSizeInGbs?: number;
}

/** One colour of a blue/green pair: its own version, image, size and every other pool setting. */
export interface BlueGreenColourArgs extends NodePoolSettingsArgs {
  /**
   * What the colour is while inactive: `canary` (just added, runs at `canarySize`) or `standby`
   * (traffic has left it, runs at `standbySize`). Only on the inactive colour.
   * @default "standby"
   */
  readonly role?: ColourRole;
}
