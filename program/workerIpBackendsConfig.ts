import { z } from "zod";
import { isOcid, ocidExample } from "../core/ocid";

/**
 * `oke-pools:workerIpBackends`: load balancer backends addressed at a pool's node private IPs,
 * one per node (resources: program/workerIpBackends.ts). This is the pattern the policy pack
 * warns about: with INSTANCE_REPLACE cycling every node comes back with a new IP and these
 * backends point at nothing. The stack `lb-worker-ips` shows it; prefer a Kubernetes Service of
 * type LoadBalancer, or BOOT_VOLUME_REPLACE (node IPs survive). Pure (no Pulumi): the stack
 * config schema imports it.
 */
export const workerIpBackendSchema = z.strictObject(
  {
    pool: z
      .string({ message: "expected the name of a pool in oke-pools:nodePools" })
      .min(1, { message: "expected the name of a pool in oke-pools:nodePools" }),
    loadBalancerId: z
      .string({ message: `expected a load balancer OCID such as ${ocidExample("loadbalancer")}` })
      .refine((v) => isOcid(v, "loadbalancer"), {
        message: `expected a load balancer OCID such as ${ocidExample("loadbalancer")}`,
      }),
    backendSetName: z
      .string({ message: "expected the backend set's name" })
      .regex(/^[A-Za-z0-9_-]{1,32}$/, {
        message: "expected a backend set name of letters, digits, - and _",
      }),
    port: z
      .number({ message: "expected a port from 1 to 65535" })
      .int({ message: "expected a port from 1 to 65535" })
      .min(1, { message: "expected a port from 1 to 65535" })
      .max(65535, { message: "expected a port from 1 to 65535" }),
  },
  { message: "expected a backend: { pool, loadBalancerId, backendSetName, port }" },
);
export type WorkerIpBackendConfig = z.infer<typeof workerIpBackendSchema>;

export const workerIpBackendsSchema = z.array(workerIpBackendSchema, {
  message: "expected a list of { pool, loadBalancerId, backendSetName, port }",
});

/**
 * What the schema cannot check: each entry names a declared pool. Lines in ConfigError's form
 * (`<key path>: <value> — <expected>`).
 */
export function workerIpBackendProblems(
  backends: readonly WorkerIpBackendConfig[] | undefined,
  poolNames: readonly string[],
): string[] {
  const problems: string[] = [];
  (backends ?? []).forEach((b, i) => {
    if (!poolNames.includes(b.pool)) {
      problems.push(
        `oke-pools:workerIpBackends[${i}].pool: ${JSON.stringify(b.pool)} — is not a pool of this stack; expected one of ${poolNames.join(", ") || "(no pools declared)"}`,
      );
    }
  });
  return problems;
}
