import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ImageCatalog } from "../../core/catalog";
import { SAMPLE_CATALOG_PATH, loadCatalog, regionCatalogPath } from "../../offline/catalogFile";
import { auditState, stateRegions } from "../../offline/audit";
import { recordProgram } from "../../offline/recorder";
import { pulumiConfig, readStackFile } from "../../offline/stackFile";
import { parseState } from "../../offline/state/exportFile";
import { renderAudit, renderAuditMarkdown } from "../../scripts/audit";
import { exportFromRecording } from "../support/stateExport";

const ROOT = path.join(__dirname, "..", "..");
const SAMPLE = loadCatalog().catalog;
/** The image stale-image's legacy pool was deployed with; Oracle has retired it since. */
const RETIRED = {
  imageId: "ocid1.image.oc1.phx.aaaaaaaaccdjfgdehaggbffggdceadbebbafbcbgccibgjaeicdjbhdejjbi",
  sourceName: "Oracle-Linux-8.10-2025.11.20-0-OKE-1.34.2-1345",
  sourceType: "IMAGE",
};
const REPLACEMENT = "Oracle-Linux-8.10-2026.10.20-1-OKE-1.34.2-1580";

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "oke-audit-"));
}

/** A region catalog dir holding `catalog` as today's us-phoenix-1 catalog. */
function catalogsWith(catalog: ImageCatalog): string {
  const dir = tmp();
  const f = regionCatalogPath(dir, "us-phoenix-1", new Date("2026-12-02"));
  fs.mkdirSync(path.dirname(f), { recursive: true });
  const data = {
    "kubernetes-versions": catalog
      .kubernetesVersions()
      .map((v) => `v${v.major}.${v.minor}.${v.patch}`),
    sources: catalog.toSources().map((s) => ({
      "image-id": s.imageId,
      "source-name": s.sourceName,
      "source-type": s.sourceType,
    })),
  };
  fs.writeFileSync(f, JSON.stringify({ data }, null, 2));
  return dir;
}

describe("audit: the policy pack on a deployed state against today's catalog (no program run)", function () {
  this.timeout(240_000);
  let stateFile: string;

  before(async () => {
    // Deployed when the legacy pool's pin was still current: the program ran against a catalog
    // that listed it, and the ImageCatalog components published that catalog into the state.
    const atDeploy = SAMPLE.merge(ImageCatalog.fromSources([RETIRED]));
    const file = readStackFile(path.join(ROOT, "stacks"), "stale-image");
    const recording = await recordProgram({
      stack: "stale-image",
      config: pulumiConfig(file.config).values,
      catalog: atDeploy,
      preview: false,
    });
    stateFile = path.join(tmp(), "stale-image.json");
    // As the CLI writes it: 4-space indent.
    fs.writeFileSync(stateFile, JSON.stringify(exportFromRecording(recording), null, 4));
    const state = parseState(JSON.parse(fs.readFileSync(stateFile, "utf8")), stateFile);
    const published = [...state.resources.values()].filter(
      (r) => r.type === "okepools:index:ImageCatalog",
    );
    assert.ok(
      published.some((r) => JSON.stringify(r.outputs.sources).includes(RETIRED.imageId)),
      "the state's published catalog still lists the deployed pin",
    );
    assert.deepEqual(stateRegions(state), ["us-phoenix-1"]);
  });

  it("a pin that left the catalog since the deploy fails (exit 1) on that pool, naming the replacement — the stale published catalog does not vouch for it", async () => {
    const r = await auditState({ stateFile, catalogsDir: catalogsWith(SAMPLE) });
    assert.equal(r.exitCode, 1);
    const retired = r.diagnostics.filter(
      (d) => d.policyName === "node-pool-image-not-retired" && d.enforcementLevel === "mandatory",
    );
    assert.ok(retired.length >= 1, JSON.stringify(r.diagnostics, null, 1));
    assert.ok(
      retired.every((d) => d.urn.endsWith("::legacy")),
      retired.map((d) => d.urn).join("\n"),
    );
    assert.ok(retired.some((d) => d.message.includes(REPLACEMENT)));
    assert.match(
      r.catalog.label,
      /us-phoenix-1\/2026-12-02\.json \(us-phoenix-1, fetched 2026-12-02\)/,
    );
    const text = renderAudit(r);
    assert.match(text, /Audit FAILED: \d+ mandatory policy violation/);
    assert.match(text, /node pools: legacy, general/);
    assert.match(
      renderAuditMarkdown(r),
      /^### Audit of deployed stack `oke-pools\/stale-image`: ❌/,
    );
  });

  it("the same state against the catalog it was deployed with passes (exit 0)", async () => {
    const r = await auditState({
      stateFile,
      catalogsDir: catalogsWith(SAMPLE.merge(ImageCatalog.fromSources([RETIRED]))),
    });
    assert.equal(
      r.exitCode,
      0,
      r.diagnostics
        .filter((d) => d.enforcementLevel === "mandatory")
        .map((d) => d.message)
        .join("\n"),
    );
  });

  it("as a command: exit 1 on the stale state; exit 2 without a catalog (printing the fetch command), with the embedded sample, or for a file that is not an export", () => {
    const run = (...args: string[]) => {
      const r = spawnSync(
        process.execPath,
        ["-r", "ts-node/register/transpile-only", "scripts/audit.ts", ...args],
        {
          cwd: ROOT,
          encoding: "utf8",
          timeout: 180_000,
        },
      );
      return { ...r, show: `exit ${r.status}\n${r.stdout}\n${r.stderr}` };
    };
    const failed = run("--state", stateFile, "--catalogs-dir", catalogsWith(SAMPLE));
    assert.equal(failed.status, 1, failed.show);
    assert.match(
      failed.stdout,
      /\[mandatory\]\s+node-pool-image-not-retired\s+\(oci:ContainerEngine\/nodePool:NodePool: legacy\)/,
    );
    const empty = tmp();
    const none = run("--state", stateFile, "--catalogs-dir", empty);
    assert.equal(none.status, 2, none.show);
    assert.ok(
      none.stderr.includes(
        `Fetch it: npm run fetch-catalog -- --region us-phoenix-1 --catalogs-dir ${empty}`,
      ),
      none.stderr,
    );
    const sample = run("--state", stateFile, "--catalog", SAMPLE_CATALOG_PATH);
    assert.equal(sample.status, 2, sample.show);
    assert.match(sample.stderr, /embedded sample catalog/);
    const notState = run("--state", SAMPLE_CATALOG_PATH, "--catalogs-dir", catalogsWith(SAMPLE));
    assert.equal(notState.status, 2, notState.show);
    assert.match(notState.stderr, /version: undefined is not 3 or 4/);
  });
});
