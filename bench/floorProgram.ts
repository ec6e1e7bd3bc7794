/**
 * The bench's memory floor program: the same OCI NodePools the bench stack's preview recorded
 * (their recorded inputs), each under a bare component, plus the cluster — registered raw, with
 * none of the project's components, checks, invokes, workloads or outputs. Run by
 * bench/floorChild.ts under the recorder's mocks; its peak RSS is what the Pulumi SDK itself
 * needs to register those resources, the cheapest thing that does the preview's registration job.
 * Reads `bench:floorInputs` (a JSON file written by bench/run.ts from the recorded resources).
 */
import * as fs from "fs";
import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";

/** What bench/run.ts extracts from a preview's recording for the floor. */
export interface FloorInputs {
  readonly cluster: { readonly name: string; readonly inputs: Record<string, unknown> };
  readonly nodePools: readonly {
    readonly name: string;
    readonly inputs: Record<string, unknown>;
  }[];
}

const file = new pulumi.Config("bench").require("floorInputs");
const floor = JSON.parse(fs.readFileSync(file, "utf8")) as FloorInputs;

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
export const clusterId = cluster.id;
