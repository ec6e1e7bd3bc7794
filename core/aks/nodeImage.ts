import { describeValue, isUnknown } from "./read";

/**
 * AKS node images: `nodeImageVersion` is `<OS>-<SKU>-<version>`, e.g.
 *   AKSUbuntu-2204gen2containerd-202404.22.0            current Linux, YYYYMM.DD.N
 *   AKSUbuntu-2204gen2containerd-202410.27.0-2024.12.01 with a SecurityPatch date
 *   AKSUbuntu-1804gen2containerd-2022.11.02             older Linux, YYYY.MM.DD
 *   AKSWindows-2022-containerd-20348.3692.250518        Windows, <build>.<rev>.<YYMMDD>
 * The SKU may itself contain hyphens (Windows), so the version is read from the end.
 * Reading the digits as the build date is inferred from Microsoft's examples.
 */

export type AksOsFamily = "ubuntu" | "azurelinux" | "cblmariner" | "windows" | "other";

export type NodeImageFormat = "linux" | "linux-legacy" | "windows";

export interface AksNodeImage {
  /** The string as given (trimmed). */
  readonly raw: string;
  /** The `<OS>` part, e.g. `AKSUbuntu`. */
  readonly osPrefix: string;
  readonly osFamily: AksOsFamily;
  /**
   * OS version where the SKU says it: `22.04` (Ubuntu `2204…`), `3` (Azure Linux `V3…`),
   * `2` (CBL-Mariner `V2…`), `2019` / `2022` / `2025` (Windows, from the SKU or the build number),
   * `23H2` (Windows annual channel).
   */
  readonly osVersion?: string;
  /** The `<SKU>` part, e.g. `2204gen2containerd` or `2022-containerd`. */
  readonly sku: string;
  readonly format: NodeImageFormat;
  /** The version part without any SecurityPatch suffix, e.g. `202404.22.0`. */
  readonly version: string;
  /** Build date, `YYYY-MM-DD`. */
  readonly buildDate: string;
  /** The SecurityPatch channel's date suffix, `YYYY-MM-DD`, when present. */
  readonly securityPatchDate?: string;
  /** The `.N` of `YYYYMM.DD.N` (0 for the other formats). */
  readonly revision: number;
  /** Windows only: OS build and revision, e.g. 20348 and 3692. */
  readonly windowsBuild?: number;
  readonly windowsRevision?: number;
}

export type NodeImageParse =
  | { readonly status: "recognised"; readonly image: AksNodeImage }
  | { readonly status: "unrecognised"; readonly raw: string; readonly reason: string }
  /** The Pulumi unknown sentinel: not known until the deployment runs. */
  | { readonly status: "unknown" }
  | { readonly status: "absent" };

const LINUX = /^(\d{4})(\d{2})\.(\d{2})\.(\d{1,4})$/; // YYYYMM.DD.N
const DOTTED_DATE = /^(\d{4})\.(\d{2})\.(\d{2})$/; // YYYY.MM.DD (legacy version, and SecurityPatch suffix)
const WINDOWS = /^(\d{5})\.(\d{1,6})\.(\d{2})(\d{2})(\d{2})$/; // build.rev.YYMMDD
const OS_PREFIX = /^AKS[A-Za-z0-9]+$/;

const FAMILIES: Readonly<Record<string, AksOsFamily>> = {
  aksubuntu: "ubuntu",
  aksazurelinux: "azurelinux",
  akscblmariner: "cblmariner",
  akswindows: "windows",
};

// Windows Server builds: 17763 is 2019, 20348 is 2022, 25398 is 23H2, 26100 is 2025.
const WINDOWS_BUILDS: Readonly<Record<number, string>> = {
  17763: "2019",
  20348: "2022",
  25398: "23H2",
  26100: "2025",
};

const MAX_LENGTH = 200;

