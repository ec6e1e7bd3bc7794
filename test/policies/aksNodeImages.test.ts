/** node-pool-image-not-retired and node-pool-image-age for AKS pools: the rule functions (stack phase, outputs). */
import * as assert from "assert";
import {
  aksImageAgeConfig,
  aksImageAgeRule,
  aksImageNotRetiredConfig,
  aksImageNotRetiredRule,
} from "../../policies/aks/nodeImages";
import { imageAgeConfig, imageAgeRule } from "../../policies/imageAge";
import {
  imageNotRetiredResourceRule,
  imageNotRetiredStackRule,
} from "../../policies/imageNotRetired";
import { Finding } from "../../policies/lib/finding";
import type { AnalyzerResource } from "../../offline/analyzer/types";
import {
  AKS,
  IMG,
  NOW,
  U,
  agentPool,
  classicCluster,
  classicNodePool,
  managedCluster,
  plain,
  plainInputs,
} from "../fixtures/aks/stack";

const retired = (
  resources: AnalyzerResource[],
  raw: Record<string, unknown> = {},
  now: Date = NOW,
): Finding[] =>
  aksImageNotRetiredRule(resources.map(plain), aksImageNotRetiredConfig(raw).config, now);
const aged = (
  resources: AnalyzerResource[],
  raw: Record<string, unknown> = {},
  now: Date = NOW,
): Finding[] => aksImageAgeRule(resources.map(plain), aksImageAgeConfig(raw).config, now);
const failing = (fs: Finding[]) => fs.filter((f) => !f.advisoryOnly);
/** A cluster with one inline pool. */
const inline = (
  image: unknown,
  extra: Record<string, unknown> = {},
  cluster: Record<string, unknown> = {},
) =>
  managedCluster("aks-prod", {
    version: "1.30",
    profiles: [{ name: "np", version: "1.30.5", osType: "Linux", image, ...extra }],
    ...cluster,
  });

