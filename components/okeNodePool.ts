import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import { ImageCatalog } from "../core/catalog";
import { archFilterFor, osTypeFilterFor } from "../core/catalogFilter";
import { ConfigError } from "../core/configError";
import { CycleMode } from "../core/cycling";
import { describeNeeds } from "../core/shape";
import { ImageStatus, PinAssessment, assessPin, criteriaFor } from "../core/imageStatus";
import { formatKubeVersion } from "../core/kubeVersion";
import {
  ClusterType,
  NodePoolSettings,
  ResolvedNodePool,
  resolveNodePool,
} from "../core/nodePoolSpec";
import { isOcid, ocidExample } from "../core/ocid";
import {
  LABEL_COLOUR,
  LABEL_PAIR,
  LABEL_POOL,
  TAG_ACTIVE_COLOUR,
  TAG_COLOUR,
  TAG_IMAGE_SOURCE_NAME,
  TAG_KUBERNETES_VERSION,
  TAG_PAIR,
  TAG_POOL_NAME,
  TYPE_NODE_POOL_COMPONENT,
} from "../core/tags";
import { ImageCatalogSource, programCatalogSource } from "./imageCatalogSource";

/** The cluster a pool joins. */
export interface OkeClusterRef {
  /** The cluster's OCID (or its resource's `id` output). */
  readonly id: pulumi.Input<string>;
  /** The control plane's version, e.g. `v1.35.2`; the pool's default version. */
  readonly kubernetesVersion: string;
  /**
   * Node cycling needs an enhanced cluster.
   * @default "ENHANCED_CLUSTER"
   */
  readonly type?: ClusterType;
}

/** Where nodes go: one entry per availability domain. */
export interface PlacementArgs {
  /** e.g. `Uocm:PHX-AD-1`. */
  readonly availabilityDomain: pulumi.Input<string>;
  /** The worker subnet's OCID. */
  readonly subnetId: pulumi.Input<string>;
  /** @default all fault domains of the availability domain */
  readonly faultDomains?: pulumi.Input<string>[];
}

/** Membership of a blue/green pair; set by `BlueGreenNodePool`, not by hand. */
export interface PairMembership {
  readonly pair: string;
  readonly colour: "blue" | "green";
  readonly activeColour: "blue" | "green";
}

/**
 * Arguments of {@link OkeNodePool}. Plain (non-Output) settings are validated when the
 * component is constructed, before anything is registered. The image is either pinned —
 * explicit and reviewable, like a lockfile entry — or chosen from the catalog by OS.
 */
export interface OkeNodePoolArgs extends NodePoolSettings {
  readonly cluster: OkeClusterRef;
  /** The compartment the pool is created in. */
  readonly compartmentId: pulumi.Input<string>;
  /** At least one placement. */
  readonly placement: readonly PlacementArgs[];
  /** The pool's name in OCI. @default the component's name */
  readonly nodePoolName?: string;
  /** @default none */
  readonly sshPublicKey?: pulumi.Input<string>;
  /** Network security groups for the nodes. @default none */
  readonly nsgIds?: pulumi.Input<string>[];
  /** Extra freeform tags for the pool. @default none */
  readonly freeformTags?: Readonly<Record<string, string>>;
  /** Where the catalog of current images comes from. @default the program-wide source (one invoke per filter) */
  readonly catalogSource?: ImageCatalogSource;
  /** @default not part of a pair */
  readonly pairMembership?: PairMembership;
}

// The NodePoolSettings fields, restated here only for their documentation:
// shape (required) — node shape, e.g. VM.Standard.E5.Flex.
// ocpus / memoryInGbs — flexible shape size. @default the shape's default.
// size (required) — node count, ≥ 0.
// kubernetesVersion — @default cluster.kubernetesVersion.
// image (required) — { imageId, sourceName? } pinned, or { os, osVersion? } floating (warns).
// cycling — { enabled?, mode?, maximumSurge?, maximumUnavailable? }.
//   enabled @default true on ENHANCED_CLUSTER, false on BASIC_CLUSTER;
//   mode @default BOOT_VOLUME_REPLACE (INSTANCE_REPLACE when preserveNodeIdentity is false);
//   maximumSurge @default OKE's (1, INSTANCE_REPLACE only); maximumUnavailable @default OKE's (0 / 1).
// preserveNodeIdentity — true keeps node OCIDs and private IPs (BOOT_VOLUME_REPLACE). @default true.
// eviction — { graceDuration @default "PT60M", forceDeleteAfterGrace @default false, forceActionAfterGrace @default false }.
// labels — Kubernetes node labels. @default none (okepools.io/pool is always added).
// bootVolumeSizeInGbs — @default the image's (≥ 50).

