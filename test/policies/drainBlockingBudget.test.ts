import * as assert from "assert";
import { evaluateBudget, selectorMatches } from "../../core/disruptionBudget";
import {
  drainBlockingBudgetConfig,
  drainBlockingBudgetRule,
} from "../../policies/drainBlockingBudget";
import { T, U, deployment, pdb, plain } from "../fixtures/policies/stack";

const defaults = drainBlockingBudgetConfig({}).config;
const run = (rs: ReturnType<typeof plain>[], raw: Record<string, unknown> = {}) =>
  drainBlockingBudgetRule(rs, drainBlockingBudgetConfig(raw).config);

describe("core/disruptionBudget", () => {
  it("decides whether a budget can allow an eviction", () => {
    assert.strictEqual(evaluateBudget({ maxUnavailable: 0 }, undefined).kind, "blocks");
    assert.strictEqual(evaluateBudget({ maxUnavailable: "0%" }, 5).kind, "blocks");
    assert.strictEqual(evaluateBudget({ minAvailable: "100%" }, undefined).kind, "blocks");
    assert.strictEqual(evaluateBudget({ minAvailable: 3 }, 3).kind, "blocks");
    assert.strictEqual(evaluateBudget({ minAvailable: 4 }, 3).kind, "blocks");
    assert.deepStrictEqual(evaluateBudget({ minAvailable: 2 }, 3), {
      kind: "allows",
      disruptions: 1,
    });
    assert.strictEqual(
      evaluateBudget({ minAvailable: "50%" }, 1).kind,
      "blocks",
      "ceil(0.5) = 1 of 1",
    );
    assert.deepStrictEqual(evaluateBudget({ maxUnavailable: "10%" }, 5), {
      kind: "allows",
      disruptions: 1,
    });
    assert.strictEqual(evaluateBudget({ minAvailable: 2 }, undefined).kind, "undetermined");
    assert.strictEqual(evaluateBudget({ minAvailable: "lots" }, 3).kind, "undetermined");
    assert.strictEqual(evaluateBudget({}, 3).kind, "undetermined");
    assert.strictEqual(evaluateBudget({ minAvailable: 1 }, 0).kind, "allows");
  });

  it("matches label selectors", () => {
    assert.strictEqual(
      selectorMatches({ matchLabels: { app: "web" } }, { app: "web", tier: "fe" }),
      true,
    );
    assert.strictEqual(selectorMatches({ matchLabels: { app: "web" } }, { app: "api" }), false);
    assert.strictEqual(selectorMatches({}, { app: "x" }), true);
    assert.strictEqual(
      selectorMatches(
        { matchExpressions: [{ key: "app", operator: "In", values: ["web", "api"] }] },
        { app: "api" },
      ),
      true,
    );
    assert.strictEqual(
      selectorMatches(
        { matchExpressions: [{ key: "app", operator: "NotIn", values: ["web"] }] },
        { app: "web" },
      ),
      false,
    );
    assert.strictEqual(
      selectorMatches({ matchExpressions: [{ key: "app", operator: "DoesNotExist" }] }, {}),
      true,
    );
    assert.strictEqual(
      selectorMatches({ matchExpressions: [{ key: "app", operator: "Near" }] }, {}),
      undefined,
    );
    assert.strictEqual(selectorMatches("app=web", {}), undefined);
  });
});

