import { KubeVersion, parseKubeVersion } from "../kubeVersion";
import { TAG_IMAGE_SOURCE_NAME, TYPE_OCI_CLUSTER, TYPE_OCI_NODE_POOL } from "../tags";
import {
  ABSENT,
  Reading,
  UNKNOWN,
  asArray,
  asBoolean,
  asNumber,
  asRecord,
  asString,
  invalid,
  isRecord,
  known,
  own,
  readPath,
  valueOf,
} from "../read";
import {
  PlainResource,
  ViewOrigin,
  dependenciesOf,
  propertyDependenciesOf,
  propsOf,
} from "../resources";
import { isUnknown } from "../unknown";
import { ClusterView, PoolImageRef, PoolView } from "./types";

/** A Kubernetes version as written; a string that does not parse is invalid. */
function readKubeVersion(r: Reading<unknown>): Reading<KubeVersion> {
  const s = asString(r);
  if (s.state !== "known") return s;
  const v = parseKubeVersion(s.value);
  return v ? known(v) : invalid(s.value, "not a Kubernetes version");
}

/** The image source name this project's components record on the pool (or its nodes). */
function taggedSourceName(props: Record<string, unknown>): string | undefined {
  for (const tags of [
    own(props, "freeformTags"),
    own(own(props, "nodeConfigDetails"), "freeformTags"),
  ]) {
    const name = own(tags, TAG_IMAGE_SOURCE_NAME);
    if (typeof name === "string" && !isUnknown(name) && name.trim() !== "") return name.trim();
  }
  return undefined;
}

/** nodeSourceDetails wins over the deprecated nodeImageId / nodeImageName, as in the provider. */
function readOkeImage(props: Record<string, unknown>): Reading<PoolImageRef> {
  const tag = taggedSourceName(props);
  const withTag = (ref: Omit<PoolImageRef, "taggedSourceName">): Reading<PoolImageRef> =>
    known(tag ? { ...ref, taggedSourceName: tag } : ref);
  const details = asRecord(readPath(props, ["nodeSourceDetails"]));
  if (details.state === "unknown") return UNKNOWN;
  if (details.state === "known") {
    const id = asString(readPath(details.value, ["imageId"]));
    if (id.state === "known")
      return withTag({ imageId: id.value, field: "nodeSourceDetails.imageId" });
    if (id.state === "unknown") return UNKNOWN;
    if (id.state === "invalid") return id;
  }
  const legacyId = asString(readPath(props, ["nodeImageId"]));
  if (legacyId.state === "known") return withTag({ imageId: legacyId.value, field: "nodeImageId" });
  if (legacyId.state === "unknown") return UNKNOWN;
  const legacyName = asString(readPath(props, ["nodeImageName"]));
  if (legacyName.state === "known")
    return withTag({ imageName: legacyName.value, field: "nodeImageName" });
  if (legacyName.state === "unknown") return UNKNOWN;
  if (legacyId.state === "invalid") return legacyId;
  if (legacyName.state === "invalid") return legacyName;
  return ABSENT;
}

/**
 * `nodeSourceDetails.imageId` of a NodePool when it is a string, read without building a view:
 * where readOkeImage would find the same OCID, for checks that pass most pools on the OCID alone.
 */
export function sourceDetailsImageId(resource: PlainResource): string | undefined {
  if (!isRecord(resource) || resource.type !== TYPE_OCI_NODE_POOL) return undefined;
  const id = own(own(propsOf(resource), "nodeSourceDetails"), "imageId");
  return typeof id === "string" ? id : undefined;
}

function nodeIps(props: Record<string, unknown>): string[] {
  const nodes = valueOf(asArray(readPath(props, ["nodes"]))) ?? [];
  const out: string[] = [];
  for (const n of nodes) {
    const ip = own(n, "privateIp");
    if (typeof ip === "string" && ip !== "" && !isUnknown(ip)) out.push(ip);
  }
  return out;
}

function displayName(props: Record<string, unknown>, resourceName: string): string | undefined {
  const n = own(props, "name");
  return typeof n === "string" && n !== "" && !isUnknown(n) && n !== resourceName ? n : undefined;
}

/**
 * Sets the display name from `name` when it differs from the resource's. Added after the
 * literal rather than spread into it: `{ ...origin, …a dozen fields }` made building a view about
 * three times slower (measured on 1,000 pools), and the pack builds one per pool per phase.
 */
function withDisplayName<V extends ViewOrigin>(view: V, props: Record<string, unknown>): V {
  const name = displayName(props, view.resourceName);
  if (name) (view as { displayName?: string }).displayName = name;
  return view;
}

/** The pool of an `oci:ContainerEngine/nodePool:NodePool`; none for other types. */
export function okeNodePools(resource: PlainResource): PoolView[] {
  if (resource.type !== TYPE_OCI_NODE_POOL) return [];
  const props = propsOf(resource);
  const cyclingDetails = asRecord(readPath(props, ["nodePoolCyclingDetails"]));
  const cyc = (key: string): Reading<unknown> =>
    cyclingDetails.state === "unknown"
      ? UNKNOWN
      : cyclingDetails.state === "known"
        ? readPath(cyclingDetails.value, [key])
        : ABSENT;
  const view: PoolView = {
    provider: "oke",
    urn: resource.urn,
    type: resource.type,
    resourceName: resource.name,
    kubernetesVersion: readKubeVersion(readPath(props, ["kubernetesVersion"])),
    image: readOkeImage(props),
    shape: asString(readPath(props, ["nodeShape"])),
    size: asNumber(readPath(props, ["nodeConfigDetails", "size"])),
    cycling: {
      enabled: asBoolean(cyc("isNodeCyclingEnabled")),
      modes: cyc("cycleModes"),
      maximumSurge: cyc("maximumSurge"),
      maximumUnavailable: cyc("maximumUnavailable"),
    },
    evictionGrace: readPath(props, ["nodeEvictionNodePoolSettings", "evictionGraceDuration"]),
    clusterId: asString(readPath(props, ["clusterId"])),
    clusterLinks: propertyDependenciesOf(resource, "clusterId"),
    dependencies: dependenciesOf(resource),
    nodeIps: nodeIps(props),
    resource,
  };
  return [withDisplayName(view, props)];
}

/** The control plane of an `oci:ContainerEngine/cluster:Cluster`; none for other types. */
export function okeClusters(resource: PlainResource): ClusterView[] {
  if (resource.type !== TYPE_OCI_CLUSTER) return [];
  const props = propsOf(resource);
  const view: ClusterView = {
    provider: "oke",
    urn: resource.urn,
    type: resource.type,
    resourceName: resource.name,
    id: asString(readPath(props, ["id"])),
    kubernetesVersion: readKubeVersion(readPath(props, ["kubernetesVersion"])),
    clusterType: asString(readPath(props, ["type"])),
  };
  return [withDisplayName(view, props)];
}
