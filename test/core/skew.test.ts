import assert from "node:assert/strict";
import { KubeVersion, formatKubeVersion, parseKubeVersion } from "../../core/kubeVersion";
import { SkewOptions, SkewVerdict, checkSkew, supportedMinorSkew } from "../../core/skew";

const kv = (text: string): KubeVersion => {
  const parsed = parseKubeVersion(text);
  assert.ok(parsed, `test fixture ${text} must parse`);
  return parsed;
};

describe("core/skew", () => {
  describe("supportedMinorSkew: 2 minors below 1.28, 3 from 1.28", () => {
    const cases: Array<[string, number]> = [
      ["1.23.4", 2],
      ["1.25.0", 2],
      ["1.27.16", 2],
      ["1.27", 2],
      ["1.28.0", 3],
      ["1.28", 3],
      ["1.29.1", 3],
      ["1.34.2", 3],
      ["1.36.0", 3],
      ["2.0.0", 3],
    ];
    for (const [cp, expected] of cases) {
      it(`control plane ${cp} → ${expected}`, () => {
        assert.equal(supportedMinorSkew(kv(cp)), expected);
      });
    }
  });

  describe("checkSkew table", () => {
    type Expect =
      | { ok: true; minorsBehind: number; allowedMinors: number }
      | {
          ok: false;
          reason: "pool-newer" | "too-far-behind" | "major-mismatch";
          minorsBehind?: number;
          allowedMinors: number;
        };
    const cases: Array<{
      why: string;
      pool: string;
      cp: string;
      options?: SkewOptions;
      expect: Expect;
    }> = [
      {
        why: "same version",
        pool: "v1.34.2",
        cp: "v1.34.2",
        expect: { ok: true, minorsBehind: 0, allowedMinors: 3 },
      },
      {
        why: "pool a patch behind",
        pool: "v1.34.1",
        cp: "v1.34.2",
        expect: { ok: true, minorsBehind: 0, allowedMinors: 3 },
      },
      {
        why: "pool a patch ahead",
        pool: "v1.34.3",
        cp: "v1.34.2",
        expect: { ok: false, reason: "pool-newer", allowedMinors: 3 },
      },
      {
        why: "pool a minor ahead",
        pool: "v1.35.0",
        cp: "v1.34.2",
        expect: { ok: false, reason: "pool-newer", minorsBehind: -1, allowedMinors: 3 },
      },
      {
        why: "1.33.10 is newer than 1.33.2 (numeric patch)",
        pool: "v1.33.10",
        cp: "v1.33.2",
        expect: { ok: false, reason: "pool-newer", allowedMinors: 3 },
      },
      {
        why: "1.33.2 is older than 1.33.10 (numeric patch)",
        pool: "v1.33.2",
        cp: "v1.33.10",
        expect: { ok: true, minorsBehind: 0, allowedMinors: 3 },
      },
      {
        why: "pool written without patch is not newer",
        pool: "1.34",
        cp: "v1.34.2",
        expect: { ok: true, minorsBehind: 0, allowedMinors: 3 },
      },
      {
        why: "one minor behind",
        pool: "v1.33.10",
        cp: "v1.34.2",
        expect: { ok: true, minorsBehind: 1, allowedMinors: 3 },
      },
      {
        why: "three behind from 1.28 on",
        pool: "v1.31.1",
        cp: "v1.34.2",
        expect: { ok: true, minorsBehind: 3, allowedMinors: 3 },
      },
      {
        why: "four behind from 1.28 on",
        pool: "v1.30.1",
        cp: "v1.34.2",
        expect: { ok: false, reason: "too-far-behind", minorsBehind: 4, allowedMinors: 3 },
      },
      {
        why: "boundary: cp 1.28 allows 3",
        pool: "v1.25.16",
        cp: "v1.28.2",
        expect: { ok: true, minorsBehind: 3, allowedMinors: 3 },
      },
      {
        why: "boundary: cp 1.28, 4 behind",
        pool: "v1.24.1",
        cp: "v1.28.2",
        expect: { ok: false, reason: "too-far-behind", minorsBehind: 4, allowedMinors: 3 },
      },
      {
        why: "boundary: cp 1.27 allows 2",
        pool: "v1.25.16",
        cp: "v1.27.2",
        expect: { ok: true, minorsBehind: 2, allowedMinors: 2 },
      },
      {
        why: "boundary: cp 1.27, 3 behind fails",
        pool: "v1.24.17",
        cp: "v1.27.2",
        expect: { ok: false, reason: "too-far-behind", minorsBehind: 3, allowedMinors: 2 },
      },
      {
        why: "cp 1.26, 2 behind",
        pool: "v1.24.1",
        cp: "v1.26.2",
        expect: { ok: true, minorsBehind: 2, allowedMinors: 2 },
      },
      {
        why: "stricter maximum 1 tightens",
        pool: "v1.32.1",
        cp: "v1.34.2",
        options: { maxMinorSkew: 1 },
        expect: { ok: false, reason: "too-far-behind", minorsBehind: 2, allowedMinors: 1 },
      },
      {
        why: "stricter maximum 1 still allows 1",
        pool: "v1.33.1",
        cp: "v1.34.2",
        options: { maxMinorSkew: 1 },
        expect: { ok: true, minorsBehind: 1, allowedMinors: 1 },
      },
      {
        why: "maximum 0 demands the same minor",
        pool: "v1.33.10",
        cp: "v1.34.2",
        options: { maxMinorSkew: 0 },
        expect: { ok: false, reason: "too-far-behind", minorsBehind: 1, allowedMinors: 0 },
      },
      {
        why: "maximum 0 allows an older patch",
        pool: "v1.34.1",
        cp: "v1.34.2",
        options: { maxMinorSkew: 0 },
        expect: { ok: true, minorsBehind: 0, allowedMinors: 0 },
      },
      {
        why: "stricter 2 below 1.28 on a ≥1.28 plane",
        pool: "v1.31.1",
        cp: "v1.34.2",
        options: { maxMinorSkew: 2 },
        expect: { ok: false, reason: "too-far-behind", minorsBehind: 3, allowedMinors: 2 },
      },
      {
        why: "wider maximum 5 is ignored (≥1.28)",
        pool: "v1.30.1",
        cp: "v1.34.2",
        options: { maxMinorSkew: 5 },
        expect: { ok: false, reason: "too-far-behind", minorsBehind: 4, allowedMinors: 3 },
      },
      {
        why: "wider maximum 3 is ignored below 1.28",
        pool: "v1.24.17",
        cp: "v1.27.2",
        options: { maxMinorSkew: 3 },
        expect: { ok: false, reason: "too-far-behind", minorsBehind: 3, allowedMinors: 2 },
      },
      {
        why: "negative maximum is ignored",
        pool: "v1.31.1",
        cp: "v1.34.2",
        options: { maxMinorSkew: -1 },
        expect: { ok: true, minorsBehind: 3, allowedMinors: 3 },
      },
      {
        why: "fractional maximum is ignored",
        pool: "v1.31.1",
        cp: "v1.34.2",
        options: { maxMinorSkew: 1.5 },
        expect: { ok: true, minorsBehind: 3, allowedMinors: 3 },
      },
      {
        why: "NaN maximum is ignored",
        pool: "v1.31.1",
        cp: "v1.34.2",
        options: { maxMinorSkew: NaN },
        expect: { ok: true, minorsBehind: 3, allowedMinors: 3 },
      },
      {
        why: "different majors",
        pool: "v2.0.0",
        cp: "v1.34.2",
        expect: { ok: false, reason: "major-mismatch", allowedMinors: 3 },
      },
      {
        why: "different majors, pool older",
        pool: "v1.34.2",
        cp: "v2.1.0",
        expect: { ok: false, reason: "major-mismatch", allowedMinors: 3 },
      },
    ];

    for (const c of cases) {
      it(`${c.why}: pool ${c.pool}, control plane ${c.cp}${c.options ? `, ${JSON.stringify(c.options)}` : ""}`, () => {
        const verdict: SkewVerdict = checkSkew(kv(c.pool), kv(c.cp), c.options);
        assert.equal(verdict.ok, c.expect.ok, JSON.stringify(verdict));
        assert.equal(verdict.allowedMinors, c.expect.allowedMinors);
        if (c.expect.ok) {
          assert.equal(verdict.minorsBehind, c.expect.minorsBehind);
          assert.equal("explanation" in verdict, false);
        } else {
          assert.ok(!verdict.ok);
          assert.equal(verdict.reason, c.expect.reason);
          if (c.expect.minorsBehind !== undefined)
            assert.equal(verdict.minorsBehind, c.expect.minorsBehind);
          // The explanation names both versions in API form.
          assert.ok(
            verdict.explanation.includes(formatKubeVersion(kv(c.pool))),
            `explanation lacks the pool version: ${verdict.explanation}`,
          );
          assert.ok(
            verdict.explanation.includes(formatKubeVersion(kv(c.cp))),
            `explanation lacks the control-plane version: ${verdict.explanation}`,
          );
        }
      });
    }
  });

  describe("explanations", () => {
    it("too-far-behind names the oldest allowed minor and the allowed count", () => {
      const verdict = checkSkew(kv("v1.30.1"), kv("v1.34.2"));
      assert.ok(!verdict.ok);
      assert.match(verdict.explanation, /\b4 minor versions behind\b/);
      assert.match(verdict.explanation, /at most 3\b/);
      assert.match(verdict.explanation, /at least v1\.31\b/);
    });

    it("too-far-behind with a stricter maximum names that maximum", () => {
      const verdict = checkSkew(kv("v1.32.1"), kv("v1.34.2"), { maxMinorSkew: 1 });
      assert.ok(!verdict.ok);
      assert.match(verdict.explanation, /at most 1\b/);
      assert.match(verdict.explanation, /at least v1\.33\b/);
    });

    it("pool-newer tells the reader to upgrade the control plane first", () => {
      const verdict = checkSkew(kv("v1.35.0"), kv("v1.34.2"));
      assert.ok(!verdict.ok);
      assert.match(verdict.explanation, /newer than the control plane/);
      assert.match(verdict.explanation, /control plane first/);
    });

    it("the pool and control-plane versions are not swapped in the pool-newer text", () => {
      const verdict = checkSkew(kv("v1.35.0"), kv("v1.34.2"));
      assert.ok(!verdict.ok);
      assert.ok(
        verdict.explanation.indexOf("v1.35.0") < verdict.explanation.indexOf("v1.34.2"),
        verdict.explanation,
      );
      assert.match(verdict.explanation, /pool version v1\.35\.0/);
    });
  });
});
