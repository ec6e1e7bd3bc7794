import {
  KubeVersion,
  compareKubeVersions,
  formatKubeVersionBare,
  parseKubeVersion,
} from "../kubeVersion";
import { AksOsFamily, NodeImageParse, calendarDate, parseNodeImageVersion } from "./nodeImage";
import { describeValue, isRecord, isUnknown } from "./read";

/**
 * When AKS node OS versions stop being supported. Two dates per OS:
 *  - `unsupportedFrom`: no more node images / updates / support from this day on;
 *  - `removedFrom`: existing images are deleted; scaling and reimaging the pool fail.
 *
 * Decision: a pool counts as **retired** from `unsupportedFrom` (or `removedFrom` when that is
 * the only date). From that day no new node image is published for the OS, so the pool can no
 * longer take node-image or Kubernetes upgrades and its image ages past AKS's 90-day support —
 * it has stopped being upgradeable, which is what the pack protects. Being past `removedFrom` is
 * reported as the harsher stage `removed`. A look-ahead window (`warnWithinDays`) reports
 * `retiring` before the first date.
 */
export interface OsRetirementEntry {
  /** `ubuntu`, `azurelinux` (CBL-Mariner counts as Azure Linux) or `windows`; lower case. */
  readonly family: string;
  /** `18.04`, `2` (Azure Linux 2.0), `2019`, … as {@link identifyPoolOs} reports it. */
  readonly version: string;
  /** Human name for messages, e.g. `Ubuntu 18.04`. */
  readonly label: string;
  /** `YYYY-MM-DD`: unsupported / no new images from this day on. */
  readonly unsupportedFrom?: string;
  /** `YYYY-MM-DD`: images removed from this day on. */
  readonly removedFrom?: string;
  /** The OS is not allowed on pools at this Kubernetes version or newer (e.g. `1.33`). */
  readonly notAllowedFromKubernetes?: string;
  /** What to do, for messages. */
  readonly fix: string;
}

/** From Microsoft's AKS documentation (see FACTS.md). */
export const BUILT_IN_OS_RETIREMENTS: readonly OsRetirementEntry[] = Object.freeze([
  {
    family: "ubuntu",
    version: "18.04",
    label: "Ubuntu 18.04",
    unsupportedFrom: "2025-06-17",
    fix: "move the pool to Ubuntu 22.04 or newer (osSKU Ubuntu2204/Ubuntu2404, or Ubuntu on a Kubernetes version that defaults to 22.04+) or to Azure Linux",
  },
  {
    family: "ubuntu",
    version: "20.04",
    label: "Ubuntu 20.04",
    unsupportedFrom: "2027-03-17",
    removedFrom: "2027-03-17",
    fix: "move the pool to Ubuntu 22.04 or newer (osSKU Ubuntu2204 or Ubuntu2404) or to Azure Linux 3",
  },
  {
    family: "ubuntu",
    version: "22.04",
    label: "Ubuntu 22.04",
    unsupportedFrom: "2027-06-30",
    removedFrom: "2028-04-30",
    fix: "move the pool to Ubuntu 24.04 (osSKU Ubuntu2404) or to Azure Linux 3",
  },
  {
    family: "azurelinux",
    version: "2",
    label: "Azure Linux 2.0 (CBL-Mariner)",
    unsupportedFrom: "2025-11-30",
    removedFrom: "2026-03-31",
    fix: "move the pool to Azure Linux 3.0 (osSKU AzureLinux3, or AzureLinux on a Kubernetes version that defaults to 3.0)",
  },
  {
    family: "windows",
    version: "2019",
    label: "Windows Server 2019",
    unsupportedFrom: "2026-03-01",
    removedFrom: "2027-04-01",
    notAllowedFromKubernetes: "1.33",
    fix: "create a Windows Server 2022 or 2025 pool (osSKU Windows2022 or Windows2025), move the workloads to it and delete this pool",
  },
  {
    family: "windows",
    version: "2022",
    label: "Windows Server 2022",
    unsupportedFrom: "2028-06-30",
    fix: "create a Windows Server 2025 pool (osSKU Windows2025), move the workloads to it and delete this pool",
  },
]);

