import * as oci from "@pulumi/oci";
import { OkeNodePool, OkeNodePoolArgs } from "../components/okeNodePool";
import { ArgsOnly, poolTarget } from "./cluster";
import { ValidatedStackConfig } from "./stackConfig";

/**
 * One OkeNodePool per `oke-pools:nodePools` entry. Existing pools are adopted with
 * `pulumi import oci:ContainerEngine/nodePool:NodePool <name> <node pool OCID> --parent <component URN>`.
 */
export function declareNodePools(
  settings: ValidatedStackConfig,
  cluster: oci.containerengine.Cluster,
): OkeNodePool[] {
  return settings.nodePools.map(({ config: { name, ...pool } }) => {
    const args: ArgsOnly<typeof pool, OkeNodePoolArgs> = pool;
    return new OkeNodePool(name, { ...poolTarget(settings, cluster), ...args });
  });
}
