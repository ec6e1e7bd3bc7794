import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError } from "../../core/configError";
import { ToolError } from "../../offline/cli";
import { previewStack } from "../../offline/preview";
import { main as pinImages } from "../../scripts/pin-images";
import { STACKS } from "../support/tooling";

const FIXTURES = path.join(__dirname, "..", "fixtures", "offline");

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "oke-preview-"));
}

describe("offline preview: inputs it reports instead of ignoring (issue 13)", function () {
  this.timeout(180_000);

  it("an unknown policy name in --policy-config is refused with 'did you mean'", async () => {
    const cfg = path.join(tempDir(), "policy.json");
    fs.writeFileSync(cfg, JSON.stringify({ "node-pool-image-not-retird": "mandatory" }));
    await assert.rejects(
      previewStack({ stack: "demo", policyConfigFile: cfg }),
      (e: unknown) =>
        e instanceof ToolError &&
        /"node-pool-image-not-retird" is not a policy of the pack \(did you mean "node-pool-image-not-retired"\?\)/.test(
          e.message,
        ),
    );
  });

  it("the version-mismatch error of the preview prints a pin-images command that fixes the stack as printed", async () => {
    const dir = tempDir();
    fs.copyFileSync(
      path.join(FIXTURES, "Pulumi.version-mismatch.yaml"),
      path.join(dir, "Pulumi.version-mismatch.yaml"),
    );
    let message = "";
    const catalogFile = path.join(dir, "catalog.json");
    fs.copyFileSync(
      path.join(__dirname, "..", "..", "catalog", "sample-catalog.json"),
      catalogFile,
    );
    await previewStack({ stack: "version-mismatch", stacksDir: dir, catalogFile }).catch(
      (e: unknown) => {
        assert.ok(e instanceof ConfigError, String(e));
        message = e.message;
      },
    );
    const m = /`npm run pin-images -- ([^`]+)`/.exec(message);
    assert.ok(m, message);
    assert.deepEqual(m[1].split(" "), [
      "--stack",
      "version-mismatch",
      "--catalog",
      catalogFile,
      "--stacks-dir",
      dir,
    ]);
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = (() => true) as typeof process.stdout.write;
    try {
      assert.equal(await pinImages(m[1].split(" ")), 0);
    } finally {
      process.stdout.write = write;
    }
    const r = await previewStack({ stack: "version-mismatch", stacksDir: dir, catalogFile });
    assert.equal(r.exitCode, 0, r.text);
  });

  it("the demo stack still previews clean", async () => {
    assert.ok(fs.existsSync(path.join(STACKS, "Pulumi.demo.yaml")));
    const r = await previewStack({ stack: "demo" });
    assert.equal(r.exitCode, 0, r.text);
  });
});
