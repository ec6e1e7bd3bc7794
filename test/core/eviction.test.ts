import assert from "node:assert/strict";
import {
  MAX_EVICTION_GRACE_MINUTES,
  graceDurationProblem,
  parseGraceDuration,
} from "../../core/eviction";

describe("core/eviction", () => {
  it("OKE's maximum grace is 60 minutes", () => {
    assert.equal(MAX_EVICTION_GRACE_MINUTES, 60);
  });

  describe("parseGraceDuration → minutes", () => {
    const cases: Array<[string, number]> = [
      ["PT0M", 0],
      ["PT0S", 0],
      ["PT1M", 1],
      ["PT30M", 30],
      ["PT60M", 60],
      ["PT1H", 60],
      ["PT61M", 61],
      ["PT1H1M", 61],
      ["PT1H30M", 90],
      ["PT2H", 120],
      ["PT90S", 1.5],
      ["PT3600S", 60],
      ["PT1H0M0S", 60],
      [" PT5M ", 5],
      ["pt5m", 5],
    ];
    for (const [input, minutes] of cases) {
      it(`${JSON.stringify(input)} → ${minutes}`, () => {
        assert.equal(parseGraceDuration(input), minutes);
      });
    }

    const junk: unknown[] = [
      "",
      "PT",
      "P",
      "T5M",
      "5M",
      "60",
      "P1D",
      "P1DT1H",
      "PT-5M",
      "-PT5M",
      "PT5.5M",
      "PTM",
      "PT5M1H",
      "PT 5M",
      "30 minutes",
      "PT5MX",
      null,
      undefined,
      60,
      0,
      {},
      ["PT5M"],
    ];
    for (const value of junk) {
      it(`rejects ${JSON.stringify(value) ?? String(value)}`, () => {
        assert.equal(parseGraceDuration(value), undefined);
      });
    }
  });

  describe("graceDurationProblem", () => {
    for (const ok of ["PT0M", "PT0S", "PT30M", "PT60M", "PT1H", "PT3600S", "PT59M59S"]) {
      it(`accepts ${ok}`, () => {
        assert.equal(graceDurationProblem(ok), undefined);
      });
    }

    for (const tooLong of ["PT61M", "PT1H1M", "PT2H", "PT3601S", "PT60M1S"]) {
      it(`rejects ${tooLong} as longer than PT60M`, () => {
        const problem = graceDurationProblem(tooLong);
        assert.ok(problem, `${tooLong} should be a problem`);
        assert.ok(problem.includes(tooLong), problem);
        assert.match(problem, /PT60M/);
        assert.match(problem, /maximum/);
      });
    }

    for (const junk of ["", "soon", "60", "P1D", "PT-1M", "1h"]) {
      it(`rejects ${JSON.stringify(junk)} as not a duration, quoting it`, () => {
        const problem = graceDurationProblem(junk);
        assert.ok(problem, `${JSON.stringify(junk)} should be a problem`);
        assert.ok(problem.includes(JSON.stringify(junk)), problem);
        assert.match(problem, /ISO-8601/);
      });
    }
  });
});