/** Parses a `nodeImageVersion`; never throws. */
export function parseNodeImageVersion(value: unknown): NodeImageParse {
  if (value === undefined || value === null) return { status: "absent" };
  if (isUnknown(value)) return { status: "unknown" };
  if (typeof value !== "string")
    return { status: "unrecognised", raw: describeValue(value), reason: "not a string" };
  const raw = value.trim();
  if (raw === "") return { status: "absent" };
  if (raw.length > MAX_LENGTH)
    return {
      status: "unrecognised",
      raw: raw.slice(0, 64) + "…",
      reason: "longer than any node image version",
    };
  const fail = (reason: string): NodeImageParse => ({ status: "unrecognised", raw, reason });

  const parts = raw.split("-");
  const osPrefix = parts[0];
  if (!OS_PREFIX.test(osPrefix))
    return fail(
      `does not start with an AKS OS name such as AKSUbuntu, AKSAzureLinux or AKSWindows`,
    );
  const last = parts[parts.length - 1];
  const beforeLast = parts.length >= 3 ? parts[parts.length - 2] : undefined;

  let format: NodeImageFormat;
  let version: string;
  let versionParts = 1;
  let buildDate: string | undefined;
  let securityPatchDate: string | undefined;
  let revision = 0;
  let windowsBuild: number | undefined;
  let windowsRevision: number | undefined;

  const patch = DOTTED_DATE.exec(last);
  const linuxBefore = beforeLast === undefined ? null : LINUX.exec(beforeLast);
  if (patch && linuxBefore && parts.length >= 4) {
    // …-YYYYMM.DD.N-YYYY.MM.DD (SecurityPatch)
    format = "linux";
    version = beforeLast as string;
    versionParts = 2;
    buildDate = calendarDate(linuxBefore[1], linuxBefore[2], linuxBefore[3]);
    securityPatchDate = calendarDate(patch[1], patch[2], patch[3]);
    if (!securityPatchDate) return fail(`security patch date ${last} is not a calendar date`);
    revision = Number(linuxBefore[4]);
  } else if (LINUX.test(last)) {
    const m = LINUX.exec(last) as RegExpExecArray;
    format = "linux";
    version = last;
    buildDate = calendarDate(m[1], m[2], m[3]);
    revision = Number(m[4]);
  } else if (patch) {
    format = "linux-legacy";
    version = last;
    buildDate = calendarDate(patch[1], patch[2], patch[3]);
  } else if (WINDOWS.test(last)) {
    const m = WINDOWS.exec(last) as RegExpExecArray;
    format = "windows";
    version = last;
    windowsBuild = Number(m[1]);
    windowsRevision = Number(m[2]);
    buildDate = calendarDate(`20${m[3]}`, m[4], m[5]);
  } else {
    return fail(
      "the version at the end is none of YYYYMM.DD.N, YYYY.MM.DD or <build>.<rev>.<YYMMDD>",
    );
  }
  if (!buildDate) return fail(`version ${version} does not contain a calendar date`);
  const skuParts = parts.slice(1, parts.length - versionParts);
  if (skuParts.length === 0 || skuParts.some((p) => p === ""))
    return fail("has no <SKU> between the OS name and the version");
  const sku = skuParts.join("-");
  const osFamily = FAMILIES[osPrefix.toLowerCase()] ?? "other";
  const osVersion = osVersionOf(osFamily, skuParts, windowsBuild);
  const image: AksNodeImage = {
    raw,
    osPrefix,
    osFamily,
    sku,
    format,
    version,
    buildDate,
    revision,
    ...(osVersion !== undefined ? { osVersion } : {}),
    ...(securityPatchDate !== undefined ? { securityPatchDate } : {}),
    ...(windowsBuild !== undefined ? { windowsBuild, windowsRevision } : {}),
  };
  return { status: "recognised", image };
}

function osVersionOf(
  family: AksOsFamily,
  skuParts: readonly string[],
  windowsBuild: number | undefined,
): string | undefined {
  const first = skuParts[0];
  switch (family) {
    case "ubuntu": {
      const m = /^(\d{2})(\d{2})/.exec(first);
      return m ? `${m[1]}.${m[2]}` : undefined;
    }
    case "azurelinux":
    case "cblmariner": {
      const m = /^V(\d+)/i.exec(first);
      return m ? String(Number(m[1])) : undefined;
    }
    case "windows": {
      const m = /^(\d{4}|\d{2}H\d)$/i.exec(first);
      if (m) return m[1].toUpperCase();
      return windowsBuild !== undefined ? WINDOWS_BUILDS[windowsBuild] : undefined;
    }
    default:
      return undefined;
  }
}

