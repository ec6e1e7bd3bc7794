import {
  BUILT_IN_OS_RETIREMENTS,
  AksStackPool,
  NODE_IMAGE_SUPPORT_DAYS,
  NodeImageAge,
  OsRetirementEntry,
  Reading,
  UNKNOWN_STRING,
  assessNodeImageAge,
  checkOsRetirement,
  mergeOsRetirements,
  parseOsRetirementEntries,
} from "../../core/aks";
import { ConfigProblem, PropertySchema, readProperties } from "../lib/config";
import { Finding, RawConfig } from "../lib/finding";
import {
  aksPoolLabel,
  aksStack,
  clusterNodeOsChannel,
  nodeOsChannelField,
  nodepoolUpgradeCommand,
} from "./stack";

/**
 * AKS node images in the stack phase: `nodeImageVersion` is an output (visible to stack policies
 * only, and only once known), and the OS check needs the image (osSKU `Ubuntu` or `AzureLinux`
 * names no version) and the pool's Kubernetes version, which a pool without its own takes from
 * its cluster. Ages count from the image's build date or, for a SecurityPatch image
 * (`…-202410.27.0-2024.12.01`), from its patch date: AKS builds that VHD on that day.
 */

const DATE_PATTERN = "^\\d{4}-\\d{2}-\\d{2}$";

/** Config of `node-pool-image-not-retired` for AKS pools. */
export const aksImageNotRetiredProperties = {
  aksMaxNodeImageAgeDays: {
    type: "integer",
    minimum: 1,
    maximum: 3650,
    default: NODE_IMAGE_SUPPORT_DAYS,
    description:
      "AKS: oldest supported node image (nodeImageVersion), in days; Microsoft supports node images up to 90 days old.",
  },
  aksOsRetirements: {
    type: "array",
    default: [],
    description:
      'AKS: OS retirements added to (or replacing) the built-in table: [{"family": "ubuntu"|"azurelinux"|"windows", "version": "22.04", "unsupportedFrom": "YYYY-MM-DD", "removedFrom"?, "notAllowedFromKubernetes"?, "label"?, "fix"?}].',
    items: {
      type: "object",
      required: ["family", "version"],
      additionalProperties: false,
      properties: {
        family: {
          type: "string",
          description: "ubuntu, azurelinux (CBL-Mariner counts as azurelinux) or windows.",
        },
        version: {
          type: "string",
          description: "OS version as AKS names it: 22.04, 2 (Azure Linux 2.0), 3, 2019, 2022, …",
        },
        unsupportedFrom: {
          type: "string",
          pattern: DATE_PATTERN,
          description: "No new node images from this day on (the pool counts as retired).",
        },
        removedFrom: {
          type: "string",
          pattern: DATE_PATTERN,
          description: "Node images deleted from this day on.",
        },
        notAllowedFromKubernetes: {
          type: "string",
          description: "Not allowed on pools at this Kubernetes version or newer, e.g. 1.33.",
        },
        label: { type: "string", description: "Name for messages, e.g. Ubuntu 22.04." },
        fix: { type: "string", description: "What to do, for messages." },
      },
    },
  },
} satisfies Record<string, PropertySchema>;

/** Config of `node-pool-image-age` for AKS pools (advisory, earlier than the 90-day support limit). */
export const AKS_IMAGE_AGE_DEFAULT_DAYS = 60;
export const aksImageAgeProperties = {
  aksMaxNodeImageAgeDays: {
    type: "integer",
    minimum: 1,
    maximum: 3650,
    default: AKS_IMAGE_AGE_DEFAULT_DAYS,
    description:
      "AKS: oldest acceptable node image (nodeImageVersion), in days; an early warning before node-pool-image-not-retired's 90-day support limit.",
  },
} satisfies Record<string, PropertySchema>;

export interface AksImageNotRetiredConfig {
  readonly maxAgeDays: number;
  /** The built-in OS retirement table with the config's entries merged in. */
  readonly osRetirements: readonly OsRetirementEntry[];
}

export function aksImageNotRetiredConfig(raw: RawConfig): {
  config: AksImageNotRetiredConfig;
  problems: ConfigProblem[];
} {
  const problems: ConfigProblem[] = [];
  const values = readProperties(aksImageNotRetiredProperties, raw, problems);
  const maxAgeDays = values.aksMaxNodeImageAgeDays;
  const parsed = parseOsRetirementEntries(values.aksOsRetirements, "aksOsRetirements");
  for (const error of parsed.errors) {
    const at = error.indexOf(": ");
    problems.push({
      key: at > 0 ? error.slice(0, at) : "aksOsRetirements",
      message: `${at > 0 ? error.slice(at + 2) : error}; ignored. Fix it in --policy-pack-config.`,
    });
  }
  return {
    config: {
      maxAgeDays,
      osRetirements: mergeOsRetirements(parsed.entries, BUILT_IN_OS_RETIREMENTS),
    },
    problems,
  };
}

export interface AksImageAgeConfig {
  readonly maxAgeDays: number;
}

export function aksImageAgeConfig(raw: RawConfig): {
  config: AksImageAgeConfig;
  problems: ConfigProblem[];
} {
  const problems: ConfigProblem[] = [];
  const values = readProperties(aksImageAgeProperties, raw, problems);
  return { config: { maxAgeDays: values.aksMaxNodeImageAgeDays }, problems };
}

function rawOf(r: Reading<string>): unknown {
  return r.state === "known" ? r.value : r.state === "unknown" ? UNKNOWN_STRING : undefined;
}

