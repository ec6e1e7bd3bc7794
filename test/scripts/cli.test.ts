import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { readStackFile, setConfigValue, writeStackFile } from "../../offline/stackFile";
import {
  REPLACEMENT_NAME,
  RETIRED_ID,
  ROOT,
  idOf,
  tempStacks,
  writeTemp,
} from "../support/tooling";

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a tool as `npm run <tool>` does (transpile-only ts-node), from the project root. */
function run(script: string, ...args: string[]): Run {
  const r = spawnSync(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", path.join("scripts", `${script}.ts`), ...args],
    { cwd: ROOT, encoding: "utf8", timeout: 90_000 },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const show = (r: Run) => `exit ${r.status}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

describe("the tools as commands: exit codes and output (child processes)", function () {
  this.timeout(120_000);

  describe("preview-offline", () => {
    it("npm start's command: the demo stack previews with no violation, exit 0", () => {
      const r = run("preview-offline", "--stack", "demo");
      assert.equal(r.status, 0, show(r));
      assert.match(r.stdout, /Previewing update \(demo\)/);
      assert.match(r.stdout, /✅ no policy violations/);
    });

    it("the stale-image stack fails the preview with node-pool-image-not-retired, exit 1", () => {
      const r = run("preview-offline", "--stack", "stale-image");
      assert.equal(r.status, 1, show(r));
      assert.match(
        r.stdout,
        /\[mandatory\]\s+node-pool-image-not-retired\s+\(oci:ContainerEngine\/nodePool:NodePool: legacy\)/,
      );
      assert.ok(r.stdout.includes(REPLACEMENT_NAME));
    });

    it("usage and input errors exit 2 with a clear message: unknown flag, malformed catalog, invalid stack config", () => {
      const flag = run("preview-offline", "--stack", "demo", "--stak", "x");
      assert.equal(flag.status, 2, show(flag));
      assert.match(flag.stderr, /Unknown option '--stak'[\s\S]*usage: npm run preview:offline/);

      const catalog = writeTemp(
        "catalog.json",
        JSON.stringify({ data: { sources: [{ "image-id": "ocid1.image.oc1.phx.aaaaaaaaok" }] } }),
      );
      const bad = run("preview-offline", "--stack", "demo", "--catalog", catalog);
      assert.equal(bad.status, 2, show(bad));
      assert.ok(bad.stderr.includes(catalog), bad.stderr);
      assert.match(bad.stderr, /data\.sources\[0\]\.source-name: is missing/);

      const dir = tempStacks("demo");
      const f = readStackFile(dir, "demo");
      setConfigValue(f, "oke-pools:nodePools[0].size", "three");
      writeStackFile(f);
      const invalid = run("preview-offline", "--stack", "demo", "--stacks-dir", dir);
      assert.equal(invalid.status, 2, show(invalid));
      assert.match(
        invalid.stderr,
        /stack "demo" config .* is invalid:\n\s+- oke-pools:nodePools\[0\]\.size: "three" — expected a whole number of nodes/,
      );
    });
  });

  describe("plan-upgrade", () => {
    it("--json: the ordered steps with the exact config changes", () => {
      const r = run("plan-upgrade", "--stack", "stale-image", "--to", "v1.36.0", "--json");
      assert.equal(r.status, 0, show(r));
      const plan = JSON.parse(r.stdout) as {
        controlPlane: { from: string; to: string };
        steps: { kind: string; changes: { key: string; from?: string; to: string }[] }[];
      };
      assert.deepEqual(plan.controlPlane, { from: "v1.35.2", to: "v1.36.0" });
      assert.deepEqual(
        plan.steps.map((s) => s.kind),
        ["control-plane", "pool"],
      );
      assert.deepEqual(plan.steps[1].changes, [
        { key: "oke-pools:nodePools[1].kubernetesVersion", from: "v1.34.2", to: "v1.36.0" },
        {
          key: "oke-pools:nodePools[1].image.imageId",
          from: RETIRED_ID,
          to: idOf("Oracle-Linux-8.10-2026.10.20-1-OKE-1.36.0-1580"),
        },
        {
          key: "oke-pools:nodePools[1].image.sourceName",
          from: "Oracle-Linux-8.10-2025.11.20-0-OKE-1.34.2-1345",
          to: "Oracle-Linux-8.10-2026.10.20-1-OKE-1.36.0-1580",
        },
      ]);
    });

    it("text: each step with its config change and whether nodes keep their IPs", () => {
      const r = run("plan-upgrade", "--stack", "demo", "--to", "v1.36.0");
      assert.equal(r.status, 0, show(r));
      assert.match(
        r.stdout,
        /1\. Control plane v1\.35\.2 → v1\.36\.0\n\s+oke-pools:kubernetesVersion: v1\.35\.2 → v1\.36\.0/,
      );
      assert.match(
        r.stdout,
        /arm v1\.35\.2 → v1\.36\.0; INSTANCE_REPLACE: nodes are replaced and get NEW private IPs/,
      );
      assert.match(
        r.stdout,
        /general v1\.35\.2 → v1\.36\.0; BOOT_VOLUME_REPLACE: .*keep their OCIDs and private IPs/,
      );
    });

    it("refuses a target below the control plane, and an unknown stack, with exit 2", () => {
      const down = run("plan-upgrade", "--stack", "demo", "--to", "v1.34.2");
      assert.equal(down.status, 2, show(down));
      assert.match(down.stderr, /v1\.34\.2 is older than the control plane's v1\.35\.2/);
      const unknown = run("plan-upgrade", "--stack", "prod", "--to", "v1.36.0");
      assert.equal(unknown.status, 2, show(unknown));
      assert.match(unknown.stderr, /unknown stack "prod"/);
    });
  });

  describe("pin-images", () => {
    it("--check fails (exit 1) on a retired pin and changes nothing", () => {
      const dir = tempStacks("stale-image");
      const before = fs.readFileSync(path.join(dir, "Pulumi.stale-image.yaml"), "utf8");
      const r = run("pin-images", "--stack", "stale-image", "--check", "--stacks-dir", dir);
      assert.equal(r.status, 1, show(r));
      assert.match(r.stdout, /legacy \(v1\.34\.2\): RETIRED, replaced — would change/);
      assert.equal(fs.readFileSync(path.join(dir, "Pulumi.stale-image.yaml"), "utf8"), before);
    });

    it("rewrites the retired pin with comments, order and versions intact; --check then passes", () => {
      const dir = tempStacks("stale-image");
      const file = path.join(dir, "Pulumi.stale-image.yaml");
      const before = fs.readFileSync(file, "utf8");
      const r = run("pin-images", "--stack", "stale-image", "--stacks-dir", dir);
      assert.equal(r.status, 0, show(r));
      const after = fs.readFileSync(file, "utf8");
      const expected = before
        .replace(`imageId: ${RETIRED_ID}`, `imageId: ${idOf(REPLACEMENT_NAME)}`)
        .replace(
          "sourceName: Oracle-Linux-8.10-2025.11.20-0-OKE-1.34.2-1345",
          `sourceName: ${REPLACEMENT_NAME}`,
        );
      assert.notEqual(expected, before);
      assert.equal(after, expected);
      assert.match(after, /^# Stale-image scenario/);
      assert.match(after, /kubernetesVersion: v1\.34\.2/);
      const check = run("pin-images", "--stack", "stale-image", "--check", "--stacks-dir", dir);
      assert.equal(check.status, 0, show(check));
    });
  });
});
