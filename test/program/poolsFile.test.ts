import { strict as assert } from "node:assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { ConfigError } from "../../core/configError";
import { PROJECT_DIR } from "../../program/poolsFile";
import { validateStackConfig } from "../../program/stackConfig";

const stackConfig = (stack: string): Record<string, unknown> =>
  YAML.parse(fs.readFileSync(path.join(__dirname, `../../stacks/Pulumi.${stack}.yaml`), "utf8"))
    .config;
/** The committed stacks; "mixed" is the bluegreen stack plus the demo's plain pools. */
const read = (stack: string): Record<string, unknown> =>
  stack === "mixed"
    ? {
        ...stackConfig("bluegreen"),
        "oke-pools:nodePools": stackConfig("demo")["oke-pools:nodePools"],
      }
    : stackConfig(stack);

/** The stack's config with its pool lists moved to files in a fresh directory. */
function split(
  stack: string,
  format: "yaml" | "json" = "yaml",
): { dir: string; config: Record<string, unknown>; files: Record<string, string> } {
  const config = read(stack);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "oke-poolsfile-"));
  const files: Record<string, string> = {};
  for (const list of ["nodePools", "blueGreenPools"]) {
    const v = config[`oke-pools:${list}`];
    if (v === undefined) continue;
    const file = `${stack}.${list}.${format}`;
    fs.writeFileSync(
      path.join(dir, file),
      format === "json" ? JSON.stringify(v, null, 2) : YAML.stringify(v),
    );
    delete config[`oke-pools:${list}`];
    config[`oke-pools:${list}File`] = file;
    files[list] = file;
  }
  return { dir, config, files };
}

const problemsOf = (f: () => unknown): readonly string[] => {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  assert.fail("expected a ConfigError");
};