export interface OsTableParse {
  readonly entries: readonly OsRetirementEntry[];
  /** One message per config entry that was ignored, naming the entry and what is wrong. */
  readonly errors: readonly string[];
}

/**
 * Reads extra retirement entries from config (a list of objects with `family`, `version`,
 * `unsupportedFrom` and/or `removedFrom`, optional `label`, `fix`, `notAllowedFromKubernetes`).
 * Bad entries are skipped and reported; never throws.
 */
export function parseOsRetirementEntries(raw: unknown, from = "osRetirements"): OsTableParse {
  const origin = typeof from === "string" ? from : "osRetirements";
  if (raw === undefined || raw === null) return { entries: [], errors: [] };
  if (!Array.isArray(raw))
    return {
      entries: [],
      errors: [`${origin}: expected a list of entries, got ${describeValue(raw)}`],
    };
  const entries: OsRetirementEntry[] = [];
  const errors: string[] = [];
  raw.forEach((item, i) => {
    const where = `${origin}[${i}]`;
    if (!isRecord(item)) {
      errors.push(`${where}: expected an object, got ${describeValue(item)}`);
      return;
    }
    const family =
      typeof item.family === "string" ? normaliseFamily(item.family.trim().toLowerCase()) : "";
    const version =
      typeof item.version === "string"
        ? item.version.trim()
        : typeof item.version === "number"
          ? String(item.version)
          : "";
    if (!family || !version) {
      errors.push(
        `${where}: needs "family" (e.g. "ubuntu") and "version" (e.g. "22.04") as strings`,
      );
      return;
    }
    const dates: { unsupportedFrom?: string; removedFrom?: string } = {};
    for (const key of ["unsupportedFrom", "removedFrom"] as const) {
      const v = item[key];
      if (v === undefined || v === null) continue;
      const date = typeof v === "string" ? isoDate(v) : undefined;
      if (!date) {
        errors.push(`${where}: ${key} ${describeValue(v)} is not a date of the form YYYY-MM-DD`);
        return;
      }
      dates[key] = date;
    }
    if (
      !dates.unsupportedFrom &&
      !dates.removedFrom &&
      item.notAllowedFromKubernetes === undefined
    ) {
      errors.push(
        `${where}: needs at least one of unsupportedFrom, removedFrom (YYYY-MM-DD) or notAllowedFromKubernetes`,
      );
      return;
    }
    let notAllowed: string | undefined;
    if (item.notAllowedFromKubernetes !== undefined && item.notAllowedFromKubernetes !== null) {
      const v = parseKubeVersion(item.notAllowedFromKubernetes);
      if (!v) {
        errors.push(
          `${where}: notAllowedFromKubernetes ${describeValue(item.notAllowedFromKubernetes)} is not a Kubernetes version such as 1.33`,
        );
        return;
      }
      notAllowed = formatKubeVersionBare(v);
    }
    entries.push({
      family,
      version,
      label:
        typeof item.label === "string" && item.label.trim()
          ? item.label.trim()
          : `${family} ${version}`,
      fix:
        typeof item.fix === "string" && item.fix.trim()
          ? item.fix.trim()
          : "move the pool to a supported OS version",
      ...dates,
      ...(notAllowed ? { notAllowedFromKubernetes: notAllowed } : {}),
    });
  });
  return { entries, errors };
}

/** The built-in table with config entries added; a config entry replaces a built-in one for the same OS and version. */
export function mergeOsRetirements(
  extra: readonly OsRetirementEntry[],
  base: readonly OsRetirementEntry[] = BUILT_IN_OS_RETIREMENTS,
): OsRetirementEntry[] {
  const usable = (list: unknown): OsRetirementEntry[] =>
    Array.isArray(list)
      ? list.filter(
          (e): e is OsRetirementEntry =>
            isRecord(e) && typeof e.family === "string" && typeof e.version === "string",
        )
      : [];
  const key = (e: OsRetirementEntry) =>
    `${normaliseFamily(e.family.toLowerCase())}|${e.version.toLowerCase()}`;
  const added = usable(extra);
  const replaced = new Set(added.map(key));
  return [...usable(base).filter((e) => !replaced.has(key(e))), ...added];
}

