import * as oci from "@pulumi/oci";
import { OkeNodePoolArgs } from "../components/okeNodePool";
import { ValidatedStackConfig } from "./stackConfig";

/**
 * The OKE cluster. An existing cluster is adopted, not recreated:
 * `pulumi import oci:ContainerEngine/cluster:Cluster <clusterName> <cluster OCID>`.
 */
export function declareCluster(settings: ValidatedStackConfig): oci.containerengine.Cluster {
  const c = settings.config;
  return new oci.containerengine.Cluster(c.clusterName, {
    compartmentId: c.compartmentId,
    name: c.clusterName,
    kubernetesVersion: c.kubernetesVersion,
    vcnId: c.vcnId,
    type: c.clusterType,
    ...(c.endpointSubnetId
      ? { endpointConfig: { subnetId: c.endpointSubnetId, isPublicIpEnabled: false } }
      : {}),
    ...(c.serviceLbSubnetIds?.length
      ? { options: { serviceLbSubnetIds: c.serviceLbSubnetIds } }
      : {}),
  });
}

/** The cluster and compartment every pool of the stack joins (plain and blue/green pools alike). */
export function poolTarget(
  settings: ValidatedStackConfig,
  cluster: oci.containerengine.Cluster,
): Pick<OkeNodePoolArgs, "cluster" | "compartmentId"> {
  return {
    cluster: {
      id: cluster.id,
      kubernetesVersion: settings.config.kubernetesVersion,
      type: settings.clusterType,
    },
    compartmentId: settings.config.compartmentId,
  };
}

/**
 * A config entry's keys that the component's arguments `Args` do not have must be `never`: an
 * entry typed `ArgsOnly<E, Args>` is spread into the arguments whole, so a key added to the
 * config schema but not to the component fails to compile instead of being dropped or passed
 * unchecked.
 */
export type ArgsOnly<Entry, Args> = Entry & {
  readonly [K in Exclude<keyof Entry, keyof Args>]: never;
};
