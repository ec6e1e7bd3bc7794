/**
 * Fuzzed policy configs: for every property of every policy's config schema, its default, a
 * plausible value, or junk. Keys nobody declared are added too (readers must ignore them).
 */
import fc from "fast-check";
import type { Policy } from "@pulumi/policy";
import {
  CLUSTER_ID,
  EXTERNAL_CLUSTER_ID,
  SAMPLE_CATALOG,
  SAMPLE_CATALOG_PATH,
  T,
  U,
} from "../../fixtures/policies/stack";

const PLAUSIBLE: Record<string, unknown[]> = {
  maxMinorSkew: [0, 1, 2, 3, 4, -1, 2.5, "2"],
  clusterVersions: [
    {},
    { [CLUSTER_ID]: "v1.30.1" },
    { [EXTERNAL_CLUSTER_ID]: "v1.34.2" },
    { "rg-aks/aks-prod": "1.31" },
    {
      "/subscriptions/x/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c":
        "1.29.2",
    },
    { "/bad": "1.30" },
    { x: 5 },
    [],
    "v1.30.1",
  ],
  clusterTypes: [
    {},
    { [EXTERNAL_CLUSTER_ID]: "BASIC_CLUSTER" },
    { [CLUSTER_ID]: "enhanced_cluster" },
    { x: "PREMIUM" },
    [],
  ],
  consumerTypes: [[], [T.backend], ["x"], [3], "x"],
  workloadTypes: [[], [T.deployment], [T.statefulSet, T.deployment], [null], "x"],
  flagSingleReplica: [true, false, "true", 1],
  maxImageAgeDays: [1, 30, 90, 3650, 0, 100000, -5, "90"],
  catalog: [
    {},
    SAMPLE_CATALOG,
    JSON.stringify(SAMPLE_CATALOG),
    "{",
    "[]",
    { sources: [] },
    { sources: [{ imageId: 3 }] },
    7,
  ],
  catalogFile: ["", SAMPLE_CATALOG_PATH, "/nonexistent/catalog.json", 3],
};

/** Every config property the pack's policies declare, with their defaults. */
export function schemaKeys(policies: readonly Policy[]): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  for (const p of policies) {
    const props = (p.configSchema?.properties ?? {}) as Record<string, { default?: unknown }>;
    for (const [k, schema] of Object.entries(props)) {
      const values = out.get(k) ?? [...(PLAUSIBLE[k] ?? [])];
      if (schema && "default" in schema) values.push(schema.default);
      out.set(k, values);
    }
  }
  return out;
}

const JUNK: unknown[] = [
  null,
  U,
  "",
  "x",
  -1,
  0,
  1.5,
  true,
  [],
  {},
  [U],
  { a: { b: [U] } },
  "a".repeat(5000),
];

/** A raw config: some declared keys with default, plausible or junk values, and now and then an undeclared key. */
export function rawConfig(policies: readonly Policy[]): fc.Arbitrary<Record<string, unknown>> {
  const keys = schemaKeys(policies);
  const entries = [...keys.entries()].map(([k, values]) =>
    fc.option(
      fc
        .oneof(
          { weight: 4, arbitrary: fc.constantFrom(...(values.length > 0 ? values : [undefined])) },
          { weight: 1, arbitrary: fc.constantFrom(...JUNK) },
        )
        .map((v) => [k, v] as const),
      { nil: undefined, freq: 2 },
    ),
  );
  return fc
    .tuple(
      fc.tuple(...entries),
      fc.option(
        fc.constantFrom(["unexpected", 1] as const, ["__proto__", { polluted: true }] as const),
        { nil: undefined, freq: 5 },
      ),
    )
    .map(([chosen, extra]) => {
      const out: Record<string, unknown> = {};
      for (const e of [...chosen, extra])
        if (e && e[1] !== undefined)
          Object.defineProperty(out, e[0], {
            value: e[1],
            enumerable: true,
            writable: true,
            configurable: true,
          });
      return out;
    });
}