function isoDate(text: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  return m ? calendarDate(m[1], m[2], m[3]) : undefined;
}

/** CBL-Mariner is Azure Linux's former name; retirement dates are kept under `azurelinux`. */
function normaliseFamily(family: string): string {
  return family === "cblmariner" || family === "mariner" ? "azurelinux" : family;
}

// ---------------------------------------------------------------------------------------------
// Which OS a pool runs

export interface PoolOsInput {
  /** `osSKU` (azure-native) / `osSku` (classic), e.g. `Ubuntu`, `Ubuntu2204`, `AzureLinux`, `Windows2022`. */
  readonly osSku?: unknown;
  /** `Linux` or `Windows`. */
  readonly osType?: unknown;
  /** The `nodeImageVersion` output, or its parse. */
  readonly nodeImageVersion?: unknown;
}

export type PoolOs =
  | {
      readonly status: "known";
      readonly family: AksOsFamily;
      /** Absent when neither the SKU nor the image says (e.g. osSKU `Ubuntu` and no image yet). */
      readonly version?: string;
      /** Where the family and version came from. */
      readonly familyFrom: "osSku" | "osType" | "nodeImageVersion";
      readonly versionFrom?: "osSku" | "nodeImageVersion";
    }
  /** A field that decides the OS is not known until the deployment runs. */
  | { readonly status: "unknown"; readonly fields: readonly string[] }
  | { readonly status: "undetermined"; readonly reason: string };

interface SkuMeaning {
  readonly family: AksOsFamily;
  readonly version?: string;
}

function skuMeaning(sku: string): SkuMeaning | undefined {
  const s = sku.trim().toLowerCase();
  let m: RegExpExecArray | null;
  if (s === "ubuntu") return { family: "ubuntu" };
  if ((m = /^ubuntu(\d{2})(\d{2})$/.exec(s)))
    return { family: "ubuntu", version: `${m[1]}.${m[2]}` };
  if (s === "azurelinux") return { family: "azurelinux" };
  if ((m = /^azurelinux(\d+)$/.exec(s)))
    return { family: "azurelinux", version: String(Number(m[1])) };
  // CBLMariner is the former name of Azure Linux 2.0 (inferred: the SKU predates Azure Linux 3).
  if (s === "cblmariner" || s === "mariner") return { family: "cblmariner", version: "2" };
  if ((m = /^windows(\d{4})$/.exec(s))) return { family: "windows", version: m[1] };
  if (s === "windowsannual") return { family: "windows" };
  return undefined;
}

/**
 * Which OS a pool runs, from its osSKU, osType and nodeImageVersion. An osSKU that names a version
 * (`Ubuntu2204`, `Windows2019`) wins: it is the declared intent, and during a preview the image
 * output still shows the image before the change. Otherwise the image's OS version fills in.
 */
