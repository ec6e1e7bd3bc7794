import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ImageCatalog } from "../../core/catalog";
import { loadCatalog, regionCatalogFiles } from "../../offline/catalogFile";
import { fetchCatalog, toCliShape } from "../../offline/fetchCatalog";
import { apiKey, startOciStub } from "../support/ociStub";

const ROOT = path.join(__dirname, "..", "..");
const API_BODY = JSON.parse(
  fs.readFileSync(path.join(ROOT, "test/fixtures/offline/api-node-pool-options.json"), "utf8"),
);
const CLI_FIXTURE = JSON.parse(
  fs.readFileSync(path.join(ROOT, "test/fixtures/core/cli-node-pool-options.json"), "utf8"),
);
const TENANCY = "ocid1.tenancy.oc1..aaaaaaaastubtenancy";
const USER = "ocid1.user.oc1..aaaaaaaastubuser";
const KEY = apiKey();
const ENV = {
  OCI_CLI_USER: USER,
  OCI_CLI_TENANCY: TENANCY,
  OCI_CLI_FINGERPRINT: KEY.fingerprint,
  OCI_CLI_KEY_CONTENT: KEY.privateKey,
};
const KEY_ID = `${TENANCY}/${USER}/${KEY.fingerprint}`;

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "oke-fetch-"));
}

function runScript(args: string[], env: NodeJS.ProcessEnv) {
  const r = spawnSync(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", "scripts/fetch-catalog.ts", ...args],
    {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 90_000,
      env: { ...process.env, HOME: tempDir(), ...env },
    },
  );
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    show: `exit ${r.status}\n${r.stdout}\n${r.stderr}`,
  };
}

