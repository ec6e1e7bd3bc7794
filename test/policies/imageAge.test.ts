import * as assert from "assert";
import { ImageCatalog } from "../../core/catalog";
import { imageAgeConfig, imageAgeRule } from "../../policies/imageAge";
import { clockFromEnv } from "../../policies/lib/clock";
import {
  CURRENT_X86_1342,
  REPLACEMENT_NAME,
  RETIRED_ID,
  RETIRED_NAME,
  SAMPLE_CATALOG,
  U,
  nodePool,
  plain,
} from "../fixtures/policies/stack";

const catalog = ImageCatalog.parse(SAMPLE_CATALOG);
const cfg = (raw: Record<string, unknown> = {}) => imageAgeConfig(raw).config;
const at = (iso: string) => new Date(iso);

describe("node-pool-image-age", () => {
  it("passes images younger than maxImageAgeDays (default 90)", () => {
    // Oracle-Linux-8.10-2026.10.20-1-…: 32 days before 2026-11-21
    assert.deepStrictEqual(
      imageAgeRule(
        [plain(nodePool("p", { imageId: CURRENT_X86_1342 }))],
        cfg(),
        catalog,
        at("2026-11-21T00:00:00Z"),
      ),
      [],
    );
  });

  it("flags an older image with its build date, age and a newer image to move to", () => {
    const pool = nodePool("old", { imageId: RETIRED_ID, tagName: RETIRED_NAME });
    const [f] = imageAgeRule([plain(pool)], cfg(), catalog, at("2026-11-21T00:00:00Z"));
    assert.strictEqual(f.urn, pool.urn);
    for (const part of ["2025-11-20", "366 days", "90 allowed", REPLACEMENT_NAME])
      assert.ok(f.message.includes(part), f.message);
  });

  it("honours maxImageAgeDays and the injected clock", () => {
    const pools = [plain(nodePool("p", { imageId: CURRENT_X86_1342 }))];
    assert.strictEqual(
      imageAgeRule(pools, cfg({ maxImageAgeDays: 30 }), catalog, at("2026-11-21T00:00:00Z")).length,
      1,
    );
    assert.strictEqual(
      imageAgeRule(pools, cfg({ maxImageAgeDays: 30 }), catalog, at("2026-11-01T00:00:00Z")).length,
      0,
    );
    assert.deepStrictEqual(imageAgeRule(pools, cfg(), catalog, new Date(Number.NaN)), []);
  });

  it("skips images it cannot name or that are unknown", () => {
    assert.deepStrictEqual(
      imageAgeRule(
        [nodePool("a", { imageId: "ocid1.image.unnamed" }), nodePool("b", { imageId: U })].map(
          plain,
        ),
        cfg(),
        catalog,
        at("2030-01-01T00:00:00Z"),
      ),
      [],
    );
  });

  it("reads OKEPOOLS_NOW once for tests, else uses the real clock", () => {
    assert.strictEqual(
      clockFromEnv({ OKEPOOLS_NOW: "2026-01-02T00:00:00Z" })().toISOString(),
      "2026-01-02T00:00:00.000Z",
    );
    const before = Date.now();
    const real = clockFromEnv({ OKEPOOLS_NOW: "not a date" })().getTime();
    assert.ok(real >= before);
  });

  it("falls back to the default for a bad maxImageAgeDays, naming the key", () => {
    const { config, problems } = imageAgeConfig({ maxImageAgeDays: 0 });
    assert.strictEqual(config.maxImageAgeDays, 90);
    assert.deepStrictEqual(
      problems.map((p) => p.key),
      ["maxImageAgeDays"],
    );
  });
});
