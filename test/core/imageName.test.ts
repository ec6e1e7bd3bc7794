import assert from "node:assert/strict";
import {
  ImageNameParse,
  OkeImageName,
  imageAgeDays,
  imageSortKey,
  parseImageName,
} from "../../core/imageName";
import { sameKubeVersion } from "../../core/kubeVersion";
import { FACTS_IMAGE_NAMES, ExpectedImage } from "../fixtures/core/factsImageNames";

function mustParse(name: string): OkeImageName {
  const r = parseImageName(name);
  if (!r.recognised) assert.fail(`${name} should be recognised, got: ${r.reason}`);
  return r.image;
}

function assertUnrecognised(
  r: ImageNameParse,
): asserts r is Extract<ImageNameParse, { recognised: false }> {
  assert.equal(r.recognised, false, `expected unrecognised, got ${JSON.stringify(r)}`);
  if (r.recognised) return;
  assert.equal(typeof r.reason, "string");
  assert.ok(r.reason.length > 0, "an unrecognised result must say why");
  assert.equal(typeof r.sourceName, "string");
}

function expectedFields(e: ExpectedImage): Omit<OkeImageName, "sourceName"> {
  const base = {
    kind: e.kind,
    osFamily: e.osFamily,
    osVersion: e.osVersion,
    osMajor: e.osMajor,
    osMinor: e.osMinor,
    arch: e.arch,
    gpu: e.gpu,
    buildDate: e.buildDate,
    revision: e.revision,
  };
  return e.k8s
    ? {
        ...base,
        kubernetesVersion: { major: e.k8s[0], minor: e.k8s[1], patch: e.k8s[2] },
        okeBuild: e.okeBuild,
      }
    : base;
}

