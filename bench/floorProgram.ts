/**
 * The bench's memory floor program: the custom resources the bench stack's preview recorded,
 * with their recorded inputs, registered raw — none of the project's components, checks,
 * invokes or outputs. Each NodePool sits under a bare component (as a pool does under its
 * OkeNodePool); the cluster, the Kubernetes workloads (through one Kubernetes provider, as the
 * bench program registers them) and the load-balancer backends at the top level. Its peak RSS
 * is what the Pulumi SDK itself needs to register the same resources: the cheapest thing that
 * does the preview's registration job.
 *
 * With `bench:floorPoolsOnly` set, only the NodePools and the cluster (the narrower floor
 * issue 15 first defined: the program's workloads are not counted).
 *
 * Run by bench/floorChild.ts under the recorder's mocks. Reads `bench:floorInputs` (a JSON file
 * written by bench/run.ts from the recorded resources).
 */
import * as fs from "fs";
import * as k8s from "@pulumi/kubernetes";
import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import {
  TYPE_K8S_DEPLOYMENT,
  TYPE_K8S_PDB,
  TYPE_K8S_SERVICE,
  TYPE_OCI_LB_BACKEND,
} from "../core/tags";
import type { FloorInputs } from "./floorInputs";

const config = new pulumi.Config("bench");
const floor = JSON.parse(fs.readFileSync(config.require("floorInputs"), "utf8")) as FloorInputs;
const poolsOnly = config.getBoolean("floorPoolsOnly") ?? false;

const cluster = new oci.containerengine.Cluster(
  floor.cluster.name,
  floor.cluster.inputs as unknown as oci.containerengine.ClusterArgs,
);
for (const pool of floor.nodePools) {
  const parent = new pulumi.ComponentResource("bench:floor:Pool", pool.name);
  new oci.containerengine.NodePool(
    pool.name,
    { ...(pool.inputs as unknown as oci.containerengine.NodePoolArgs), clusterId: cluster.id },
    { parent },
  );
}
if (!poolsOnly && floor.others.length > 0) {
  const provider = new k8s.Provider("bench-floor-k8s", { kubeconfig: "{}" });
  for (const r of floor.others) {
    const inputs = r.inputs as never;
    switch (r.type) {
      case TYPE_K8S_DEPLOYMENT:
        new k8s.apps.v1.Deployment(r.name, inputs, { provider });
        break;
      case TYPE_K8S_PDB:
        new k8s.policy.v1.PodDisruptionBudget(r.name, inputs, { provider });
        break;
      case TYPE_K8S_SERVICE:
        new k8s.core.v1.Service(r.name, inputs, { provider });
        break;
      case TYPE_OCI_LB_BACKEND:
        new oci.loadbalancer.Backend(r.name, inputs);
        break;
      default:
        throw new Error(
          `bench floor: no class for ${r.type}; add it to FLOOR_OTHER_TYPES and this switch`,
        );
    }
  }
}
export const clusterId = cluster.id;
