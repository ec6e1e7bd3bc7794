import { KubeVersion } from "../kubeVersion";
import { PlainResource, ViewOrigin } from "../resources";
import { Reading } from "../read";

/**
 * The image a pool references, as written on the pool. OKE names images by OCID
 * (`nodeSourceDetails.imageId`, else the deprecated `nodeImageId`) or, deprecated, by source
 * name (`nodeImageName`).
 */
export interface PoolImageRef {
  readonly imageId?: string;
  /** Only when the pool names its image by source name instead of OCID. */
  readonly imageName?: string;
  /** The property that named the image, for messages, e.g. `nodeSourceDetails.imageId`. */
  readonly field: string;
  /** The source name the pool records about its image (okepools tag), when present. */
  readonly taggedSourceName?: string;
}

/** Node-cycling settings as written; values stay raw for core/cycling.ts. */
export interface PoolCycling {
  readonly enabled: Reading<boolean>;
  readonly modes: Reading<unknown>;
  readonly maximumSurge: Reading<unknown>;
  readonly maximumUnavailable: Reading<unknown>;
}

/** One OKE node pool, normalised: what every OKE rule needs. */
export interface PoolView extends ViewOrigin {
  /** Absent: the pool follows its control plane's version. */
  readonly kubernetesVersion: Reading<KubeVersion>;
  /** The raw value behind an invalid version, for messages. */
  readonly image: Reading<PoolImageRef>;
  readonly shape: Reading<string>;
  readonly size: Reading<number>;
  readonly cycling: PoolCycling;
  /** ISO-8601 duration as written. */
  readonly evictionGrace: Reading<unknown>;
  /** The cluster's id as written on the pool (OKE: `clusterId`). */
  readonly clusterId: Reading<string>;
  /** URNs the cluster-id property depends on (property dependencies). */
  readonly clusterLinks: readonly string[];
  /** Every URN the pool depends on (plain dependencies). */
  readonly dependencies: readonly string[];
  /** Private IPs of the pool's current nodes (outputs only). */
  readonly nodeIps: readonly string[];
  /** The resource the view came from. */
  readonly resource: PlainResource;
}

/** One cluster's control plane, normalised. */
export interface ClusterView extends ViewOrigin {
  /** The id pools refer to it by (OKE: the `id` output, an OCID). */
  readonly id: Reading<string>;
  readonly kubernetesVersion: Reading<KubeVersion>;
  /** OKE: `BASIC_CLUSTER` / `ENHANCED_CLUSTER`. */
  readonly clusterType: Reading<string>;
}
