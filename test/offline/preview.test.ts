import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError } from "../../core/configError";
import { CatalogFileError } from "../../offline/catalogFile";
import { ToolError } from "../../offline/cli";
import { ensurePackBuilt, previewStack } from "../../offline/preview";
import {
  StackFileError,
  readStackFile,
  setConfigValue,
  writeStackFile,
} from "../../offline/stackFile";
import { REPLACEMENT_NAME, tempStacks, writeTemp } from "../support/tooling";

describe("offline/preview: the program and the policy pack, as pulumi preview --policy-pack runs them", function () {
  this.timeout(120_000);

  it("demo: every pool healthy, no violation, exit 0; the tree shows version, image, size and cycling mode", async () => {
    const r = await previewStack({ stack: "demo" });
    assert.equal(r.exitCode, 0, r.text);
    assert.deepEqual(
      r.diagnostics.filter((d) => d.enforcementLevel === "mandatory"),
      [],
    );
    assert.match(
      r.text,
      /└─ oci:ContainerEngine\/nodePool:NodePool\s+general\s+create\s+v1\.35\.2 · image Oracle-Linux-8\.10-2026\.10\.20-1-OKE-1\.35\.2-1580 · size 3 · BOOT_VOLUME_REPLACE/,
    );
    assert.match(
      r.text,
      /nodePool:NodePool\s+arm\s+create\s+v1\.35\.2 · image Oracle-Linux-8\.10-aarch64-.* · size 2 · INSTANCE_REPLACE/,
    );
    assert.match(r.text, /Preview passed/);
  });

  it("stale-image: fails with node-pool-image-not-retired on the legacy pool, naming the replacement", async () => {
    const r = await previewStack({ stack: "stale-image" });
    assert.equal(r.exitCode, 1);
    const retired = r.diagnostics.filter((d) => d.policyName === "node-pool-image-not-retired");
    assert.equal(retired.length, 1, JSON.stringify(r.diagnostics, null, 1));
    assert.equal(retired[0].enforcementLevel, "mandatory");
    assert.equal(
      retired[0].urn,
      "urn:pulumi:stale-image::oke-pools::okepools:index:OkeNodePool$oci:ContainerEngine/nodePool:NodePool::legacy",
    );
    assert.ok(retired[0].message.includes(REPLACEMENT_NAME), retired[0].message);
    // Grouped under the pack, as pulumi preview prints it.
    assert.match(
      r.text,
      /Policies:\n\s+❌ oke-upgrade-guard@v[\d.]+\n\s+- \[mandatory\]\s+node-pool-image-not-retired\s+\(oci:ContainerEngine\/nodePool:NodePool: legacy\)/,
    );
    assert.match(r.text, /Preview FAILED: 1 mandatory policy violation/);
  });

  it("lb-worker-ips: worker-ip-dependency on every backend; mandatory through --policy-config it fails the preview", async () => {
    const config = writeTemp(
      "policy-config.json",
      JSON.stringify({ "worker-ip-dependency": "mandatory" }),
    );
    const r = await previewStack({ stack: "lb-worker-ips", policyConfigFile: config });
    assert.equal(r.exitCode, 1);
    const found = r.diagnostics.filter((d) => d.policyName === "worker-ip-dependency");
    assert.deepEqual(
      found.map((d) => [d.enforcementLevel, d.urn]),
      [0, 1].map((i) => [
        "mandatory",
        `urn:pulumi:lb-worker-ips::oke-pools::oci:LoadBalancer/backend:Backend::web-web-http-30080-node${i}`,
      ]),
    );
    assert.match(found[0].message, /INSTANCE_REPLACE/);
  });

  it("--catalog: answers the invokes from the given OCI CLI output (an image missing from it is retired)", async () => {
    const doc = JSON.parse(
      fs.readFileSync(path.join(__dirname, "..", "..", "catalog", "sample-catalog.json"), "utf8"),
    ) as { data: { sources: { "source-name": string }[] } };
    doc.data.sources = doc.data.sources.filter(
      (s) => s["source-name"] !== "Oracle-Linux-8.10-aarch64-2026.10.20-1-OKE-1.35.2-1580",
    );
    const file = writeTemp("catalog.json", JSON.stringify(doc));
    const r = await previewStack({ stack: "demo", catalogFile: file });
    assert.equal(r.exitCode, 1);
    assert.deepEqual(
      r.diagnostics.filter((d) => d.policyName === "node-pool-image-not-retired").map((d) => d.urn),
      [
        "urn:pulumi:demo::oke-pools::okepools:index:OkeNodePool$oci:ContainerEngine/nodePool:NodePool::arm",
      ],
    );
    assert.ok(r.text.includes(file));
  });

  it("bluegreen (mid-cutover): nested components preview cleanly", async () => {
    const r = await previewStack({ stack: "bluegreen" });
    assert.equal(r.exitCode, 0, r.text);
    assert.match(r.text, /okepools:index:BlueGreenNodePool\s+web/);
    assert.match(
      r.text,
      /│\s+└─ oci:ContainerEngine\/nodePool:NodePool\s+web-blue\s+create\s+v1\.34\.2 .* size 0/,
    );
  });

  describe("bad input fails before anything runs", () => {
    it("an unknown stack", async () => {
      await assert.rejects(
        previewStack({ stack: "nope" }),
        (e: unknown) => e instanceof StackFileError && /unknown stack "nope"/.test(e.message),
      );
    });
    it("a malformed catalog: the file and the key", async () => {
      const file = writeTemp(
        "catalog.json",
        JSON.stringify({ data: { "kubernetes-versions": [], sources: {} } }),
      );
      await assert.rejects(
        previewStack({ stack: "demo", catalogFile: file }),
        (e: unknown) =>
          e instanceof CatalogFileError &&
          e.message.includes(file) &&
          /data\.sources: is object/.test(e.message),
      );
    });
    it("an invalid stack config: every offending key", async () => {
      const dir = tempStacks("demo");
      const f = readStackFile(dir, "demo");
      setConfigValue(f, "oke-pools:kubernetesVersion", "v1.35");
      setConfigValue(f, "oke-pools:nodePools[1].cycling.mode", "REPLACE_EVERYTHING");
      writeStackFile(f);
      await assert.rejects(previewStack({ stack: "demo", stacksDir: dir }), (e: unknown) => {
        assert.ok(e instanceof ConfigError, String(e));
        assert.ok(
          e.problems.some((p) =>
            p.startsWith('oke-pools:kubernetesVersion: "v1.35" — expected a Kubernetes version'),
          ),
          e.message,
        );
        assert.ok(
          e.problems.some((p) =>
            p.startsWith('oke-pools:nodePools[1].cycling.mode: "REPLACE_EVERYTHING"'),
          ),
          e.message,
        );
        return true;
      });
    });
    it("a policy config that is not JSON or names a bad level", async () => {
      const notJson = writeTemp("pc.json", "{");
      await assert.rejects(
        previewStack({ stack: "demo", policyConfigFile: notJson }),
        (e: unknown) =>
          e instanceof ToolError && e.message.includes(notJson) && /not JSON/.test(e.message),
      );
      const badLevel = writeTemp(
        "pc.json",
        JSON.stringify({ "node-pool-image-not-retired": "fatal" }),
      );
      await assert.rejects(
        previewStack({ stack: "demo", policyConfigFile: badLevel }),
        (e: unknown) =>
          e instanceof ToolError &&
          /node-pool-image-not-retired: "fatal" is not a valid enforcement level/.test(e.message),
      );
    });
    it("a policy pack that is not built and cannot be", () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "oke-pack-"));
      fs.writeFileSync(
        path.join(dir, "package.json"),
        JSON.stringify({ name: "p", version: "0.0.1", main: "bin/index.js" }),
      );
      assert.throws(
        () => ensurePackBuilt(dir),
        (e: unknown) =>
          e instanceof ToolError &&
          /bin\/index\.js does not exist and there is no tsconfig\.json/.test(e.message),
      );
    });
  });
});
