import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  EMBEDDED_DEMO_MARKER,
  MissingCatalogError,
  SAMPLE_CATALOG_PATH,
  catalogRegions,
  isEmbeddedDemo,
  loadCatalog,
  regionCatalogPath,
  selectCatalog,
} from "../../offline/catalogFile";
import { previewStack } from "../../offline/preview";
import { readStackFile } from "../../offline/stackFile";

const ROOT = path.join(__dirname, "..", "..");
const STACKS = path.join(ROOT, "stacks");

/** A real stack: the demo's config without the demo marker, under another name. */
function realStack(name = "prod", edit: (text: string) => string = (t) => t): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "oke-select-"));
  const text = fs
    .readFileSync(path.join(STACKS, "Pulumi.demo.yaml"), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== EMBEDDED_DEMO_MARKER)
    .join("\n");
  fs.writeFileSync(path.join(dir, `Pulumi.${name}.yaml`), edit(text));
  return dir;
}

/** The sample's images re-homed to another region key (what a Frankfurt catalog looks like). */
function catalogOf(regionKey: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "oke-cat-")), "catalog.json");
  fs.writeFileSync(
    file,
    fs
      .readFileSync(SAMPLE_CATALOG_PATH, "utf8")
      .replace(/ocid1\.image\.oc1\.phx\./g, `ocid1.image.oc1.${regionKey}.`),
  );
  return file;
}

function run(script: string, ...args: string[]) {
  const r = spawnSync(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", `scripts/${script}.ts`, ...args],
    {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 90_000,
    },
  );
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    show: `exit ${r.status}\n${r.stdout}\n${r.stderr}`,
  };
}

describe("offline/catalogFile: which catalog judges a stack", function () {
  this.timeout(120_000);

  it("the embedded demo stacks are marked, and only they get the embedded sample", () => {
    for (const name of ["demo", "stale-image", "bluegreen", "lb-worker-ips"]) {
      const file = readStackFile(STACKS, name);
      assert.ok(isEmbeddedDemo(file), name);
      const c = selectCatalog(file);
      assert.equal(c.embedded, true);
      assert.match(c.label, /sample-catalog\.json \(embedded sample\)$/);
    }
    // A copy of the demo under another name is a real stack, even with the marker still in it.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "oke-copy-"));
    fs.copyFileSync(path.join(STACKS, "Pulumi.demo.yaml"), path.join(dir, "Pulumi.prod.yaml"));
    assert.equal(isEmbeddedDemo(readStackFile(dir, "prod")), false);
  });

  it("a real stack without its region's catalog: MissingCatalogError with the exact fetch command", () => {
    const dir = realStack();
    assert.throws(
      () =>
        selectCatalog(readStackFile(dir, "prod"), {
          catalogsDir: path.join(dir, "catalogs"),
          stacksDir: dir,
        }),
      (e: unknown) => {
        assert.ok(e instanceof MissingCatalogError);
        assert.ok(
          e.message.includes(
            `npm run fetch-catalog -- --stack prod --stacks-dir ${dir} --catalogs-dir ${path.join(dir, "catalogs")}`,
          ),
          e.message,
        );
        assert.match(e.message, /region us-phoenix-1/);
        return true;
      },
    );
  });

  it("a real stack without oci:region is told to set it", () => {
    const dir = realStack("prod", (t) => t.replace(/^ {2}oci:region: .*\n/m, ""));
    assert.throws(
      () => selectCatalog(readStackFile(dir, "prod")),
      /sets no oci:region[\s\S]*npm run fetch-catalog -- --stack prod/,
    );
  });

  it("the newest dated catalog of the stack's region is chosen from catalogs/<region>/", () => {
    const dir = realStack();
    const catalogs = path.join(dir, "catalogs");
    for (const day of ["2026-11-30", "2026-12-01"]) {
      const f = regionCatalogPath(catalogs, "us-phoenix-1", new Date(day));
      fs.mkdirSync(path.dirname(f), { recursive: true });
      fs.copyFileSync(SAMPLE_CATALOG_PATH, f);
    }
    const c = selectCatalog(readStackFile(dir, "prod"), { catalogsDir: catalogs });
    assert.equal(c.date, "2026-12-01");
    assert.equal(c.embedded, false);
    assert.match(c.label, /us-phoenix-1\/2026-12-01\.json \(us-phoenix-1, fetched 2026-12-01\)$/);
  });

  it("a catalog of another region is an error naming both regions, given or found", () => {
    const fra = catalogOf("fra");
    assert.deepEqual(catalogRegions(loadCatalog(fra).catalog), ["eu-frankfurt-1"]);
    const dir = realStack();
    assert.throws(
      () => selectCatalog(readStackFile(dir, "prod"), { catalogFile: fra }),
      /holds images of region eu-frankfurt-1 \(e\.g\. ocid1\.image\.oc1\.fra\.[\s\S]*is in region us-phoenix-1 \(oci:region\)/,
    );
    // The same for a demo stack: its region is its region.
    assert.throws(
      () => selectCatalog(readStackFile(STACKS, "demo"), { catalogFile: fra }),
      /eu-frankfurt-1[\s\S]*us-phoenix-1/,
    );
  });

  it("the embedded sample passed explicitly never judges a real stack", () => {
    const dir = realStack();
    assert.throws(
      () => selectCatalog(readStackFile(dir, "prod"), { catalogFile: SAMPLE_CATALOG_PATH }),
      /embedded sample catalog; it serves only the embedded demo stacks/,
    );
  });

  it("preview refuses before running anything", async () => {
    const dir = realStack();
    await assert.rejects(
      previewStack({ stack: "prod", stacksDir: dir, catalogsDir: path.join(dir, "catalogs") }),
      (e: unknown) => e instanceof MissingCatalogError,
    );
  });

  it("pin-images and plan-upgrade on a real stack without its catalog exit 2 printing the fetch command, and rewrite nothing", () => {
    const dir = realStack();
    const before = fs.readFileSync(path.join(dir, "Pulumi.prod.yaml"), "utf8");
    const pin = run("pin-images", "--stack", "prod", "--stacks-dir", dir);
    assert.equal(pin.status, 2, pin.show);
    assert.match(
      pin.stderr,
      new RegExp(
        `Fetch it: npm run fetch-catalog -- --stack prod --stacks-dir ${dir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`,
      ),
    );
    assert.equal(fs.readFileSync(path.join(dir, "Pulumi.prod.yaml"), "utf8"), before);
    const plan = run("plan-upgrade", "--stack", "prod", "--to", "v1.36", "--stacks-dir", dir);
    assert.equal(plan.status, 2, plan.show);
    assert.match(plan.stderr, /npm run fetch-catalog -- --stack prod/);
  });
});