describe("fetch-catalog: the OCI SDK against a local Container Engine stub", function () {
  this.timeout(120_000);

  it("GETs /nodePoolOptions/all once, signed with the API key from the environment, and returns the CLI's kebab-case shape", async () => {
    const stub = await startOciStub([{ status: 200, body: API_BODY }], KEY_ID);
    try {
      const got = await fetchCatalog({
        region: "us-phoenix-1",
        auth: "api_key",
        endpoint: stub.url,
        env: ENV,
      });
      assert.equal(stub.requests.length, 1);
      assert.equal(stub.requests[0].method, "GET");
      assert.equal(stub.requests[0].url, "/20180222/nodePoolOptions/all");
      assert.equal(got.requestId, "stub-1");
      assert.deepEqual(Object.keys(got.document.data), [
        "images",
        "kubernetes-versions",
        "shapes",
        "sources",
      ]);
      assert.deepEqual(Object.keys((got.document.data.sources as object[])[0]), [
        "image-id",
        "source-name",
        "source-type",
      ]);
      assert.equal(got.catalog.size, 4);
      // The same reader the tools use sees the same catalog as the API's camelCase body.
      const direct = ImageCatalog.parse(API_BODY);
      assert.deepEqual(got.catalog.toSources(), direct.toSources());
    } finally {
      await stub.close();
    }
  });

  it("the conversion matches the CLI's own output key for key (the committed CLI fixture round-trips)", () => {
    const camel = (k: string) => k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const toApi = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(toApi)
        : typeof v === "object" && v !== null
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [camel(k), toApi(x)]))
          : v;
    assert.deepEqual({ data: toCliShape(toApi(CLI_FIXTURE.data)) }, CLI_FIXTURE);
  });

  it("paging: GetNodePoolOptions does not page — the SDK sends no page parameter and ignores opc-next-page, so one answer is the catalog", async () => {
    const first = { ...API_BODY, sources: API_BODY.sources.slice(0, 2) };
    const second = { ...API_BODY, sources: API_BODY.sources.slice(2) };
    const stub = await startOciStub(
      [
        { status: 200, body: first, headers: { "opc-next-page": "page-2" } },
        { status: 200, body: second },
      ],
      KEY_ID,
    );
    try {
      const got = await fetchCatalog({
        region: "us-phoenix-1",
        auth: "api_key",
        endpoint: stub.url,
        env: ENV,
      });
      assert.equal(stub.requests.length, 1, "one request, no follow-up page");
      assert.ok(!stub.requests[0].url.includes("page"), stub.requests[0].url);
      assert.equal(got.catalog.size, 2);
    } finally {
      await stub.close();
    }
  });

  it("an auth error (401 NotAuthenticated) is one attempt and a message naming the credentials to check", async () => {
    const stub = await startOciStub([
      { status: 401, body: { code: "NotAuthenticated", message: "bad key" } },
    ]);
    try {
      await assert.rejects(
        fetchCatalog({ region: "us-phoenix-1", auth: "api_key", endpoint: stub.url, env: ENV }),
        (e: Error) => {
          assert.match(e.message, /refused the credentials \(401 NotAuthenticated: bad key\)/);
          assert.match(e.message, /OCI_CLI_\* environment variables/);
          assert.match(e.message, /opc-request-id stub-1/);
          return true;
        },
      );
      assert.equal(stub.requests.length, 1);
    } finally {
      await stub.close();
    }
  });

  it("a catalog answered with another region's OCIDs is refused, naming both regions", async () => {
    const stub = await startOciStub([{ status: 200, body: API_BODY }], KEY_ID);
    try {
      await assert.rejects(
        fetchCatalog({ region: "eu-frankfurt-1", auth: "api_key", endpoint: stub.url, env: ENV }),
        /holds images of region us-phoenix-1 .*is in region eu-frankfurt-1/,
      );
    } finally {
      await stub.close();
    }
  });

  it("the config file and profile are read as the CLI reads them (~/.oci/config layout)", async () => {
    const dir = tempDir();
    const keyFile = path.join(dir, "key.pem");
    fs.writeFileSync(keyFile, KEY.privateKey);
    const config = path.join(dir, "config");
    fs.writeFileSync(
      config,
      `[DEFAULT]\nuser=ocid1.user.oc1..other\nfingerprint=00:00\ntenancy=${TENANCY}\nregion=us-phoenix-1\nkey_file=${keyFile}\n\n[CI]\nuser=${USER}\nfingerprint=${KEY.fingerprint}\ntenancy=${TENANCY}\nregion=us-phoenix-1\nkey_file=${keyFile}\n`,
    );
    const stub = await startOciStub([{ status: 200, body: API_BODY }], KEY_ID);
    try {
      const got = await fetchCatalog({
        region: "us-phoenix-1",
        auth: "api_key",
        endpoint: stub.url,
        env: {},
        configFile: config,
        profile: "CI",
      });
      assert.equal(got.authDescription, `API key from ${config} [CI]`);
      assert.equal(got.catalog.size, 4);
    } finally {
      await stub.close();
    }
  });

  it("as a command: --stack writes catalogs/<region>/<date>.json with a progress line, and the tools read it; a 401 exits 2 and writes nothing", async () => {
    const catalogs = tempDir();
    const stale = path.join(catalogs, "us-phoenix-1", "2026-01-01.json");
    fs.mkdirSync(path.dirname(stale), { recursive: true });
    fs.writeFileSync(stale, "{}");
    const stub = await startOciStub([{ status: 200, body: API_BODY }], KEY_ID);
    let r;
    try {
      // The stub answers in the child's event loop; spawnSync would block ours, so run async.
      r = await new Promise<{ status: number | null; stdout: string; stderr: string }>(
        (resolve) => {
          const { spawn } = require("child_process") as typeof import("child_process");
          const c = spawn(
            process.execPath,
            [
              "-r",
              "ts-node/register/transpile-only",
              "scripts/fetch-catalog.ts",
              "--stack",
              "demo",
              "--endpoint",
              stub.url,
              "--catalogs-dir",
              catalogs,
            ],
            { cwd: ROOT, env: { ...process.env, HOME: tempDir(), ...ENV } },
          );
          let stdout = "";
          let stderr = "";
          c.stdout.on("data", (d) => (stdout += d));
          c.stderr.on("data", (d) => (stderr += d));
          c.on("close", (status) => resolve({ status, stdout, stderr }));
        },
      );
    } finally {
      await stub.close();
    }
    const show = `exit ${r.status}\n${r.stdout}\n${r.stderr}`;
    assert.equal(r.status, 0, show);
    assert.match(
      r.stderr,
      /Fetching the catalog of current worker images for us-phoenix-1: GET http:\/\/127\.0\.0\.1:\d+\/20180222\/nodePoolOptions\/all \(API key from OCI_CLI_\* environment variables\)/,
    );
    const files = regionCatalogFiles(catalogs, "us-phoenix-1");
    assert.equal(files.length, 1, "the older dated catalog is removed");
    assert.match(path.basename(files[0]), /^\d{4}-\d{2}-\d{2}\.json$/);
    assert.match(
      r.stdout,
      /Wrote .*: 4 images, Kubernetes v1\.33\.10–v1\.35\.2, region us-phoenix-1/,
    );
    assert.equal(loadCatalog(files[0]).catalog.size, 4);
    assert.ok(fs.readFileSync(files[0], "utf8").startsWith('{\n  "data": {\n    "images"'));

    const denied = runScript(
      [
        "--region",
        "us-phoenix-1",
        "--endpoint",
        "http://127.0.0.1:9",
        "--catalogs-dir",
        catalogs,
        "--out",
        path.join(catalogs, "x.json"),
      ],
      { ...ENV, OCI_CLI_FINGERPRINT: "" },
    );
    assert.equal(denied.status, 2, denied.show);
    assert.match(denied.stderr, /OCI_CLI_FINGERPRINT is not set/);
    assert.ok(!fs.existsSync(path.join(catalogs, "x.json")));
  });

  it("usage: neither --stack nor --region, an unknown region, or both disagreeing exit 2", () => {
    const none = runScript([], {});
    assert.equal(none.status, 2, none.show);
    assert.match(none.stderr, /give --stack <name> or --region <region>/);
    const bad = runScript(["--region", "phoenix"], {});
    assert.equal(bad.status, 2, bad.show);
    assert.match(bad.stderr, /not an OCI region id/);
    const both = runScript(["--stack", "demo", "--region", "eu-frankfurt-1"], {});
    assert.equal(both.status, 2, both.show);
    assert.match(both.stderr, /contradicts stack "demo"'s oci:region us-phoenix-1/);
  });
});
