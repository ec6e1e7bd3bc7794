import assert from "node:assert/strict";
import { ImageCatalog } from "../../core/catalog";
import { PlanError, PlanStep, UpgradePlan, planUpgrade } from "../../core/upgradePlan";
import { readStackFile, stackPools } from "../../offline/stackFile";
import { SAMPLE, STACKS, idOf, kv, pool } from "../support/tooling";

const summary = (plan: UpgradePlan): string[] =>
  plan.steps.map((s: PlanStep) =>
    s.kind === "control-plane"
      ? `cp ${s.from}->${s.to}`
      : `${s.why} ${s.move.pool} ${s.move.from}->${s.move.to}`,
  );

const change = (s: PlanStep, key: string) => s.changes.find((c) => c.key === key);

describe("core/upgradePlan", () => {
  it("moves the control plane one minor at a time, through the newest patch of each intermediate minor", () => {
    const plan = planUpgrade(SAMPLE, {
      controlPlane: kv("v1.32.1"),
      pools: [],
      target: kv("v1.35.2"),
    });
    assert.deepEqual(summary(plan), [
      "cp v1.32.1->v1.33.10",
      "cp v1.33.10->v1.34.2",
      "cp v1.34.2->v1.35.2",
    ]);
    assert.deepEqual(change(plan.steps[0], "oke-pools:kubernetesVersion"), {
      key: "oke-pools:kubernetesVersion",
      from: "v1.32.1",
      to: "v1.33.10",
    });
  });

  it("a newer patch of the same minor is one step; `v1.36` means its newest patch", () => {
    assert.deepEqual(
      summary(
        planUpgrade(SAMPLE, { controlPlane: kv("v1.35.0"), pools: [], target: kv("v1.35.2") }),
      ),
      ["cp v1.35.0->v1.35.2"],
    );
    const plan = planUpgrade(SAMPLE, {
      controlPlane: kv("v1.35.2"),
      pools: [],
      target: kv("v1.36"),
    });
    assert.equal(plan.controlPlane.to, "v1.36.0");
  });

  it("moves a pool that the next control-plane version would leave out of skew before that step, to the current control-plane version", () => {
    const legacy = pool("legacy", {
      version: "v1.31.1",
      sourceName: "Oracle-Linux-8.10-2025.09.30-0-OKE-1.31.1-1230",
      keyPath: "oke-pools:nodePools[1]",
    });
    const plan = planUpgrade(SAMPLE, {
      controlPlane: kv("v1.33.10"),
      pools: [legacy],
      target: kv("v1.35.2"),
    });
    // v1.31 is 3 minors behind v1.34 (allowed) but would be 4 behind v1.35.
    assert.deepEqual(summary(plan), [
      "cp v1.33.10->v1.34.2",
      "skew legacy v1.31.1->v1.34.2",
      "cp v1.34.2->v1.35.2",
      "catch-up legacy v1.34.2->v1.35.2",
    ]);
    const skew = plan.steps[1];
    assert.equal(skew.kind, "pool");
    if (skew.kind !== "pool") return;
    assert.match(skew.reason, /4 minor versions behind .*v1\.35\.2.*at most 3/);
    assert.deepEqual(change(skew, "oke-pools:nodePools[1].kubernetesVersion"), {
      key: "oke-pools:nodePools[1].kubernetesVersion",
      from: "v1.31.1",
      to: "v1.34.2",
    });
    assert.equal(
      change(skew, "oke-pools:nodePools[1].image.sourceName")?.to,
      "Oracle-Linux-8.10-2026.10.20-1-OKE-1.34.2-1580",
    );
    assert.equal(
      change(skew, "oke-pools:nodePools[1].image.imageId")?.to,
      idOf("Oracle-Linux-8.10-2026.10.20-1-OKE-1.34.2-1580"),
    );
    // The next move of the same pool starts from the pin the previous one wrote.
    const catchUp = plan.steps[3];
    assert.equal(
      change(catchUp, "oke-pools:nodePools[1].image.imageId")?.from,
      idOf("Oracle-Linux-8.10-2026.10.20-1-OKE-1.34.2-1580"),
    );
    assert.equal(
      change(catchUp, "oke-pools:nodePools[1].image.sourceName")?.to,
      "Oracle-Linux-8.10-2026.10.20-1-OKE-1.35.2-1580",
    );
    assert.deepEqual(plan.pools, [
      { pool: "legacy", keyPath: "oke-pools:nodePools[1]", from: "v1.31.1", to: "v1.35.2" },
    ]);
  });

  it("pools without a version of their own move with the control plane, each with an image for the new version, its OS, arch and GPU-ness", () => {
    const pools = [
      pool("x86", {
        sourceName: "Oracle-Linux-8.10-2026.10.20-1-OKE-1.35.2-1580",
        keyPath: "oke-pools:nodePools[0]",
      }),
      pool("arm", {
        shape: "VM.Standard.A1.Flex",
        sourceName: "Oracle-Linux-8.10-aarch64-2026.10.20-1-OKE-1.35.2-1580",
        mode: "INSTANCE_REPLACE",
        keyPath: "oke-pools:nodePools[1]",
      }),
      pool("gpu", {
        shape: "VM.GPU.A10.1",
        sourceName: "Oracle-Linux-8.10-Gen2-GPU-2026.06.15-0-OKE-1.35.2-1505",
        keyPath: "oke-pools:nodePools[2]",
      }),
      pool("ol9", {
        sourceName: "Oracle-Linux-9.7-2026.10.20-1-OKE-1.35.2-1580",
        keyPath: "oke-pools:nodePools[3]",
      }),
    ];
    const plan = planUpgrade(SAMPLE, { controlPlane: kv("v1.35.2"), pools, target: kv("v1.36.0") });
    assert.deepEqual(summary(plan), ["cp v1.35.2->v1.36.0"]);
    const cp = plan.steps[0];
    assert.equal(cp.kind, "control-plane");
    if (cp.kind !== "control-plane") return;
    const to = (i: number) => change(cp, `oke-pools:nodePools[${i}].image.sourceName`)?.to;
    assert.equal(to(0), "Oracle-Linux-8.10-2026.10.20-1-OKE-1.36.0-1580");
    assert.equal(to(1), "Oracle-Linux-8.10-aarch64-2026.10.20-1-OKE-1.36.0-1580");
    assert.equal(to(2), "Oracle-Linux-8.10-Gen2-GPU-2026.10.20-1-OKE-1.36.0-1580");
    assert.equal(to(3), "Oracle-Linux-9.7-2026.10.20-1-OKE-1.36.0-1580");
    // No kubernetesVersion key is written for a follower: it has none.
    assert.deepEqual(
      cp.changes.filter((c) => c.key.endsWith("kubernetesVersion")).map((c) => c.key),
      ["oke-pools:kubernetesVersion"],
    );
    assert.deepEqual(
      cp.followers.map((f) => [f.pool, f.cycleMode, f.keepsNodeIps, f.followsControlPlane]),
      [
        ["x86", "BOOT_VOLUME_REPLACE", true, true],
        ["arm", "INSTANCE_REPLACE", false, true],
        ["gpu", "BOOT_VOLUME_REPLACE", true, true],
        ["ol9", "BOOT_VOLUME_REPLACE", true, true],
      ],
    );
  });

  it("a pool that chooses its image by OS changes only its version", () => {
    const floating = pool("floating", {
      version: "v1.35.2",
      selector: { osFamily: "oracle-linux", osMajor: 8 },
      keyPath: "oke-pools:nodePools[0]",
    });
    const plan = planUpgrade(SAMPLE, {
      controlPlane: kv("v1.35.2"),
      pools: [floating],
      target: kv("v1.36.0"),
    });
    const last = plan.steps[plan.steps.length - 1];
    assert.equal(last.kind, "pool");
    if (last.kind !== "pool") return;
    assert.equal(last.move.image, undefined);
    assert.deepEqual(last.changes, [
      { key: "oke-pools:nodePools[0].kubernetesVersion", from: "v1.35.2", to: "v1.36.0" },
    ]);
  });

  it("a target equal to the control plane only brings the pools up to it", () => {
    const legacy = pool("legacy", {
      version: "v1.34.2",
      sourceName: "Oracle-Linux-8.10-2026.10.20-1-OKE-1.34.2-1580",
    });
    assert.deepEqual(
      summary(
        planUpgrade(SAMPLE, {
          controlPlane: kv("v1.35.2"),
          pools: [legacy],
          target: kv("v1.35.2"),
        }),
      ),
      ["catch-up legacy v1.34.2->v1.35.2"],
    );
    const current = pool("current", {
      version: "v1.35.2",
      sourceName: "Oracle-Linux-8.10-2026.10.20-1-OKE-1.35.2-1580",
    });
    assert.deepEqual(
      planUpgrade(SAMPLE, { controlPlane: kv("v1.35.2"), pools: [current], target: kv("v1.35.2") })
        .steps,
      [],
    );
  });

  describe("refusals", () => {
    const refuses = (fn: () => unknown, pattern: RegExp) =>
      assert.throws(fn, (e: unknown) => {
        assert.ok(e instanceof PlanError, `expected a PlanError, got ${String(e)}`);
        assert.match(e.message, pattern);
        return true;
      });

    it("a downgrade of the control plane", () => {
      refuses(
        () =>
          planUpgrade(SAMPLE, { controlPlane: kv("v1.35.2"), pools: [], target: kv("v1.34.2") }),
        /older than the control plane's v1\.35\.2.*cannot be downgraded/,
      );
    });
    it("a version the catalog does not offer, listing what it offers", () => {
      refuses(
        () =>
          planUpgrade(SAMPLE, { controlPlane: kv("v1.35.2"), pools: [], target: kv("v1.37.0") }),
        /does not offer v1\.37\.0; versions offered: .*v1\.36\.0/,
      );
      refuses(
        () =>
          planUpgrade(SAMPLE, { controlPlane: kv("v1.35.2"), pools: [], target: kv("v1.36.5") }),
        /does not offer v1\.36\.5/,
      );
      refuses(
        () => planUpgrade(SAMPLE, { controlPlane: kv("v1.35.2"), pools: [], target: kv("v1.38") }),
        /no v1\.38\.x release/,
      );
    });
    it("a path through a minor the catalog has no release of", () => {
      const gap = ImageCatalog.fromSources(
        ["1.33.1", "1.35.2"].map((v) => ({
          imageId: `ocid1.image.oc1.phx.aaaaaaaa${v.replace(/\./g, "")}`,
          sourceName: `Oracle-Linux-8.10-2026.01.01-0-OKE-${v}-1`,
        })),
      );
      refuses(
        () => planUpgrade(gap, { controlPlane: kv("v1.33.1"), pools: [], target: kv("v1.35.2") }),
        /no v1\.34\.x release.*every minor/,
      );
    });
    it("a pool newer than its control plane", () => {
      const ahead = pool("ahead", {
        version: "v1.36.0",
        sourceName: "Oracle-Linux-8.10-2026.10.20-1-OKE-1.36.0-1580",
        keyPath: "oke-pools:nodePools[0]",
      });
      refuses(
        () =>
          planUpgrade(SAMPLE, {
            controlPlane: kv("v1.35.2"),
            pools: [ahead],
            target: kv("v1.36.0"),
          }),
        /pool ahead runs v1\.36\.0, newer than .*oke-pools:nodePools\[0\]\.kubernetesVersion/,
      );
    });
    it("a pinned image whose OS cannot be known", () => {
      const unknown = pool("mystery", {
        imageId: "ocid1.image.oc1.phx.aaaaaaaagoneandunnamed00000000000000000000000000000000000",
        keyPath: "oke-pools:nodePools[0]",
      });
      refuses(
        () =>
          planUpgrade(SAMPLE, {
            controlPlane: kv("v1.35.2"),
            pools: [unknown],
            target: kv("v1.36.0"),
          }),
        /mystery.*OS.*unknown.*image\.sourceName/,
      );
    });
    it("a follower the catalog has no image for at the next version", () => {
      const onlyX86 = ImageCatalog.fromSources(
        ["1.35.2", "1.36.0"].map((v) => ({
          imageId: `ocid1.image.oc1.phx.aaaaaaaa${v.replace(/\./g, "")}`,
          sourceName: `Oracle-Linux-8.10-2026.01.01-0-OKE-${v}-1`,
        })),
      );
      const arm = pool("arm", {
        shape: "VM.Standard.A1.Flex",
        imageId: "ocid1.image.oc1.phx.aaaaaaaaarm",
        sourceName: "Oracle-Linux-8.10-aarch64-2026.01.01-0-OKE-1.35.2-1",
      });
      refuses(
        () =>
          planUpgrade(onlyX86, {
            controlPlane: kv("v1.35.2"),
            pools: [arm],
            target: kv("v1.36.0"),
          }),
        /arm follows the control plane to v1\.36\.0.*no aarch64 image/,
      );
    });
  });

  it("plans blue/green colours as pools (the bluegreen stack: blue v1.34.2, green v1.35.2)", () => {
    const { controlPlane, pools } = stackPools(readStackFile(STACKS, "bluegreen"));
    assert.deepEqual(
      pools.map((p) => [p.name, p.keyPath]),
      [
        ["web-blue", "oke-pools:blueGreenPools[0].blue"],
        ["web-green", "oke-pools:blueGreenPools[0].green"],
      ],
    );
    const plan = planUpgrade(SAMPLE, { controlPlane, pools, target: kv("v1.36.0") });
    assert.deepEqual(summary(plan), [
      "cp v1.35.2->v1.36.0",
      "catch-up web-blue v1.34.2->v1.36.0",
      "catch-up web-green v1.35.2->v1.36.0",
    ]);
    assert.ok(
      plan.steps[2].changes.some(
        (c) => c.key === "oke-pools:blueGreenPools[0].green.image.imageId",
      ),
    );
  });
});
