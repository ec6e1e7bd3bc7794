import * as assert from "assert";
import {
  PolicyConfigError,
  parsePolicyPackConfig,
  reconcilePolicyConfig,
  validateJsonSchema,
} from "../../offline/analyzer/config";
import { formatDiagnostics, groupByPolicy, resourceOf } from "../../offline/analyzer/format";
import { analyzeRequest, stackResource, toJsonSafe } from "../../offline/analyzer/proto";
import { AnalyzerInfo, Diagnostic } from "../../offline/analyzer/types";
import { U, nodePool, urn, T } from "../fixtures/policies/stack";

const info: AnalyzerInfo = {
  name: "pack",
  version: "1.0.0",
  supportsConfig: true,
  initialConfig: {},
  policies: [
    {
      name: "a",
      description: "A.",
      enforcementLevel: "mandatory",
      policyType: "stack",
      configSchema: {
        properties: {
          max: { type: "integer", minimum: 0, maximum: 3, default: 3 },
          map: { type: "object", additionalProperties: { type: "string" }, default: {} },
        },
      },
    },
    {
      name: "b",
      description: "B.",
      enforcementLevel: "advisory",
      policyType: "resource",
      configSchema: { properties: { on: { type: "boolean", default: true } } },
    },
    { name: "c", description: "C.", enforcementLevel: "advisory", policyType: "stack" },
  ],
};

describe("analyzer driver: config like the engine", () => {
  it("sends every policy its default level and schema defaults", () => {
    const { config } = reconcilePolicyConfig(info);
    assert.deepStrictEqual(config, {
      a: { enforcementLevel: "mandatory", properties: { max: 3, map: {} } },
      b: { enforcementLevel: "advisory", properties: { on: true } },
      c: { enforcementLevel: "advisory", properties: {} },
    });
  });

  it("applies all, then per-policy levels and properties over the defaults", () => {
    const { config, unknownPolicies } = reconcilePolicyConfig(info, {
      all: "advisory",
      a: { max: 1 },
      b: "disabled",
      zz: "mandatory",
    });
    assert.deepStrictEqual(config.a, {
      enforcementLevel: "advisory",
      properties: { max: 1, map: {} },
    });
    assert.deepStrictEqual(config.b, { enforcementLevel: "disabled", properties: { on: true } });
    assert.strictEqual(config.c.enforcementLevel, "advisory");
    assert.deepStrictEqual(unknownPolicies, ["zz"]);
    assert.strictEqual(
      reconcilePolicyConfig(info, { a: { enforcementLevel: "advisory" } }).config.a
        .enforcementLevel,
      "advisory",
    );
  });

  it("applies the pack's initial config before the user's", () => {
    const withInitial = {
      ...info,
      initialConfig: { b: { enforcementLevel: "mandatory" as const, properties: { on: false } } },
    };
    assert.deepStrictEqual(reconcilePolicyConfig(withInitial).config.b, {
      enforcementLevel: "mandatory",
      properties: { on: false },
    });
    assert.strictEqual(
      reconcilePolicyConfig(withInitial, { b: "advisory" }).config.b.enforcementLevel,
      "advisory",
    );
  });

  it("rejects invalid levels and values that break the schema, listing each", () => {
    assert.throws(
      () => reconcilePolicyConfig(info, { a: "sometimes" as never }),
      PolicyConfigError,
    );
    try {
      reconcilePolicyConfig(info, { a: { max: 9, map: { x: 1 } }, b: { on: "yes" } });
      assert.fail("expected an error");
    } catch (e) {
      assert.ok(e instanceof PolicyConfigError);
      assert.deepStrictEqual(e.problems, [
        "a: max: must be less than or equal to 3",
        "a: map.x: invalid type, expected string, given integer",
        "b: on: invalid type, expected boolean, given string",
      ]);
    }
  });

  it("parses --policy-pack-config files", () => {
    assert.deepStrictEqual(parsePolicyPackConfig(""), {});
    assert.deepStrictEqual(parsePolicyPackConfig('{"all":"mandatory","a":{"max":2}}'), {
      all: "mandatory",
      a: { max: 2 },
    });
    assert.throws(() => parsePolicyPackConfig('{"a": 5}'), /must be a string or object/);
    assert.throws(() => parsePolicyPackConfig("[]"), PolicyConfigError);
  });

  it("validates the JSON-schema subset", () => {
    assert.deepStrictEqual(validateJsonSchema({ type: ["object", "string"] }, "x", ""), []);
    assert.deepStrictEqual(validateJsonSchema({ type: "number" }, 2, "n"), []);
    assert.deepStrictEqual(
      validateJsonSchema({ type: "array", items: { type: "string" } }, ["a", 1], "l"),
      ["l[1]: invalid type, expected string, given integer"],
    );
    assert.deepStrictEqual(validateJsonSchema({ type: "string", enum: ["A", "B"] }, "C", "e"), [
      'e: must be one of "A", "B"',
    ]);
    assert.deepStrictEqual(validateJsonSchema({ type: "object", required: ["k"] }, {}, ""), [
      "k: is required",
    ]);
  });
});