describe("node-pool-image-not-retired (AKS rule)", () => {
  describe("node image age: 90 days of support", () => {
    it("passes current images of every format: Linux YYYYMM.DD.N, older Linux YYYY.MM.DD, Windows build.rev.YYMMDD", () => {
      for (const image of [
        IMG.fresh,
        IMG.freshAzl,
        IMG.legacyFresh,
        IMG.win2022,
        IMG.win2025,
        IMG.at90,
      ]) {
        const extra = image.startsWith("AKSWindows") ? { osType: "Windows" } : {};
        assert.deepStrictEqual(retired([inline(image, extra)]), [], image);
      }
    });

    it("fails an image older than 90 days (91 fails, 90 passes), naming pool, image, age and both fixes", () => {
      const c = inline(IMG.at91, {}, { nodeOsChannel: "None" });
      const [f, ...rest] = retired([c]);
      assert.deepStrictEqual(rest, []);
      assert.deepStrictEqual([f.urn, f.advisoryOnly], [c.urn, undefined]);
      for (const part of [
        'AKS node pool "np" (agentPoolProfiles[0] of cluster "aks-prod")',
        IMG.at91,
        "built 2026-08-22",
        "91 days old",
        "90 days",
        "az aks nodepool upgrade --resource-group rg-aks --cluster-name aks-prod --name np --node-image-only",
        "autoUpgradeProfile.nodeOSUpgradeChannel to NodeImage or SecurityPatch",
      ]) {
        assert.ok(f.message.includes(part), `${part}: ${f.message}`);
      }
      assert.deepStrictEqual(retired([inline(IMG.at90)]), []);
    });

    it("fails old Windows images, and counts a SecurityPatch image from its patch date", () => {
      assert.strictEqual(
        retired([inline(IMG.win2022Old, { osType: "Windows", osSKU: "Windows2022" })]).length,
        1,
      );
      assert.ok(
        retired([inline(IMG.win2022Old, { osType: "Windows" })])[0].message.includes(
          "187 days old",
        ),
      );
      // Base image 173 days old, rebuilt with security patches 6 days ago: current.
      assert.deepStrictEqual(retired([inline(IMG.patched)]), []);
      const [old] = retired([inline(IMG.patchedOld)]);
      assert.ok(
        old.message.includes("143 days old") &&
          old.message.includes("security patches of 2026-07-01"),
        old.message,
      );
    });

    it("when the cluster already has an automatic channel, points at its maintenance window instead", () => {
      const [f] = retired([inline(IMG.old, {}, { nodeOsChannel: "NodeImage" })]);
      assert.ok(
        f.message.includes("node OS upgrade channel is NodeImage") &&
          f.message.includes("aksManagedNodeOSUpgradeSchedule"),
        f.message,
      );
      assert.ok(!f.message.includes("set the ManagedCluster's"), f.message);
    });

    it("aksMaxNodeImageAgeDays changes the limit", () => {
      assert.deepStrictEqual(retired([inline(IMG.old)], { aksMaxNodeImageAgeDays: 120 }), []);
      const [f] = retired([inline(IMG.at70)], { aksMaxNodeImageAgeDays: 60 });
      assert.ok(f.message.includes("70 days old, more than the 60 days allowed"), f.message);
      const { problems, config } = aksImageNotRetiredConfig({ aksMaxNodeImageAgeDays: 0 });
      assert.deepStrictEqual(
        [problems.map((p) => p.key), config.maxAgeDays],
        [["aksMaxNodeImageAgeDays"], 90],
      );
    });

    it("AgentPool and classic node pools: the command names their resource group, cluster and pool", () => {
      const c = managedCluster("aks-prod", { version: "1.30" });
      const p = agentPool("batch", { cluster: c, image: IMG.old });
      assert.deepStrictEqual(
        retired([c, p]).map((f) => f.urn),
        [p.urn],
      );
      assert.ok(
        retired([c, p])[0].message.includes(
          "--resource-group rg-aks --cluster-name aks-prod --name batch --node-image-only",
        ),
      );
      const cc = classicCluster("aks-classic", { nodeOsUpgradeChannel: "None" });
      const cp = classicNodePool("spot", { cluster: cc, image: IMG.old });
      const [f] = retired([cc, cp]);
      assert.strictEqual(f.urn, cp.urn);
      assert.ok(
        f.message.includes(
          "--resource-group rg-classic --cluster-name aks-classic --name spot --node-image-only",
        ),
        f.message,
      );
      assert.ok(f.message.includes("KubernetesCluster's nodeOsUpgradeChannel"), f.message);
      // A v5 cluster: its own property name.
      const v5 = classicCluster("aks-old", {
        nodeOsChannelUpgrade: "Unmanaged",
        defaultNodePool: { name: "default", image: IMG.old },
      });
      assert.ok(
        retired([v5])[0].message.includes("nodeOsChannelUpgrade (@pulumi/azure v5"),
        retired([v5])[0].message,
      );
    });

    it("a pool the cluster's outputs list and an AgentPool manages is reported once, on the AgentPool", () => {
      const c = managedCluster("aks-prod", {
        version: "1.30",
        profiles: [{ name: "system" }, { name: "batch", image: IMG.old }],
      });
      const p = agentPool("batch", { cluster: c, image: IMG.old });
      assert.deepStrictEqual(
        retired([c, p]).map((f) => f.urn),
        [p.urn],
      );
      assert.deepStrictEqual(
        retired([c]).map((f) => f.urn),
        [c.urn],
      );
    });

    it("versioned tokens are AKS resources too", () => {
      const c = inline(IMG.old, {}, { type: AKS.clusterV });
      assert.strictEqual(retired([c]).length, 1);
      const p = agentPool("b", { cluster: c, type: AKS.agentPoolV, image: IMG.old });
      assert.ok(retired([c, p]).some((f) => f.urn === p.urn));
    });
  });

  describe("OS retirement (built-in table, aksOsRetirements)", () => {
    it("Ubuntu 18.04 (older Linux image format) is retired: one finding, the OS fix, not the image command", () => {
      const c = inline(IMG.legacy1804, { osSKU: "Ubuntu" });
      const [f, ...rest] = retired([c]);
      assert.deepStrictEqual(rest, []);
      for (const part of [
        "Ubuntu 18.04",
        "out of support since 2025-06-17",
        IMG.legacy1804,
        "1480 days old",
        "Ubuntu 22.04 or newer",
      ])
        assert.ok(f.message.includes(part), `${part}: ${f.message}`);
      assert.ok(!f.message.includes("--node-image-only"), "a retired OS gets no newer image");
    });

    it("Windows Server 2019 is retired by date even with a fresh image; Windows 2022 is not", () => {
      const [f] = retired([inline(IMG.win2019, { osType: "Windows", osSKU: "Windows2019" })]);
      assert.ok(
        f.message.includes("Windows Server 2019") &&
          f.message.includes("since 2026-03-01") &&
          f.message.includes("2027-04-01"),
        f.message,
      );
      assert.deepStrictEqual(
        retired([inline(IMG.win2022, { osType: "Windows", osSKU: "Windows2022" })]),
        [],
      );
      // The image alone (osType Windows, no osSKU) tells the OS too.
      assert.strictEqual(retired([inline(IMG.win2019, { osType: "Windows" })]).length, 1);
    });

    it("Windows Server 2019 is not allowed on Kubernetes 1.33+, the pool's own version or its cluster's", () => {
      const early = new Date("2026-01-15T00:00:00Z");
      const image = "AKSWindows-2019-containerd-17763.7314.260110";
      assert.deepStrictEqual(
        retired(
          [
            inline(
              image,
              { osType: "Windows", osSKU: "Windows2019", version: "1.32.4" },
              { version: "1.32" },
            ),
          ],
          {},
          early,
        ),
        [],
      );
      const [f] = retired(
        [
          inline(
            image,
            { osType: "Windows", osSKU: "Windows2019", version: "1.33.1" },
            { version: "1.33" },
          ),
        ],
        {},
        early,
      );
      assert.ok(
        f.message.includes("not allowed on Kubernetes 1.33 or newer") &&
          f.message.includes("1.33.1"),
        f.message,
      );
      const c = managedCluster("aks-prod", { version: "1.33" });
      const p = agentPool("win", {
        cluster: c,
        version: null,
        osType: "Windows",
        osSKU: "Windows2019",
        image,
      });
      assert.deepStrictEqual(
        retired([c, p], {}, early).map((x) => x.urn),
        [p.urn],
      );
    });

    it("Azure Linux 2.0 (CBL-Mariner) images are removed, whatever the image date", () => {
      const [f] = retired([inline(IMG.mariner, { osSKU: "AzureLinux" })]);
      assert.ok(
        f.message.includes("Azure Linux 2.0") && f.message.includes("removed on 2026-03-31"),
        f.message,
      );
      const old = agentPool("legacy", {
        rg: "rg",
        clusterName: "c",
        link: "none",
        osSKU: "CBLMariner",
        image: null,
      });
      assert.strictEqual(retired([old]).length, 1, "the osSKU alone names the OS version");
    });

    it("aksOsRetirements adds an OS, and replaces a built-in entry for the same OS and version", () => {
      const c = inline(IMG.fresh, { osSKU: "Ubuntu2204" });
      assert.deepStrictEqual(retired([c]), []);
      const extra = {
        aksOsRetirements: [
          {
            family: "ubuntu",
            version: "22.04",
            unsupportedFrom: "2026-10-01",
            label: "Ubuntu 22.04 (our cut-off)",
            fix: "move to Ubuntu2404",
          },
        ],
      };
      const [f] = retired([c], extra);
      assert.ok(
        f.message.includes("Ubuntu 22.04 (our cut-off)") &&
          f.message.includes("since 2026-10-01") &&
          f.message.includes("move to Ubuntu2404"),
        f.message,
      );
      // Pushing 18.04's date out: the pool is judged by its image age instead.
      const later = {
        aksOsRetirements: [{ family: "ubuntu", version: "18.04", unsupportedFrom: "2030-01-01" }],
      };
      const [g] = retired([inline(IMG.legacy1804)], later);
      assert.ok(
        g.message.includes("1480 days old, more than the 90 days") &&
          !g.message.includes("out of support since"),
        g.message,
      );
    });

    it("a bad aksOsRetirements entry is a config problem and is skipped", () => {
      const { config, problems } = aksImageNotRetiredConfig({
        aksOsRetirements: [
          { family: "ubuntu", version: "24.04", unsupportedFrom: "soon" },
          { family: "windows" },
          "x",
        ],
      });
      assert.deepStrictEqual(
        problems.map((p) => p.key),
        ["aksOsRetirements[0]", "aksOsRetirements[1]", "aksOsRetirements[2]"],
      );
      assert.ok(problems[0].message.includes("YYYY-MM-DD"), problems[0].message);
      assert.ok(!config.osRetirements.some((e) => e.version === "24.04"));
      assert.ok(
        config.osRetirements.some((e) => e.version === "18.04"),
        "the built-in table stays",
      );
      assert.deepStrictEqual(
        aksImageNotRetiredConfig({ aksOsRetirements: "nope" }).problems.map((p) => p.key),
        ["aksOsRetirements"],
      );
    });
  });

  describe("unknown, missing and malformed values", () => {
    it("skips images and OS fields not known yet, and pools without an image", () => {
      assert.deepStrictEqual(retired([inline(U)]), []);
      assert.deepStrictEqual(retired([inline(U, { osSKU: U, osType: U })]), []);
      assert.deepStrictEqual(retired([inline(null)]), []);
      assert.deepStrictEqual(retired([inline(IMG.old, {}, { agentPoolProfiles: U })]), []);
      // The OS SKU is unknown (it may be changing): no OS verdict, but the known image is still judged by its age.
      const [age, ...more] = retired([inline(IMG.legacy1804, { osSKU: U })]);
      assert.deepStrictEqual(more, []);
      assert.ok(
        age.message.includes("1480 days old") && !age.message.includes("Ubuntu 18.04"),
        age.message,
      );
      // Known osSKU naming a retired version with an unknown image: retired (the declared intent).
      assert.strictEqual(
        retired([inline(U, { osSKU: "Windows2019", osType: "Windows" })]).length,
        1,
      );
      // The classic default pool has no nodeImageVersion before @pulumi/azure v6.
      assert.deepStrictEqual(retired([classicCluster("k")]), []);
    });

    it("an image that cannot be read gets an advisory, never a violation", () => {
      const fs = retired([inline("ubuntu-latest"), inline(42)]);
      assert.deepStrictEqual(failing(fs), []);
      assert.strictEqual(fs.length, 2);
      assert.ok(
        fs[0].message.includes('"ubuntu-latest"') &&
          fs[0].message.includes("agentPoolProfiles[0].nodeImageVersion"),
        fs[0].message,
      );
      assert.ok(fs[1].message.includes("is 42, not a string"), fs[1].message);
    });

    it("an invalid clock reports nothing", () => {
      assert.deepStrictEqual(retired([inline(IMG.old)], {}, new Date(NaN)), []);
    });
  });

  it("AKS pools never get the OKE rule's catalog advisory, in either phase", () => {
    const c = inline(IMG.old);
    const p = agentPool("batch", { cluster: c, image: IMG.old });
    assert.deepStrictEqual(imageNotRetiredStackRule([c, p].map(plain), { problems: [] }), []);
    assert.deepStrictEqual(
      [c, p].flatMap((r) => imageNotRetiredResourceRule(plainInputs(r), undefined)),
      [],
    );
  });
});

