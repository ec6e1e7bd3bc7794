import { z } from "zod";
import { ConfigError, describeIssues } from "./configError";
import { CYCLE_MODES, CycleMode, cyclingProblems } from "./cycling";
import { graceDurationProblem } from "./eviction";
import { OkeImageName, parseImageName } from "./imageName";
import {
  KubeVersion,
  compareKubeVersions,
  formatKubeVersion,
  parseKubeVersion,
  sameKubeVersion,
} from "./kubeVersion";
import { isOcid, ocidExample } from "./ocid";
import {
  ShapeImageNeeds,
  describeNeeds,
  isFlexShape,
  needsWithArticle,
  shapeImageNeeds,
  shapeProblem,
} from "./shape";
import { LABEL_COLOUR, LABEL_PAIR, LABEL_POOL } from "./tags";

export type ClusterType = "BASIC_CLUSTER" | "ENHANCED_CLUSTER";

const version = z.string().refine((v) => parseKubeVersion(v)?.patch !== undefined, {
  message: "expected a Kubernetes version such as v1.34.2",
});
// A count may be written as a number; OKE takes (and the components pass) a string.
const surge = z
  .union([z.string(), z.number()], {
    message: 'expected a whole count ("1") or a percentage ("25%")',
  })
  .transform(String);
const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const RESERVED_LABELS = [LABEL_POOL, LABEL_PAIR, LABEL_COLOUR];

/** The image: pinned by OCID (optionally with its source name) or chosen from the catalog by OS. */
export const imageSpecSchema = z
  .strictObject(
    {
      imageId: z
        .string()
        .refine((v) => isOcid(v, "image"), {
          message: `expected an image OCID such as ${ocidExample("image")}`,
        })
        .optional(),
      sourceName: z
        .string()
        .refine((v) => parseImageName(v).recognised, {
          message:
            "expected an OKE image source name such as Oracle-Linux-8.10-2026.04.30-3-OKE-1.36.0-1462",
        })
        .optional(),
      os: z
        .string()
        .regex(/^[A-Za-z]+(-[A-Za-z]+)*$/, { message: 'expected OS words such as "Oracle-Linux"' })
        .optional(),
      osVersion: z
        .string()
        .regex(/^\d+(\.\d+)?$/, { message: 'expected an OS version such as "8" or "8.10"' })
        .optional(),
    },
    { message: "expected an image: { imageId, sourceName } pinned, or { os, osVersion }" },
  )
  .superRefine((img, ctx) => {
    // One issue per mistake: a sourceName without its imageId is one, not also "no image".
    if (img.imageId === undefined && img.sourceName !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["sourceName"],
        message: "sourceName describes a pinned imageId; add imageId or remove sourceName",
      });
    } else if (img.imageId === undefined && img.os === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["imageId"],
        message: "pin an image with imageId (and sourceName), or choose one with os/osVersion",
      });
    }
    if (img.imageId !== undefined && (img.os !== undefined || img.osVersion !== undefined)) {
      ctx.addIssue({
        code: "custom",
        path: [img.os !== undefined ? "os" : "osVersion"],
        message: "give either a pinned imageId or an os selector, not both",
      });
    }
  });

/** Node cycling, as OKE validates it. */
export const cyclingSpecSchema = z.strictObject(
  {
    enabled: z.boolean({ message: "expected true or false" }).optional(),
    mode: z.enum(CYCLE_MODES, { message: `expected one of ${CYCLE_MODES.join(", ")}` }).optional(),
    maximumSurge: surge.optional(),
    maximumUnavailable: surge.optional(),
  },
  { message: "expected node cycling: { enabled, mode, maximumSurge, maximumUnavailable }" },
);

export const evictionSpecSchema = z.strictObject(
  {
    graceDuration: z.string({ message: "expected an ISO-8601 duration such as PT30M" }).optional(),
    forceDeleteAfterGrace: z.boolean({ message: "expected true or false" }).optional(),
    forceActionAfterGrace: z.boolean({ message: "expected true or false" }).optional(),
  },
  {
    message:
      "expected eviction settings: { graceDuration, forceDeleteAfterGrace, forceActionAfterGrace }",
  },
);

