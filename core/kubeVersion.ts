import { memoParse } from "./memo";

/** A Kubernetes version as OKE and AKS write it: `v1.34.2`, `1.34.2` or `1.30` (patch optional). */
export interface KubeVersion {
  readonly major: number;
  readonly minor: number;
  /** Absent when the version was written as `major.minor` (AKS lets the service choose the patch). */
  readonly patch?: number;
}

const VERSION = /^v?(\d{1,3})\.(\d{1,3})(?:\.(\d{1,4}))?$/i;

/** Parses a version; anything else (including non-strings) gives `undefined`, never an exception. */
export function parseKubeVersion(value: unknown): KubeVersion | undefined {
  return typeof value === "string" ? parseVersionString(value) : undefined;
}

const parseVersionString = memoParse((value: string): KubeVersion | undefined => {
  const m = VERSION.exec(value.trim());
  if (!m) return undefined;
  const version: KubeVersion = { major: Number(m[1]), minor: Number(m[2]) };
  return m[3] === undefined ? version : { ...version, patch: Number(m[3]) };
});

/** Like {@link parseKubeVersion} but throws an error naming `what` and the expected form. */
export function requireKubeVersion(value: unknown, what: string): KubeVersion {
  const v = parseKubeVersion(value);
  if (!v) {
    throw new Error(
      `${what}: ${JSON.stringify(value)} is not a Kubernetes version; expected the form v1.34.2`,
    );
  }
  return v;
}

/** Numeric comparison; a missing patch compares as equal to any patch of the same minor. */
export function compareKubeVersions(a: KubeVersion, b: KubeVersion): number {
  if (a.major !== b.major) return a.major - b.major;
  if (a.minor !== b.minor) return a.minor - b.minor;
  if (a.patch === undefined || b.patch === undefined) return 0;
  return a.patch - b.patch;
}

export function sameKubeVersion(a: KubeVersion, b: KubeVersion): boolean {
  return a.major === b.major && a.minor === b.minor && a.patch === b.patch;
}

/** API form with a leading `v`, as OKE's `kubernetesVersion` takes it. */
export function formatKubeVersion(v: KubeVersion): string {
  return `v${formatKubeVersionBare(v)}`;
}

/** Plain `1.34.2` form, as image source names carry it. */
export function formatKubeVersionBare(v: KubeVersion): string {
  return v.patch === undefined ? `${v.major}.${v.minor}` : `${v.major}.${v.minor}.${v.patch}`;
}

export function minorKey(v: KubeVersion): string {
  return `${v.major}.${v.minor}`;
}
