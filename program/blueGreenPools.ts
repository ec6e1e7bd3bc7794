import * as oci from "@pulumi/oci";
import { BlueGreenNodePool, BlueGreenNodePoolArgs } from "../components/blueGreenNodePool";
import { ArgsOnly, poolTarget } from "./cluster";
import { ValidatedStackConfig } from "./stackConfig";

/**
 * One BlueGreenNodePool per `oke-pools:blueGreenPools` entry (validated with the rest of the
 * stack config before anything is registered). Each phase of a cutover is one config change
 * and one `pulumi up`: docs/blue-green-runbook.md.
 */
export function declareBlueGreenPools(
  settings: ValidatedStackConfig,
  cluster: oci.containerengine.Cluster,
): BlueGreenNodePool[] {
  return settings.blueGreenPools.map(({ config: { name, ...pair } }) => {
    const args: ArgsOnly<typeof pair, BlueGreenNodePoolArgs> = pair;
    return new BlueGreenNodePool(name, { ...poolTarget(settings, cluster), ...args });
  });
}

/** The stack output of a pair: which colour is active, how to follow it, and each colour's pool. */
export function blueGreenPoolOutputs(pairs: readonly BlueGreenNodePool[]) {
  return Object.fromEntries(
    pairs.map((p) => [
      p.pairName,
      {
        activeColour: p.activeColour,
        activeNodeSelector: p.activeNodeSelector,
        colours: Object.fromEntries(
          p.plan.colours.map((c) => {
            const pool = p.pools[c.colour]!;
            return [
              c.colour,
              {
                state: c.state,
                size: c.size,
                fullSize: c.fullSize,
                poolName: c.poolName,
                id: pool.nodePoolId,
                kubernetesVersion: pool.kubernetesVersion,
                imageId: pool.imageId,
                imageStatus: pool.imageStatus,
              },
            ];
          }),
        ),
      },
    ]),
  );
}