/** An OKE node pool whose worker image is pinned and checked against the catalog at every preview. */
export class OkeNodePool extends pulumi.ComponentResource {
  readonly nodePool: oci.containerengine.NodePool;
  readonly nodePoolId: pulumi.Output<string>;
  /** The image the pool runs. */
  readonly imageId: pulumi.Output<string>;
  /** Its source name, from the pin or the catalog; undefined when neither knows it. */
  readonly imageSourceName: pulumi.Output<string | undefined>;
  /** `current`, `update-available` or `retired`, against the catalog. */
  readonly imageStatus: pulumi.Output<ImageStatus>;
  /** The newest current image for the pool's version, OS, arch and GPU-ness, when the pin is not it. */
  readonly replacementImageId: pulumi.Output<string | undefined>;
  readonly replacementSourceName: pulumi.Output<string | undefined>;
  /** The pool's name in OCI. */
  readonly poolName: string;
  /** API form, e.g. `v1.34.2`. */
  readonly kubernetesVersion: string;
  readonly cycleMode: CycleMode;
  readonly size: number;
  /** Node selector that places pods on this pool. */
  readonly nodeSelector: Readonly<Record<string, string>>;
  /** Private IPs of the pool's nodes (empty until nodes exist). */
  readonly nodePrivateIps: pulumi.Output<string[]>;
  /** The validated settings with defaults applied. */
  readonly settings: ResolvedNodePool;

