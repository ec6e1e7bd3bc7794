import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import { ImageCatalog } from "../core/catalog";
import { archFilterFor, osTypeFilterFor } from "../core/catalogFilter";
import { ConfigError } from "../core/configError";
import { describeNeeds } from "../core/shape";
import { PinAssessment, assessPin, criteriaFor } from "../core/imageStatus";
import { formatKubeVersion } from "../core/kubeVersion";
import { ClusterFacts, ResolvedNodePool, resolveNodePool } from "../core/nodePoolSpec";
import { isOcid, ocidExample } from "../core/ocid";
import {
  TAG_IMAGE_SOURCE_NAME,
  TAG_KUBERNETES_VERSION,
  TYPE_NODE_POOL_COMPONENT,
} from "../core/tags";
import { PairMembership, poolIdentity } from "../core/blueGreen";
import { CycleMode, ImageStatus, NodePoolSettingsArgs, OkeClusterRef, PlacementArgs } from "./args";
import { checkArguments } from "./argsError";
import { ImageCatalogSource, programCatalogSource } from "./imageCatalogSource";

export type { OkeClusterRef, PlacementArgs } from "./args";
export type { PairMembership } from "../core/blueGreen";

/**
 * Arguments of {@link OkeNodePool}: the pool settings of {@link NodePoolSettingsArgs} plus where
 * the pool goes. Plain (non-Output) settings are validated when the component is constructed,
 * before anything is registered. The image is either pinned — explicit and reviewable, like a
 * lockfile entry — or chosen from the catalog by OS.
 */
export interface OkeNodePoolArgs extends NodePoolSettingsArgs {
  /** The cluster the pool joins. */
  readonly cluster: OkeClusterRef;
  /** The compartment the pool is created in. */
  readonly compartmentId: pulumi.Input<string>;
  /** Where the nodes go: at least one placement. */
  readonly placement: PlacementArgs[];
  /** The pool's name in OCI. @default the component's name */
  readonly nodePoolName?: string;
  /** SSH public key for the nodes. @default none */
  readonly sshPublicKey?: pulumi.Input<string>;
  /** Network security groups for the nodes. @default none */
  readonly nsgIds?: pulumi.Input<string>[];
  /** Extra freeform tags for the pool (okepools-* keys are reserved). @default none */
  readonly freeformTags?: Record<string, string>;
}

/** Options of {@link OkeNodePool}: Pulumi's resource options plus two of its own. */
export interface OkeNodePoolOptions extends pulumi.ComponentResourceOptions {
  /** Where the catalog of current images comes from. @default the program-wide source (one invoke per filter) */
  readonly catalogSource?: ImageCatalogSource;
  /** Membership of a blue/green pair; set by BlueGreenNodePool. @default not part of a pair */
  readonly pairMembership?: PairMembership;
}

// What only TypeScript callers read, kept off the class's properties: Pulumi's schema analyzer
// turns every property into a schema output, and these have no schema form.
const resolvedSettings = new WeakMap<OkeNodePool, ResolvedNodePool>();

// Arguments whose settings are already resolved, by the validation of a blue/green pair (which
// also checked the shared keys): a colour's OkeNodePool takes them instead of resolving again.
const resolvedArgs = new WeakMap<OkeNodePoolArgs, ResolvedNodePool>();

/**
 * `args`, marked as resolved to `settings` (not part of the package API: only the validation of a
 * blue/green pair calls it, with the settings it resolved from exactly these arguments).
 */
export function withResolvedSettings(
  args: OkeNodePoolArgs,
  settings: ResolvedNodePool,
): OkeNodePoolArgs {
  const marked = Object.freeze({ ...args });
  resolvedArgs.set(marked, settings);
  return marked;
}

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
  readonly nodeSelector: Record<string, string>;
  /** Private IPs of the pool's nodes (empty until nodes exist). */
  readonly nodePrivateIps: pulumi.Output<string[]>;

  /** The validated settings with defaults applied (TypeScript only). */
  get settings(): ResolvedNodePool {
    return resolvedSettings.get(this)!;
  }

  constructor(name: string, args: OkeNodePoolArgs, opts: OkeNodePoolOptions = {}) {
    const settings =
      resolvedArgs.get(args) ?? checkArguments(() => validateOkeNodePoolArgs(name, args));
    const { catalogSource, pairMembership, ...resourceOptions } = opts;
    super(TYPE_NODE_POOL_COMPONENT, name, {}, resourceOptions);
    resolvedSettings.set(this, settings);
    this.kubernetesVersion = formatKubeVersion(settings.kubernetesVersion);
    this.cycleMode = settings.cycling.mode;
    this.size = settings.size;
    const poolName = args.nodePoolName ?? name;
    this.poolName = poolName;
    const identity = poolIdentity(poolName, pairMembership);
    const labels: Record<string, string> = { ...settings.labels, ...identity.labels };
    this.nodeSelector = { ...identity.nodeSelector };

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
    const catalog = (catalogSource ?? programCatalogSource()).catalogFor(filter);
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
      ...identity.tags,
      [TAG_KUBERNETES_VERSION]: this.kubernetesVersion,
      // A pinned source name is recorded as written; otherwise the catalog's, once known.
      [TAG_IMAGE_SOURCE_NAME]:
        image.kind === "pinned" && image.sourceName
          ? image.sourceName
          : this.imageSourceName.apply((n) => n ?? "unknown"),
    };

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
        // Sent explicitly (OKE's per-mode defaults when not set): the provider copies what OKE
        // reads back into state, so a default OKE fills in can never change a later verdict.
        nodePoolCyclingDetails: {
          isNodeCyclingEnabled: cycling.enabled,
          cycleModes: [cycling.mode],
          ...(cycling.mode === "INSTANCE_REPLACE"
            ? { maximumSurge: cycling.maximumSurge ?? "1" }
            : {}),
          maximumUnavailable:
            cycling.maximumUnavailable ?? (cycling.mode === "INSTANCE_REPLACE" ? "0" : "1"),
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
      { parent: this, ...optional("dependsOn", resourceOptions.dependsOn) },
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
    placement: _p,
    nodePoolName: _name,
    sshPublicKey: _k,
    nsgIds: _n,
    freeformTags: _t,
    ...settings
  } = args;
  const problems = poolTargetProblems(args);
  let resolved: ResolvedNodePool | undefined;
  try {
    resolved = resolveNodePool(subject, "", settings, clusterFacts(cluster));
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    problems.push(...e.problems);
  }
  if (problems.length > 0 || !resolved) throw new ConfigError(subject, problems);
  return resolved;
}

/** What a pool's settings are resolved against: the cluster as its arguments describe it. */
export function clusterFacts(cluster: OkeClusterRef | undefined): ClusterFacts {
  return {
    kubernetesVersion: cluster?.kubernetesVersion ?? "",
    ...optional("type", cluster?.type),
  };
}

/**
 * The problems of the keys that say where a pool goes rather than what it is (cluster,
 * placement, name, tags), under their own key paths. Shared by both colours of a pair.
 */
export function poolTargetProblems(
  args: Pick<OkeNodePoolArgs, "cluster" | "placement" | "nodePoolName" | "freeformTags">,
): string[] {
  const { cluster, placement, nodePoolName, freeformTags } = args;
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
  return problems;
}

/** `{ [key]: value }` when value is defined, else `{}` — keeps undefined out of resource inputs. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}
