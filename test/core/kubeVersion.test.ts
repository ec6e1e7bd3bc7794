import assert from "node:assert/strict";
import {
  KubeVersion,
  compareKubeVersions,
  formatKubeVersion,
  formatKubeVersionBare,
  minorKey,
  parseKubeVersion,
  requireKubeVersion,
  sameKubeVersion,
} from "../../core/kubeVersion";

const v = (major: number, minor: number, patch?: number): KubeVersion =>
  patch === undefined ? { major, minor } : { major, minor, patch };

describe("core/kubeVersion", () => {
  describe("parseKubeVersion accepts the API, bare and major.minor forms", () => {
    const accepted: Array<[string, KubeVersion]> = [
      ["v1.34.2", v(1, 34, 2)],
      ["1.34.2", v(1, 34, 2)],
      ["V1.34.2", v(1, 34, 2)],
      [" v1.34.2 ", v(1, 34, 2)],
      ["v1.33.10", v(1, 33, 10)],
      ["1.26.20", v(1, 26, 20)],
      ["v1.35.0", v(1, 35, 0)],
      ["1.30", v(1, 30)],
      ["v1.30", v(1, 30)],
      ["2.0.0", v(2, 0, 0)],
    ];
    for (const [input, expected] of accepted) {
      it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
        assert.deepEqual(parseKubeVersion(input), expected);
      });
    }

    it("leaves patch out entirely (not patch: undefined) for `1.30`", () => {
      const parsed = parseKubeVersion("1.30");
      assert.ok(parsed);
      assert.equal("patch" in parsed, false);
    });

    it("keeps patch 10 distinct from patch 1 (1.33.10 is not 1.33.1)", () => {
      assert.equal(parseKubeVersion("v1.33.10")?.patch, 10);
      assert.equal(parseKubeVersion("v1.33.1")?.patch, 1);
    });
  });

  describe("parseKubeVersion rejects junk with undefined, never throwing", () => {
    const junk: unknown[] = [
      "",
      " ",
      "v",
      "1",
      "v1",
      "1.",
      "1.34.",
      "1..2",
      ".1.34",
      "1.34.2.1",
      "v1.34.x",
      "1.34.2-rc.1",
      "v1.34.2+build",
      "vv1.34.2",
      "v 1.34.2",
      "-1.34.2",
      "latest",
      "one.two.three",
      "1.34.2\n1.35.0",
      "9".repeat(10_000),
      "1." + "9".repeat(10_000),
      null,
      undefined,
      1.34,
      134,
      NaN,
      true,
      {},
      { major: 1, minor: 34, patch: 2 },
      [],
      ["v1.34.2"],
      Object.create(null),
      Symbol("v1.34.2"),
      () => "v1.34.2",
      10n,
    ];
    for (const value of junk) {
      const label =
        typeof value === "string"
          ? JSON.stringify(value.slice(0, 30))
          : typeof value === "symbol"
            ? "a symbol"
            : `${typeof value} ${String(Array.isArray(value) ? "[…]" : typeof value === "object" ? "{…}" : value)}`;
      it(`rejects ${label}`, () => {
        assert.equal(parseKubeVersion(value), undefined);
      });
    }
  });

  describe("requireKubeVersion", () => {
    it("returns the parsed version", () => {
      assert.deepEqual(requireKubeVersion("v1.34.2", "pool.kubernetesVersion"), v(1, 34, 2));
    });

    it("throws an error naming the field, the value and the expected form", () => {
      assert.throws(
        () => requireKubeVersion("latest", "pool.kubernetesVersion"),
        (e: unknown) => {
          assert.ok(e instanceof Error);
          assert.match(e.message, /pool\.kubernetesVersion/);
          assert.match(e.message, /"latest"/);
          assert.match(e.message, /v1\.34\.2/);
          return true;
        },
      );
    });

    it("throws for a non-string too", () => {
      assert.throws(
        () => requireKubeVersion(undefined, "cluster.kubernetesVersion"),
        /cluster\.kubernetesVersion/,
      );
    });
  });

  describe("compareKubeVersions is numeric, not textual", () => {
    const ordered: Array<[string, string]> = [
      // [older, newer] — each pair is one where a string comparison gives the wrong answer or a boundary.
      ["1.33.2", "1.33.10"],
      ["1.26.2", "1.26.20"],
      ["1.9.0", "1.10.0"],
      ["1.9", "1.10"],
      ["1.99.99", "2.0.0"],
      ["1.34.1", "1.34.2"],
      ["1.33.10", "1.34.0"],
    ];
    for (const [older, newer] of ordered) {
      it(`${older} < ${newer}`, () => {
        const a = parseKubeVersion(older)!;
        const b = parseKubeVersion(newer)!;
        assert.ok(compareKubeVersions(a, b) < 0, `${older} should sort before ${newer}`);
        assert.ok(compareKubeVersions(b, a) > 0, `${newer} should sort after ${older}`);
      });
    }

    it("equal versions compare 0", () => {
      assert.equal(compareKubeVersions(v(1, 34, 2), v(1, 34, 2)), 0);
    });

    it("a version without a patch equals any patch of its minor", () => {
      assert.equal(compareKubeVersions(v(1, 30), v(1, 30, 5)), 0);
      assert.equal(compareKubeVersions(v(1, 30, 0), v(1, 30)), 0);
      assert.ok(compareKubeVersions(v(1, 30), v(1, 31, 0)) < 0);
    });

    it("sorts a list numerically where a string sort would not", () => {
      const input = ["1.33.2", "1.33.10", "1.9.1", "1.33.1", "1.10.0", "1.26.20", "1.26.2"];
      const sorted = input
        .map((s) => parseKubeVersion(s)!)
        .sort(compareKubeVersions)
        .map(formatKubeVersionBare);
      assert.deepEqual(sorted, [
        "1.9.1",
        "1.10.0",
        "1.26.2",
        "1.26.20",
        "1.33.1",
        "1.33.2",
        "1.33.10",
      ]);
      assert.notDeepEqual(
        [...input].sort(),
        sorted,
        "fixture must be one where string order differs",
      );
    });
  });

  describe("sameKubeVersion", () => {
    const cases: Array<[KubeVersion, KubeVersion, boolean]> = [
      [v(1, 34, 2), v(1, 34, 2), true],
      [v(1, 30), v(1, 30), true],
      [v(1, 26, 2), v(1, 26, 20), false],
      [v(1, 33, 1), v(1, 33, 10), false],
      [v(1, 30), v(1, 30, 0), false],
      [v(1, 34, 2), v(2, 34, 2), false],
      [v(1, 34, 2), v(1, 35, 2), false],
    ];
    for (const [a, b, expected] of cases) {
      it(`${formatKubeVersionBare(a)} vs ${formatKubeVersionBare(b)} → ${expected}`, () => {
        assert.equal(sameKubeVersion(a, b), expected);
        assert.equal(sameKubeVersion(b, a), expected);
      });
    }

    it("`v1.34.2` and `1.34.2` are the same version", () => {
      assert.equal(
        sameKubeVersion(parseKubeVersion("v1.34.2")!, parseKubeVersion("1.34.2")!),
        true,
      );
    });
  });

  describe("formatting", () => {
    it("formatKubeVersion writes the API form with a leading v", () => {
      assert.equal(formatKubeVersion(v(1, 34, 2)), "v1.34.2");
      assert.equal(formatKubeVersion(v(1, 33, 10)), "v1.33.10");
      assert.equal(formatKubeVersion(v(1, 30)), "v1.30");
    });

    it("formatKubeVersionBare writes the image-name form", () => {
      assert.equal(formatKubeVersionBare(v(1, 34, 2)), "1.34.2");
      assert.equal(formatKubeVersionBare(v(1, 30)), "1.30");
      assert.equal(formatKubeVersionBare(v(1, 35, 0)), "1.35.0");
    });

    it("minorKey is major.minor", () => {
      assert.equal(minorKey(v(1, 33, 10)), "1.33");
      assert.equal(minorKey(v(1, 30)), "1.30");
    });

    for (const text of ["v1.34.2", "v1.33.10", "v1.35.0", "v1.30"]) {
      it(`round-trips ${text}`, () => {
        assert.equal(formatKubeVersion(parseKubeVersion(text)!), text);
      });
    }
  });
});