  constructor(name: string, args: OkeNodePoolArgs, opts?: pulumi.ComponentResourceOptions) {
    const settings = validateOkeNodePoolArgs(name, args);
    super(TYPE_NODE_POOL_COMPONENT, name, {}, opts);
    this.settings = settings;
    this.kubernetesVersion = formatKubeVersion(settings.kubernetesVersion);
    this.cycleMode = settings.cycling.mode;
    this.size = settings.size;
    const poolName = args.nodePoolName ?? name;
    this.poolName = poolName;
    const labels: Record<string, string> = { ...settings.labels, [LABEL_POOL]: poolName };
    if (args.pairMembership) {
      labels[LABEL_PAIR] = args.pairMembership.pair;
      labels[LABEL_COLOUR] = args.pairMembership.colour;
    }
    this.nodeSelector = args.pairMembership
      ? { [LABEL_PAIR]: args.pairMembership.pair, [LABEL_COLOUR]: args.pairMembership.colour }
      : { [LABEL_POOL]: poolName };

    const image = settings.image;
    const osOf =
      image.kind === "pinned" ? image.parsed : { osFamily: image.osFamily, osMajor: image.osMajor };
    const filter = {
      nodePoolOptionId:
        typeof args.cluster.id === "string" && isOcid(args.cluster.id, "cluster")
          ? args.cluster.id
          : "all",
      ...optional("nodePoolOsType", osTypeFilterFor(osOf?.osFamily, osOf?.osMajor)),
      nodePoolOsArch: archFilterFor(settings.needs),
    };
    const catalog = (args.catalogSource ?? programCatalogSource()).catalogFor(filter);
    const judged = catalog.then((c) => judgeImage(name, settings, c));
    void judged.then(
      (j) => (j.warning ? pulumi.log.warn(j.warning, this) : undefined),
      () => undefined, // the error surfaces through imageId
    );
    if (image.kind === "selector") {
      void judged.then(
        (j) =>
          pulumi.log.warn(
            `${name}: the image is chosen from the catalog by OS (${`${image.osFamily} ${image.osMajor ?? ""}`.trim()}), so it floats: each preview may pick a newer one and cycle the nodes. Pin it: replace image.os/osVersion with image.imageId: ${j.imageId} and image.sourceName: ${j.sourceName ?? "(unknown)"} (the image chosen now).`,
            this,
          ),
        () => undefined,
      );
    }

    this.imageId = pulumi.output(
      image.kind === "pinned" ? image.imageId : judged.then((j) => j.imageId),
    );
    this.imageSourceName = pulumi.output(judged.then((j) => j.sourceName));
    this.imageStatus = pulumi.output(judged.then((j) => j.assessment.status));
    this.replacementImageId = pulumi.output(judged.then((j) => j.assessment.replacement?.imageId));
    this.replacementSourceName = pulumi.output(
      judged.then((j) => j.assessment.replacement?.sourceName),
    );

    const tags: Record<string, pulumi.Input<string>> = {
      ...args.freeformTags,
      [TAG_POOL_NAME]: poolName,
      [TAG_KUBERNETES_VERSION]: this.kubernetesVersion,
    };
    // A pinned source name is recorded as written; otherwise the catalog's, once known.
    const sourceNameTag =
      image.kind === "pinned" && image.sourceName
        ? image.sourceName
        : this.imageSourceName.apply((n) => n ?? "unknown");
    tags[TAG_IMAGE_SOURCE_NAME] = sourceNameTag;
    if (args.pairMembership) {
      tags[TAG_PAIR] = args.pairMembership.pair;
      tags[TAG_COLOUR] = args.pairMembership.colour;
      tags[TAG_ACTIVE_COLOUR] = args.pairMembership.activeColour;
    }

    const cycling = settings.cycling;
    this.nodePool = new oci.containerengine.NodePool(
      name,
      {
        clusterId: args.cluster.id,
        compartmentId: args.compartmentId,
        name: poolName,
        kubernetesVersion: this.kubernetesVersion,
        nodeShape: settings.shape,
        ...(settings.ocpus !== undefined || settings.memoryInGbs !== undefined
          ? {
              nodeShapeConfig: {
                ...optional("ocpus", settings.ocpus),
                ...optional("memoryInGbs", settings.memoryInGbs),
              },
            }
          : {}),
        nodeConfigDetails: {
          size: settings.size,
          placementConfigs: args.placement.map((p) => ({
            availabilityDomain: p.availabilityDomain,
            subnetId: p.subnetId,
            ...optional("faultDomains", p.faultDomains),
          })),
          ...optional("nsgIds", args.nsgIds),
        },
        nodeSourceDetails: {
          sourceType: "IMAGE",
          imageId: this.imageId,
          ...optional(
            "bootVolumeSizeInGbs",
            settings.bootVolumeSizeInGbs === undefined
              ? undefined
              : String(settings.bootVolumeSizeInGbs),
          ),
        },
        nodePoolCyclingDetails: {
          isNodeCyclingEnabled: cycling.enabled,
          cycleModes: [cycling.mode],
          ...optional(
            "maximumSurge",
            cycling.mode === "INSTANCE_REPLACE" ? cycling.maximumSurge : undefined,
          ),
          ...optional("maximumUnavailable", cycling.maximumUnavailable),
        },
        nodeEvictionNodePoolSettings: {
          evictionGraceDuration: settings.eviction.graceDuration,
          isForceDeleteAfterGraceDuration: settings.eviction.forceDeleteAfterGrace,
          isForceActionAfterGraceDuration: settings.eviction.forceActionAfterGrace,
        },
        initialNodeLabels: Object.entries(labels).map(([key, value]) => ({ key, value })),
        freeformTags: tags,
        ...optional("sshPublicKey", args.sshPublicKey),
      },
      // The pool waits for whatever the component waits for (a blue/green standby colour waits for the active colour's pool).
      { parent: this, ...optional("dependsOn", opts?.dependsOn) },
    );
    this.nodePoolId = this.nodePool.id;
    this.nodePrivateIps = this.nodePool.nodes.apply((nodes) =>
      (nodes ?? []).map((n) => n.privateIp).filter((ip): ip is string => !!ip),
    );

    for (const w of settings.warnings) void pulumi.log.warn(`${name}: ${w}`, this);
    this.registerOutputs({
      nodePoolId: this.nodePoolId,
      imageId: this.imageId,
      imageSourceName: this.imageSourceName,
      imageStatus: this.imageStatus,
      replacementImageId: this.replacementImageId,
      replacementSourceName: this.replacementSourceName,
      kubernetesVersion: this.kubernetesVersion,
      cycleMode: this.cycleMode,
      size: this.size,
      nodeSelector: this.nodeSelector,
    });
  }
}

interface ImageJudgement {
  readonly imageId: string;
  readonly sourceName?: string;
  readonly assessment: PinAssessment;
  readonly warning?: string;
}

