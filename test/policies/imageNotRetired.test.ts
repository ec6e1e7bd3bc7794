import * as assert from "assert";
import { ImageCatalog } from "../../core/catalog";
import { poolsOf, sourceDetailsImageId } from "../../core/oke";
import { PlainResource } from "../../core/resources";
import {
  imageNotRetiredConfig,
  imageNotRetiredResourceRule,
  imageNotRetiredStackRule,
} from "../../policies/imageNotRetired";
import { CatalogFiles, resolveConfiguredCatalog } from "../../policies/lib/catalogConfig";
import {
  CURRENT_ARM_1342,
  CURRENT_X86_1342,
  RETIRED_ID,
  RETIRED_NAME,
  REPLACEMENT_ID,
  REPLACEMENT_NAME,
  SAMPLE_CATALOG,
  U,
  cluster,
  nodePool,
  plain,
  plainInputs,
  publishedCatalog,
  sampleSources,
} from "../fixtures/policies/stack";

const catalog = ImageCatalog.parse(SAMPLE_CATALOG);
const noFiles: CatalogFiles = {
  baseDir: "/pack",
  readFile: (p) => {
    throw Object.assign(new Error(`ENOENT: ${p}`), { code: "ENOENT" });
  },
};
const none = { problems: [] };

describe("node-pool-image-not-retired: resource phase (config catalog)", () => {
  it("passes a pool whose image is in the catalog", () => {
    assert.deepStrictEqual(
      imageNotRetiredResourceRule(
        plainInputs(nodePool("workers", { imageId: CURRENT_X86_1342 })),
        catalog,
      ),
      [],
    );
  });

  it("fails a retired image, naming pool, OCID, tagged source name and the replacement", () => {
    const pool = nodePool("workers", { imageId: RETIRED_ID, tagName: RETIRED_NAME });
    const [f, ...rest] = imageNotRetiredResourceRule(plainInputs(pool), catalog);
    assert.strictEqual(rest.length, 0);
    assert.strictEqual(f.advisoryOnly, undefined);
    assert.strictEqual(f.urn, pool.urn);
    for (const part of [
      'node pool "workers"',
      RETIRED_ID,
      RETIRED_NAME,
      REPLACEMENT_ID,
      REPLACEMENT_NAME,
      "need not be replaced",
    ])
      assert.ok(f.message.includes(part), `missing ${part}: ${f.message}`);
  });

  it("recommends an Arm image for an Arm shape and says when the source name is unknown", () => {
    const [f] = imageNotRetiredResourceRule(
      plainInputs(
        nodePool("arm", { imageId: "ocid1.image.oc1.phx.gone", shape: "VM.Standard.A1.Flex" }),
      ),
      catalog,
    );
    assert.ok(f.message.includes(CURRENT_ARM_1342), f.message);
    assert.ok(f.message.includes("source name unknown"), f.message);
  });

  it("reads the deprecated nodeImageId and nodeImageName, and nodeSourceDetails wins over them", () => {
    const legacy = plainInputs(
      nodePool("old", { extra: { nodeSourceDetails: undefined, nodeImageId: RETIRED_ID } }),
    );
    const [f] = imageNotRetiredResourceRule(legacy, catalog);
    assert.ok(f.message.includes("remove the deprecated nodeImageId"), f.message);
    const byName = plainInputs(
      nodePool("byname", { extra: { nodeSourceDetails: undefined, nodeImageName: RETIRED_NAME } }),
    );
    assert.ok(imageNotRetiredResourceRule(byName, catalog)[0].message.includes(RETIRED_NAME));
    const currentByName = plainInputs(
      nodePool("cur", {
        extra: { nodeSourceDetails: undefined, nodeImageName: REPLACEMENT_NAME.toLowerCase() },
      }),
    );
    assert.deepStrictEqual(imageNotRetiredResourceRule(currentByName, catalog), []);
    const both = plainInputs(
      nodePool("both", { imageId: CURRENT_X86_1342, extra: { nodeImageId: RETIRED_ID } }),
    );
    assert.deepStrictEqual(imageNotRetiredResourceRule(both, catalog), []);
  });

  it("passes a pool on the OCID alone only where the pool view reads that same OCID", () => {
    const pools: PlainResource[] = [
      nodePool("current", { imageId: CURRENT_X86_1342 }),
      nodePool("retired", { imageId: RETIRED_ID }),
      nodePool("both", { imageId: CURRENT_X86_1342, extra: { nodeImageId: RETIRED_ID } }),
      nodePool("legacy", {
        extra: { nodeSourceDetails: undefined, nodeImageId: CURRENT_X86_1342 },
      }),
      nodePool("unknownDetails", { extra: { nodeSourceDetails: U } }),
      nodePool("notRecord", { extra: { nodeSourceDetails: [CURRENT_X86_1342] } }),
      nodePool("blank", { imageId: "  " }),
      nodePool("number", { imageId: 7 as unknown as string }),
    ].map(plainInputs);
    const fromView = (r: PlainResource) => {
      const image = poolsOf(r)[0]?.image;
      return image?.state === "known" && image.value.field === "nodeSourceDetails.imageId"
        ? image.value.imageId
        : undefined;
    };
    for (const r of pools) {
      const id = sourceDetailsImageId(r);
      // What the pre-check passes, the view must read as the same listed OCID.
      if (id !== undefined && catalog.lookup(id)) assert.strictEqual(fromView(r), id, r.name);
    }
    assert.deepStrictEqual(
      pools.map(
        (r) => sourceDetailsImageId(r) !== undefined && !!catalog.lookup(sourceDetailsImageId(r)!),
      ),
      [true, false, true, false, false, false, false, false],
    );
    const cluster = { ...pools[0], type: "oci:ContainerEngine/cluster:Cluster" };
    assert.strictEqual(sourceDetailsImageId(cluster), undefined);
    assert.strictEqual(sourceDetailsImageId(null as unknown as PlainResource), undefined);
  });

  it("skips unknown images and does nothing without a config catalog", () => {
    assert.deepStrictEqual(
      imageNotRetiredResourceRule(plainInputs(nodePool("u", { imageId: U })), catalog),
      [],
    );
    assert.deepStrictEqual(
      imageNotRetiredResourceRule(
        plainInputs(nodePool("u2", { extra: { nodeSourceDetails: U } })),
        catalog,
      ),
      [],
    );
    assert.deepStrictEqual(
      imageNotRetiredResourceRule(plainInputs(nodePool("r", { imageId: RETIRED_ID })), undefined),
      [],
    );
  });
});