function validNow(now: unknown): now is Date {
  return now instanceof Date && Number.isFinite(now.getTime());
}

/** `built 2024-04-22` or `built 2024-10-27, security patches of 2024-12-01`. */
function builtText(age: Extract<NodeImageAge, { ageDays: number }>): string {
  const patch = age.image.securityPatchDate;
  return patch
    ? `built ${age.image.buildDate}, security patches of ${patch}`
    : `built ${age.image.buildDate}`;
}

/** How to get a current image: the command, and the channel when the cluster does not refresh images itself. */
function imageFix(pool: AksStackPool): string {
  const command = `Upgrade the node image: \`${nodepoolUpgradeCommand(pool, "--node-image-only")}\` (\`az aks nodepool get-upgrades\` shows latestNodeImageVersion)`;
  const channel = clusterNodeOsChannel(pool);
  const automatic =
    channel !== undefined && ["nodeimage", "securitypatch"].includes(channel.toLowerCase());
  return automatic
    ? `${command}; the cluster's node OS upgrade channel is ${channel}, so check that its maintenance window (aksManagedNodeOSUpgradeSchedule) lets the upgrade run.`
    : `${command}, or let AKS keep images current: set ${nodeOsChannelField(pool)} to NodeImage or SecurityPatch.`;
}

/**
 * `node-pool-image-not-retired` for AKS pools (stack phase): a pool whose OS is past its
 * retirement (core/aks osRetirement: built-in table plus `aksOsRetirements`), or whose node image
 * is older than `aksMaxNodeImageAgeDays`. One finding per pool (a retired OS gets no newer image,
 * so its message replaces the age one). An image that is not known yet is skipped; one that
 * cannot be read gets an advisory.
 */
export function aksImageNotRetiredRule(
  resources: unknown,
  config: AksImageNotRetiredConfig,
  now: Date,
): Finding[] {
  if (!validNow(now)) return [];
  const findings: Finding[] = [];
  for (const pool of aksStack(resources).pools) {
    const image = pool.nodeImageVersion;
    const age = assessNodeImageAge(image, now, config.maxAgeDays, { countFrom: "securityPatch" });
    const version =
      pool.effectiveVersion.state === "known" ? pool.effectiveVersion.value : undefined;
    const os = checkOsRetirement(
      { osSku: rawOf(pool.osSku), osType: rawOf(pool.osType), nodeImageVersion: image },
      now,
      {
        table: config.osRetirements,
        ...(version ? { kubernetesVersion: version } : {}),
      },
    );
    const label = aksPoolLabel(pool);
    const runs =
      age.status === "ok" || age.status === "too-old"
        ? ` runs node image ${age.image.raw} (${builtText(age)}; ${age.ageDays} days old)`
        : "";
    if (os.retired && os.message) {
      findings.push({ urn: pool.urn, message: `${label}${runs}: ${os.message}` });
      continue;
    }
    if (age.status === "too-old") {
      findings.push({
        urn: pool.urn,
        message:
          `${label} runs node image ${age.image.raw} (${builtText(age)}): ${age.ageDays} days old, more than the ${age.maxAgeDays} days ` +
          `${age.maxAgeDays === NODE_IMAGE_SUPPORT_DAYS ? "AKS supports (Microsoft does not support node images older than 90 days)" : "allowed"}; ` +
          `it lacks the OS and Kubernetes fixes of newer images. ${imageFix(pool)}`,
      });
    } else if (age.status === "unrecognised") {
      findings.push({
        urn: pool.urn,
        advisoryOnly: true,
        message:
          `cannot check the node image of ${label}: ${pool.fields.nodeImageVersion} ${age.reason === "not a string" ? `is ${age.raw}, not a string` : `${JSON.stringify(age.raw)} ${age.reason}`}. ` +
          `Expected <OS>-<SKU>-<version> such as AKSUbuntu-2204gen2containerd-202404.22.0 or AKSWindows-2022-containerd-20348.3692.250518; please report the value if AKS printed it.`,
      });
    }
  }
  return findings;
}

/**
 * `node-pool-image-age` for AKS pools (stack phase, advisory): a node image older than the
 * policy's `aksMaxNodeImageAgeDays` (default 60, before the 90-day support limit). Images not
 * known yet or not readable are skipped here (`node-pool-image-not-retired` reports the latter).
 */
export function aksImageAgeRule(
  resources: unknown,
  config: AksImageAgeConfig,
  now: Date,
): Finding[] {
  if (!validNow(now)) return [];
  const findings: Finding[] = [];
  for (const pool of aksStack(resources).pools) {
    const age = assessNodeImageAge(pool.nodeImageVersion, now, config.maxAgeDays, {
      countFrom: "securityPatch",
    });
    if (age.status !== "too-old") continue;
    const left = NODE_IMAGE_SUPPORT_DAYS - age.ageDays;
    const support =
      left > 0
        ? `AKS stops supporting it in ${left} day${left === 1 ? "" : "s"} (90 days after its build)`
        : "AKS no longer supports it (older than 90 days)";
    findings.push({
      urn: pool.urn,
      message:
        `${aksPoolLabel(pool)} runs node image ${age.image.raw} (${builtText(age)}): ${age.ageDays} days old, more than the ${age.maxAgeDays} allowed; ${support}. ` +
        `AKS publishes Linux node images weekly and Windows images monthly. ${imageFix(pool)}`,
    });
  }
  return findings;
}
