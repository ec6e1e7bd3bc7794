/**
 * What the memory floor (bench/floorProgram.ts) registers, taken from a preview's recording:
 * the cluster, every NodePool, and every other custom resource the program registered
 * (providers excepted; the floor makes its own Kubernetes provider).
 */
import type { AnalyzerResource } from "../offline/analyzer/types";
import {
  TYPE_K8S_DEPLOYMENT,
  TYPE_K8S_PDB,
  TYPE_K8S_SERVICE,
  TYPE_OCI_CLUSTER,
  TYPE_OCI_LB_BACKEND,
  TYPE_OCI_NODE_POOL,
} from "../core/tags";

/** A recorded custom resource: its type, logical name and inputs. */
export interface FloorResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
}

export interface FloorInputs {
  readonly cluster: FloorResource;
  readonly nodePools: readonly FloorResource[];
  /** Every other custom resource the program registered, of {@link FLOOR_OTHER_TYPES}. */
  readonly others: readonly FloorResource[];
}

/** The types the floor registers besides the cluster and the pools (floorProgram.ts's switch). */
export const FLOOR_OTHER_TYPES: readonly string[] = [
  TYPE_K8S_DEPLOYMENT,
  TYPE_K8S_PDB,
  TYPE_K8S_SERVICE,
  TYPE_OCI_LB_BACKEND,
];

const floorResource = (r: AnalyzerResource): FloorResource => ({
  type: r.type,
  name: r.name,
  inputs: r.inputs as Record<string, unknown>,
});

/** The floor's inputs from a recording; throws on a custom resource the floor cannot register. */
export function floorInputsOf(resources: readonly AnalyzerResource[]): FloorInputs {
  const cluster = resources.find((r) => r.type === TYPE_OCI_CLUSTER);
  if (!cluster) throw new Error("bench: the recording has no cluster");
  const others = resources.filter(
    (r) =>
      r.custom &&
      r.type !== TYPE_OCI_CLUSTER &&
      r.type !== TYPE_OCI_NODE_POOL &&
      !r.type.startsWith("pulumi:providers:"),
  );
  const unknown = [...new Set(others.map((r) => r.type))].filter(
    (t) => !FLOOR_OTHER_TYPES.includes(t),
  );
  if (unknown.length > 0)
    throw new Error(
      `bench: the floor cannot register ${unknown.join(", ")}; add ${unknown.length > 1 ? "them" : "it"} to FLOOR_OTHER_TYPES and bench/floorProgram.ts`,
    );
  return {
    cluster: floorResource(cluster),
    nodePools: resources.filter((r) => r.type === TYPE_OCI_NODE_POOL).map(floorResource),
    others: others.map(floorResource),
  };
}
