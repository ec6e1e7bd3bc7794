import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { pinsNeedAttention, reviewPins } from "../../core/pinUpdates";
import { readStackFile, setConfigValue, stackPools, writeStackFile } from "../../offline/stackFile";
import { applyPins } from "../../scripts/pin-images";
import {
  REPLACEMENT_NAME,
  RETIRED_ID,
  RETIRED_NAME,
  SAMPLE,
  idOf,
  kv,
  pool,
  tempStacks,
} from "../support/tooling";

const CP = kv("v1.35.2");

describe("core/pinUpdates", () => {
  it("replaces a retired pin with the newest current image for the pool's own version, OS and arch", () => {
    const legacy = pool("legacy", {
      version: "v1.34.2",
      imageId: RETIRED_ID,
      sourceName: RETIRED_NAME,
      keyPath: "oke-pools:nodePools[1]",
    });
    const review = reviewPins(SAMPLE, [legacy], CP);
    assert.deepEqual(
      review.changes.map(({ pool, keyPath, status, kubernetesVersion, from, to }) => ({
        pool,
        keyPath,
        status,
        kubernetesVersion,
        from,
        to,
      })),
      [
        {
          pool: "legacy",
          keyPath: "oke-pools:nodePools[1]",
          status: "retired",
          kubernetesVersion: "v1.34.2",
          from: { imageId: RETIRED_ID, sourceName: RETIRED_NAME },
          to: { imageId: idOf(REPLACEMENT_NAME), sourceName: REPLACEMENT_NAME },
        },
      ],
    );
    assert.equal(pinsNeedAttention(review), true);
  });

  it("bumps an outdated pin and never changes a version (pools following the control plane use its version)", () => {
    const pools = [
      pool("x86", { sourceName: "Oracle-Linux-8.10-2026.06.15-0-OKE-1.35.2-1505" }),
      pool("gpu", {
        shape: "BM.GPU.A10.4",
        sourceName: "Oracle-Linux-8.10-Gen2-GPU-2026.06.15-0-OKE-1.35.2-1505",
      }),
      pool("arm", {
        shape: "VM.Standard.A1.Flex",
        version: "v1.34.2",
        sourceName: "Oracle-Linux-8.10-aarch64-2026.06.15-0-OKE-1.34.2-1505",
      }),
      pool("ol9", {
        version: "v1.33.10",
        sourceName: "Oracle-Linux-9.7-2026.06.15-0-OKE-1.33.10-1505",
      }),
    ];
    const review = reviewPins(SAMPLE, pools, CP);
    assert.deepEqual(
      review.changes.map((c) => [c.pool, c.status, c.kubernetesVersion, c.to.sourceName]),
      [
        ["x86", "update-available", "v1.35.2", "Oracle-Linux-8.10-2026.10.20-1-OKE-1.35.2-1580"],
        [
          "gpu",
          "update-available",
          "v1.35.2",
          "Oracle-Linux-8.10-Gen2-GPU-2026.10.20-1-OKE-1.35.2-1580",
        ],
        [
          "arm",
          "update-available",
          "v1.34.2",
          "Oracle-Linux-8.10-aarch64-2026.10.20-1-OKE-1.34.2-1580",
        ],
        ["ol9", "update-available", "v1.33.10", "Oracle-Linux-9.7-2026.10.20-1-OKE-1.33.10-1580"],
      ],
    );
    for (const c of review.changes) assert.equal(c.to.imageId, idOf(c.to.sourceName));
    assert.equal(pinsNeedAttention(review), true);
  });

  it("leaves current pins alone and pins pools that choose their image by OS (they float otherwise)", () => {
    const review = reviewPins(
      SAMPLE,
      [
        pool("general", { sourceName: "Oracle-Linux-8.10-2026.10.20-1-OKE-1.35.2-1580" }),
        pool("floating", { selector: { osFamily: "oracle-linux", osMajor: 8 } }),
      ],
      CP,
    );
    assert.deepEqual(
      review.changes.map((c) => [c.pool, c.status, c.to.sourceName]),
      [["floating", "floating", "Oracle-Linux-8.10-2026.10.20-1-OKE-1.35.2-1580"]],
    );
    assert.deepEqual(
      review.current.map((c) => c.pool),
      ["general"],
    );
    assert.equal(pinsNeedAttention(review), true);
  });

  it("fills in a missing source name of a current pin, which --check reports (the file would change)", () => {
    const id = idOf("Oracle-Linux-8.10-2026.10.20-1-OKE-1.35.2-1580");
    const review = reviewPins(SAMPLE, [pool("general", { imageId: id })], CP);
    assert.deepEqual(
      review.changes.map((c) => [c.status, c.from, c.to]),
      [
        [
          "source-name",
          { imageId: id },
          { imageId: id, sourceName: "Oracle-Linux-8.10-2026.10.20-1-OKE-1.35.2-1580" },
        ],
      ],
    );
    assert.equal(pinsNeedAttention(review), true);
  });

  it("reports a retired pin it cannot replace (no image left for the version) as a problem, not a change", () => {
    const old = pool("old", {
      version: "v1.30.1",
      imageId: "ocid1.image.oc1.phx.aaaaaaaagone130",
      sourceName: "Oracle-Linux-8.10-2025.01.01-0-OKE-1.30.1-900",
      keyPath: "oke-pools:nodePools[0]",
    });
    const review = reviewPins(SAMPLE, [old], CP);
    assert.deepEqual(review.changes, []);
    assert.equal(review.problems.length, 1);
    assert.match(
      review.problems[0].message,
      /retired.*no oracle-linux 8 x86_64 image for v1\.30\.1; upgrade the pool's version/,
    );
    assert.equal(pinsNeedAttention(review), true);
  });

  it("rewrites a blue/green colour's pin at its own key path, leaving the other colour and every comment alone", () => {
    const dir = tempStacks("bluegreen");
    const file = path.join(dir, "Pulumi.bluegreen.yaml");
    const outdated = "Oracle-Linux-8.10-2026.06.15-0-OKE-1.35.2-1505";
    const f = readStackFile(dir, "bluegreen");
    setConfigValue(f, "oke-pools:blueGreenPools[0].green.image.imageId", idOf(outdated));
    setConfigValue(f, "oke-pools:blueGreenPools[0].green.image.sourceName", outdated);
    writeStackFile(f);
    const before = fs.readFileSync(file, "utf8");

    const stale = readStackFile(dir, "bluegreen");
    const { controlPlane, pools } = stackPools(stale);
    const review = reviewPins(SAMPLE, pools, controlPlane);
    assert.deepEqual(
      review.changes.map((c) => [c.pool, c.keyPath, c.status]),
      [["web-green", "oke-pools:blueGreenPools[0].green", "update-available"]],
    );
    applyPins(stale, review);
    writeStackFile(stale);
    const current = "Oracle-Linux-8.10-2026.10.20-1-OKE-1.35.2-1580";
    assert.equal(
      fs.readFileSync(file, "utf8"),
      before.replace(idOf(outdated), idOf(current)).replace(outdated, current),
    );
  });
});
