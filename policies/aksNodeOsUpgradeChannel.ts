import { aksKind, nodeOsUpgradeChannelVerdict } from "../core/aks";
import { ConfigProblem, PropertySchema, readProperties } from "./lib/config";
import { Finding, RawConfig } from "./lib/finding";
import { PlainResource, propsOf } from "../core/resources";

export const AKS_NODE_OS_UPGRADE_CHANNEL = "aks-node-os-upgrade-channel";

const FLAGGABLE = ["None", "Unmanaged"] as const;

export const aksNodeOsUpgradeChannelProperties = {
  flaggedChannels: {
    type: "array",
    items: { type: "string", enum: [...FLAGGABLE] },
    default: [...FLAGGABLE],
    description:
      "Node OS upgrade channels to report; drop Unmanaged if the OS's own unattended updates and a reboot tool such as kured are a deliberate choice.",
  },
} satisfies Record<string, PropertySchema>;

export interface AksNodeOsUpgradeChannelConfig {
  /** Lower-case channel names to report. */
  readonly flaggedChannels: readonly string[];
}

export function aksNodeOsUpgradeChannelConfig(raw: RawConfig): {
  config: AksNodeOsUpgradeChannelConfig;
  problems: ConfigProblem[];
} {
  const problems: ConfigProblem[] = [];
  const list = readProperties(aksNodeOsUpgradeChannelProperties, raw, problems).flaggedChannels;
  const flagged: string[] = [];
  for (const channel of list) {
    if (FLAGGABLE.some((c) => c.toLowerCase() === channel.trim().toLowerCase()))
      flagged.push(channel.trim().toLowerCase());
    else
      problems.push({
        key: "flaggedChannels",
        message: `${JSON.stringify(channel)} is not None or Unmanaged (the channels that leave images to age); entry ignored. Fix it in --policy-pack-config.`,
      });
  }
  return { config: { flaggedChannels: flagged }, problems };
}

/** The property to set, by provider: azure-native, classic v6, classic v5. */
function where(kind: "managedCluster" | "classicCluster", field: string): string {
  if (kind === "managedCluster")
    return "autoUpgradeProfile.nodeOSUpgradeChannel of the azure-native ManagedCluster";
  return field === "nodeOsChannelUpgrade"
    ? "nodeOsChannelUpgrade of the @pulumi/azure v5 KubernetesCluster (nodeOsUpgradeChannel from v6 on)"
    : "nodeOsUpgradeChannel of the @pulumi/azure KubernetesCluster (v6; nodeOsChannelUpgrade in v5)";
}

/**
 * A ManagedCluster or classic KubernetesCluster (any `containerservice/vYYYYMMDD` token too) whose
 * node OS upgrade channel is None or Unmanaged (core/aks channels), or not a channel AKS knows.
 * Absent means AKS's default, NodeImage; a value not known yet is skipped.
 */
export function aksNodeOsUpgradeChannelRule(
  resource: PlainResource,
  config: AksNodeOsUpgradeChannelConfig,
): Finding[] {
  const kind = aksKind(resource?.type);
  if (kind !== "managedCluster" && kind !== "classicCluster") return [];
  const verdict = nodeOsUpgradeChannelVerdict(kind, propsOf(resource));
  const name =
    typeof resource.name === "string" && resource.name
      ? `AKS cluster "${resource.name}"`
      : "AKS cluster";
  if (verdict.status === "finding") {
    if (!config.flaggedChannels.includes(verdict.channel.toLowerCase())) return [];
    return [
      {
        urn: resource.urn,
        message: `${name}: ${verdict.message} The property: ${where(kind, verdict.field)}.`,
      },
    ];
  }
  if (verdict.status === "unrecognised") {
    return [
      {
        urn: resource.urn,
        message: `${name}: ${verdict.message} Set it to NodeImage or SecurityPatch (${where(kind, verdict.field)}).`,
      },
    ];
  }
  return [];
}
