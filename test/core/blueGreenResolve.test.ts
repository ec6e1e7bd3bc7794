import { strict as assert } from "node:assert";
import { BlueGreenPairInput } from "../../core/blueGreen";
import { BlueGreenResolution, resolveBlueGreenColours } from "../../core/blueGreenResolve";
import { IMAGE_1342, IMAGE_1352 } from "../support/blueGreen";
import { SIZE_ZERO_RULE, countResolutions, withSizeZeroRule } from "../support/resolveSpy";

const CLUSTER = { kubernetesVersion: "v1.35.2" };
const colour = (kubernetesVersion: string, image: object, extra: object = {}) => ({
  shape: "VM.Standard.E5.Flex",
  ocpus: 2,
  memoryInGbs: 16,
  size: 3,
  kubernetesVersion,
  image,
  ...extra,
});
const BLUE = colour("v1.34.2", IMAGE_1342);
const GREEN = colour("v1.35.2", IMAGE_1352);
// Declared apart: a colour's settings beyond size and role are opaque to BlueGreenPairInput.
const BLUE_WITH_GREENS_IMAGE = colour("v1.34.2", IMAGE_1352);
const BLUE_BAD_OCPUS = colour("v1.34.2", IMAGE_1342, { ocpus: -1 });

function problemsOf(r: BlueGreenResolution): readonly string[] {
  assert.ok(!r.ok, "expected the pair to be refused");
  return r.problems;
}

describe("core/blueGreenResolve resolveBlueGreenColours", () => {
  it("plans the pair and resolves each colour once, at the size of this phase", () => {
    const count = countResolutions();
    let r: BlueGreenResolution;
    try {
      r = resolveBlueGreenColours(
        { pair: "web", active: "green", standbySize: 1, blue: BLUE, green: GREEN },
        "",
        CLUSTER,
      );
    } finally {
      count.restore();
    }
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(count.calls, { blue: 1, green: 1 });
    assert.deepEqual(
      r.plan.colours.map((c) => [c.colour, c.state, c.size, c.fullSize]),
      [
        ["green", "active", 3, 3],
        ["blue", "standby", 1, 3],
      ],
    );
    assert.equal(r.settings.green?.size, 3);
    assert.equal(r.settings.blue?.size, 1, "the standby colour is resolved at standbySize");
    assert.equal(r.settings.blue?.kubernetesVersion.minor, 34);
  });

  it("a colour's keys go under <colour>., after the prefix; the pair's own keys keep theirs", () => {
    const input: BlueGreenPairInput = {
      pair: "web",
      active: "green",
      standbySize: 9,
      blue: BLUE_WITH_GREENS_IMAGE,
      green: GREEN,
    };
    for (const prefix of ["", "oke-pools:blueGreenPools[3]"]) {
      const at = (k: string) => (prefix ? `${prefix}.${k}` : k);
      const problems = problemsOf(resolveBlueGreenColours(input, prefix, CLUSTER));
      assert.equal(problems.length, 2, problems.join("\n"));
      assert.ok(
        problems[0].startsWith(`${at("blue.image.sourceName")}: "${IMAGE_1352.sourceName}" — `),
        problems[0],
      );
      assert.ok(problems[1].startsWith(`${at("standbySize")}: 9 — `), problems[1]);
    }
  });

  it("a refused pair still reports every colour's settings, checked at full size", () => {
    const problems = problemsOf(
      resolveBlueGreenColours(
        { pair: "web", active: "red", blue: BLUE_BAD_OCPUS, green: GREEN },
        "",
        CLUSTER,
      ),
    );
    assert.deepEqual(problems, [
      "blue.ocpus: -1 — expected a positive number of OCPUs",
      'active: "red" — expected blue or green: the colour of blue/green pair "web" that receives the workloads',
    ]);
  });

  it("one line per problem: a size both rules read is reported once", () => {
    const problems = problemsOf(
      resolveBlueGreenColours(
        { pair: "web", active: "blue", blue: { ...BLUE, size: -2 } },
        "",
        CLUSTER,
      ),
    );
    assert.deepEqual(problems, ["blue.size: -2 — expected a whole number of nodes ≥ 0"]);
  });

  describe("a problem of the phase size only", () => {
    let rule: { restore(): void };
    beforeEach(() => (rule = withSizeZeroRule()));
    afterEach(() => rule.restore());

    it("says the size it appears at; a problem of the colour's own settings does not", () => {
      const problems = problemsOf(
        resolveBlueGreenColours(
          { pair: "web", active: "green", blue: BLUE_WITH_GREENS_IMAGE, green: GREEN },
          "oke-pools:blueGreenPools[0]",
          CLUSTER,
        ),
      );
      assert.equal(problems.length, 2, problems.join("\n"));
      assert.match(
        problems[0],
        /^oke-pools:blueGreenPools\[0\]\.blue\.image\.sourceName: .* but the pool runs v1\.34\.2/,
      );
      assert.ok(!problems[0].includes("(at the"), problems[0]);
      assert.equal(
        problems[1],
        `oke-pools:blueGreenPools[0].blue.size: 0 — ${SIZE_ZERO_RULE} (at the standby size 0)`,
      );
    });

    it("a canary at canarySize 0 says so", () => {
      const problems = problemsOf(
        resolveBlueGreenColours(
          {
            pair: "web",
            active: "blue",
            canarySize: 0,
            blue: BLUE,
            green: { ...GREEN, role: "canary" },
          },
          "",
          CLUSTER,
        ),
      );
      assert.deepEqual(problems, [`green.size: 0 — ${SIZE_ZERO_RULE} (at the canary size 0)`]);
    });

    it("a colour declared at size 0 breaks the rule at its full size: no suffix", () => {
      const problems = problemsOf(
        resolveBlueGreenColours(
          { pair: "web", active: "blue", blue: BLUE, green: { ...GREEN, size: 0 } },
          "",
          CLUSTER,
        ),
      );
      assert.deepEqual(problems, [`green.size: 0 — ${SIZE_ZERO_RULE}`]);
    });
  });
});