describe("core/imageName", () => {
  describe("parses every real name in FACTS.md, as written, upper and lower case", () => {
    it("the fixture holds all 16 FACTS.md names, both OKE and platform, in both cases", () => {
      assert.equal(FACTS_IMAGE_NAMES.length, 16);
      assert.equal(new Set(FACTS_IMAGE_NAMES.map((e) => e.name)).size, 16);
      assert.ok(FACTS_IMAGE_NAMES.some((e) => e.kind === "platform"));
      assert.ok(FACTS_IMAGE_NAMES.some((e) => e.name.startsWith("oracle-linux-")));
    });

    for (const e of FACTS_IMAGE_NAMES) {
      const spellings: Array<[string, string]> = [
        ["as written", e.name],
        ["upper case", e.name.toUpperCase()],
        ["lower case", e.name.toLowerCase()],
      ];
      for (const [how, name] of spellings) {
        it(`${how}: ${name}`, () => {
          const image = mustParse(name);
          const { sourceName, ...rest } = image;
          assert.equal(sourceName, name, "sourceName is kept as written");
          assert.deepEqual(rest, expectedFields(e));
        });
      }
    }
  });

  describe("OKE vs platform images", () => {
    it("an OKE image carries its Kubernetes version and OKE build", () => {
      const image = mustParse("Oracle-Linux-8.10-2025.08.31-0-OKE-1.33.1-1191");
      assert.equal(image.kind, "oke");
      assert.deepEqual(image.kubernetesVersion, { major: 1, minor: 33, patch: 1 });
      assert.equal(image.okeBuild, 1191);
    });

    it("a platform image has neither (the keys are absent, not undefined)", () => {
      const image = mustParse("Oracle-Linux-7.9-2022.04.04-0");
      assert.equal(image.kind, "platform");
      assert.equal("kubernetesVersion" in image, false);
      assert.equal("okeBuild" in image, false);
    });

    it("a GPU platform image is platform and GPU", () => {
      const image = mustParse("Oracle-Linux-8.5-Gen2-GPU-2022.04.05-0");
      assert.equal(image.kind, "platform");
      assert.equal(image.gpu, true);
      assert.equal(image.arch, "x86_64");
    });

    it("an Arm platform image is platform and aarch64", () => {
      const image = mustParse("Oracle-Linux-8.10-aarch64-2026.10.20-0");
      assert.equal(image.kind, "platform");
      assert.equal(image.arch, "aarch64");
      assert.equal(image.gpu, false);
    });

    it("an OS version without a minor reads as minor 0", () => {
      const image = mustParse("Oracle-Linux-9-2025.08.31-0");
      assert.equal(image.osVersion, "9");
      assert.equal(image.osMajor, 9);
      assert.equal(image.osMinor, 0);
    });

    it("multi-word OS families are kept, lower-cased", () => {
      assert.equal(
        mustParse("Canonical-Ubuntu-22.04-2024.08.29-0-OKE-1.30.1-747").osFamily,
        "canonical-ubuntu",
      );
    });

    // Regression (fixed in 13bfddf): such names used to come back as recognised *platform*
    // images, although FACTS.md says platform images are exactly those without `-OKE-`.
    it("a name with -OKE- but an unreadable Kubernetes version is unrecognised, not a platform image", () => {
      for (const name of [
        "Oracle-Linux-8.10-2025.08.31-0-OKE-1.33.12345-1191",
        "Oracle-Linux-8.10-2025.08.31-0-OKE-1.3333.1-1191",
      ]) {
        const r = parseImageName(name);
        assertUnrecognised(r);
        assert.match(r.reason, /Kubernetes version/);
      }
    });
  });

  describe("numeric fields are numbers, not strings (8.10 vs 8.9, 1.33.10 vs 1.33.2, 1.26.20 vs 1.26.2)", () => {
    it("OS 8.10 has minor 10, above 8.9's 9", () => {
      const a = mustParse("Oracle-Linux-8.10-2025.08.31-0-OKE-1.33.1-1191");
      const b = mustParse("Oracle-Linux-8.9-2024.01.26-0-OKE-1.29.1-679");
      assert.equal(a.osMinor, 10);
      assert.equal(b.osMinor, 9);
      assert.ok(a.osMinor > b.osMinor);
      assert.equal(a.osVersion, "8.10", "osVersion keeps the written text, not 8.1");
    });

    it("OS 8.1 is not 8.10", () => {
      const a = mustParse("Oracle-Linux-8.1-2020.01.01-0");
      assert.equal(a.osMinor, 1);
      assert.equal(a.osVersion, "8.1");
    });

    it("Kubernetes 1.33.10 has patch 10", () => {
      assert.deepEqual(
        mustParse("Oracle-Linux-9.7-2026.06.15-0-OKE-1.33.10-1505").kubernetesVersion,
        { major: 1, minor: 33, patch: 10 },
      );
      assert.deepEqual(
        mustParse("Oracle-Linux-9.7-2026.06.15-0-OKE-1.33.2-1505").kubernetesVersion,
        { major: 1, minor: 33, patch: 2 },
      );
    });

    it("1.26.20 is read whole and is not 1.26.2", () => {
      const image = mustParse("Oracle-Linux-8.7-2024.01.01-0-OKE-1.26.20-700");
      assert.deepEqual(image.kubernetesVersion, { major: 1, minor: 26, patch: 20 });
      assert.equal(
        sameKubeVersion(image.kubernetesVersion!, { major: 1, minor: 26, patch: 2 }),
        false,
      );
    });

    it("revision and OKE build are numbers", () => {
      const image = mustParse("Oracle-Linux-8.10-2026.04.30-3-OKE-1.36.0-1462");
      assert.equal(image.revision, 3);
      assert.equal(image.okeBuild, 1462);
      assert.equal(typeof image.revision, "number");
      assert.equal(typeof image.okeBuild, "number");
    });
  });

  describe("surrounding whitespace", () => {
    it("is trimmed and the trimmed name kept", () => {
      const image = mustParse("  Oracle-Linux-8.10-2025.08.31-0-OKE-1.33.1-1191\n");
      assert.equal(image.sourceName, "Oracle-Linux-8.10-2025.08.31-0-OKE-1.33.1-1191");
      assert.equal(image.okeBuild, 1191);
    });
  });

  describe("junk gives a typed unrecognised result, never an exception", () => {
    const strings: Array<[string, string]> = [
      ["empty", ""],
      ["whitespace", "   "],
      ["digits", "12345"],
      [
        "an OCID",
        "ocid1.image.oc1.phx.aaaaaaaahafdefbgabgbadccffecifcbgagijfdfijchfbeahceaaehafcgf",
      ],
      ["a custom image name", "my-hardened-worker-image"],
      ["month 13, day 40", "Oracle-Linux-8.10-2024.13.40-0-OKE-1.33.1-1191"],
      ["month 13 on a platform image", "Oracle-Linux-8.10-2024.13.01-0"],
      ["month 00", "Oracle-Linux-8.10-2024.00.10-0-OKE-1.33.1-1191"],
      ["day 00", "Oracle-Linux-8.10-2024.01.00-0-OKE-1.33.1-1191"],
      ["day 32", "Oracle-Linux-8.10-2024.01.32-0-OKE-1.33.1-1191"],
      ["single-digit month", "Oracle-Linux-8.10-2025.8.31-0-OKE-1.33.1-1191"],
      ["dashes in the date", "Oracle-Linux-8.10-2025-08-31-0-OKE-1.33.1-1191"],
      ["no revision", "Oracle-Linux-8.10-2025.08.31-OKE-1.33.1-1191"],
      ["OKE without build", "Oracle-Linux-8.10-2025.08.31-0-OKE-1.33.1"],
      ["OKE with a two-part version", "Oracle-Linux-8.10-2025.08.31-0-OKE-1.33-1191"],
      ["OKE version with a v", "Oracle-Linux-8.10-2025.08.31-0-OKE-v1.33.1-1191"],
      ["trailing junk", "Oracle-Linux-8.10-2025.08.31-0-OKE-1.33.1-1191-extra"],
      ["leading junk", "x-1-Oracle-Linux-8.10-2025.08.31-0-OKE-1.33.1-1191!"],
      ["both variants", "Oracle-Linux-8.10-aarch64-Gen2-GPU-2025.08.31-0"],
      ["GPU without Gen2", "Oracle-Linux-8.10-GPU-2025.08.31-0"],
      ["unknown variant", "Oracle-Linux-8.10-x86_64-2025.08.31-0"],
      ["no OS words", "8.10-2025.08.31-0-OKE-1.33.1-1191"],
      ["no OS version", "Oracle-Linux-2025.08.31-0-OKE-1.33.1-1191"],
      [
        "a catalog JSON fragment",
        '{"source-name":"Oracle-Linux-8.10-2025.08.31-0-OKE-1.33.1-1191"}',
      ],
      ["huge string", "a".repeat(1_000_000)],
      ["huge valid-looking prefix", "Oracle-Linux-8.10-2025.08.31-0-OKE-1.33.1-" + "9".repeat(500)],
      ["backtracking bait", "a-".repeat(120) + "!"],
    ];
    for (const [why, value] of strings) {
      it(`${why}`, () => {
        const r = parseImageName(value);
        assertUnrecognised(r);
        assert.ok(
          r.sourceName.length <= Math.max(value.length, 80),
          "a huge name is not echoed in full",
        );
      });
    }

    it("a bad calendar date says so in the reason", () => {
      const r = parseImageName("Oracle-Linux-8.10-2024.13.40-0-OKE-1.33.1-1191");
      assertUnrecognised(r);
      assert.match(r.reason, /2024\.13\.40/);
    });

    it("a huge string is cut short in the result", () => {
      const r = parseImageName("b".repeat(100_000));
      assertUnrecognised(r);
      assert.ok(r.sourceName.length < 100, `sourceName has ${r.sourceName.length} characters`);
    });

    const nonStrings: Array<[string, unknown]> = [
      ["null", null],
      ["undefined", undefined],
      ["a number", 42],
      ["NaN", NaN],
      ["a boolean", false],
      ["a bigint", 12n],
      ["a symbol", Symbol("Oracle-Linux-7.9-2022.04.04-0")],
      ["an object", { sourceName: "Oracle-Linux-7.9-2022.04.04-0" }],
      ["an array holding a valid name", ["Oracle-Linux-7.9-2022.04.04-0"]],
      ["a function", () => "Oracle-Linux-7.9-2022.04.04-0"],
      ["a Date", new Date(0)],
    ];
    for (const [why, value] of nonStrings) {
      it(`${why}`, () => {
        assertUnrecognised(parseImageName(value));
      });
    }

    it("an object whose toString returns a valid name is still not a string", () => {
      assertUnrecognised(parseImageName({ toString: () => "Oracle-Linux-7.9-2022.04.04-0" }));
    });

    // Regression (fixed in 13bfddf): `String(sourceName)` used to throw "Cannot convert object
    // to primitive value" for these.
    it("an object with a null prototype or a throwing toString gives unrecognised, not an exception", () => {
      assertUnrecognised(parseImageName(Object.create(null)));
      assertUnrecognised(
        parseImageName({
          toString() {
            throw new Error("boom");
          },
        }),
      );
    });

    // Regression (fixed in 13bfddf): only month 1–12 and day 1–31 used to be checked, so these
    // were recognised and imageSortKey rolled them into the next month.
    it("impossible calendar dates (Feb 30, Feb 29 in a non-leap year, Apr 31) are unrecognised", () => {
      for (const date of ["2024.02.30", "2024.02.31", "2023.02.29", "2024.04.31"]) {
        const r = parseImageName(`Oracle-Linux-8.10-${date}-0-OKE-1.33.1-1191`);
        assertUnrecognised(r);
        assert.match(r.reason, /calendar date/);
      }
    });

    it("real edge dates are accepted (leap day, 31st of a long month)", () => {
      assert.equal(mustParse("Oracle-Linux-8.10-2024.02.29-0").buildDate, "2024-02-29");
      assert.equal(mustParse("Oracle-Linux-8.10-2025.12.31-0").buildDate, "2025-12-31");
      assert.equal(mustParse("Oracle-Linux-8.10-2025.01.01-0").buildDate, "2025-01-01");
    });
  });

  describe("imageSortKey orders by (date, revision, build) numerically", () => {
    const pairs: Array<[string, string, string]> = [
      [
        "a later date beats higher revision and build",
        "Oracle-Linux-8.10-2026.06.15-99-OKE-1.33.10-99999",
        "Oracle-Linux-8.10-2026.06.16-0-OKE-1.33.10-1",
      ],
      [
        "a later month beats an earlier one (10 vs 9)",
        "Oracle-Linux-8.10-2026.09.30-0-OKE-1.33.10-1505",
        "Oracle-Linux-8.10-2026.10.01-0-OKE-1.33.10-1505",
      ],
      [
        "a later year beats an earlier one",
        "Oracle-Linux-8.10-2025.12.31-9-OKE-1.33.10-9999",
        "Oracle-Linux-8.10-2026.01.01-0-OKE-1.33.10-1",
      ],
      [
        "revision 10 beats revision 9",
        "Oracle-Linux-8.10-2026.06.15-9-OKE-1.33.10-1505",
        "Oracle-Linux-8.10-2026.06.15-10-OKE-1.33.10-1505",
      ],
      [
        "revision beats build",
        "Oracle-Linux-8.10-2026.06.15-0-OKE-1.33.10-99999",
        "Oracle-Linux-8.10-2026.06.15-1-OKE-1.33.10-1",
      ],
      [
        "build 1000 beats build 999",
        "Oracle-Linux-8.10-2026.06.15-0-OKE-1.33.10-999",
        "Oracle-Linux-8.10-2026.06.15-0-OKE-1.33.10-1000",
      ],
      [
        "build 1580 beats build 1505",
        "Oracle-Linux-8.10-2026.06.15-0-OKE-1.33.10-1505",
        "Oracle-Linux-8.10-2026.06.15-0-OKE-1.33.10-1580",
      ],
      [
        "an OKE build beats the platform image of the same date and revision",
        "Oracle-Linux-8.10-2026.06.15-0",
        "Oracle-Linux-8.10-2026.06.15-0-OKE-1.33.10-1",
      ],
    ];
    for (const [why, older, newer] of pairs) {
      it(why, () => {
        const a = imageSortKey(mustParse(older));
        const b = imageSortKey(mustParse(newer));
        assert.ok(Number.isFinite(a) && Number.isFinite(b));
        assert.ok(a < b, `${older} (${a}) should sort before ${newer} (${b})`);
      });
    }

    it("equal (date, revision, build) give equal keys whatever the OS, arch or case", () => {
      const keys = [
        "Oracle-Linux-8.10-2026.06.15-0-OKE-1.33.10-1505",
        "oracle-linux-9.7-aarch64-2026.06.15-0-oke-1.34.2-1505",
        "ORACLE-LINUX-8.10-GEN2-GPU-2026.06.15-0-OKE-1.35.2-1505",
      ].map((n) => imageSortKey(mustParse(n)));
      assert.equal(new Set(keys).size, 1);
    });

    it("sorting the FACTS names by key puts them in date order, where a string sort does not", () => {
      const images = FACTS_IMAGE_NAMES.map((e) => mustParse(e.name));
      const byKey = [...images]
        .sort((a, b) => imageSortKey(a) - imageSortKey(b))
        .map((i) => i.buildDate);
      assert.deepEqual(byKey, [...byKey].sort());
      const byName = [...images]
        .sort((a, b) => (a.sourceName < b.sourceName ? -1 : 1))
        .map((i) => i.buildDate);
      assert.notDeepEqual(
        byName,
        [...byKey].sort(),
        "fixture must be one where name order differs from date order",
      );
    });
  });

  describe("imageAgeDays", () => {
    const image = () => mustParse("Oracle-Linux-8.10-2026.06.15-0-OKE-1.33.10-1505");
    it("is 0 on the build day", () => {
      assert.equal(imageAgeDays(image(), new Date("2026-06-15T23:59:59Z")), 0);
    });
    it("counts whole days", () => {
      assert.equal(imageAgeDays(image(), new Date("2026-06-16T00:00:00Z")), 1);
      assert.equal(imageAgeDays(image(), new Date("2026-07-15T12:00:00Z")), 30);
      assert.equal(imageAgeDays(image(), new Date("2027-06-15T00:00:00Z")), 365);
    });
    it("is negative before the build day", () => {
      assert.equal(imageAgeDays(image(), new Date("2026-06-14T00:00:00Z")), -1);
    });
  });
});