describe("node-pool-image-not-retired: stack phase", () => {
  it("with a config catalog reports no pool (the resource phase did); config problems are the reader's", () => {
    const pools = [plain(nodePool("r", { imageId: RETIRED_ID }))];
    assert.deepStrictEqual(imageNotRetiredStackRule(pools, { catalog, problems: [] }), []);
    assert.deepStrictEqual(
      imageNotRetiredStackRule(pools, {
        catalog,
        problems: [{ key: "catalogFile", message: "broken" }],
      }),
      [],
    );
    const missing: CatalogFiles = {
      baseDir: "/pack",
      readFile: () => {
        throw Object.assign(new Error("no such file"), { code: "ENOENT" });
      },
    };
    const read = imageNotRetiredConfig({ catalogFile: "catalog.json" }, { files: missing });
    assert.deepStrictEqual(
      read.problems.map((p) => p.key),
      ["catalogFile"],
    );
    assert.match(read.problems[0].message, /^cannot read \/pack\/catalog.json \(ENOENT\)/);
    assert.strictEqual(read.config.configured.catalog, undefined);
  });

  it("without any catalog gives an advisory per pool that says how to supply one", () => {
    const a = nodePool("a", { imageId: RETIRED_ID });
    const b = nodePool("b", { imageId: CURRENT_X86_1342 });
    const findings = imageNotRetiredStackRule([plain(a), plain(b)], none);
    assert.deepStrictEqual(
      findings.map((f) => [f.urn, f.advisoryOnly]),
      [
        [a.urn, true],
        [b.urn, true],
      ],
    );
    assert.ok(
      findings[0].message.includes(
        "oci ce node-pool-options get --node-pool-option-id all --output json > catalog.json",
      ),
    );
    assert.ok(findings[0].message.includes("catalogFile"));
  });

  it("judges pools against a published catalog, resolving the version through the cluster", () => {
    const c = cluster("prod", { kubernetesVersion: "v1.34.2" });
    const retired = nodePool("old", {
      imageId: RETIRED_ID,
      tagName: RETIRED_NAME,
      version: null,
      cluster: c,
    });
    const fine = nodePool("new", { imageId: CURRENT_X86_1342, cluster: c });
    const findings = imageNotRetiredStackRule(
      [c, publishedCatalog("image-catalog-all", sampleSources()), retired, fine].map(plain),
      none,
    );
    assert.strictEqual(findings.length, 1);
    assert.strictEqual(findings[0].urn, retired.urn);
    assert.strictEqual(findings[0].advisoryOnly, undefined);
    assert.ok(findings[0].message.includes(REPLACEMENT_NAME), findings[0].message);
  });

  it("does not let a catalog filtered to another architecture or OS speak for a pool", () => {
    const armOnly = publishedCatalog(
      "image-catalog-arm",
      sampleSources().filter((s) => s.sourceName.includes("aarch64")),
      { nodePoolOptionId: "all", nodePoolOsArch: "AARCH64" },
    );
    const x86 = nodePool("x86", { imageId: RETIRED_ID, tagName: RETIRED_NAME });
    const [f] = imageNotRetiredStackRule([armOnly, x86].map(plain), none);
    assert.strictEqual(f.advisoryOnly, true);
    assert.ok(f.message.includes("cannot verify"), f.message);
    const ol8 = publishedCatalog(
      "image-catalog-ol8",
      sampleSources().filter((s) => s.sourceName.includes("8.10")),
      { nodePoolOptionId: "all", nodePoolOsType: "OL8" },
    );
    const untagged = nodePool("untagged", { imageId: RETIRED_ID });
    assert.strictEqual(
      imageNotRetiredStackRule([ol8, untagged].map(plain), none)[0].advisoryOnly,
      true,
      "OS unknown: not covered",
    );
    const tagged = nodePool("tagged", { imageId: RETIRED_ID, tagName: RETIRED_NAME });
    assert.strictEqual(
      imageNotRetiredStackRule([ol8, tagged].map(plain), none)[0].advisoryOnly,
      undefined,
      "OL8 image, OL8 catalog: judged",
    );
    const otherCluster = publishedCatalog("image-catalog-cluster", sampleSources(), {
      nodePoolOptionId: "ocid1.cluster.oc1.phx.other",
    });
    assert.strictEqual(
      imageNotRetiredStackRule([otherCluster, tagged].map(plain), none)[0].advisoryOnly,
      true,
    );
  });

  it("treats an unknown published catalog as pending and a malformed one as an advisory notice", () => {
    const pool = nodePool("p", { imageId: RETIRED_ID });
    const [f] = imageNotRetiredStackRule([publishedCatalog("pending", U), pool].map(plain), none);
    assert.ok(f.message.includes("not known until the update"), f.message);
    const bad = publishedCatalog("bad", [{ imageId: "", sourceName: "x" }]);
    const findings = imageNotRetiredStackRule([bad, pool].map(plain), none);
    assert.ok(
      findings.some(
        (x) => x.urn === bad.urn && x.advisoryOnly && x.message.includes("cannot be read"),
      ),
    );
    assert.ok(findings.every((x) => x.advisoryOnly));
  });
});