describe("node-pool-image-age (AKS rule)", () => {
  it("reports images older than 60 days by default, with days left of support", () => {
    const c = inline(IMG.at70);
    const [f, ...rest] = aged([c]);
    assert.deepStrictEqual(rest, []);
    assert.strictEqual(f.urn, c.urn);
    for (const part of [
      IMG.at70,
      "70 days old, more than the 60 allowed",
      "AKS stops supporting it in 20 days",
      "--node-image-only",
    ])
      assert.ok(f.message.includes(part), `${part}: ${f.message}`);
    assert.deepStrictEqual(aged([inline(IMG.fresh)]), []);
    assert.ok(aged([inline(IMG.old)])[0].message.includes("AKS no longer supports it"));
  });

  it("aksMaxNodeImageAgeDays sets its own threshold", () => {
    assert.deepStrictEqual(aged([inline(IMG.at70)], { aksMaxNodeImageAgeDays: 80 }), []);
    assert.strictEqual(aged([inline(IMG.fresh)], { aksMaxNodeImageAgeDays: 10 }).length, 1);
    assert.strictEqual(aksImageAgeConfig({}).config.maxAgeDays, 60);
    assert.deepStrictEqual(
      aksImageAgeConfig({ aksMaxNodeImageAgeDays: "60" }).problems.map((p) => p.key),
      ["aksMaxNodeImageAgeDays"],
    );
  });

  it("covers every image format and counts SecurityPatch images from the patch date", () => {
    assert.strictEqual(aged([inline(IMG.win2022Old, { osType: "Windows" })]).length, 1);
    assert.strictEqual(aged([inline(IMG.legacy1804)]).length, 1);
    assert.deepStrictEqual(
      aged([
        inline(IMG.patched),
        inline(IMG.legacyFresh),
        inline(IMG.win2025, { osType: "Windows" }),
      ]),
      [],
    );
    assert.strictEqual(aged([inline(IMG.patchedOld)]).length, 1);
  });

  it("skips unknown and unreadable images, and leaves OKE's maxImageAgeDays alone", () => {
    assert.deepStrictEqual(aged([inline(U), inline("nope"), inline(null)]), []);
    assert.deepStrictEqual(
      imageAgeRule([inline(IMG.old)].map(plain), imageAgeConfig({}).config, undefined, NOW),
      [],
    );
  });
});
