import * as assert from "assert";
import {
  replacesInstances,
  workerIpDependencyConfig,
  workerIpDependencyRule,
} from "../../policies/workerIpDependency";
import { poolsOf } from "../../core/oke";
import { T, U, backend, nodePool, plain, res } from "../fixtures/policies/stack";

const defaults = workerIpDependencyConfig({}).config;
const ir = { isNodeCyclingEnabled: true, cycleModes: ["INSTANCE_REPLACE"] };
const view = (cycling: Record<string, unknown> | undefined) =>
  poolsOf(plain(nodePool("p", { ...(cycling ? { cycling } : {}) })))[0];

describe("worker-ip-dependency", () => {
  it("knows which cycling replaces instances (INSTANCE_REPLACE is the default mode)", () => {
    assert.strictEqual(replacesInstances(view(ir)), true);
    assert.strictEqual(replacesInstances(view({ isNodeCyclingEnabled: true })), true);
    assert.strictEqual(
      replacesInstances(view({ isNodeCyclingEnabled: true, cycleModes: [] })),
      true,
    );
    assert.strictEqual(
      replacesInstances(view({ isNodeCyclingEnabled: true, cycleModes: ["BOOT_VOLUME_REPLACE"] })),
      false,
    );
    assert.strictEqual(
      replacesInstances(view({ isNodeCyclingEnabled: false, cycleModes: ["INSTANCE_REPLACE"] })),
      false,
    );
    assert.strictEqual(replacesInstances(view(undefined)), false);
    assert.strictEqual(
      replacesInstances(view({ isNodeCyclingEnabled: U, cycleModes: ["INSTANCE_REPLACE"] })),
      false,
    );
    assert.strictEqual(
      replacesInstances(view({ isNodeCyclingEnabled: true, cycleModes: U })),
      false,
    );
  });

  it("flags a backend whose ipAddress is a node IP of an INSTANCE_REPLACE pool, suggesting the fixes", () => {
    const pool = nodePool("workers", { cycling: ir, nodeIps: ["10.0.10.5", "10.0.10.6"] });
    const be = backend("be-1", "10.0.10.6");
    const [f, ...rest] = workerIpDependencyRule([pool, be].map(plain), defaults);
    assert.strictEqual(rest.length, 0);
    assert.strictEqual(f.urn, be.urn);
    for (const part of [
      "10.0.10.6",
      'node pool "workers"',
      "BOOT_VOLUME_REPLACE",
      "Service of type LoadBalancer",
    ])
      assert.ok(f.message.includes(part), f.message);
  });

  it("names where in a resource the node IP sits, through records and arrays", () => {
    const pool = nodePool("workers", { cycling: ir, nodeIps: ["10.0.10.5"] });
    const endpoints = res("kubernetes:core/v1:Endpoints", "legacy", {
      subsets: [{ ports: [{ port: 80 }] }, { addresses: [{ hostname: "a" }, { ip: "10.0.10.5" }] }],
    });
    const [f, ...rest] = workerIpDependencyRule([pool, endpoints].map(plain), defaults);
    assert.strictEqual(rest.length, 0);
    assert.ok(
      f.message.includes(
        "its subsets[1].addresses[1].ip is 10.0.10.5, the private IP of a node in",
      ),
      f.message,
    );
  });

  it("flags any resource holding a node IP as /32, but not the pool, its component or the stack", () => {
    const component = res(
      T.okePool,
      "workers",
      {},
      { custom: false, outputs: { nodeIps: ["10.0.10.5"] } },
    );
    const pool = nodePool("workers", { cycling: ir, nodeIps: ["10.0.10.5"], parent: component });
    const rule = res(
      "oci:Core/networkSecurityGroupSecurityRule:NetworkSecurityGroupSecurityRule",
      "allow",
      { source: "10.0.10.5/32", direction: "INGRESS" },
    );
    const stackRes = res(
      "pulumi:pulumi:Stack",
      "oke-pools-dev",
      {},
      { outputs: { ip: "10.0.10.5" } },
    );
    const findings = workerIpDependencyRule([stackRes, component, pool, rule].map(plain), defaults);
    assert.deepStrictEqual(
      findings.map((f) => f.urn),
      [rule.urn],
    );
  });

  it("flags backends that depend on an INSTANCE_REPLACE pool through property dependencies or dependencies", () => {
    const pool = nodePool("workers", { cycling: ir });
    const viaProp = backend("be-prop", U, { propertyDependencies: { ipAddress: [pool.urn] } });
    const viaDep = backend("be-dep", U, { dependencies: [pool.urn] });
    const other = res("oci:Core/instance:Instance", "vm", {}, { dependencies: [pool.urn] });
    const findings = workerIpDependencyRule([pool, viaProp, viaDep, other].map(plain), defaults);
    assert.deepStrictEqual(
      findings.map((f) => f.urn),
      [viaProp.urn, viaDep.urn],
    );
    assert.deepStrictEqual(
      workerIpDependencyRule(
        [pool, viaProp, viaDep, other].map(plain),
        workerIpDependencyConfig({ consumerTypes: ["oci:Core/instance:Instance"] }).config,
      ).map((f) => f.urn),
      [other.urn],
    );
  });

  it("passes when the pool keeps node IPs (BOOT_VOLUME_REPLACE) or does not cycle", () => {
    const bv = nodePool("bv", {
      cycling: { isNodeCyclingEnabled: true, cycleModes: ["BOOT_VOLUME_REPLACE"] },
      nodeIps: ["10.0.10.5"],
    });
    const off = nodePool("off", { nodeIps: ["10.0.10.7"] });
    assert.deepStrictEqual(
      workerIpDependencyRule(
        [
          bv,
          off,
          backend("a", "10.0.10.5"),
          backend("b", "10.0.10.7", { dependencies: [off.urn] }),
        ].map(plain),
        defaults,
      ),
      [],
    );
  });
});
