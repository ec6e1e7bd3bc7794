/**
 * The compiled pack through the real analyzer protocol, driven by offline/analyzer as the engine
 * drives it. One pack process serves the whole file; each scenario re-Configures it.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import {
  PolicyConfigError,
  parsePolicyPackConfig,
  reconcilePolicyConfig,
  runPolicyPack,
  startPolicyPack,
} from "../../offline/analyzer";
import {
  CURRENT_ARM_1342,
  CURRENT_X86_1331,
  CURRENT_X86_1342,
  EXTERNAL_CLUSTER_ID,
  REPLACEMENT_ID,
  REPLACEMENT_NAME,
  RETIRED_ID,
  RETIRED_NAME,
  SAMPLE_CATALOG,
  T,
  U,
  backend,
  cluster,
  deployment,
  nodePool,
  pdb,
  publishedCatalog,
  res,
  sampleSources,
} from "../fixtures/policies/stack";
import {
  PACK_DIR,
  ROOT,
  diagnosticsOf,
  ensurePackBuilt,
  mandatoryOf,
  sharedPackSession,
} from "./support/pack";

const MINE: Record<string, "mandatory" | "advisory"> = {
  "node-pool-image-not-retired": "mandatory",
  "node-pool-version-skew": "mandatory",
  "node-pool-image-matches-version": "mandatory",
  "node-pool-image-matches-shape": "mandatory",
  "node-pool-cycling-settings": "advisory",
  "worker-ip-dependency": "advisory",
  "drain-blocking-disruption-budget": "advisory",
  "node-pool-image-age": "advisory",
};
const NOW = "2026-11-21T00:00:00Z";

describe("policy pack through the analyzer protocol", function () {
  this.timeout(120_000);
  const pack = sharedPackSession(NOW);
  const preview = pack.preview;
  const of = diagnosticsOf;
  const mandatory = mandatoryOf;

  it("GetAnalyzerInfo lists the eight policies with default levels, one-sentence descriptions and defaulted schemas", async () => {
    const info = await pack.session().info();
    assert.strictEqual(info.name, "oke-upgrade-guard");
    for (const [name, level] of Object.entries(MINE)) {
      const p = info.policies.find((x) => x.name === name);
      assert.ok(p, `missing ${name}`);
      assert.strictEqual(p.enforcementLevel, level, name);
      assert.match(p.description, /^[A-Z][^\n]*\.$/, name);
      assert.ok(p.configSchema, name);
      for (const [key, schema] of Object.entries(p.configSchema.properties)) {
        assert.ok("default" in schema, `${name}.${key} has no default`);
        assert.ok(schema.type && schema.description, `${name}.${key} is not typed and described`);
      }
    }
    assert.strictEqual(
      info.policies.find((p) => p.name === "node-pool-image-not-retired")?.policyType,
      "resource",
    );
    assert.deepStrictEqual(
      Object.keys(
        info.policies.find((p) => p.name === "node-pool-version-skew")?.configSchema?.properties ??
          {},
      ).sort(),
      ["clusterVersions", "maxMinorSkew"],
    );
  });

  it("without a catalog: an advisory per pool saying how to supply one, never a silent pass", async () => {
    const c = cluster("prod", { kubernetesVersion: "v1.34.2" });
    const pool = nodePool("workers", { imageId: RETIRED_ID, cluster: c });
    const ds = of(await preview([c, pool]), "node-pool-image-not-retired");
    assert.strictEqual(ds.length, 1);
    assert.strictEqual(ds[0].enforcementLevel, "advisory");
    assert.strictEqual(ds[0].urn, pool.urn);
    assert.strictEqual(ds[0].phase, "analyzeStack");
    assert.ok(
      ds[0].message.includes(
        "oci ce node-pool-options get --node-pool-option-id all --output json > catalog.json",
      ),
      ds[0].message,
    );
  });

  it("with an inline catalog: Analyze fails the retired pool once, with the resource's URN and the replacement", async () => {
    const pool = nodePool("workers", { imageId: RETIRED_ID, tagName: RETIRED_NAME });
    const ok = nodePool("fresh", { imageId: CURRENT_X86_1342 });
    const ds = of(
      await preview([pool, ok], { "node-pool-image-not-retired": { catalog: SAMPLE_CATALOG } }),
      "node-pool-image-not-retired",
    );
    assert.strictEqual(ds.length, 1, JSON.stringify(ds));
    assert.deepStrictEqual(
      [ds[0].enforcementLevel, ds[0].urn, ds[0].phase],
      ["mandatory", pool.urn, "analyze"],
    );
    for (const part of [RETIRED_ID, RETIRED_NAME, REPLACEMENT_ID, REPLACEMENT_NAME])
      assert.ok(ds[0].message.includes(part), ds[0].message);
    assert.ok(ds[0].message.startsWith(ds[0].description + "\n"));
  });

  it("with catalogFile relative to the pack directory, and the CLI document as a string", async () => {
    const pool = nodePool("workers", { imageId: RETIRED_ID });
    const rel = path.relative(PACK_DIR, path.join(ROOT, "catalog", "sample-catalog.json"));
    for (const props of [{ catalogFile: rel }, { catalog: JSON.stringify(SAMPLE_CATALOG) }]) {
      const ds = mandatory(
        of(
          await preview([pool], { "node-pool-image-not-retired": props }),
          "node-pool-image-not-retired",
        ),
      );
      assert.strictEqual(ds.length, 1, JSON.stringify(props));
      assert.ok(ds[0].message.includes(REPLACEMENT_ID));
    }
  });

  it("a malformed catalog config is a stack-level violation naming the key and the fix, not a crash", async () => {
    const pool = nodePool("workers", { imageId: CURRENT_X86_1342 });
    const ds = of(
      await preview([pool], {
        "node-pool-image-not-retired": {
          catalogFile: "../test/fixtures/policies/bad-catalog.json",
        },
      }),
      "node-pool-image-not-retired",
    );
    const configProblem = ds.find((d) => d.urn === "");
    assert.ok(configProblem, JSON.stringify(ds));
    assert.strictEqual(configProblem.enforcementLevel, "mandatory");
    for (const part of [
      "node-pool-image-not-retired.catalogFile",
      "data.sources[0].image-id",
      "oci ce node-pool-options get",
    ])
      assert.ok(configProblem.message.includes(part), configProblem.message);
    const missing = of(
      await preview([pool], { "node-pool-image-not-retired": { catalogFile: "nope.json" } }),
      "node-pool-image-not-retired",
    );
    assert.ok(
      missing.some(
        (d) => d.urn === "" && d.message.includes("ENOENT") && d.message.includes(PACK_DIR),
      ),
      JSON.stringify(missing),
    );
    assert.ok(
      missing.some((d) => d.urn === pool.urn && d.enforcementLevel === "advisory"),
      "the pool is still reported as unverifiable",
    );
  });

  it("judges pools against a catalog published in the stack, through parents and dependencies", async () => {
    const c = cluster("prod", { kubernetesVersion: "v1.34.2" });
    const catalog = publishedCatalog("image-catalog-all-any-os-any-arch", sampleSources());
    const component = res(T.okePool, "workers", {}, { custom: false, outputs: {} });
    const pool = nodePool("workers", {
      imageId: RETIRED_ID,
      tagName: RETIRED_NAME,
      version: null,
      cluster: c,
      parent: component,
    });
    const ds = of(await preview([c, catalog, component, pool]), "node-pool-image-not-retired");
    assert.strictEqual(ds.length, 1, JSON.stringify(ds));
    assert.deepStrictEqual(
      [ds[0].enforcementLevel, ds[0].urn, ds[0].phase],
      ["mandatory", pool.urn, "analyzeStack"],
    );
    assert.ok(pool.urn.includes(`${T.okePool}$${T.pool}`));
    assert.ok(ds[0].message.includes(REPLACEMENT_NAME), ds[0].message);
  });

  it("version skew: cluster by property dependency, maxMinorSkew, clusterVersions, disabled and all", async () => {
    const c = cluster("prod", { kubernetesVersion: "v1.35.2" });
    const ahead = nodePool("ahead", { version: "v1.36.0", imageId: U, cluster: c });
    const behind = nodePool("behind", { version: "v1.33.1", imageId: U, cluster: c });
    const external = nodePool("external", {
      version: "v1.31.1",
      imageId: U,
      clusterId: EXTERNAL_CLUSTER_ID,
    });
    const stack = [c, ahead, behind, external];
    const skew = "node-pool-version-skew";

    let ds = of(await preview(stack), skew);
    assert.deepStrictEqual(
      mandatory(ds).map((d) => d.urn),
      [ahead.urn],
    );
    assert.ok(
      mandatory(ds)[0].message.includes("v1.36.0") && mandatory(ds)[0].message.includes("v1.35.2"),
    );
    assert.ok(
      ds.some(
        (d) =>
          d.urn === external.urn &&
          d.enforcementLevel === "advisory" &&
          d.message.includes("clusterVersions"),
      ),
    );

    ds = of(
      await preview(stack, {
        [skew]: { maxMinorSkew: 1, clusterVersions: { [EXTERNAL_CLUSTER_ID]: "v1.35.2" } },
      }),
      skew,
    );
    assert.deepStrictEqual(
      mandatory(ds)
        .map((d) => d.urn)
        .sort(),
      [ahead.urn, behind.urn, external.urn].sort(),
    );

    assert.deepStrictEqual(of(await preview(stack, { [skew]: "disabled" }), skew), []);
    ds = of(await preview(stack, { all: "advisory" }), skew);
    assert.ok(ds.length > 0 && ds.every((d) => d.enforcementLevel === "advisory"));
  });

  it("unknown values never fail a preview and never trip the pack's unknown-value proxy", async () => {
    const c = cluster("prod", { kubernetesVersion: U }, U);
    const pool = nodePool("workers", {
      version: U,
      imageId: U,
      shape: U,
      size: U,
      clusterId: U,
      cluster: c,
      cycling: { isNodeCyclingEnabled: U, cycleModes: U, maximumSurge: U, maximumUnavailable: U },
      eviction: { evictionGraceDuration: U },
    });
    const ds = await preview(
      [
        c,
        pool,
        backend("be", U, { propertyDependencies: { ipAddress: [pool.urn] } }),
        pdb("p", { minAvailable: U, selector: U }),
      ],
      {
        "node-pool-image-not-retired": { catalog: SAMPLE_CATALOG },
      },
    );
    assert.deepStrictEqual(mandatory(ds), []);
    assert.ok(!ds.some((d) => d.message.includes("can't run policy")), JSON.stringify(ds));
  });

  it("image version and shape mismatches fail in the stack phase", async () => {
    const pools = [
      nodePool("arm", { imageId: CURRENT_X86_1342, shape: "VM.Standard.A1.Flex" }),
      nodePool("stale", { imageId: CURRENT_X86_1331, version: "v1.34.2" }),
    ];
    const ds = mandatory(
      await preview(pools, {
        "node-pool-image-matches-shape": { catalog: SAMPLE_CATALOG },
        "node-pool-image-matches-version": { catalog: SAMPLE_CATALOG },
      }),
    );
    assert.deepStrictEqual(
      ds.map((d) => [d.policyName, d.urn]).sort(),
      [
        ["node-pool-image-matches-shape", pools[0].urn],
        ["node-pool-image-matches-version", pools[1].urn],
      ].sort(),
    );
    assert.ok(
      ds
        .find((d) => d.policyName === "node-pool-image-matches-shape")
        ?.message.includes(CURRENT_ARM_1342),
    );
  });

  it("image age: default 90 days against OKEPOOLS_NOW, and maxImageAgeDays", async () => {
    const pool = nodePool("old", { imageId: RETIRED_ID, tagName: RETIRED_NAME });
    const ds = of(await preview([pool]), "node-pool-image-age");
    assert.strictEqual(ds.length, 1);
    assert.deepStrictEqual([ds[0].enforcementLevel, ds[0].urn], ["advisory", pool.urn]);
    assert.ok(ds[0].message.includes("366 days"), ds[0].message);
    assert.deepStrictEqual(
      of(
        await preview([pool], { "node-pool-image-age": { maxImageAgeDays: 400 } }),
        "node-pool-image-age",
      ),
      [],
    );
  });

  it("cycling settings and worker-IP dependencies are advisories on the right resources", async () => {
    const basic = cluster("basic", { type: "BASIC_CLUSTER" });
    const pool = nodePool("workers", {
      cluster: basic,
      cycling: { isNodeCyclingEnabled: true, cycleModes: ["INSTANCE_REPLACE"] },
      nodeIps: ["10.0.10.5"],
    });
    const be = backend("be-1", "10.0.10.5");
    const ds = await preview([basic, pool, be]);
    const cycling = of(ds, "node-pool-cycling-settings");
    assert.ok(
      cycling.length >= 1 &&
        cycling.every((d) => d.urn === pool.urn && d.enforcementLevel === "advisory"),
    );
    assert.ok(cycling.some((d) => d.message.includes("ENHANCED_CLUSTER")));
    const ip = of(ds, "worker-ip-dependency");
    assert.deepStrictEqual(
      ip.map((d) => [d.urn, d.enforcementLevel]),
      [[be.urn, "advisory"]],
    );
    assert.ok(
      ip[0].message.includes("BOOT_VOLUME_REPLACE") && ip[0].message.includes("LoadBalancer"),
    );
  });

  it("an app stack with only Deployments and PDBs gets sensible drain advisories and nothing else", async () => {
    const web = deployment("web", 2, { app: "web" }, "shop");
    const single = deployment("single", undefined, { app: "single" }, "shop");
    const budget = pdb(
      "web-pdb",
      { minAvailable: 2, selector: { matchLabels: { app: "web" } } },
      "shop",
    );
    const ds = await preview([
      res("pulumi:pulumi:Stack", "oke-pools-dev", {}, { custom: false }),
      web,
      single,
      budget,
    ]);
    assert.ok(
      ds.every(
        (d) =>
          d.policyName === "drain-blocking-disruption-budget" && d.enforcementLevel === "advisory",
      ),
      JSON.stringify(ds),
    );
    assert.deepStrictEqual(ds.map((d) => d.urn).sort(), [budget.urn, single.urn].sort());
    assert.ok(ds.find((d) => d.urn === budget.urn)?.message.includes('Deployment "web"'));
  });

  it("policies/config.example.json documents every policy and every key, and is valid", async () => {
    const example = parsePolicyPackConfig(
      fs.readFileSync(path.join(PACK_DIR, "config.example.json"), "utf8"),
    );
    const info = await pack.session().info();
    const { unknownPolicies } = reconcilePolicyConfig(info, example);
    assert.deepStrictEqual(unknownPolicies, []);
    for (const name of Object.keys(MINE)) {
      const entry = example[name];
      assert.ok(entry && typeof entry === "object", name);
      const keys = Object.keys(
        info.policies.find((p) => p.name === name)?.configSchema?.properties ?? {},
      );
      const documented = Object.keys(entry).filter((k) => k !== "enforcementLevel");
      const optionalCatalog = name !== "node-pool-image-not-retired" ? ["catalog"] : [];
      assert.deepStrictEqual(
        documented.sort(),
        keys.filter((k) => !optionalCatalog.includes(k)).sort(),
        name,
      );
    }
  });

  it("rejects config that breaks a policy's schema before sending it, and keeps serving", async () => {
    await assert.rejects(
      pack.session().configure({ "node-pool-version-skew": { maxMinorSkew: 9 } }),
      (e: unknown) => e instanceof PolicyConfigError && e.message.includes("maxMinorSkew"),
    );
    await assert.rejects(
      pack.session().configure({ "node-pool-image-age": "sometimes" as never }),
      PolicyConfigError,
    );
    assert.strictEqual(
      (await pack.session().configure({})).config["node-pool-version-skew"].properties.maxMinorSkew,
      3,
    );
  });
});

describe("analyzer driver: launching", function () {
  this.timeout(60_000);
  const fixtures = path.join(__dirname, "..", "fixtures", "policies");

  it("times out with a clear error when the port never arrives, and kills the process", async () => {
    await assert.rejects(
      startPolicyPack(path.join(fixtures, "silent-pack"), { startTimeoutMs: 1500 }),
      /did not print its port within 1500 ms/,
    );
  });

  it("reports the pack's stderr when it dies before serving", async () => {
    await assert.rejects(
      startPolicyPack(path.join(fixtures, "crashing-pack")),
      /exited[\s\S]*crashing-pack: cannot load policies/,
    );
  });

  it("runPolicyPack runs a whole preview and reports timings", async () => {
    ensurePackBuilt();
    const pool = nodePool("workers", { imageId: RETIRED_ID, tagName: RETIRED_NAME });
    const result = await runPolicyPack({
      packDir: PACK_DIR,
      resources: [pool],
      config: { "node-pool-image-not-retired": { catalog: SAMPLE_CATALOG } },
      env: { OKEPOOLS_NOW: NOW },
    });
    assert.ok(result.timings.startMs > 0);
    assert.deepStrictEqual(
      result.diagnostics
        .filter((d) => d.enforcementLevel === "mandatory")
        .map((d) => [d.policyName, d.urn]),
      [["node-pool-image-not-retired", pool.urn]],
    );
    assert.strictEqual(result.config["node-pool-image-not-retired"].enforcementLevel, "mandatory");
  });
});