/** `YYYY-MM-DD` when the parts name a real calendar day, else `undefined`. */
export function calendarDate(yyyy: string, mm: string, dd: string): string | undefined {
  if (typeof yyyy !== "string" || typeof mm !== "string" || typeof dd !== "string")
    return undefined;
  const y = Number(yyyy);
  const m = Number(mm);
  const d = Number(dd);
  if (
    !Number.isInteger(y) ||
    !Number.isInteger(m) ||
    !Number.isInteger(d) ||
    m < 1 ||
    m > 12 ||
    d < 1
  )
    return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return `${yyyy.padStart(4, "0")}-${mm.padStart(2, "0")}-${dd.padStart(2, "0")}`;
}

const DAY_MS = 86_400_000;

/** "Microsoft does not support node images that are older than 90 days." */
export const NODE_IMAGE_SUPPORT_DAYS = 90;

/**
 * Whole days from the image's build date to `now` (UTC); `undefined` for an invalid `now`.
 * A build date in the future gives a negative age.
 */
export function nodeImageAgeDays(
  image: Pick<AksNodeImage, "buildDate">,
  now: Date,
): number | undefined {
  const t = now instanceof Date ? now.getTime() : NaN;
  const buildDate =
    typeof image === "object" && image !== null
      ? (image as { buildDate?: unknown }).buildDate
      : undefined;
  if (typeof buildDate !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(buildDate)) return undefined;
  const built = Date.parse(`${buildDate}T00:00:00Z`);
  if (!Number.isFinite(t) || !Number.isFinite(built)) return undefined;
  return Math.floor((t - built) / DAY_MS);
}

export type NodeImageAge =
  | {
      readonly status: "ok" | "too-old";
      readonly ageDays: number;
      readonly maxAgeDays: number;
      readonly image: AksNodeImage;
      /** The date the age counts from, `YYYY-MM-DD`: the build date, or the SecurityPatch date (see {@link NodeImageAgeOptions}). */
      readonly since: string;
    }
  | { readonly status: "unknown" }
  | { readonly status: "absent" }
  | { readonly status: "unrecognised"; readonly raw: string; readonly reason: string };

export interface NodeImageAgeOptions {
  /**
   * What the age counts from for an image with a SecurityPatch suffix
   * (`…-202410.27.0-2024.12.01`): `build` (the base image's build date, the default) or
   * `securityPatch` (the suffix's date: with the SecurityPatch channel AKS produces a new VHD with
   * that day's security updates and moves the nodes to it, so the image the nodes run is from then).
   * Images without a suffix always count from their build date.
   */
  readonly countFrom?: "build" | "securityPatch";
}

/**
 * How old a pool's node image is at `now`, and whether it is older than `maxAgeDays`
 * (default {@link NODE_IMAGE_SUPPORT_DAYS}); works from the string or a parse result.
 */
export function assessNodeImageAge(
  value: unknown,
  now: Date,
  maxAgeDays: number = NODE_IMAGE_SUPPORT_DAYS,
  opts: NodeImageAgeOptions = {},
): NodeImageAge {
  const parsed = isParse(value) ? value : parseNodeImageVersion(value);
  if (parsed.status !== "recognised") return parsed;
  const patched =
    typeof opts === "object" && opts !== null && opts.countFrom === "securityPatch"
      ? parsed.image.securityPatchDate
      : undefined;
  const since =
    typeof patched === "string" && patched > parsed.image.buildDate
      ? patched
      : parsed.image.buildDate;
  const ageDays = nodeImageAgeDays({ buildDate: since }, now);
  if (ageDays === undefined)
    return {
      status: "unrecognised",
      raw: parsed.image.raw,
      reason: "no valid current date to measure the age against",
    };
  const limit =
    Number.isFinite(maxAgeDays) && maxAgeDays >= 0 ? maxAgeDays : NODE_IMAGE_SUPPORT_DAYS;
  return {
    status: ageDays > limit ? "too-old" : "ok",
    ageDays,
    maxAgeDays: limit,
    image: parsed.image,
    since,
  };
}

function isParse(value: unknown): value is NodeImageParse {
  if (typeof value !== "object" || value === null) return false;
  const status = (value as { status?: unknown }).status;
  if (status === "recognised")
    return typeof (value as { image?: { buildDate?: unknown } }).image?.buildDate === "string";
  return (
    status === "unknown" ||
    status === "absent" ||
    (status === "unrecognised" && typeof (value as { reason?: unknown }).reason === "string")
  );
}