export function identifyPoolOs(poolOs: PoolOsInput): PoolOs {
  const input: PoolOsInput = isRecord(poolOs) ? poolOs : {};
  const unknownFields: string[] = [];
  const image: NodeImageParse = isImageParse(input.nodeImageVersion)
    ? input.nodeImageVersion
    : parseNodeImageVersion(input.nodeImageVersion);
  if (image.status === "unknown") unknownFields.push("nodeImageVersion");
  const fromImage =
    image.status === "recognised" && image.image.osFamily !== "other" ? image.image : undefined;

  let sku: SkuMeaning | undefined;
  const skuRaw = input.osSku;
  if (isUnknown(skuRaw)) unknownFields.push("osSku");
  else if (typeof skuRaw === "string" && skuRaw.trim() !== "") {
    sku = skuMeaning(skuRaw);
    if (!sku && !fromImage)
      return {
        status: "undetermined",
        reason: `osSKU ${describeValue(skuRaw)} is not one the pack knows`,
      };
  }
  if (sku?.version)
    return {
      status: "known",
      family: sku.family,
      version: sku.version,
      familyFrom: "osSku",
      versionFrom: "osSku",
    };
  if (sku) {
    // A versionless SKU: the image tells the version when it is the same family.
    if (fromImage?.osVersion && sameFamily(fromImage.osFamily, sku.family)) {
      return {
        status: "known",
        family: sku.family,
        version: fromImage.osVersion,
        familyFrom: "osSku",
        versionFrom: "nodeImageVersion",
      };
    }
    if (image.status === "unknown") return { status: "unknown", fields: unknownFields };
    return { status: "known", family: sku.family, familyFrom: "osSku" };
  }
  if (unknownFields.includes("osSku")) return { status: "unknown", fields: unknownFields };
  if (fromImage) {
    return fromImage.osVersion
      ? {
          status: "known",
          family: fromImage.osFamily,
          version: fromImage.osVersion,
          familyFrom: "nodeImageVersion",
          versionFrom: "nodeImageVersion",
        }
      : { status: "known", family: fromImage.osFamily, familyFrom: "nodeImageVersion" };
  }
  if (isUnknown(input.osType)) return { status: "unknown", fields: [...unknownFields, "osType"] };
  if (image.status === "unknown") return { status: "unknown", fields: unknownFields };
  if (typeof input.osType === "string") {
    const t = input.osType.trim().toLowerCase();
    // Without an osSKU, AKS runs Linux pools on Ubuntu (its default Linux SKU).
    if (t === "windows") return { status: "known", family: "windows", familyFrom: "osType" };
    if (t === "linux") return { status: "known", family: "ubuntu", familyFrom: "osType" };
  }
  return {
    status: "undetermined",
    reason: "neither osSKU, osType nor nodeImageVersion tells the pool's OS",
  };
}

function sameFamily(a: AksOsFamily, b: AksOsFamily): boolean {
  return normaliseFamily(a) === normaliseFamily(b);
}

function isImageParse(value: unknown): value is NodeImageParse {
  if (!isRecord(value)) return false;
  const s = value.status;
  if (s === "recognised") return isRecord(value.image) && typeof value.image.osFamily === "string";
  return (
    s === "unknown" || s === "absent" || (s === "unrecognised" && typeof value.reason === "string")
  );
}

// ---------------------------------------------------------------------------------------------
// The check

export type OsRetirementStatus =
  /** Listed, and before every date (and outside the look-ahead window). */
  | "supported"
  /** Listed, within `warnWithinDays` of the date it will count as retired. */
  | "retiring"
  /** Past `unsupportedFrom`: no new images, no support. */
  | "retired"
  /** Past `removedFrom`: images deleted. */
  | "removed"
  /** The OS is not allowed at the pool's Kubernetes version, whatever the date. */
  | "not-allowed"
  /** The OS and version are known and the table has no entry for them. */
  | "not-listed"
  /** A value that decides the OS is not known until the deployment runs. */
  | "unknown"
  /** Not enough information (e.g. osSKU `Ubuntu` with no image version yet). */
  | "undetermined";

export interface OsRetirementVerdict {
  readonly status: OsRetirementStatus;
  /** True for `retired`, `removed` and `not-allowed`: the pool needs to move to another OS. */
  readonly retired: boolean;
  readonly os: PoolOs;
  readonly entry?: OsRetirementEntry;
  /** The date that made the verdict, `YYYY-MM-DD`. */
  readonly date?: string;
  /** For `retiring`: days until {@link date}. */
  readonly daysLeft?: number;
  /** Names the OS, the date and the fix (absent for supported/not-listed/unknown). */
  readonly message?: string;
}

export interface OsRetirementOptions {
  /** The table to use; default {@link BUILT_IN_OS_RETIREMENTS}. */
  readonly table?: readonly OsRetirementEntry[];
  /** The pool's Kubernetes version (for `notAllowedFromKubernetes`); a version string or parsed. */
  readonly kubernetesVersion?: unknown;
  /** Report `retiring` this many days before the retirement date; default 0 (off). */
  readonly warnWithinDays?: number;
}

