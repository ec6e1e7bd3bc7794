import { ABSENT, Reading, describeValue, formatPath, readFirst, readString } from "./read";

/**
 * The node OS upgrade channel decides whether AKS keeps node images fresh. `None` and `Unmanaged`
 * leave the images to age past AKS's 90-day support (inferred recommendation: flag them);
 * absent means the default `NodeImage` (API 2023-06-01 on).
 *
 * Property names: azure-native `autoUpgradeProfile.nodeOSUpgradeChannel` (capital "OS");
 * classic v6 `nodeOsUpgradeChannel`, v5 `nodeOsChannelUpgrade`.
 */

export const NODE_OS_UPGRADE_CHANNELS = [
  "None",
  "Unmanaged",
  "SecurityPatch",
  "NodeImage",
] as const;
export type NodeOsUpgradeChannel = (typeof NODE_OS_UPGRADE_CHANNELS)[number];
export const DEFAULT_NODE_OS_UPGRADE_CHANNEL: NodeOsUpgradeChannel = "NodeImage";

/** Cluster auto-upgrade channels: native `autoUpgradeProfile.upgradeChannel`, classic v6 `automaticUpgradeChannel`, v5 `automaticChannelUpgrade`. */
export const UPGRADE_CHANNELS = ["none", "patch", "stable", "rapid", "node-image"] as const;

export const NATIVE_NODE_OS_CHANNEL_PATH = ["autoUpgradeProfile", "nodeOSUpgradeChannel"] as const;
export const CLASSIC_NODE_OS_CHANNEL_PATHS = [
  ["nodeOsUpgradeChannel"],
  ["nodeOsChannelUpgrade"],
] as const;
export const NATIVE_UPGRADE_CHANNEL_PATH = ["autoUpgradeProfile", "upgradeChannel"] as const;
export const CLASSIC_UPGRADE_CHANNEL_PATHS = [
  ["automaticUpgradeChannel"],
  ["automaticChannelUpgrade"],
] as const;

/** A channel setting as read from a cluster: the property path it came from and its value. */
export interface ChannelRead {
  readonly field: string;
  readonly read: Reading<string>;
}

/** Reads the node OS channel from a cluster's property bag (v6 name first for classic clusters). */
export function readNodeOsUpgradeChannel(
  kind: "managedCluster" | "classicCluster",
  props: unknown,
): ChannelRead {
  if (kind === "managedCluster")
    return {
      field: formatPath(NATIVE_NODE_OS_CHANNEL_PATH),
      read: readString(props, NATIVE_NODE_OS_CHANNEL_PATH),
    };
  if (kind === "classicCluster") return readFirst(props, readString, CLASSIC_NODE_OS_CHANNEL_PATHS);
  return { field: "nodeOSUpgradeChannel", read: ABSENT };
}

/** Reads the cluster auto-upgrade channel (v6 name first for classic clusters). */
export function readUpgradeChannel(
  kind: "managedCluster" | "classicCluster",
  props: unknown,
): ChannelRead {
  if (kind === "managedCluster")
    return {
      field: formatPath(NATIVE_UPGRADE_CHANNEL_PATH),
      read: readString(props, NATIVE_UPGRADE_CHANNEL_PATH),
    };
  if (kind === "classicCluster") return readFirst(props, readString, CLASSIC_UPGRADE_CHANNEL_PATHS);
  return { field: "upgradeChannel", read: ABSENT };
}

export type NodeOsChannelVerdict =
  /** `NodeImage` or `SecurityPatch`, given or by default. */
  | {
      readonly status: "ok";
      readonly field: string;
      readonly channel: NodeOsUpgradeChannel;
      readonly defaulted: boolean;
    }
  /** `None` or `Unmanaged`: images are left to age out of support. */
  | {
      readonly status: "finding";
      readonly field: string;
      readonly channel: "None" | "Unmanaged";
      readonly message: string;
    }
  | { readonly status: "unknown"; readonly field: string }
  /** Not one of the four channels (or not a string); AKS would reject it. */
  | {
      readonly status: "unrecognised";
      readonly field: string;
      readonly value: string;
      readonly message: string;
    };

/** Checks a cluster's node OS upgrade channel; never throws. */
export function checkNodeOsUpgradeChannel(channel: ChannelRead): NodeOsChannelVerdict {
  const field = typeof channel?.field === "string" ? channel.field : "nodeOSUpgradeChannel";
  const read = channel?.read;
  if (!read || read.state === "absent")
    return { status: "ok", field, channel: DEFAULT_NODE_OS_UPGRADE_CHANNEL, defaulted: true };
  if (read.state === "unknown") return { status: "unknown", field };
  if (read.state === "invalid") {
    return {
      status: "unrecognised",
      field,
      value: describeValue(read.raw),
      message: `${field} is ${describeValue(read.raw)}; it must be one of ${NODE_OS_UPGRADE_CHANNELS.join(", ")}.`,
    };
  }
  const value = typeof read.value === "string" ? read.value : "";
  const match = NODE_OS_UPGRADE_CHANNELS.find(
    (c) => c.toLowerCase() === value.trim().toLowerCase(),
  );
  if (!match) {
    return {
      status: "unrecognised",
      field,
      value: describeValue(read.value),
      message: `${field} is ${describeValue(read.value)}; it must be one of ${NODE_OS_UPGRADE_CHANNELS.join(", ")}.`,
    };
  }
  if (match === "None" || match === "Unmanaged") {
    const what =
      match === "None"
        ? "no node OS or node image updates are applied"
        : "only the OS's own unattended updates run, and node images are never refreshed";
    return {
      status: "finding",
      field,
      channel: match,
      message:
        `${field} is ${match}: ${what}, so the pools' node images age past AKS's 90-day support. ` +
        `Set it to NodeImage (the default) or SecurityPatch, or run \`az aks nodepool upgrade --node-image-only\` on a schedule of your own.`,
    };
  }
  return { status: "ok", field, channel: match, defaulted: false };
}

/** Reads and checks the node OS channel of a cluster's property bag in one step. */
export function nodeOsUpgradeChannelVerdict(
  kind: "managedCluster" | "classicCluster",
  props: unknown,
): NodeOsChannelVerdict {
  return checkNodeOsUpgradeChannel(readNodeOsUpgradeChannel(kind, props));
}