describe("analyzer driver: messages", () => {
  it("builds Analyze requests with options set and the parent in them", () => {
    const pool = {
      ...nodePool("p", { imageId: U }),
      parent: urn(T.okePool, "p"),
      provider: "urn:pulumi:dev::oke-pools::pulumi:providers:oci::default::abc-123",
    };
    const req = analyzeRequest(pool);
    assert.ok(req.getOptions(), "options must be set");
    assert.strictEqual(req.getOptions()?.getParent(), pool.parent);
    assert.strictEqual(req.getProvider()?.getType(), "pulumi:providers:oci");
    assert.strictEqual(
      req.getProvider()?.getUrn(),
      "urn:pulumi:dev::oke-pools::pulumi:providers:oci::default",
    );
    assert.strictEqual(
      (req.getProperties()?.toJavaScript().nodeSourceDetails as { imageId: string }).imageId,
      U,
    );
  });

  it("builds AnalyzeStack resources with outputs, parent, dependencies and property dependencies", () => {
    const r = {
      ...nodePool("p"),
      parent: "urn:parent",
      dependencies: ["urn:c"],
      propertyDependencies: { clusterId: ["urn:c"] },
    };
    const msg = stackResource(r);
    assert.strictEqual(msg.getParent(), "urn:parent");
    assert.deepStrictEqual(msg.getDependenciesList(), ["urn:c"]);
    assert.deepStrictEqual(msg.getPropertydependenciesMap().get("clusterId")?.getUrnsList(), [
      "urn:c",
    ]);
    assert.ok("id" in (msg.getProperties()?.toJavaScript() ?? {}), "outputs, not inputs");
  });

  it("sends only plain data", () => {
    assert.deepStrictEqual(toJsonSafe({ a: undefined, b: [undefined, 1], c: Number.NaN }), {
      b: [null, 1],
      c: null,
    });
    assert.throws(() => toJsonSafe({ f: () => 1 }), /f: a function cannot be sent/);
  });

  it("groups and prints diagnostics like pulumi preview", () => {
    const d = (
      policyName: string,
      enforcementLevel: Diagnostic["enforcementLevel"],
      u: string,
    ): Diagnostic => ({
      policyName,
      enforcementLevel,
      urn: u,
      policyPackName: "pack",
      policyPackVersion: "1.0.0",
      message: `${policyName} says\nsomething`,
      description: `${policyName}.`,
      phase: "analyzeStack",
    });
    const diags = [
      d("z-advisory", "advisory", urn(T.pool, "p")),
      d("a-mandatory", "mandatory", urn(T.pool, "p", [T.okePool])),
      d("a-mandatory", "mandatory", ""),
    ];
    const groups = groupByPolicy(diags);
    assert.deepStrictEqual(
      groups.map((g) => [g.policyName, g.violations.length]),
      [
        ["a-mandatory", 2],
        ["z-advisory", 1],
      ],
    );
    const text = formatDiagnostics(diags);
    assert.ok(text.includes("❌ pack@v1.0.0"));
    assert.ok(
      text.includes("- [mandatory]  a-mandatory  (oci:ContainerEngine/nodePool:NodePool: p)"),
      text,
    );
    assert.ok(text.includes("(the stack)"));
    assert.strictEqual(
      resourceOf(urn(T.pool, "p", [T.okePool])),
      "oci:ContainerEngine/nodePool:NodePool: p",
    );
  });
});