/** Every plain (non-Output) setting of a node pool; shared by the component and the stack config. */
export const nodePoolSettingsShape = {
  shape: z
    .string({ message: "expected a node shape such as VM.Standard.E5.Flex" })
    .min(1, { message: "expected a node shape such as VM.Standard.E5.Flex" }),
  ocpus: z
    .number({ message: "expected a positive number of OCPUs" })
    .positive({ message: "expected a positive number of OCPUs" })
    .optional(),
  memoryInGbs: z
    .number({ message: "expected a positive number of GB" })
    .positive({ message: "expected a positive number of GB" })
    .optional(),
  size: z
    .number({ message: "expected a whole number of nodes ≥ 0" })
    .int({ message: "expected a whole number of nodes ≥ 0" })
    .min(0, { message: "expected a whole number of nodes ≥ 0" }),
  kubernetesVersion: version.optional(),
  image: imageSpecSchema,
  cycling: cyclingSpecSchema.optional(),
  preserveNodeIdentity: z.boolean({ message: "expected true or false" }).optional(),
  eviction: evictionSpecSchema.optional(),
  labels: z
    .record(z.string(), z.string({ message: "expected a label value (string)" }), {
      message: "expected a map of label keys to values",
    })
    .optional(),
  bootVolumeSizeInGbs: z
    .number({ message: "expected a whole number of GB ≥ 50" })
    .int({ message: "expected a whole number of GB ≥ 50" })
    .min(50, { message: "expected a whole number of GB ≥ 50" })
    .optional(),
};
export const nodePoolSettingsSchema = z.strictObject(nodePoolSettingsShape);
export type NodePoolSettings = z.infer<typeof nodePoolSettingsSchema>;

export interface ClusterFacts {
  readonly kubernetesVersion: string;
  readonly type?: ClusterType;
  /** The shapes the region's catalog offers; a pool's shape must be one of them. @default no check */
  readonly shapes?: readonly string[];
  /** The command that re-pins images, for the hints of image/version/shape mismatches. */
  readonly pinCommand?: string;
  /**
   * Leave image/version and image/shape mismatches of pinned images out of the problems: the
   * pin updater resolves them itself. @default false
   */
  readonly deferPinConflicts?: boolean;
}

export type ResolvedImage =
  | {
      readonly kind: "pinned";
      readonly imageId: string;
      readonly sourceName?: string;
      readonly parsed?: OkeImageName;
    }
  | {
      readonly kind: "selector";
      readonly osFamily: string;
      readonly osMajor?: number;
      readonly osMinor?: number;
    };

/** A validated pool: defaults applied, versions parsed, cycling settled. */
export interface ResolvedNodePool {
  readonly shape: string;
  readonly needs: ShapeImageNeeds;
  readonly ocpus?: number;
  readonly memoryInGbs?: number;
  readonly size: number;
  readonly kubernetesVersion: KubeVersion;
  readonly image: ResolvedImage;
  readonly cycling: {
    readonly enabled: boolean;
    readonly mode: CycleMode;
    readonly maximumSurge?: string;
    readonly maximumUnavailable?: string;
  };
  readonly eviction: {
    readonly graceDuration: string;
    readonly forceDeleteAfterGrace: boolean;
    readonly forceActionAfterGrace: boolean;
  };
  readonly labels: Readonly<Record<string, string>>;
  readonly bootVolumeSizeInGbs?: number;
  /** Accepted but risky settings, for the caller to log. */
  readonly warnings: readonly string[];
}

/**
 * Validates a pool's settings against its cluster and applies the defaults. Throws one
 * {@link ConfigError} listing every problem as `<path>: <value> — <expected form>`.
 */
