import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { ConfigError } from "../../core/configError";
import { CatalogFileError, loadCatalog } from "../../offline/catalogFile";
import {
  StackFileError,
  getConfigValue,
  pulumiConfig,
  readStackFile,
  setConfigValue,
  stackPools,
  validateStackFile,
  writeStackFile,
  yamlPath,
} from "../../offline/stackFile";
import { STACKS, tempStacks, writeTemp } from "../support/tooling";

describe("offline/stackFile and offline/catalogFile", () => {
  it("turns config key paths into YAML paths", () => {
    assert.deepEqual(yamlPath("oke-pools:nodePools[1].image.imageId"), [
      "config",
      "oke-pools:nodePools",
      1,
      "image",
      "imageId",
    ]);
    assert.deepEqual(yamlPath("oke-pools:blueGreenPools[0].green.image.sourceName"), [
      "config",
      "oke-pools:blueGreenPools",
      0,
      "green",
      "image",
      "sourceName",
    ]);
    assert.deepEqual(yamlPath("oke-pools:kubernetesVersion"), [
      "config",
      "oke-pools:kubernetesVersion",
    ]);
  });

  it("edits a value in place, keeping comments (also on the edited line), order and the rest of the file", () => {
    const dir = tempStacks("demo");
    const p = path.join(dir, "Pulumi.demo.yaml");
    const original = fs
      .readFileSync(p, "utf8")
      .replace(
        "imageId: ocid1.image.oc1.phx.aaaaaaaaejbgchcccecibcadjehbeegjhhgagdbbdbicdeeacfceidfbafee",
        "imageId: ocid1.image.oc1.phx.aaaaaaaaejbgchcccecibcadjehbeegjhhgagdbbdbicdeeacfceidfbafee # pinned 2026-10",
      );
    fs.writeFileSync(p, original);
    const file = readStackFile(dir, "demo");
    setConfigValue(file, "oke-pools:nodePools[0].image.imageId", "ocid1.image.oc1.phx.aaaaaaaanew");
    setConfigValue(file, "oke-pools:nodePools[1].labels.added", "yes");
    writeStackFile(file);
    const text = fs.readFileSync(p, "utf8");
    assert.equal(
      text,
      original
        .replace(
          "aaaaaaaaejbgchcccecibcadjehbeegjhhgagdbbdbicdeeacfceidfbafee # pinned",
          "aaaaaaaanew # pinned",
        )
        .replace(
          "        workload-class: batch\n",
          "        workload-class: batch\n        added: yes\n",
        ),
    );
    assert.equal(
      getConfigValue(readStackFile(dir, "demo"), "oke-pools:nodePools[0].image.imageId"),
      "ocid1.image.oc1.phx.aaaaaaaanew",
    );
  });

  it("hands config to the program as Pulumi does: strings as written, structures as JSON, secure values left out", () => {
    const { values, skipped } = pulumiConfig({
      "oke-pools:clusterName": "demo",
      "oke-pools:nodePools": [{ name: "a" }],
      "oke-pools:size": 3,
      "oke-pools:token": { secure: "v1:abc" },
    });
    assert.deepEqual(values, {
      "oke-pools:clusterName": "demo",
      "oke-pools:nodePools": '[{"name":"a"}]',
      "oke-pools:size": "3",
    });
    assert.deepEqual(skipped, ["oke-pools:token"]);
  });

  it("lists every pool, blue/green colours included, with the key path of its settings", () => {
    const demo = stackPools(readStackFile(STACKS, "demo"));
    assert.deepEqual(
      demo.pools.map((p) => [p.name, p.keyPath, p.explicitVersion, p.cycleMode]),
      [
        ["general", "oke-pools:nodePools[0]", undefined, "BOOT_VOLUME_REPLACE"],
        ["arm", "oke-pools:nodePools[1]", undefined, "INSTANCE_REPLACE"],
      ],
    );
    const stale = stackPools(readStackFile(STACKS, "stale-image"));
    assert.deepEqual(stale.pools.find((p) => p.name === "legacy")?.explicitVersion, {
      major: 1,
      minor: 34,
      patch: 2,
    });
  });

  describe("bad input", () => {
    it("an unknown stack names the file looked for and the stacks there", () => {
      assert.throws(
        () => readStackFile(STACKS, "nope"),
        (e: unknown) =>
          e instanceof StackFileError &&
          /unknown stack "nope".*Pulumi\.nope\.yaml.*demo.*stale-image/.test(e.message),
      );
    });
    it("a stack file that is not YAML names the file", () => {
      const dir = path.dirname(writeTemp("Pulumi.broken.yaml", "config:\n  a: [unclosed\n"));
      assert.throws(
        () => readStackFile(dir, "broken"),
        (e: unknown) =>
          e instanceof StackFileError && /Pulumi\.broken\.yaml: not valid YAML/.test(e.message),
      );
    });
    it("a worker-IP backend naming a pool that does not exist", () => {
      const dir = tempStacks("lb-worker-ips");
      const file = readStackFile(dir, "lb-worker-ips");
      setConfigValue(file, "oke-pools:workerIpBackends[0].pool", "missing");
      writeStackFile(file);
      assert.throws(
        () => validateStackFile(readStackFile(dir, "lb-worker-ips")),
        (e: unknown) =>
          e instanceof ConfigError &&
          e.problems.some((p) =>
            /^oke-pools:workerIpBackends\[0\]\.pool: "missing" — is not a pool of this stack; expected one of web$/.test(
              p,
            ),
          ),
      );
    });
    it("an unreadable catalog names the file", () => {
      assert.throws(
        () => loadCatalog("/nonexistent/catalog.json"),
        (e: unknown) =>
          e instanceof CatalogFileError &&
          /catalog file \/nonexistent\/catalog\.json: cannot read it \(no such file\)/.test(
            e.message,
          ),
      );
    });
    it("a catalog that is not JSON, or has a bad entry, names the file and the key", () => {
      const notJson = writeTemp("catalog.json", "{ not json");
      assert.throws(
        () => loadCatalog(notJson),
        (e: unknown) =>
          e instanceof CatalogFileError &&
          e.message.includes(notJson) &&
          /not JSON/.test(e.message),
      );
      const badKey = writeTemp(
        "catalog.json",
        JSON.stringify({
          data: {
            sources: [
              {
                "image-id": "ocid1.image.oc1.phx.aaaaaaaaok",
                "source-name": "Oracle-Linux-8.10-2026.10.20-1-OKE-1.35.2-1580",
              },
              { "image-id": 42 },
            ],
          },
        }),
      );
      assert.throws(
        () => loadCatalog(badKey),
        (e: unknown) =>
          e instanceof CatalogFileError &&
          e.message.includes(badKey) &&
          /data\.sources\[1\]\.image-id: is number 42/.test(e.message),
      );
    });
  });
});