/** Picks (selector) or assesses (pin) the image against the catalog. */
function judgeImage(name: string, s: ResolvedNodePool, catalog: ImageCatalog): ImageJudgement {
  const version = formatKubeVersion(s.kubernetesVersion);
  if (s.image.kind === "selector") {
    const criteria = {
      ...criteriaFor(s.kubernetesVersion, s.needs),
      osFamily: s.image.osFamily,
      ...optional("osMajor", s.image.osMajor),
      ...optional("osMinor", s.image.osMinor),
    };
    const best = catalog.newest(criteria);
    if (!best) {
      const offered = catalog.kubernetesVersions().map(formatKubeVersion).join(", ") || "none";
      throw new Error(
        `${name}: the catalog has no ${describeNeeds(s.needs)} image of ${s.image.osFamily} ${s.image.osMajor ?? ""} for Kubernetes ${version} (versions offered: ${offered}); change image.os/osVersion or kubernetesVersion`,
      );
    }
    return {
      imageId: best.imageId,
      sourceName: best.sourceName,
      assessment: { status: "current", sourceName: best.sourceName, criteria },
    };
  }
  const assessment = assessPin(
    catalog,
    { imageId: s.image.imageId, ...optional("sourceName", s.image.sourceName) },
    s.kubernetesVersion,
    s.needs,
  );
  const known = assessment.sourceName ? ` (${assessment.sourceName})` : "";
  const replacement = assessment.replacement
    ? `image.imageId: ${assessment.replacement.imageId} and image.sourceName: ${assessment.replacement.sourceName}`
    : undefined;
  let warning: string | undefined;
  if (assessment.status === "retired") {
    warning =
      `${name}: pinned image ${s.image.imageId}${known} is retired — no longer in the catalog; the next scale-up or node cycle will fail. ` +
      (replacement
        ? `Pin the newest current image for ${version}: set ${replacement}, and preview again.`
        : `The catalog has no ${describeNeeds(s.needs)} image for ${version}; pick a supported version.`);
  } else if (assessment.status === "update-available") {
    warning = `${name}: a newer image than ${s.image.imageId}${known} is available for ${version}. Bump the pin: set ${replacement}.`;
  }
  return {
    imageId: s.image.imageId,
    ...optional("sourceName", assessment.sourceName),
    assessment,
    ...optional("warning", warning),
  };
}

/** The checks the constructor runs, before anything is registered; throws one {@link ConfigError}. */
export function validateOkeNodePoolArgs(name: string, args: OkeNodePoolArgs): ResolvedNodePool {
  const subject = `OkeNodePool "${name}": invalid arguments`;
  const {
    cluster,
    compartmentId: _c,
    placement,
    nodePoolName,
    sshPublicKey: _k,
    nsgIds: _n,
    freeformTags,
    catalogSource: _s,
    pairMembership: _p,
    ...settings
  } = args;
  const problems: string[] = [];
  if (!cluster || typeof cluster.kubernetesVersion !== "string")
    problems.push(
      `cluster.kubernetesVersion: ${JSON.stringify(cluster?.kubernetesVersion)} — expected the control plane's version such as v1.35.2`,
    );
  if (cluster && typeof cluster.id === "string" && !isOcid(cluster.id, "cluster"))
    problems.push(
      `cluster.id: ${JSON.stringify(cluster.id)} — expected a cluster OCID such as ${ocidExample("cluster")}`,
    );
  if (!Array.isArray(placement) || placement.length === 0)
    problems.push(
      `placement: ${JSON.stringify(placement)} — expected at least one { availabilityDomain, subnetId }`,
    );
  (Array.isArray(placement) ? placement : []).forEach((p, i) => {
    if (typeof p?.subnetId === "string" && !isOcid(p.subnetId, "subnet"))
      problems.push(
        `placement[${i}].subnetId: ${JSON.stringify(p.subnetId)} — expected a subnet OCID such as ${ocidExample("subnet")}`,
      );
    if (
      typeof p?.availabilityDomain === "string" &&
      !/^[A-Za-z0-9]+:[A-Z0-9-]+-AD-\d$/.test(p.availabilityDomain)
    )
      problems.push(
        `placement[${i}].availabilityDomain: ${JSON.stringify(p.availabilityDomain)} — expected an availability domain such as Uocm:PHX-AD-1`,
      );
  });
  if (nodePoolName !== undefined && !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/.test(nodePoolName))
    problems.push(
      `nodePoolName: ${JSON.stringify(nodePoolName)} — expected letters, digits, -, _ and .`,
    );
  for (const key of Object.keys(freeformTags ?? {}))
    if (key.startsWith("okepools-"))
      problems.push(`freeformTags.${key}: — okepools-* tags are set by this project; remove it`);
  let resolved: ResolvedNodePool | undefined;
  try {
    resolved = resolveNodePool(subject, "", settings, {
      kubernetesVersion: cluster?.kubernetesVersion ?? "",
      ...optional("type", cluster?.type),
    });
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    problems.push(...e.problems);
  }
  if (problems.length > 0 || !resolved) throw new ConfigError(subject, problems);
  return resolved;
}

/** `{ [key]: value }` when value is defined, else `{}` — keeps undefined out of resource inputs. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}
