import { KubeVersion, parseKubeVersion } from "./kubeVersion";
import { memoParse } from "./memo";

export type CpuArch = "x86_64" | "aarch64";

/** What an OKE worker image source name says about the image. */
export interface OkeImageName {
  readonly sourceName: string;
  /** `oke` images carry a Kubernetes version and OKE build; `platform` images are plain OS images. */
  readonly kind: "oke" | "platform";
  /** Lower-case OS words, e.g. `oracle-linux` or `canonical-ubuntu`. */
  readonly osFamily: string;
  /** As written, e.g. `8.10`. */
  readonly osVersion: string;
  readonly osMajor: number;
  readonly osMinor: number;
  readonly arch: CpuArch;
  readonly gpu: boolean;
  /** Build date as `YYYY-MM-DD`. */
  readonly buildDate: string;
  readonly revision: number;
  /** Present on OKE images only. */
  readonly kubernetesVersion?: KubeVersion;
  /** Present on OKE images only. */
  readonly okeBuild?: number;
}

export type ImageNameParse =
  | { readonly recognised: true; readonly image: OkeImageName }
  | { readonly recognised: false; readonly sourceName: string; readonly reason: string };

// <OS words>-<osVersion>-[aarch64-|Gen2-GPU-]<YYYY.MM.DD>-<rev>[-OKE-<x.y.z>-<build>]
const GRAMMAR =
  /^([a-z]+(?:-[a-z]+)*)-(\d+)(?:\.(\d+))?-(?:(aarch64|gen2-gpu)-)?(\d{4})\.(\d{2})\.(\d{2})-(\d+)(?:-oke-(\d+\.\d+\.\d+)-(\d+))?$/i;

const MAX_NAME_LENGTH = 256;

/** Parses an image source name; never throws, whatever it is given. */
export function parseImageName(sourceName: unknown): ImageNameParse {
  if (typeof sourceName !== "string") {
    return {
      recognised: false,
      sourceName: `(${sourceName === null ? "null" : typeof sourceName})`,
      reason: "not a string",
    };
  }
  if (sourceName.length > MAX_NAME_LENGTH) {
    return {
      recognised: false,
      sourceName: sourceName.slice(0, 64) + "…",
      reason: "longer than any image name",
    };
  }
  return parseNameString(sourceName);
}

const parseNameString = memoParse((sourceName: string): ImageNameParse => {
  const m = GRAMMAR.exec(sourceName.trim());
  if (!m) {
    return {
      recognised: false,
      sourceName,
      reason:
        "does not follow <OS>-<version>-[aarch64-|Gen2-GPU-]<YYYY.MM.DD>-<rev>[-OKE-<x.y.z>-<build>]",
    };
  }
  const [, os, major, minor, variant, yyyy, mm, dd, rev, k8s, build] = m;
  const date = new Date(Date.UTC(Number(yyyy), Number(mm) - 1, Number(dd)));
  if (
    date.getUTCFullYear() !== Number(yyyy) ||
    date.getUTCMonth() !== Number(mm) - 1 ||
    date.getUTCDate() !== Number(dd)
  ) {
    return {
      recognised: false,
      sourceName,
      reason: `build date ${yyyy}.${mm}.${dd} is not a calendar date`,
    };
  }
  const kubernetesVersion = k8s === undefined ? undefined : parseKubeVersion(k8s);
  if (k8s !== undefined && !kubernetesVersion) {
    return { recognised: false, sourceName, reason: `Kubernetes version ${k8s} cannot be read` };
  }
  const lowerVariant = variant?.toLowerCase();
  const image: OkeImageName = {
    sourceName: sourceName.trim(),
    kind: kubernetesVersion ? "oke" : "platform",
    osFamily: os.toLowerCase(),
    osVersion: minor === undefined ? major : `${major}.${minor}`,
    osMajor: Number(major),
    osMinor: minor === undefined ? 0 : Number(minor),
    arch: lowerVariant === "aarch64" ? "aarch64" : "x86_64",
    gpu: lowerVariant === "gen2-gpu",
    buildDate: `${yyyy}-${mm}-${dd}`,
    revision: Number(rev),
    ...(kubernetesVersion ? { kubernetesVersion, okeBuild: Number(build) } : {}),
  };
  return { recognised: true, image };
});

const DAY_MS = 86_400_000;

/** Keys by parsed name: parses are shared (core/memo.ts), and every catalog search sorts by them. */
const sortKeys = new WeakMap<OkeImageName, number>();

/**
 * One number that orders images of the same family newest-last: build day, then revision,
 * then OKE build. Days since 1970 (< 10^5) × 10^10 + revision (< 10^4) × 10^6 + build (< 10^6)
 * stays below 2^53, so the key is exact.
 */
export function imageSortKey(image: OkeImageName): number {
  let key = sortKeys.get(image);
  if (key === undefined) {
    const day = Math.floor(Date.parse(`${image.buildDate}T00:00:00Z`) / DAY_MS);
    const revision = Math.min(image.revision, 9_999);
    const build = Math.min(image.okeBuild ?? 0, 999_999);
    sortKeys.set(image, (key = day * 1e10 + revision * 1e6 + build));
  }
  return key;
}

/** Age of the image's build in whole days at `now`. */
export function imageAgeDays(image: OkeImageName, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(`${image.buildDate}T00:00:00Z`)) / DAY_MS);
}