describe("drain-blocking-disruption-budget", () => {
  it("flags maxUnavailable 0 and minAvailable 100% whatever the workloads", () => {
    const a = pdb("zero", { maxUnavailable: 0, selector: { matchLabels: { app: "x" } } });
    const b = pdb("all", { minAvailable: "100%", selector: { matchLabels: { app: "y" } } });
    const findings = run([a, b].map(plain));
    assert.deepStrictEqual(
      findings.map((f) => f.urn),
      [a.urn, b.urn],
    );
    assert.ok(
      findings[0].message.includes('PodDisruptionBudget "zero"') &&
        findings[0].message.includes("eviction grace"),
      findings[0].message,
    );
  });

  it("flags minAvailable ≥ the replicas of the workloads it selects, naming them", () => {
    const web = deployment("web", 2, { app: "web" });
    const db = deployment("db", 3, { app: "db" }, undefined, T.statefulSet);
    const blocking = pdb("web-pdb", { minAvailable: 2, selector: { matchLabels: { app: "web" } } });
    const fine = pdb("db-pdb", { minAvailable: 2, selector: { matchLabels: { app: "db" } } });
    const findings = run([web, db, blocking, fine].map(plain));
    assert.deepStrictEqual(
      findings.map((f) => f.urn),
      [blocking.urn],
    );
    assert.ok(findings[0].message.includes('Deployment "web"'), findings[0].message);
  });

  it("selects by every matchLabels pair and by matchExpressions, in stack order, whatever the first pair narrows to", () => {
    const a = deployment("a", 1, { app: "shop", tier: "web" });
    const b = deployment("b", 1, { app: "shop", tier: "api" });
    const c = deployment("c", 1, { tier: "api", app: "shop" });
    const both = pdb("both", {
      minAvailable: 2,
      selector: { matchLabels: { app: "shop", tier: "api" } },
    });
    const none = pdb("none", {
      minAvailable: 1,
      selector: { matchLabels: { team: "x", app: "shop" } },
    });
    const expr = pdb("expr", {
      minAvailable: 3,
      selector: { matchExpressions: [{ key: "app", operator: "In", values: ["shop"] }] },
    });
    const findings = run([a, b, c, both, none, expr].map(plain), { flagSingleReplica: false });
    assert.deepStrictEqual(
      findings.map((f) => f.urn),
      [both.urn, expr.urn],
    );
    assert.ok(
      findings[0].message.includes('it selects Deployment "b", Deployment "c"'),
      findings[0].message,
    );
    assert.ok(findings[1].message.includes('Deployment "a", Deployment "b", Deployment "c"'));
  });

  it("matches namespaces (unset = default) and does not judge integer budgets with nothing selected", () => {
    const web = deployment("web", 2, { app: "web" }, "shop");
    assert.deepStrictEqual(
      run(
        [
          web,
          pdb(
            "other-ns",
            { minAvailable: 2, selector: { matchLabels: { app: "web" } } },
            "default",
          ),
        ].map(plain),
      ),
      [],
    );
    assert.strictEqual(
      run(
        [
          web,
          pdb("same-ns", { minAvailable: 2, selector: { matchLabels: { app: "web" } } }, "shop"),
        ].map(plain),
      ).length,
      1,
    );
    assert.strictEqual(
      run(
        [
          deployment("d", 2, { app: "d" }),
          pdb("implicit", { minAvailable: 2, selector: { matchLabels: { app: "d" } } }, "default"),
        ].map(plain),
      ).length,
      1,
    );
  });

  it("flags single-replica workloads (unset replicas = 1) unless a blocking budget already names them, and can be turned off", () => {
    const one = deployment("one", 1);
    const unset = deployment("unset", undefined);
    const three = deployment("three", 3);
    const held = deployment("held", 1, { app: "held" });
    const budget = pdb("held-pdb", { minAvailable: 1, selector: { matchLabels: { app: "held" } } });
    const findings = run([one, unset, three, held, budget].map(plain));
    assert.deepStrictEqual(
      findings.map((f) => f.urn).sort(),
      [budget.urn, one.urn, unset.urn].sort(),
    );
    assert.ok(findings.find((f) => f.urn === one.urn)?.message.includes("single replica"));
    assert.deepStrictEqual(run([one, unset].map(plain), { flagSingleReplica: false }), []);
  });

  it("skips unknowns and works on app stacks with no pools", () => {
    const rs = [
      deployment("u", U),
      pdb("p1", { minAvailable: U, selector: { matchLabels: { app: "u" } } }),
      pdb("p2", { maxUnavailable: 1, selector: U }),
    ];
    assert.deepStrictEqual(drainBlockingBudgetRule(rs.map(plain), defaults), []);
    assert.deepStrictEqual(drainBlockingBudgetRule([], defaults), []);
  });
});
