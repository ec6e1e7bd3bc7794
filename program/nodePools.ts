import * as oci from "@pulumi/oci";
import { OkeNodePool } from "../components/okeNodePool";
import { poolTarget } from "./cluster";
import { ValidatedStackConfig } from "./stackConfig";

/**
 * One OkeNodePool per `oke-pools:nodePools` entry. Existing pools are adopted with
 * `pulumi import oci:ContainerEngine/nodePool:NodePool <name> <node pool OCID> --parent <component URN>`.
 */
export function declareNodePools(
  settings: ValidatedStackConfig,
  cluster: oci.containerengine.Cluster,
): OkeNodePool[] {
  return settings.nodePools.map(
    ({ config: pool }) =>
      new OkeNodePool(pool.name, {
        ...poolTarget(settings, cluster),
        shape: pool.shape,
        ocpus: pool.ocpus,
        memoryInGbs: pool.memoryInGbs,
        size: pool.size,
        kubernetesVersion: pool.kubernetesVersion,
        image: pool.image,
        cycling: pool.cycling,
        preserveNodeIdentity: pool.preserveNodeIdentity,
        eviction: pool.eviction,
        labels: pool.labels,
        bootVolumeSizeInGbs: pool.bootVolumeSizeInGbs,
        placement: pool.placement,
        sshPublicKey: pool.sshPublicKey,
      }),
  );
}
