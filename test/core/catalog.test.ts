import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CatalogFormatError, ImageCatalog, ImageCriteria } from "../../core/catalog";
import { formatKubeVersionBare, parseKubeVersion } from "../../core/kubeVersion";
import { catalogOf, cliDocumentOf, ocidOf } from "../fixtures/core/catalogs";

const ROOT = join(__dirname, "..", "..");
const readJson = (...parts: string[]): unknown =>
  JSON.parse(readFileSync(join(ROOT, ...parts), "utf8"));

const kv = (text: string) => {
  const v = parseKubeVersion(text);
  assert.ok(v, text);
  return v;
};

const x86 = (version: string, os?: Partial<ImageCriteria>): ImageCriteria => ({
  kubernetesVersion: kv(version),
  arch: "x86_64",
  gpu: false,
  ...os,
});

/** Source name of what newest() picks, or undefined. */
function pick(catalog: ImageCatalog, criteria: ImageCriteria): string | undefined {
  return catalog.newest(criteria)?.sourceName;
}

function expectFormatError(doc: unknown, path: string | RegExp, origin = "catalog"): void {
  assert.throws(
    () => ImageCatalog.parse(doc, origin),
    (e: unknown) => {
      assert.ok(e instanceof CatalogFormatError, `expected CatalogFormatError, got ${String(e)}`);
      assert.ok(e instanceof Error);
      assert.equal(e.name, "CatalogFormatError");
      assert.equal(e.origin, origin);
      if (typeof path === "string") {
        assert.equal(e.path, path);
        assert.ok(
          e.message.includes(`${origin}: ${path}:`),
          `message should name ${path}: ${e.message}`,
        );
      } else {
        assert.match(e.path, path);
        assert.ok(e.message.includes(e.path), e.message);
      }
      assert.match(
        e.message,
        /oci ce node-pool-options get/,
        "message says which document is expected",
      );
      return true;
    },
  );
}

