import { KubeVersion, compareKubeVersions, formatKubeVersion } from "./kubeVersion";

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
}

/** The skew rule: a pool never newer than its control plane and at most N minors behind it. */
export function checkSkew(pool: KubeVersion, controlPlane: KubeVersion, options: SkewOptions = {}): SkewVerdict {
  const supported = supportedMinorSkew(controlPlane);
  const allowedMinors =
    options.maxMinorSkew !== undefined && Number.isInteger(options.maxMinorSkew) && options.maxMinorSkew >= 0
      ? Math.min(options.maxMinorSkew, supported)
      : supported;
  const minorsBehind = controlPlane.minor - pool.minor;
  const poolText = formatKubeVersion(pool);
  const cpText = formatKubeVersion(controlPlane);
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
    const oldestAllowed = formatKubeVersion({ major: controlPlane.major, minor: controlPlane.minor - allowedMinors });
    return {
      ok: false,
      reason: "too-far-behind",
      minorsBehind,
      allowedMinors,
      explanation:
        `pool version ${poolText} is ${minorsBehind} minor versions behind the control plane's ${cpText}; at most ${allowedMinors} are supported. ` +
        `Upgrade the pool (image and kubernetesVersion together) to at least ${oldestAllowed}, ideally ${cpText}, before the control plane moves further; ` +
        `always upgrade the control plane one minor at a time and its pools right after each step.`,
    };
  }
  return { ok: true, minorsBehind, allowedMinors };
}
