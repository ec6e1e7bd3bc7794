import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { reviewPins } from "../../core/pinUpdates";
import { planUpgrade } from "../../core/upgradePlan";
import { renderPinsMarkdown } from "../../offline/markdown/pins";
import { planMermaid, renderPlanMarkdown } from "../../offline/markdown/plan";
import { renderPreviewMarkdown } from "../../offline/markdown/preview";
import { previewStack } from "../../offline/preview";
import { readStackFile, stackPools } from "../../offline/stackFile";
import { SAMPLE, STACKS, kv, pool } from "../support/tooling";

const ROOT = path.join(__dirname, "..", "..");
const SNAPSHOTS = path.join(ROOT, "test/fixtures/offline/markdown");

/** Compares with the committed snapshot; UPDATE_SNAPSHOTS=1 rewrites it (review the diff). */
function snapshot(name: string, text: string): void {
  const file = path.join(SNAPSHOTS, name);
  if (process.env.UPDATE_SNAPSHOTS === "1") {
    fs.mkdirSync(SNAPSHOTS, { recursive: true });
    fs.writeFileSync(file, text);
  }
  assert.equal(
    text,
    fs.readFileSync(file, "utf8"),
    `${name} differs from its snapshot (UPDATE_SNAPSHOTS=1 to rewrite)`,
  );
}

/** Mermaid's own parser (test/support/mermaidParse.mjs, under jsdom). */
function parseMermaid(texts: string[]): { ok: boolean; diagramType?: string; error?: string }[] {
  const r = spawnSync(process.execPath, [path.join(ROOT, "test/support/mermaidParse.mjs")], {
    cwd: ROOT,
    input: JSON.stringify(texts),
    encoding: "utf8",
    timeout: 120_000,
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

describe("Markdown reports and the Mermaid upgrade plan", function () {
  this.timeout(180_000);
  const stale = readStackFile(STACKS, "stale-image");
  const label = "catalog/sample-catalog.json (embedded sample)";

  it("pin-images --format markdown of the stale-image stack (snapshot)", () => {
    const { controlPlane, pools } = stackPools(stale);
    const md = renderPinsMarkdown(
      "stale-image",
      path.relative(ROOT, stale.path),
      reviewPins(SAMPLE, pools, controlPlane),
      label,
      true,
      true,
      { stack: "stale-image", catalog: "embedded" },
    );
    snapshot("pins-stale-image.md", md);
    assert.match(md, /\| `legacy` \| v1\.34\.2 \| ❌ retired<br>/);
  });

  it("plan-upgrade --format markdown of the stale-image stack to v1.36 (snapshot), its Mermaid block parsed by mermaid", () => {
    const { controlPlane, pools } = stackPools(stale);
    const md = renderPlanMarkdown(
      "stale-image",
      planUpgrade(SAMPLE, { controlPlane, pools, target: kv("v1.36.0") }),
      label,
    );
    snapshot("plan-stale-image.md", md);
    const blocks = mermaidBlocks(md);
    assert.equal(blocks.length, 1);
    assert.deepEqual(parseMermaid(blocks), [{ ok: true, diagramType: "flowchart-v2" }]);
  });

  it("a multi-minor plan: control-plane steps with the pools that move at each, skew moves between them, IP-changing pools marked — parsed by mermaid, and a broken diagram is not", () => {
    const plan = planUpgrade(SAMPLE, {
      controlPlane: kv("v1.33.10"),
      pools: [
        pool("general", { sourceName: "Oracle-Linux-8.10-2026.10.20-1-OKE-1.33.10-1580" }),
        pool("legacy", {
          version: "v1.32.10",
          sourceName: "Oracle-Linux-8.10-2026.06.15-0-OKE-1.32.10-1505",
          mode: "INSTANCE_REPLACE",
        }),
        pool('quote"d|<pool>', {
          version: "v1.33.10",
          sourceName: "Oracle-Linux-8.10-2026.10.20-1-OKE-1.33.10-1580",
        }),
      ],
      target: kv("v1.36.0"),
    });
    const text = planMermaid(plan);
    const cp = plan.steps.filter((s) => s.kind === "control-plane");
    assert.equal(cp.length, 3);
    for (const s of cp)
      assert.ok(
        text.includes(`Control plane ${s.from} → ${s.to}<br/>moves with it: general → ${s.to}`),
        text,
      );
    assert.match(text, /class step\d+ newIps/);
    assert.ok(!text.includes('quote"d'), "labels escape quotes");
    const [good, bad] = parseMermaid([
      text,
      text.replace("flowchart TD", 'flowchart TD\n  broken[["x"] -->'),
    ]);
    assert.deepEqual(good, { ok: true, diagramType: "flowchart-v2" });
    assert.equal(bad.ok, false);
  });

  it("preview --format markdown of the stale-image stack (snapshot): verdict, catalog, pools, the violation with its fix", async () => {
    const result = await previewStack({ stack: "stale-image" });
    // Notes (e.g. a pack build older than its sources) depend on the checkout, not on the report.
    const md = renderPreviewMarkdown("stale-image", { ...result, notes: [] });
    snapshot("preview-stale-image.md", md);
    assert.match(md, /^### Offline preview of stack `stale-image`: ❌ 1 mandatory violation/);
  });
});