describe("core/catalog", () => {
  describe("ImageCatalog.parse accepts the three document shapes", () => {
    const fixture = () =>
      readJson("test", "fixtures", "core", "cli-node-pool-options.json") as {
        data: Record<string, unknown>;
      };

    it("the whole OCI CLI document (kebab case, under data)", () => {
      const catalog = ImageCatalog.parse(fixture());
      assert.equal(catalog.size, 5);
      const entry = catalog.lookup("ocid1.image.oc1.phx.fixture-ol8-x86-1-33-10");
      assert.ok(entry);
      assert.equal(entry.sourceName, "Oracle-Linux-8.10-2026.06.15-0-OKE-1.33.10-1505");
      assert.equal(entry.sourceType, "IMAGE");
      assert.ok(entry.name.recognised);
      assert.equal(entry.name.image.okeBuild, 1505);
    });

    it("the CLI document's data object alone", () => {
      const catalog = ImageCatalog.parse(fixture().data);
      assert.equal(catalog.size, 5);
      assert.equal(catalog.isCurrent("ocid1.image.oc1.phx.fixture-ol8-gpu-1-34-2"), true);
      assert.deepEqual(catalog.kubernetesVersions().map(formatKubeVersionBare), [
        "1.33.1",
        "1.33.10",
        "1.34.2",
      ]);
    });

    it("the invoke shape (camelCase)", () => {
      const catalog = ImageCatalog.parse({
        kubernetesVersions: ["v1.34.2"],
        sources: [
          {
            imageId: "ocid1.image.a",
            sourceName: "Oracle-Linux-8.10-2026.06.15-0-OKE-1.34.2-1505",
            sourceType: "IMAGE",
          },
          {
            imageId: "ocid1.image.b",
            sourceName: "Oracle-Linux-9.7-2026.06.15-0-OKE-1.33.10-1505",
          },
        ],
      });
      assert.equal(catalog.size, 2);
      assert.equal(
        catalog.lookup("ocid1.image.a")?.sourceName,
        "Oracle-Linux-8.10-2026.06.15-0-OKE-1.34.2-1505",
      );
      assert.equal(
        catalog.lookup("ocid1.image.b")?.sourceType,
        "IMAGE",
        "sourceType defaults to IMAGE",
      );
      assert.deepEqual(catalog.kubernetesVersions().map(formatKubeVersionBare), [
        "1.33.10",
        "1.34.2",
      ]);
    });

    it("keeps a non-default source type as given", () => {
      const catalog = ImageCatalog.parse({
        sources: [{ "image-id": "ocid1.image.a", "source-name": "x", "source-type": "image" }],
      });
      assert.equal(catalog.lookup("ocid1.image.a")?.sourceType, "image");
    });

    it("an empty source list is a valid, empty catalog", () => {
      const catalog = ImageCatalog.parse({ data: { sources: [] } });
      assert.equal(catalog.size, 0);
      assert.equal(catalog.isCurrent("anything"), false);
      assert.deepEqual(catalog.kubernetesVersions(), []);
    });

    it("an unrecognised source name is kept, parsed as unrecognised, and never chosen", () => {
      const catalog = ImageCatalog.parse(fixture());
      const custom = catalog.lookup("ocid1.image.oc1.phx.fixture-custom");
      assert.ok(custom);
      assert.equal(custom.name.recognised, false);
    });

    it("reads the committed sample catalog: every name recognised, every OCID unique", () => {
      const catalog = ImageCatalog.parse(
        readJson("catalog", "sample-catalog.json"),
        "sample-catalog.json",
      );
      assert.ok(catalog.size > 10);
      for (const e of catalog.entries) assert.ok(e.name.recognised, e.sourceName);
      assert.equal(new Set(catalog.entries.map((e) => e.imageId)).size, catalog.size);
    });
  });

  describe("malformed documents throw CatalogFormatError naming the key path", () => {
    const good = (n: number) => ({
      "image-id": `ocid1.image.${n}`,
      "source-name": "Oracle-Linux-7.9-2022.04.04-0",
      "source-type": "IMAGE",
    });
    const cases: Array<[string, unknown, string | RegExp]> = [
      ["null document", null, "(document)"],
      ["undefined document", undefined, "(document)"],
      ["string document", '{"data":{}}', "(document)"],
      ["number document", 42, "(document)"],
      ["array document", [good(0)], "(document)"],
      ["data is null", { data: null }, "data"],
      ["data is a list", { data: [good(0)] }, "data"],
      ["data is a string", { data: "x" }, "data"],
      ["no sources under data", { data: { "kubernetes-versions": [] } }, "data.sources"],
      ["sources is an object", { data: { sources: { "image-id": "x" } } }, "data.sources"],
      ["no sources at top level", { "kubernetes-versions": [] }, "sources"],
      ["empty object", {}, "sources"],
      ["sources is a string", { sources: "Oracle-Linux-7.9-2022.04.04-0" }, "sources"],
      [
        "third source has no image-id",
        { data: { sources: [good(0), good(1), { "source-name": "x" }] } },
        "data.sources[2].image-id",
      ],
      [
        "image-id is empty",
        { data: { sources: [{ ...good(0), "image-id": "" }] } },
        "data.sources[0].image-id",
      ],
      [
        "image-id is a number",
        { data: { sources: [good(0), { ...good(1), "image-id": 7 }] } },
        "data.sources[1].image-id",
      ],
      [
        "image-id is null",
        { data: { sources: [{ ...good(0), "image-id": null }] } },
        "data.sources[0].image-id",
      ],
      [
        "source-name missing",
        { data: { sources: [good(0), { "image-id": "ocid1.image.x" }] } },
        "data.sources[1].source-name",
      ],
      [
        "source-name is a number",
        { data: { sources: [{ ...good(0), "source-name": 12 }] } },
        "data.sources[0].source-name",
      ],
      ["a source is null", { data: { sources: [good(0), null] } }, "data.sources[1]"],
      [
        "a source is a string",
        { data: { sources: ["Oracle-Linux-7.9-2022.04.04-0"] } },
        "data.sources[0]",
      ],
      ["a source is a list", { data: { sources: [[good(0)]] } }, "data.sources[0]"],
      ["data-less: a source is null", { sources: [null] }, "sources[0]"],
      [
        "data-less kebab: image-id missing",
        { sources: [good(0), { "source-name": "x" }] },
        "sources[1].image-id",
      ],
      // camelCase documents: the path names the source and the field (in either spelling).
      [
        "camelCase: imageId is a number (named as written)",
        { sources: [{ imageId: 5, sourceName: "x" }] },
        "sources[0].imageId",
      ],
      [
        "camelCase: sourceName missing",
        { sources: [{ imageId: "ocid1.image.a" }] },
        /^sources\[0\]\.(source-name|sourceName)$/,
      ],
    ];
    for (const [why, doc, path] of cases) {
      it(`${why} → ${String(path)}`, () => {
        expectFormatError(doc, path);
      });
    }

    it("the message carries the origin", () => {
      expectFormatError(
        { data: { sources: [{}] } },
        "data.sources[0].image-id",
        "eu-frankfurt-1.json",
      );
    });

    it("the message describes what was found", () => {
      assert.throws(
        () => ImageCatalog.parse({ data: { sources: [{ "image-id": 7, "source-name": "x" }] } }),
        /is number 7/,
      );
      assert.throws(
        () => ImageCatalog.parse({ data: { sources: [{ "source-name": "x" }] } }),
        /is missing/,
      );
      assert.throws(() => ImageCatalog.parse({ data: null }), /is null/);
    });

    it("a malformed document is never silently read as empty", () => {
      for (const doc of [{}, { data: {} }, { sources: null }]) {
        assert.throws(() => ImageCatalog.parse(doc), CatalogFormatError, JSON.stringify(doc));
      }
    });
  });

  describe("lookup / isCurrent", () => {
    const catalog = catalogOf([
      "Oracle-Linux-8.10-2026.06.15-0-OKE-1.33.10-1505",
      "Oracle-Linux-7.9-2022.04.04-0",
    ]);

    it("finds a listed OCID with its parsed name", () => {
      const entry = catalog.lookup(ocidOf("Oracle-Linux-8.10-2026.06.15-0-OKE-1.33.10-1505"));
      assert.ok(entry?.name.recognised);
      assert.deepEqual(entry.name.image.kubernetesVersion, { major: 1, minor: 33, patch: 10 });
      assert.equal(catalog.isCurrent(entry.imageId), true);
    });

    it("an absent OCID is not current (retired)", () => {
      assert.equal(catalog.lookup("ocid1.image.oc1.test.gone"), undefined);
      assert.equal(catalog.isCurrent("ocid1.image.oc1.test.gone"), false);
      assert.equal(catalog.isCurrent(""), false);
    });

    it("OCIDs match exactly, not by prefix or case", () => {
      const id = ocidOf("Oracle-Linux-7.9-2022.04.04-0");
      assert.equal(catalog.isCurrent(id), true);
      assert.equal(catalog.isCurrent(id.slice(0, -1)), false);
      assert.equal(catalog.isCurrent(id + "x"), false);
      assert.equal(catalog.isCurrent(id.toUpperCase()), false);
    });
  });

  describe("kubernetesVersions()", () => {
    it("unites listed versions and those the images carry, numerically ascending, without duplicates", () => {
      const catalog = catalogOf(
        [
          "Oracle-Linux-8.10-2026.06.15-0-OKE-1.33.10-1505",
          "Oracle-Linux-8.10-2026.06.15-0-OKE-1.26.20-1505",
          "Oracle-Linux-8.10-2026.06.16-0-OKE-1.33.10-1506",
          "Oracle-Linux-7.9-2022.04.04-0",
        ],
        ["v1.33.2", "v1.26.2", "v1.9.0", "v1.33.10", "1.33.2"],
      );
      assert.deepEqual(catalog.kubernetesVersions().map(formatKubeVersionBare), [
        "1.9.0",
        "1.26.2",
        "1.26.20",
        "1.33.2",
        "1.33.10",
      ]);
    });

    it("drops listed versions that are junk or lack a patch", () => {
      const catalog = catalogOf([], ["v1.34.2", "latest", "", "v1.30"]);
      assert.deepEqual(catalog.kubernetesVersions().map(formatKubeVersionBare), ["1.34.2"]);
    });

    it("parse drops non-string listed versions and tolerates a non-list", () => {
      assert.deepEqual(
        ImageCatalog.parse({ data: { "kubernetes-versions": ["v1.34.2", 134, null], sources: [] } })
          .kubernetesVersions()
          .map(formatKubeVersionBare),
        ["1.34.2"],
      );
      assert.deepEqual(
        ImageCatalog.parse({
          data: { "kubernetes-versions": "v1.34.2", sources: [] },
        }).kubernetesVersions(),
        [],
      );
    });

    it("the sample catalog offers 1.32.10 after 1.32.1 and before 1.33.1", () => {
      const versions = ImageCatalog.parse(readJson("catalog", "sample-catalog.json"))
        .kubernetesVersions()
        .map(formatKubeVersionBare);
      const i = versions.indexOf("1.32.10");
      assert.ok(i > 0, versions.join(" "));
      assert.equal(versions[i - 1], "1.32.1");
      assert.equal(versions[i + 1], "1.33.1");
    });
  });

  describe("newest(): exact Kubernetes version", () => {
    const catalog = catalogOf([
      "Oracle-Linux-8.10-2024.01.01-0-OKE-1.26.2-700",
      "Oracle-Linux-8.10-2024.06.01-0-OKE-1.26.20-900", // newer, but another patch
      "Oracle-Linux-8.10-2025.01.01-0-OKE-1.33.2-1000",
      "Oracle-Linux-8.10-2026.01.01-0-OKE-1.33.10-1400", // newer, but another patch
      "Oracle-Linux-8.10-2027.01.01-0-OKE-1.33.1-1500", // newer, but another patch
    ]);
    const cases: Array<[string, string | undefined]> = [
      ["1.26.2", "Oracle-Linux-8.10-2024.01.01-0-OKE-1.26.2-700"],
      ["1.26.20", "Oracle-Linux-8.10-2024.06.01-0-OKE-1.26.20-900"],
      ["1.33.2", "Oracle-Linux-8.10-2025.01.01-0-OKE-1.33.2-1000"],
      ["1.33.10", "Oracle-Linux-8.10-2026.01.01-0-OKE-1.33.10-1400"],
      ["1.33.1", "Oracle-Linux-8.10-2027.01.01-0-OKE-1.33.1-1500"],
      ["1.26.0", undefined],
      ["1.34.2", undefined],
    ];
    for (const [version, expected] of cases) {
      it(`${version} → ${expected ?? "none"}`, () => {
        assert.equal(pick(catalog, x86(version)), expected);
      });
    }
  });

  describe("newest(): ordered by (date, revision, build) numerically — string order would pick wrong", () => {
    const cases: Array<{ why: string; names: string[]; expected: string }> = [
      {
        why: "revision 10 beats revision 9",
        names: [
          "Oracle-Linux-8.10-2026.06.15-9-OKE-1.33.10-1505",
          "Oracle-Linux-8.10-2026.06.15-10-OKE-1.33.10-1505",
        ],
        expected: "Oracle-Linux-8.10-2026.06.15-10-OKE-1.33.10-1505",
      },
      {
        why: "build 1000 beats build 999",
        names: [
          "Oracle-Linux-8.10-2026.06.15-0-OKE-1.33.10-999",
          "Oracle-Linux-8.10-2026.06.15-0-OKE-1.33.10-1000",
        ],
        expected: "Oracle-Linux-8.10-2026.06.15-0-OKE-1.33.10-1000",
      },
      {
        why: "a later date beats higher revision and build (and OS 8.10 is not below 8.9)",
        names: [
          "Oracle-Linux-8.9-2026.06.15-99-OKE-1.33.10-99999",
          "Oracle-Linux-8.10-2026.06.16-0-OKE-1.33.10-1",
        ],
        expected: "Oracle-Linux-8.10-2026.06.16-0-OKE-1.33.10-1",
      },
      {
        why: "revision beats build",
        names: [
          "Oracle-Linux-8.10-2026.06.15-10-OKE-1.33.10-2",
          "Oracle-Linux-8.10-2026.06.15-9-OKE-1.33.10-10",
        ],
        expected: "Oracle-Linux-8.10-2026.06.15-10-OKE-1.33.10-2",
      },
      {
        why: "upper/lower case spelling does not change order",
        names: [
          "ORACLE-LINUX-8.10-2026.06.15-0-OKE-1.33.10-1580",
          "oracle-linux-8.10-2026.06.15-0-oke-1.33.10-1505",
        ],
        expected: "ORACLE-LINUX-8.10-2026.06.15-0-OKE-1.33.10-1580",
      },
    ];
    for (const c of cases) {
      for (const names of [c.names, [...c.names].reverse()]) {
        it(`${c.why} (listed ${names === c.names ? "in" : "in reverse"} order)`, () => {
          // Guard: the fixture is one a string sort gets wrong.
          assert.notEqual(
            [...c.names].sort().at(-1),
            c.expected,
            "fixture must defeat a string sort",
          );
          assert.equal(pick(catalogOf(names), x86("1.33.10")), c.expected);
        });
      }
    }

    it("returns the entry with its parsed image", () => {
      const name = "Oracle-Linux-8.10-2026.06.15-0-OKE-1.33.10-1505";
      const best = catalogOf([name]).newest(x86("1.33.10"));
      assert.ok(best);
      assert.equal(best.imageId, ocidOf(name));
      assert.equal(best.image.okeBuild, 1505);
      assert.equal(best.name.recognised, true);
    });
  });

  describe("newest(): OS family, major and minor (8.10 vs 8.9 are numbers)", () => {
    const OL8_10 = "Oracle-Linux-8.10-2026.06.16-0-OKE-1.33.10-1505"; // a day newer than 8.9
    const OL8_9 = "Oracle-Linux-8.9-2026.06.15-0-OKE-1.33.10-1505";
    const OL9_7 = "Oracle-Linux-9.7-2026.10.20-1-OKE-1.33.10-1580"; // newest of all
    const UBUNTU = "Canonical-Ubuntu-22.04-2026.12.01-0-OKE-1.33.10-1600"; // newer still, other family
    const catalog = catalogOf([OL8_9, OL8_10, OL9_7]);
    const withUbuntu = catalogOf([OL8_9, OL8_10, OL9_7, UBUNTU]);

    const cases: Array<[string, ImageCatalog, Partial<ImageCriteria>, string | undefined]> = [
      ["no OS criteria: newest of any OS", catalog, {}, OL9_7],
      ["no OS criteria: any family", withUbuntu, {}, UBUNTU],
      ["family only", withUbuntu, { osFamily: "oracle-linux" }, OL9_7],
      ["family is case-insensitive", withUbuntu, { osFamily: "Oracle-Linux" }, OL9_7],
      [
        "major 8 keeps OL8 though OL9 is newer",
        catalog,
        { osFamily: "oracle-linux", osMajor: 8 },
        OL8_10,
      ],
      ["major 9", catalog, { osFamily: "oracle-linux", osMajor: 9 }, OL9_7],
      ["major without family", withUbuntu, { osMajor: 8 }, OL8_10],
      ["8.10 is minor 10", catalog, { osMajor: 8, osMinor: 10 }, OL8_10],
      ["8.9 is minor 9", catalog, { osMajor: 8, osMinor: 9 }, OL8_9],
      ["8.1 does not match 8.10", catalog, { osMajor: 8, osMinor: 1 }, undefined],
      ["major 7: none", catalog, { osFamily: "oracle-linux", osMajor: 7 }, undefined],
      ["another family: none", catalog, { osFamily: "canonical-ubuntu" }, undefined],
      ["a family prefix does not match", catalog, { osFamily: "oracle" }, undefined],
    ];
    for (const [why, cat, os, expected] of cases) {
      it(`${why} → ${expected ?? "none"}`, () => {
        assert.equal(pick(cat, x86("1.33.10", os)), expected);
      });
    }
  });

  describe("newest(): arch and GPU", () => {
    const X86 = "Oracle-Linux-8.10-2026.06.15-0-OKE-1.33.10-1505";
    const ARM = "Oracle-Linux-8.10-aarch64-2026.10.20-0-OKE-1.33.10-1580"; // newer
    const GPU = "Oracle-Linux-8.10-Gen2-GPU-2026.12.01-0-OKE-1.33.10-1600"; // newest
    const PLATFORM = "Oracle-Linux-8.10-2027.01.01-0"; // newest, but no Kubernetes
    const catalog = catalogOf([X86, ARM, GPU, PLATFORM, "my-custom-image"]);
    const cases: Array<[ImageCriteria["arch"], boolean, string | undefined]> = [
      ["x86_64", false, X86],
      ["aarch64", false, ARM],
      ["x86_64", true, GPU],
      ["aarch64", true, undefined],
    ];
    for (const [arch, gpu, expected] of cases) {
      it(`${arch}${gpu ? " GPU" : ""} → ${expected ?? "none"}`, () => {
        assert.equal(pick(catalog, { kubernetesVersion: kv("1.33.10"), arch, gpu }), expected);
      });
    }

    it("a catalog with only platform and unrecognised images has no candidate", () => {
      assert.equal(pick(catalogOf([PLATFORM, "my-custom-image"]), x86("1.33.10")), undefined);
    });
  });

  describe("newest() on the committed sample catalog", () => {
    const sample = () => ImageCatalog.parse(readJson("catalog", "sample-catalog.json"));
    const cases: Array<[string, ImageCriteria, string]> = [
      [
        "1.33.10 x86 OL8: the 2026.10.20-1 rebuild",
        x86("1.33.10", { osFamily: "oracle-linux", osMajor: 8 }),
        "Oracle-Linux-8.10-2026.10.20-1-OKE-1.33.10-1580",
      ],
      [
        "1.33.10 Arm OL9",
        {
          kubernetesVersion: kv("1.33.10"),
          arch: "aarch64",
          gpu: false,
          osFamily: "oracle-linux",
          osMajor: 9,
        },
        "Oracle-Linux-9.7-aarch64-2026.10.20-1-OKE-1.33.10-1580",
      ],
      [
        "1.32.10 GPU",
        { kubernetesVersion: kv("1.32.10"), arch: "x86_64", gpu: true },
        "Oracle-Linux-8.10-Gen2-GPU-2026.06.15-0-OKE-1.32.10-1505",
      ],
      ["1.32.1 is not 1.32.10", x86("1.32.1"), "Oracle-Linux-8.10-2025.10.31-0-OKE-1.32.1-1262"],
      [
        "1.33.1 OL9 x86",
        x86("1.33.1", { osMajor: 9 }),
        "Oracle-Linux-9.7-2025.08.31-0-OKE-1.33.1-1191",
      ],
    ];
    for (const [why, criteria, expected] of cases) {
      it(why, () => {
        assert.equal(pick(sample(), criteria), expected);
      });
    }
  });

  describe("fromSources / toSources / merge", () => {
    it("toSources round-trips through fromSources", () => {
      const a = catalogOf([
        "Oracle-Linux-8.10-2026.06.15-0-OKE-1.33.10-1505",
        "Oracle-Linux-7.9-2022.04.04-0",
      ]);
      const b = ImageCatalog.fromSources(a.toSources());
      assert.deepEqual(b.toSources(), a.toSources());
      assert.deepEqual(Object.keys(a.toSources()[0]).sort(), [
        "imageId",
        "sourceName",
        "sourceType",
      ]);
    });

    it("merge holds both catalogs' images and versions; the other wins on equal OCIDs", () => {
      const a = ImageCatalog.fromSources(
        [
          { imageId: "ocid1.image.shared", sourceName: "Oracle-Linux-7.9-2022.04.04-0" },
          {
            imageId: "ocid1.image.a",
            sourceName: "Oracle-Linux-8.10-2026.06.15-0-OKE-1.33.10-1505",
          },
        ],
        ["v1.33.10"],
      );
      const b = ImageCatalog.fromSources(
        [{ imageId: "ocid1.image.shared", sourceName: "Oracle-Linux-8.10-2026.10.20-0" }],
        ["v1.34.2"],
      );
      const merged = a.merge(b);
      assert.equal(merged.size, 2);
      assert.equal(
        merged.lookup("ocid1.image.shared")?.sourceName,
        "Oracle-Linux-8.10-2026.10.20-0",
      );
      assert.equal(merged.isCurrent("ocid1.image.a"), true);
      assert.deepEqual(merged.kubernetesVersions().map(formatKubeVersionBare), [
        "1.33.10",
        "1.34.2",
      ]);
      assert.equal(a.size, 2, "merge does not change its operands");
      assert.equal(a.lookup("ocid1.image.shared")?.sourceName, "Oracle-Linux-7.9-2022.04.04-0");
    });

    it("the CLI document and the invoke shape of the same images give the same catalog", () => {
      const names = [
        "Oracle-Linux-8.10-2026.06.15-0-OKE-1.33.10-1505",
        "oracle-linux-8.10-aarch64-2026.01.29-0-oke-1.35.0-1367",
      ];
      const fromCli = ImageCatalog.parse(cliDocumentOf(names, ["v1.35.0"]));
      const fromInvoke = ImageCatalog.parse({
        sources: catalogOf(names).toSources(),
        kubernetesVersions: ["v1.35.0"],
      });
      assert.deepEqual(fromCli.toSources(), fromInvoke.toSources());
      assert.deepEqual(fromCli.kubernetesVersions(), fromInvoke.kubernetesVersions());
    });
  });
});
