import {
  KubeVersion,
  compareKubeVersions,
  formatKubeVersion,
  formatKubeVersionBare,
} from "./kubeVersion";

/**
 * The widest minor skew Kubernetes supports between a control plane and its kubelets:
 * 3 minors from 1.28 on, 2 before (upstream version-skew policy; OKE and AKS follow it).
 */
export function supportedMinorSkew(controlPlane: KubeVersion): number {
  return controlPlane.major > 1 || controlPlane.minor >= 28 ? 3 : 2;
}

export type SkewVerdict =
  | { readonly ok: true; readonly minorsBehind: number; readonly allowedMinors: number }
  | {
      readonly ok: false;
      readonly reason: "pool-newer" | "too-far-behind" | "major-mismatch";
      readonly minorsBehind: number;
      readonly allowedMinors: number;
      /** What is wrong and the safe order of upgrades, ready for a message. */
      readonly explanation: string;
    };

export interface SkewOptions {
  /** A stricter maximum than Kubernetes allows; a wider one is ignored. */
  readonly maxMinorSkew?: number;
  /**
   * How the explanation prints versions: `v` (`v1.34.2`, OKE's API form, the default) or `bare`
   * (`1.34.2`, as AKS writes them).
   */
  readonly versionStyle?: "v" | "bare";
  /**
   * What the explanation tells the reader to change on a pool that is too far behind, in
   * parentheses after "Upgrade the pool". @default "image and kubernetesVersion together" (OKE)
   */
  readonly poolUpgradeFields?: string;
}

/** The skew rule: a pool never newer than its control plane and at most N minors behind it. */
export function checkSkew(
  pool: KubeVersion,
  controlPlane: KubeVersion,
  options: SkewOptions = {},
): SkewVerdict {
  const supported = supportedMinorSkew(controlPlane);
  const allowedMinors =
    options.maxMinorSkew !== undefined &&
    Number.isInteger(options.maxMinorSkew) &&
    options.maxMinorSkew >= 0
      ? Math.min(options.maxMinorSkew, supported)
      : supported;
  const minorsBehind = controlPlane.minor - pool.minor;
  const format = options.versionStyle === "bare" ? formatKubeVersionBare : formatKubeVersion;
  const fields =
    typeof options.poolUpgradeFields === "string" && options.poolUpgradeFields.trim() !== ""
      ? options.poolUpgradeFields.trim()
      : "image and kubernetesVersion together";
  const poolText = format(pool);
  const cpText = format(controlPlane);
  if (pool.major !== controlPlane.major) {
    return {
      ok: false,
      reason: "major-mismatch",
      minorsBehind,
      allowedMinors,
      explanation: `pool version ${poolText} and control-plane version ${cpText} differ in major version; no skew between majors is supported.`,
    };
  }
  if (compareKubeVersions(pool, controlPlane) > 0) {
    return {
      ok: false,
      reason: "pool-newer",
      minorsBehind,
      allowedMinors,
      explanation:
        `pool version ${poolText} is newer than the control plane's ${cpText}; kubelets may never be newer than the API server. ` +
        `Upgrade the control plane first, one minor at a time, then the pool, or set the pool to ${cpText} or older.`,
    };
  }
  if (minorsBehind > allowedMinors) {
    const oldestAllowed = format({
      major: controlPlane.major,
      minor: controlPlane.minor - allowedMinors,
    });
    return {
      ok: false,
      reason: "too-far-behind",
      minorsBehind,
      allowedMinors,
      explanation:
        `pool version ${poolText} is ${minorsBehind} minor versions behind the control plane's ${cpText}; at most ${allowedMinors} are supported. ` +
        `Upgrade the pool (${fields}) to at least ${oldestAllowed}, ideally ${cpText}, before the control plane moves further; ` +
        `always upgrade the control plane one minor at a time and its pools right after each step.`,
    };
  }
  return { ok: true, minorsBehind, allowedMinors };
}
