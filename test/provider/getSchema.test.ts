/**
 * The multi-language component package (provider/): launched as the engine launches a
 * source-based plugin, its GetSchema describes both components with every input and output
 * typed, inferred by Pulumi's analyzer from components/args.ts and the classes.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { PROVIDER_DIR, LaunchedPlugin, fetchSchema, sharedPlugin } from "./support/plugin";

type Prop = {
  type?: string;
  $ref?: string;
  items?: Prop;
  additionalProperties?: Prop;
  description?: string;
};
type Obj = {
  properties?: Record<string, Prop>;
  required?: string[];
  description?: string;
  enum?: { value: string }[];
  type?: string;
};
interface Schema {
  name: string;
  version: string;
  resources: Record<
    string,
    Obj & {
      isComponent?: boolean;
      inputProperties: Record<string, Prop>;
      requiredInputs?: string[];
    }
  >;
  types: Record<string, Obj>;
}

/** Every property a schema type or resource declares is typed: a primitive, an array/map of typed items, or a $ref that exists. */
function untyped(schema: Schema, owner: string, props: Record<string, Prop>): string[] {
  const bad: string[] = [];
  const check = (where: string, p: Prop | undefined): void => {
    if (!p) return void bad.push(where);
    if (p.$ref) {
      const local = p.$ref.match(/^#\/types\/(.+)$/);
      if (local && !schema.types[local[1]]) bad.push(`${where} → missing ${p.$ref}`);
      if (!local && !p.$ref.includes("/oci/")) bad.push(`${where} → ${p.$ref}`);
    } else if (p.type === "array") check(`${where}[]`, p.items);
    else if (p.type === "object" && p.additionalProperties)
      check(`${where}{}`, p.additionalProperties);
    else if (!["string", "number", "integer", "boolean"].includes(p.type ?? ""))
      bad.push(`${where}: ${JSON.stringify(p)}`);
  };
  for (const [k, p] of Object.entries(props)) check(`${owner}.${k}`, p);
  return bad;
}

describe("component package: GetSchema through the provider protocol", function () {
  this.timeout(300_000);
  let plugin: LaunchedPlugin;
  let schema: Schema;

  before(async () => {
    plugin = await sharedPlugin();
    schema = await fetchSchema<Schema>(plugin);
  });

  it("is launched from PulumiPlugin.yaml's runtime and named after the package", () => {
    assert.match(
      fs.readFileSync(path.join(PROVIDER_DIR, "PulumiPlugin.yaml"), "utf8"),
      /^runtime: nodejs$/m,
    );
    const pkg = JSON.parse(fs.readFileSync(path.join(PROVIDER_DIR, "package.json"), "utf8"));
    // The engine runs compiled JavaScript (ts-node, registered by run-plugin, compiles nothing).
    assert.strictEqual(pkg.main, "bin/provider/index.js");
    assert.ok(fs.existsSync(path.join(PROVIDER_DIR, pkg.main)));
    assert.strictEqual(schema.name, "okepools");
    assert.strictEqual(schema.version, pkg.version);
  });

  it("has both components, every input and output typed", () => {
    const tokens = Object.keys(schema.resources).sort();
    assert.deepStrictEqual(tokens, [
      "okepools:index:BlueGreenNodePool",
      "okepools:index:OkeNodePool",
    ]);
    const bad: string[] = [];
    for (const [token, r] of Object.entries(schema.resources)) {
      assert.strictEqual(r.isComponent, true, token);
      bad.push(
        ...untyped(schema, `${token} input`, r.inputProperties),
        ...untyped(schema, `${token} output`, r.properties ?? {}),
      );
    }
    for (const [token, t] of Object.entries(schema.types))
      if (t.properties) bad.push(...untyped(schema, token, t.properties));
    assert.deepStrictEqual(bad, []);
  });

  it("declares the documented arguments: required ones required, modes as named enums", () => {
    const pool = schema.resources["okepools:index:OkeNodePool"];
    assert.deepStrictEqual(Object.keys(pool.inputProperties).sort(), [
      "bootVolumeSizeInGbs",
      "cluster",
      "compartmentId",
      "cycling",
      "eviction",
      "freeformTags",
      "image",
      "kubernetesVersion",
      "labels",
      "memoryInGbs",
      "nodePoolName",
      "nsgIds",
      "ocpus",
      "placement",
      "preserveNodeIdentity",
      "shape",
      "size",
      "sshPublicKey",
    ]);
    assert.deepStrictEqual([...(pool.requiredInputs ?? [])].sort(), [
      "cluster",
      "compartmentId",
      "image",
      "placement",
      "shape",
      "size",
    ]);
    assert.deepStrictEqual(
      Object.keys(schema.types["okepools:index:ImageArgs"].properties ?? {}).sort(),
      ["imageId", "os", "osVersion", "sourceName"],
    );
    assert.deepStrictEqual(
      schema.types["okepools:index:CycleMode"].enum?.map((e) => e.value),
      ["BOOT_VOLUME_REPLACE", "INSTANCE_REPLACE"],
    );
    assert.deepStrictEqual(
      schema.types["okepools:index:Colour"].enum?.map((e) => e.value),
      ["blue", "green"],
    );
    const pair = schema.resources["okepools:index:BlueGreenNodePool"];
    assert.deepStrictEqual([...(pair.requiredInputs ?? [])].sort(), [
      "active",
      "cluster",
      "compartmentId",
      "placement",
    ]);
    assert.strictEqual(
      pair.inputProperties.blue.$ref,
      "#/types/okepools:index:BlueGreenColourArgs",
    );
    assert.ok(
      pool.properties?.nodePool.$ref?.includes("/oci/"),
      "nodePool is a reference to the oci NodePool",
    );
  });

  it("carries the TSDoc summaries into descriptions (the analyzer drops @default tags)", () => {
    const undescribed: string[] = [];
    for (const [token, r] of Object.entries(schema.resources))
      for (const [k, p] of Object.entries(r.inputProperties))
        if (!p.description) undescribed.push(`${token}.${k}`);
    assert.deepStrictEqual(undescribed, []);
    const pool = schema.resources["okepools:index:OkeNodePool"];
    assert.match(pool.inputProperties.shape.description ?? "", /Node shape/);
    assert.ok(!JSON.stringify(schema).includes("@default"));
    const summary = Object.entries(schema.resources).map(
      ([t, r]) =>
        `${t.split(":").pop()}: ${Object.keys(r.inputProperties).length} inputs, ${Object.keys(r.properties ?? {}).length} outputs`,
    );
    process.stdout.write(
      `      GetSchema: ${summary.join("; ")}; ${Object.keys(schema.types).length} types; plugin start ${Math.round(plugin.startMs)} ms\n`,
    );
  });

  it("examples/yaml/Pulumi.yaml uses only schema inputs, with every required one and valid enum values", () => {
    const program = parse(
      fs.readFileSync(path.join(PROVIDER_DIR, "..", "examples", "yaml", "Pulumi.yaml"), "utf8"),
    ) as { resources: Record<string, { type: string; properties: Record<string, unknown> }> };
    const problems: string[] = [];
    const checkValue = (where: string, p: Prop, v: unknown): void => {
      if (typeof v === "string" && v.startsWith("${")) return; // an interpolation, typed by the engine
      const ref = p.$ref?.match(/^#\/types\/(.+)$/)?.[1];
      if (ref) {
        const t = schema.types[ref];
        if (t.enum) {
          if (!t.enum.some((e) => e.value === v))
            problems.push(`${where}: ${String(v)} is not a ${ref}`);
        } else checkObject(where, t.properties ?? {}, t.required ?? [], v);
      } else if (p.type === "array") {
        if (!Array.isArray(v)) problems.push(`${where}: expected a list`);
        else v.forEach((x, i) => checkValue(`${where}[${i}]`, p.items!, x));
      } else if (p.type === "object") {
        if (typeof v !== "object" || v === null) problems.push(`${where}: expected a map`);
      } else if (typeof v !== p.type)
        problems.push(`${where}: ${JSON.stringify(v)} is not a ${p.type}`);
    };
    const checkObject = (
      where: string,
      props: Record<string, Prop>,
      required: string[],
      v: unknown,
    ): void => {
      if (typeof v !== "object" || v === null)
        return void problems.push(`${where}: expected an object`);
      const o = v as Record<string, unknown>;
      for (const r of required) if (!(r in o)) problems.push(`${where}.${r}: required`);
      for (const [k, x] of Object.entries(o))
        if (!props[k]) problems.push(`${where}.${k}: not in the schema`);
        else checkValue(`${where}.${k}`, props[k], x);
    };
    const used = new Set<string>();
    for (const [name, r] of Object.entries(program.resources)) {
      const component = schema.resources[r.type];
      if (!component) continue;
      used.add(r.type);
      checkObject(name, component.inputProperties, component.requiredInputs ?? [], r.properties);
    }
    assert.deepStrictEqual([...used].sort(), Object.keys(schema.resources).sort());
    assert.deepStrictEqual(problems, []);
  });

  it("examples/python/__main__.py uses only schema names (Pulumi's Python names), with every required input and valid enum members", () => {
    // Python's own parser reads the example (the SDK cannot be generated here: no CLI, no PyPI):
    // every okepools.<Name>(…) call with its keyword arguments, and every okepools.<Enum>.<MEMBER>.
    const walk = `
import ast, json, sys
tree = ast.parse(open(sys.argv[1]).read())
def val(n):
    if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and getattr(n.func.value, "id", None) == "okepools":
        return {"call": n.func.attr, "args": len(n.args), "kwargs": {k.arg: val(k.value) for k in n.keywords}}
    if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Attribute) and getattr(n.value.value, "id", None) == "okepools":
        return {"enum": n.value.attr, "member": n.attr}
    if isinstance(n, ast.Constant): return {"const": n.value}
    if isinstance(n, ast.List): return {"list": [val(x) for x in n.elts]}
    if isinstance(n, ast.Name): return {"name": n.id}
    return {"expr": ast.unparse(n)}
names = {}
for st in tree.body:
    if isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(st.targets[0], ast.Name):
        names[st.targets[0].id] = val(st.value)
calls = [val(n) for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and getattr(n.func.value, "id", None) == "okepools" and n.func.attr[:1].isupper()]
print(json.dumps({"names": names, "calls": calls}))
`;
    const file = path.join(PROVIDER_DIR, "..", "examples", "python", "__main__.py");
    type Node = {
      call?: string;
      args?: number;
      kwargs?: Record<string, Node>;
      enum?: string;
      member?: string;
      const?: unknown;
      list?: Node[];
      name?: string;
      expr?: string;
    };
    const { names, calls } = JSON.parse(
      execFileSync("python3", ["-c", walk, file], { encoding: "utf8" }),
    ) as {
      names: Record<string, Node>;
      calls: Node[];
    };
    const snake = (k: string) => k.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
    const local = (ref: string | undefined) => ref?.match(/^#\/types\/(.+)$/)?.[1];
    const short = (token: string) => token.split(":").pop()!;
    const problems: string[] = [];
    const checkValue = (where: string, p: Prop, v: Node): void => {
      if (v.name) v = names[v.name] ?? v; // a module-level variable: check what it holds
      if (v.expr !== undefined || v.name !== undefined) return; // config.require(…) and such: typed at run time
      const ref = local(p.$ref);
      const t = ref ? schema.types[ref] : undefined;
      if (t?.enum) {
        const members = t.enum.map((e) => snake(e.value).toUpperCase());
        if (v.enum !== short(ref!) || !members.includes(v.member ?? ""))
          problems.push(
            `${where}: expected okepools.${short(ref!)}.<${members.join("|")}>, got ${JSON.stringify(v)}`,
          );
      } else if (t) {
        if (v.call !== `${short(ref!)}Args`)
          return void problems.push(
            `${where}: expected okepools.${short(ref!)}Args(…), got ${JSON.stringify(v)}`,
          );
        checkKwargs(where, t.properties ?? {}, t.required ?? [], v);
      } else if (p.type === "array") {
        if (!v.list) problems.push(`${where}: expected a list`);
        else v.list.forEach((x, i) => checkValue(`${where}[${i}]`, p.items!, x));
      } else if (p.type === "object") {
        if (v.const !== undefined) problems.push(`${where}: expected a dict`);
      } else {
        const want = p.type === "integer" ? "number" : p.type;
        if (!("const" in v) || typeof v.const !== want)
          problems.push(`${where}: expected a ${p.type}, got ${JSON.stringify(v)}`);
      }
    };
    const checkKwargs = (
      where: string,
      props: Record<string, Prop>,
      required: readonly string[],
      call: Node,
    ): void => {
      const bySnake = new Map(Object.entries(props).map(([k, p]) => [snake(k), p]));
      const given = call.kwargs ?? {};
      for (const r of required)
        if (!(snake(r) in given)) problems.push(`${where}.${snake(r)}: required`);
      for (const [k, v] of Object.entries(given)) {
        const p = bySnake.get(k);
        if (!p) problems.push(`${where}.${k}: not an input of the schema`);
        else checkValue(`${where}.${k}`, p, v);
      }
    };
    const used = new Set<string>();
    for (const c of calls) {
      const token = Object.keys(schema.resources).find((t) => short(t) === c.call);
      if (!token) continue;
      used.add(token);
      const r = schema.resources[token];
      if (c.args !== 1)
        problems.push(`${c.call}: expected the resource name as the one positional argument`);
      checkKwargs(c.call!, r.inputProperties, r.requiredInputs ?? [], c);
    }
    assert.deepStrictEqual([...used].sort(), Object.keys(schema.resources).sort());
    assert.deepStrictEqual(problems, []);
    // The outputs it exports exist, in their Python names.
    const exported = [
      ...fs.readFileSync(file, "utf8").matchAll(/pulumi\.export\([^,]+,\s*(\w+)\.(\w+)\)/g),
    ];
    assert.ok(exported.length > 0);
    for (const [, variable, output] of exported) {
      const token = Object.keys(schema.resources).find((t) => short(t) === names[variable]?.call);
      const outputs = Object.keys(schema.resources[token!]?.properties ?? {}).map(snake);
      assert.ok(
        outputs.includes(output),
        `${variable}.${output}: not an output (${outputs.join(", ")})`,
      );
    }
  });
});
