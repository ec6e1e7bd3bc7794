import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import type { OkeNodePool } from "../components/okeNodePool";
import { ConfigError } from "../core/configError";
import type { ValidatedStackConfig } from "./stackConfig";
import { workerIpBackendProblems } from "./workerIpBackendsConfig";

/**
 * `oke-pools:workerIpBackends` (schema: ./workerIpBackendsConfig.ts): one
 * `oci.loadbalancer.Backend` per node of each referenced pool, at that node's private IP. Each
 * backend's `ipAddress` depends on the pool's node pool resource, which is how the policy pack
 * sees that the backends break when the pool's nodes are replaced.
 */
export function declareWorkerIpBackends(settings: ValidatedStackConfig, pools: readonly OkeNodePool[]): oci.loadbalancer.Backend[] {
  const entries = settings.config.workerIpBackends ?? [];
  const problems = workerIpBackendProblems(entries, pools.map((p) => p.poolName));
  if (problems.length > 0) throw new pulumi.RunError(new ConfigError(`stack "${pulumi.getStack()}" config is invalid`, problems).message);
  const backends: oci.loadbalancer.Backend[] = [];
  for (const b of entries) {
    const pool = pools.find((p) => p.poolName === b.pool);
    if (!pool) continue;
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