const DAY_MS = 86_400_000;

/** Whether the pool's OS is past its retirement at `now`; never throws. */
export function checkOsRetirement(
  input: PoolOsInput,
  now: Date,
  opts: OsRetirementOptions = {},
): OsRetirementVerdict {
  const options: OsRetirementOptions = isRecord(opts) ? opts : {};
  const os = identifyPoolOs(input);
  if (os.status === "unknown") return { status: "unknown", retired: false, os };
  if (os.status === "undetermined") return { status: "undetermined", retired: false, os };
  if (os.version === undefined) return { status: "undetermined", retired: false, os };
  const table = Array.isArray(options.table) ? options.table : BUILT_IN_OS_RETIREMENTS;
  const family = normaliseFamily(os.family);
  const entry = [...table]
    .reverse()
    .find(
      (e) =>
        isRecord(e) &&
        typeof e.family === "string" &&
        typeof e.version === "string" &&
        normaliseFamily(e.family.toLowerCase()) === family &&
        e.version.toLowerCase() === os.version?.toLowerCase(),
    );
  if (!entry) return { status: "not-listed", retired: false, os };

  const today = now instanceof Date && Number.isFinite(now.getTime()) ? now.getTime() : NaN;
  const onOrAfter = (date: string | undefined) =>
    date !== undefined && Number.isFinite(today) && today >= Date.parse(`${date}T00:00:00Z`);
  const pool = `the pool's OS ${entry.label}`;

  const k8s =
    typeof options.kubernetesVersion === "object" && options.kubernetesVersion !== null
      ? (options.kubernetesVersion as KubeVersion)
      : parseKubeVersion(options.kubernetesVersion);
  const limit = parseKubeVersion(entry.notAllowedFromKubernetes);
  if (
    k8s &&
    limit &&
    Number.isInteger(k8s.major) &&
    Number.isInteger(k8s.minor) &&
    compareKubeVersions({ major: k8s.major, minor: k8s.minor }, limit) >= 0
  ) {
    return {
      status: "not-allowed",
      retired: true,
      os,
      entry,
      message: `${pool} is not allowed on Kubernetes ${formatKubeVersionBare(limit)} or newer, and the pool is at ${formatKubeVersionBare(k8s)}; ${entry.fix}.`,
    };
  }
  if (onOrAfter(entry.removedFrom)) {
    return {
      status: "removed",
      retired: true,
      os,
      entry,
      date: entry.removedFrom,
      message: `${pool} was retired and its node images were removed on ${entry.removedFrom}: the pool can no longer be upgraded, scaled or reimaged; ${entry.fix}.`,
    };
  }
  const retiredFrom = entry.unsupportedFrom ?? entry.removedFrom;
  if (onOrAfter(retiredFrom)) {
    const removal = entry.removedFrom
      ? ` Its node images are removed on ${entry.removedFrom}, after which the pool cannot scale or be reimaged.`
      : "";
    return {
      status: "retired",
      retired: true,
      os,
      entry,
      date: retiredFrom,
      message: `${pool} has been out of support since ${retiredFrom}: no new node images are published, so the pool can no longer take node-image or Kubernetes upgrades; ${entry.fix}.${removal}`,
    };
  }
  const warn =
    typeof options.warnWithinDays === "number" &&
    Number.isFinite(options.warnWithinDays) &&
    options.warnWithinDays > 0
      ? options.warnWithinDays
      : 0;
  if (retiredFrom && warn > 0 && Number.isFinite(today)) {
    const daysLeft = Math.ceil((Date.parse(`${retiredFrom}T00:00:00Z`) - today) / DAY_MS);
    if (daysLeft <= warn) {
      return {
        status: "retiring",
        retired: false,
        os,
        entry,
        date: retiredFrom,
        daysLeft,
        message: `${pool} goes out of support on ${retiredFrom} (in ${daysLeft} day${daysLeft === 1 ? "" : "s"}); after that no new node images are published; ${entry.fix}.`,
      };
    }
  }
  return { status: "supported", retired: false, os, entry };
}