export function resolveNodePool(
  subject: string,
  pathPrefix: string,
  raw: unknown,
  cluster: ClusterFacts,
): ResolvedNodePool {
  const parsed = nodePoolSettingsSchema.safeParse(raw);
  if (!parsed.success)
    throw new ConfigError(subject, describeIssues(pathPrefix, parsed.error.issues, raw));
  const s = parsed.data;
  const problems: string[] = [];
  const warnings: string[] = [];
  const at = (key: string) => `${pathPrefix ? `${pathPrefix}.` : ""}${key}`;

  const clusterVersion = parseKubeVersion(cluster.kubernetesVersion);
  const kubernetesVersion = parseKubeVersion(s.kubernetesVersion ?? cluster.kubernetesVersion);
  if (!kubernetesVersion || kubernetesVersion.patch === undefined) {
    problems.push(
      `${at("kubernetesVersion")}: ${JSON.stringify(s.kubernetesVersion ?? cluster.kubernetesVersion)} — expected a Kubernetes version such as v1.34.2`,
    );
  }
  const needs = shapeImageNeeds(s.shape);
  const unknownShape = cluster.shapes ? shapeProblem(s.shape, cluster.shapes) : undefined;
  if (unknownShape) problems.push(`${at("shape")}: ${JSON.stringify(s.shape)} — ${unknownShape}`);
  if (isFlexShape(s.shape) && (s.ocpus === undefined || s.memoryInGbs === undefined)) {
    const missing = [
      s.ocpus === undefined ? "ocpus" : "",
      s.memoryInGbs === undefined ? "memoryInGbs" : "",
    ]
      .filter(Boolean)
      .join(" and ");
    problems.push(
      `${at(s.ocpus === undefined ? "ocpus" : "memoryInGbs")}: missing — ${s.shape} is a Flex shape, which OKE sizes from ocpus and memoryInGbs; set ${missing} (e.g. ocpus: 2, memoryInGbs: 16)`,
    );
  }

  let image: ResolvedImage;
  if (s.image.imageId !== undefined) {
    const name = s.image.sourceName === undefined ? undefined : parseImageName(s.image.sourceName);
    const img = name?.recognised ? name.image : undefined;
    image = {
      kind: "pinned",
      imageId: s.image.imageId,
      ...(s.image.sourceName ? { sourceName: s.image.sourceName } : {}),
      ...(img ? { parsed: img } : {}),
    };
    const repin = cluster.pinCommand
      ? `; \`${cluster.pinCommand}\` re-pins it (the pool's version and shape decide)`
      : "";
    if (
      !cluster.deferPinConflicts &&
      img?.kubernetesVersion &&
      kubernetesVersion &&
      !sameKubeVersion(img.kubernetesVersion, kubernetesVersion)
    ) {
      problems.push(
        `${at("image.sourceName")}: ${JSON.stringify(s.image.sourceName)} — is an image for Kubernetes ${formatKubeVersion(img.kubernetesVersion)} but the pool runs ${formatKubeVersion(kubernetesVersion)} (OKE answers 409); pin an image built for ${formatKubeVersion(kubernetesVersion)}${repin}`,
      );
    }
    if (!cluster.deferPinConflicts && img && (img.arch !== needs.arch || img.gpu !== needs.gpu)) {
      problems.push(
        `${at("image.sourceName")}: ${JSON.stringify(s.image.sourceName)} — is ${needsWithArticle(img)} image but shape ${s.shape} needs ${describeNeeds(needs)}; pin ${needsWithArticle(needs)} image${repin}`,
      );
    }
  } else {
    const [major, minor] = (s.image.osVersion ?? "").split(".");
    image = {
      kind: "selector",
      osFamily: (s.image.os ?? "").toLowerCase(),
      ...(major ? { osMajor: Number(major) } : {}),
      ...(minor !== undefined ? { osMinor: Number(minor) } : {}),
    };
  }

  if (s.preserveNodeIdentity === true && s.cycling?.mode === "INSTANCE_REPLACE") {
    problems.push(
      `${at("cycling.mode")}: "INSTANCE_REPLACE" — gives nodes new OCIDs and IPs, which contradicts preserveNodeIdentity: true; use BOOT_VOLUME_REPLACE or drop preserveNodeIdentity`,
    );
  }
  if (s.preserveNodeIdentity === false && s.cycling?.mode === "BOOT_VOLUME_REPLACE") {
    problems.push(
      `${at("cycling.mode")}: "BOOT_VOLUME_REPLACE" — keeps node identity, which contradicts preserveNodeIdentity: false; use INSTANCE_REPLACE or drop preserveNodeIdentity`,
    );
  }
  const mode: CycleMode =
    s.cycling?.mode ??
    (s.preserveNodeIdentity === false ? "INSTANCE_REPLACE" : "BOOT_VOLUME_REPLACE");
  const clusterType = cluster.type ?? "ENHANCED_CLUSTER";
  const enabled = s.cycling?.enabled ?? clusterType === "ENHANCED_CLUSTER";
  const cycling = {
    enabled,
    mode,
    ...(s.cycling?.maximumSurge !== undefined
      ? { maximumSurge: String(s.cycling.maximumSurge) }
      : {}),
    ...(s.cycling?.maximumUnavailable !== undefined
      ? { maximumUnavailable: String(s.cycling.maximumUnavailable) }
      : {}),
  };
  for (const p of cyclingProblems({
    enabled,
    modes: [mode],
    maximumSurge: cycling.maximumSurge,
    maximumUnavailable: cycling.maximumUnavailable,
    size: s.size,
    clusterType,
  })) {
    const field =
      p.field === "isNodeCyclingEnabled"
        ? "enabled"
        : p.field.startsWith("cycleModes")
          ? "mode"
          : p.field;
    const value = field === "enabled" ? enabled : (cycling as Record<string, unknown>)[field];
    const shown =
      value !== undefined
        ? JSON.stringify(value)
        : field === "maximumUnavailable"
          ? `not set (OKE's default for ${mode}: "${mode === "INSTANCE_REPLACE" ? 0 : 1}")`
          : field === "maximumSurge"
            ? `not set (OKE's default: "1")`
            : "not set";
    const line = `${at(`cycling.${field}`)}: ${shown} — ${p.message}`;
    (p.severity === "invalid" ? problems : warnings).push(line);
  }

  const graceDuration = s.eviction?.graceDuration ?? "PT60M";
  const graceProblem = graceDurationProblem(graceDuration);
  if (graceProblem)
    problems.push(
      `${at("eviction.graceDuration")}: ${JSON.stringify(graceDuration)} — ${graceProblem}; use PT0M to PT60M`,
    );

  for (const [key, value] of Object.entries(s.labels ?? {})) {
    if (!LABEL_KEY.test(key) || key.length > 316)
      problems.push(
        `${at(`labels.${key}`)}: ${JSON.stringify(value)} — not a valid Kubernetes label key; use [prefix/]name with letters, digits, -, _ and .`,
      );
    else if (RESERVED_LABELS.includes(key))
      problems.push(
        `${at(`labels.${key}`)}: ${JSON.stringify(value)} — is set by this project; remove it`,
      );
    else if (!LABEL_VALUE.test(value))
      problems.push(
        `${at(`labels.${key}`)}: ${JSON.stringify(value)} — not a valid label value; up to 63 letters, digits, -, _ and .`,
      );
  }

  if (
    kubernetesVersion &&
    clusterVersion &&
    compareKubeVersions(kubernetesVersion, clusterVersion) > 0
  ) {
    warnings.push(
      `${at("kubernetesVersion")}: ${formatKubeVersion(kubernetesVersion)} is newer than the control plane's ${formatKubeVersion(clusterVersion)}; the policy pack will fail this preview`,
    );
  }
  if (problems.length > 0) throw new ConfigError(subject, problems);
  return {
    shape: s.shape,
    needs,
    ...(s.ocpus !== undefined ? { ocpus: s.ocpus } : {}),
    ...(s.memoryInGbs !== undefined ? { memoryInGbs: s.memoryInGbs } : {}),
    size: s.size,
    kubernetesVersion: kubernetesVersion!,
    image,
    cycling,
    eviction: {
      graceDuration,
      forceDeleteAfterGrace: s.eviction?.forceDeleteAfterGrace ?? false,
      forceActionAfterGrace: s.eviction?.forceActionAfterGrace ?? false,
    },
    labels: s.labels ?? {},
    ...(s.bootVolumeSizeInGbs !== undefined ? { bootVolumeSizeInGbs: s.bootVolumeSizeInGbs } : {}),
    warnings,
  };
}
