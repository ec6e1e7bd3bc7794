import * as oci from "@pulumi/oci";
import type { OkeNodePool } from "../components/okeNodePool";
import type { ValidatedStackConfig } from "./stackConfig";

/**
 * `oke-pools:workerIpBackends` (schema: ./workerIpBackendsConfig.ts): one
 * `oci.loadbalancer.Backend` per node of each referenced pool, at that node's private IP. Each
 * backend's `ipAddress` depends on the pool's node pool resource, which is how the policy pack
 * sees that the backends break when the pool's nodes are replaced.
 */
export function declareWorkerIpBackends(
  settings: ValidatedStackConfig,
  pools: readonly OkeNodePool[],
): oci.loadbalancer.Backend[] {
  const entries = settings.config.workerIpBackends ?? [];
  const backends: oci.loadbalancer.Backend[] = [];
  for (const b of entries) {
    const pool = pools.find((p) => p.poolName === b.pool);
    // validateStackConfig refuses backends of undeclared pools before anything is registered.
    if (!pool) throw new Error(`workerIpBackends: pool ${b.pool} was not validated`);
    for (let i = 0; i < pool.size; i++) {
      backends.push(
        new oci.loadbalancer.Backend(`${b.pool}-${b.backendSetName}-${b.port}-node${i}`, {
          loadBalancerId: b.loadBalancerId,
          backendsetName: b.backendSetName,
          ipAddress: pool.nodePrivateIps.apply((ips) => ips[i] ?? ""),
          port: b.port,
        }),
      );
    }
  }
  return backends;
}