describe("catalog config (catalog / catalogFile)", () => {
  it("accepts the CLI document whole, its data, the invoke shape and a JSON string", () => {
    for (const c of [
      SAMPLE_CATALOG,
      SAMPLE_CATALOG.data,
      { sources: sampleSources() },
      JSON.stringify(SAMPLE_CATALOG),
    ]) {
      const r = resolveConfiguredCatalog({ catalog: c }, noFiles);
      assert.deepStrictEqual(r.problems, []);
      assert.strictEqual(r.catalog?.size, 63);
    }
  });

  it('treats {} and "" as not set', () => {
    assert.deepStrictEqual(resolveConfiguredCatalog({ catalog: {}, catalogFile: "" }, noFiles), {
      problems: [],
    });
  });

  it("reads catalogFile relative to the pack directory", () => {
    const seen: string[] = [];
    const files: CatalogFiles = {
      baseDir: "/pack",
      readFile: (p) => (seen.push(p), JSON.stringify(SAMPLE_CATALOG)),
    };
    assert.strictEqual(
      resolveConfiguredCatalog({ catalogFile: "cat/c.json" }, files).catalog?.size,
      63,
    );
    assert.deepStrictEqual(seen, ["/pack/cat/c.json"]);
  });

  it("reports malformed catalogs by key, with the fix, without throwing", () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ catalog: { data: { sources: 5 } } }, "catalog", "data.sources"],
      [{ catalog: "{not json" }, "catalog", "not JSON"],
      [{ catalog: 7 }, "catalog", "not a catalog object"],
      [{ catalog: { sources: [] } }, "catalog", "lists no images"],
      [{ catalogFile: "missing.json" }, "catalogFile", "ENOENT"],
      [{ catalogFile: 12 }, "catalogFile", "not a path"],
    ];
    for (const [config, key, detail] of cases) {
      const r = resolveConfiguredCatalog(config, noFiles);
      assert.strictEqual(r.catalog, undefined, JSON.stringify(config));
      assert.strictEqual(r.problems.length, 1, JSON.stringify(config));
      assert.strictEqual(r.problems[0].key, key);
      assert.ok(r.problems[0].message.includes(detail), r.problems[0].message);
      assert.ok(
        r.problems[0].message.includes("oci ce node-pool-options get"),
        r.problems[0].message,
      );
    }
  });
});
