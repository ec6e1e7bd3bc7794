import { KubeVersion, formatKubeVersionBare } from "../kubeVersion";
import { SkewOptions, SkewVerdict, checkSkew } from "../skew";
import { AksStackPool } from "./pools";

export type AksSkewVerdict =
  | {
      readonly status: "ok";
      readonly pool: KubeVersion;
      readonly controlPlane: KubeVersion;
      readonly verdict: SkewVerdict;
    }
  /** Newer than the control plane, or too far behind it; `message` says what to do. */
  | {
      readonly status: "violation";
      readonly pool: KubeVersion;
      readonly controlPlane: KubeVersion;
      readonly verdict: SkewVerdict;
      readonly message: string;
    }
  /** A version or the pool's control plane is not known until the deployment runs. */
  | { readonly status: "unknown"; readonly reason: string }
  /** No cluster found, or a version that is not a version. */
  | { readonly status: "undetermined"; readonly reason: string };

/**
 * The version-skew rule for an AKS pool of the stack model (core/skew.ts: at most 3 minors behind from 1.28,
 * 2 before, never newer). A pool without its own version runs the control plane's, which is fine.
 * Versions are printed AKS-style (`1.30.5`, no leading `v`) unless `options.versionStyle` says otherwise.
 */
export function checkAksPoolSkew(pool: AksStackPool, options: SkewOptions = {}): AksSkewVerdict {
  if (
    typeof pool !== "object" ||
    pool === null ||
    typeof pool.controlPlane !== "object" ||
    pool.controlPlane === null ||
    !isRead(pool.controlPlane.kubernetesVersion) ||
    !isRead(pool.effectiveVersion)
  ) {
    return { status: "undetermined", reason: "not a linked AKS pool" };
  }
  const controlPlane = pool.controlPlane;
  const cp = controlPlane.kubernetesVersion;
  const own = pool.effectiveVersion;
  if (own.state === "unknown")
    return {
      status: "unknown",
      reason: "the pool's version is not known until the deployment runs",
    };
  if (cp.state === "unknown") {
    return {
      status: "unknown",
      reason:
        controlPlane.via === "pending"
          ? controlPlane.reason
          : "the control plane's version is not known until the deployment runs",
    };
  }
  if (own.state === "invalid") return { status: "undetermined", reason: own.reason };
  if (cp.state === "invalid")
    return { status: "undetermined", reason: `control plane: ${cp.reason}` };
  if (cp.state === "absent") {
    const why =
      controlPlane.via === "none" || controlPlane.via === "ambiguous"
        ? controlPlane.reason
        : "the cluster declares no kubernetesVersion";
    return { status: "undetermined", reason: why };
  }
  if (own.state === "absent") return { status: "undetermined", reason: "the pool has no version" };
  let verdict: SkewVerdict;
  try {
    // AKS writes versions without a leading `v`, and a pool's version is its orchestratorVersion.
    verdict = checkSkew(own.value, cp.value, {
      versionStyle: "bare",
      poolUpgradeFields: "orchestratorVersion",
      ...(typeof options === "object" && options !== null ? options : {}),
    });
  } catch {
    return { status: "undetermined", reason: "the versions could not be compared" };
  }
  if (verdict.ok) return { status: "ok", pool: own.value, controlPlane: cp.value, verdict };
  const name = pool.name.state === "known" ? `node pool ${pool.name.value}` : "node pool";
  return {
    status: "violation",
    pool: own.value,
    controlPlane: cp.value,
    verdict,
    message: `${name} at ${formatKubeVersionBare(own.value)} vs control plane ${formatKubeVersionBare(cp.value)}: ${verdict.explanation}`,
  };
}

function isRead(value: unknown): value is { state: string } {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { state?: unknown }).state === "string"
  );
}