describe("program: pool lists in files (oke-pools:nodePoolsFile, oke-pools:blueGreenPoolsFile)", () => {
  it("a YAML file and a JSON file give the same validated pools as the inline lists", () => {
    const inline = validateStackConfig(read("mixed"));
    for (const format of ["yaml", "json"] as const) {
      const { dir, config } = split("mixed", format);
      const v = validateStackConfig(config, "stack", { projectDir: dir });
      assert.deepEqual(v.config.nodePools, inline.config.nodePools, format);
      assert.deepEqual(v.config.blueGreenPools, inline.config.blueGreenPools, format);
      assert.deepEqual(
        v.blueGreenPools.map((p) => p.plan),
        inline.blueGreenPools.map((p) => p.plan),
      );
      assert.deepEqual(
        v.poolsFiles.map((f) => [f.list, f.label]),
        [
          ["nodePools", `mixed.nodePools.${format}`],
          ["blueGreenPools", `mixed.blueGreenPools.${format}`],
        ],
      );
    }
  });

  it("reads values as Pulumi hands them over, relative to the project directory by default; absolute paths too", () => {
    const { dir, config, files } = split("demo");
    const abs = { ...config, "oke-pools:nodePoolsFile": path.join(dir, files.nodePools) };
    const flat = Object.fromEntries(
      Object.entries(abs).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    );
    assert.equal(validateStackConfig(flat).nodePools[1].config.name, "arm");
    const rel = path.relative(PROJECT_DIR, path.join(dir, files.nodePools));
    assert.equal(
      validateStackConfig({ ...config, "oke-pools:nodePoolsFile": rel }).nodePools.length,
      2,
    );
  });

  it("problems name the file and the entry, with the inline key's messages", () => {
    const { dir, config, files } = split("mixed");
    const pools = YAML.parse(fs.readFileSync(path.join(dir, files.nodePools), "utf8"));
    pools[0].size = "three";
    pools[0].extra = 1;
    fs.writeFileSync(path.join(dir, files.nodePools), YAML.stringify(pools));
    const pairs = YAML.parse(fs.readFileSync(path.join(dir, files.blueGreenPools), "utf8"));
    pairs[0].active = "purple";
    fs.writeFileSync(path.join(dir, files.blueGreenPools), YAML.stringify(pairs));
    const problems = problemsOf(() => validateStackConfig(config, "s", { projectDir: dir }));
    assert.ok(
      problems.some((p) =>
        /^mixed\.nodePools\.yaml\[0\]\.size: "three" — expected a whole number/.test(p),
      ),
      problems.join("\n"),
    );
    assert.ok(
      problems.some((p) => /^mixed\.nodePools\.yaml\[0\]\.extra: 1 — unknown key/.test(p)),
      problems.join("\n"),
    );
    assert.ok(
      problems.some((p) => /^mixed\.blueGreenPools\.yaml\[0\]\.active: "purple"/.test(p)),
      problems.join("\n"),
    );
    assert.ok(!problems.some((p) => p.includes("oke-pools:nodePools")), problems.join("\n"));
  });

  it("cross-list checks name the file too (a pair colour named like a pool of the file)", () => {
    const { dir, config, files } = split("mixed");
    const pools = YAML.parse(fs.readFileSync(path.join(dir, files.nodePools), "utf8")) as {
      name: string;
    }[];
    const pair = (config["oke-pools:sampleWorkload"] as { followPair: string }).followPair;
    pools[0].name = `${pair}-blue`;
    fs.writeFileSync(path.join(dir, files.nodePools), YAML.stringify(pools));
    const problems = problemsOf(() => validateStackConfig(config, "s", { projectDir: dir }));
    assert.ok(
      problems.some(
        (p) =>
          p.startsWith("mixed.blueGreenPools.yaml[0].name:") &&
          p.includes("like mixed.nodePools.yaml[0]"),
      ),
      problems.join("\n"),
    );
  });

  it("inline and file key for one list: refused, naming both", () => {
    const { dir, config } = split("demo");
    const problems = problemsOf(() =>
      validateStackConfig(
        { ...config, "oke-pools:nodePools": read("demo")["oke-pools:nodePools"] },
        "s",
        { projectDir: dir },
      ),
    );
    assert.equal(problems.length, 1);
    assert.match(
      problems[0],
      /^oke-pools:nodePools: .* — oke-pools:nodePoolsFile \(demo\.nodePools\.yaml\) holds this list already; keep one/,
    );
  });

  it("a missing file, a directory, bad YAML, a file that is not a list, one file for both lists", () => {
    const { dir, config, files } = split("mixed");
    const missing = problemsOf(() =>
      validateStackConfig({ ...config, "oke-pools:nodePoolsFile": "nope.yaml" }, "s", {
        projectDir: dir,
      }),
    );
    assert.match(
      missing[0],
      /^oke-pools:nodePoolsFile: "nope\.yaml" — cannot read .*nope\.yaml \(no such file\); the path is relative to the project directory/,
    );
    const isDir = problemsOf(() =>
      validateStackConfig({ ...config, "oke-pools:nodePoolsFile": "." }, "s", { projectDir: dir }),
    );
    assert.match(isDir[0], /\(is a directory\)/);
    fs.writeFileSync(path.join(dir, "bad.yaml"), "- name: a\n  size: [1\n");
    const bad = problemsOf(() =>
      validateStackConfig({ ...config, "oke-pools:nodePoolsFile": "bad.yaml" }, "s", {
        projectDir: dir,
      }),
    );
    assert.match(bad[0], /^oke-pools:nodePoolsFile: "bad\.yaml" — .*is not valid YAML/);
    fs.writeFileSync(path.join(dir, "map.yaml"), "name: a\n");
    const notList = problemsOf(() =>
      validateStackConfig({ ...config, "oke-pools:nodePoolsFile": "map.yaml" }, "s", {
        projectDir: dir,
      }),
    );
    assert.match(notList[0], /^map\.yaml: \{"name":"a"\} — expected a list of node pools/);
    const same = problemsOf(() =>
      validateStackConfig({ ...config, "oke-pools:blueGreenPoolsFile": files.nodePools }, "s", {
        projectDir: dir,
      }),
    );
    assert.match(
      same[0],
      /^oke-pools:blueGreenPoolsFile: "mixed\.nodePools\.yaml" — is the file oke-pools:nodePoolsFile names/,
    );
  });

  it("an empty file is an empty list", () => {
    const { dir, config, files } = split("demo");
    fs.writeFileSync(path.join(dir, files.nodePools), "# no pools yet\n");
    assert.equal(validateStackConfig(config, "s", { projectDir: dir }).nodePools.length, 0);
  });
});
