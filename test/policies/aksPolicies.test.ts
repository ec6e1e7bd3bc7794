/**
 * AKS through the compiled pack and the real analyzer protocol (offline/analyzer), as the engine
 * drives it: inputs to Analyze, outputs with relations to AnalyzeStack. One pack process serves
 * the whole file (OKEPOOLS_NOW fixes its clock); each scenario re-Configures it.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import {
  AnalyzerResource,
  Diagnostic,
  PolicyConfigError,
  parsePolicyPackConfig,
} from "../../offline/analyzer";
import {
  AKS,
  IMG,
  NOW_ISO,
  U,
  agentPool,
  armClusterId,
  classicCluster,
  classicNodePool,
  managedCluster,
} from "../fixtures/aks/stack";
import { cluster as okeCluster, nodePool as okePool, urn } from "../fixtures/policies/stack";
import { fixture } from "../core/aks/support";
import { PACK_DIR, diagnosticsOf, mandatoryOf, sharedPackSession } from "./support/pack";

const SKEW = "node-pool-version-skew";
const RETIRED = "node-pool-image-not-retired";
const AGE = "node-pool-image-age";
const CYCLING = "node-pool-cycling-settings";
const CHANNEL = "aks-node-os-upgrade-channel";

describe("AKS policies through the analyzer protocol", function () {
  this.timeout(120_000);
  const pack = sharedPackSession(NOW_ISO);
  const preview = pack.preview;
  const of = diagnosticsOf;
  const mandatory = mandatoryOf;
  const where = (ds: Diagnostic[]) =>
    ds.map((d) => [d.policyName, d.urn, d.enforcementLevel, d.phase].join(" ")).sort();

  /** One of each provider shape, every pool healthy. */
  function healthy(): AnalyzerResource[] {
    const c = managedCluster("aks-prod", {
      version: "1.31",
      current: "1.31.2",
      nodeOsChannel: "NodeImage",
      profiles: [
        {
          name: "system",
          mode: "System",
          version: "1.31.2",
          image: IMG.fresh,
          upgradeSettings: { maxSurge: "33%" },
        },
      ],
    });
    const p = agentPool("batch", {
      cluster: c,
      version: "1.30.4",
      image: IMG.freshAzl,
      osSKU: "AzureLinux",
      upgradeSettings: { maxSurge: "1", drainTimeoutInMinutes: 30 },
    });
    const cc = classicCluster("aks-classic", {
      version: "1.31",
      nodeOsUpgradeChannel: "SecurityPatch",
      defaultNodePool: { name: "default", version: "1.31.2", image: IMG.patched },
    });
    const cp = classicNodePool("win", {
      cluster: cc,
      version: "1.29.7",
      osType: "Windows",
      osSku: "Windows2022",
      image: IMG.win2022,
      upgradeSettings: { maxSurge: "10%" },
    });
    return [c, p, cc, cp];
  }

  it("GetAnalyzerInfo: the new advisory resource policy, and the AKS config keys of the extended ones", async () => {
    const info = await pack.session().info();
    const channel = info.policies.find((p) => p.name === CHANNEL);
    assert.ok(channel);
    assert.deepStrictEqual(
      [channel.enforcementLevel, channel.policyType],
      ["advisory", "resource"],
    );
    assert.match(channel.description, /^[A-Z][^\n]*\.$/);
    const keys = (name: string) =>
      Object.keys(
        info.policies.find((p) => p.name === name)?.configSchema?.properties ?? {},
      ).sort();
    assert.deepStrictEqual(keys(CHANNEL), ["flaggedChannels"]);
    assert.deepStrictEqual(keys(RETIRED), [
      "aksMaxNodeImageAgeDays",
      "aksOsRetirements",
      "catalog",
      "catalogFile",
    ]);
    assert.deepStrictEqual(keys(AGE), [
      "aksMaxNodeImageAgeDays",
      "catalog",
      "catalogFile",
      "maxImageAgeDays",
    ]);
    assert.deepStrictEqual(keys(SKEW), ["clusterVersions", "maxMinorSkew"]);
    for (const p of info.policies.filter((x) => [CHANNEL, RETIRED, AGE].includes(x.name))) {
      for (const [key, schema] of Object.entries(p.configSchema?.properties ?? {}))
        assert.ok("default" in schema && schema.type && schema.description, `${p.name}.${key}`);
    }
    assert.deepStrictEqual(
      [RETIRED, AGE, SKEW, CYCLING].map(
        (n) => info.policies.find((p) => p.name === n)?.enforcementLevel,
      ),
      ["mandatory", "advisory", "mandatory", "advisory"],
    );
  });

  it("a healthy stack of every provider shape gets no diagnostics at all", async () => {
    assert.deepStrictEqual(await preview(healthy()), []);
  });

  it("version skew: inline profile, AgentPool and classic node pool fail in the stack phase, AKS-style versions", async () => {
    const c = managedCluster("aks-prod", {
      version: "1.31",
      current: "1.31.2",
      profiles: [
        { name: "system", version: "1.31.2" },
        { name: "old", version: "1.27.9" },
      ],
    });
    const ahead = agentPool("ahead", { cluster: c, version: "1.32" });
    const viaDep = agentPool("via-dep", {
      cluster: c,
      version: "1.27.1",
      link: "propertyDependency",
    });
    const cc = classicCluster("aks-classic", { version: "1.31" });
    const cp = classicNodePool("old-classic", { cluster: cc, version: "1.26.0" });
    const ds = of(await preview([c, ahead, viaDep, cc, cp]), SKEW);
    assert.deepStrictEqual(
      where(ds),
      [c, ahead, viaDep, cp].map((r) => `${SKEW} ${r.urn} mandatory analyzeStack`).sort(),
    );
    for (const d of ds) {
      assert.ok(d.message.startsWith(`${d.description}\n`), d.message);
      assert.ok(!/v1\.\d/.test(d.message), `AKS-style versions: ${d.message}`);
    }
    assert.ok(
      ds
        .find((d) => d.urn === c.urn)
        ?.message.includes(
          'AKS node pool "old" (agentPoolProfiles[1] of cluster "aks-prod") at 1.27.9',
        ),
    );
    assert.ok(
      ds
        .find((d) => d.urn === ahead.urn)
        ?.message.includes("newer than the control plane's 1.31.2"),
    );
  });

  it("version skew config: maxMinorSkew, clusterVersions by resourceGroup/name and ARM id, disabled and all", async () => {
    const c = managedCluster("aks-prod", {
      version: "1.31",
      profiles: [{ name: "n2", version: "1.29.3" }],
    });
    const ext = agentPool("ext", {
      rg: "rg-shared",
      clusterName: "aks-shared",
      version: "1.28.1",
      link: "none",
    });
    const extClassic = classicNodePool("ext-classic", {
      clusterId: armClusterId("rg-platform", "aks-platform"),
      version: "1.28.1",
    });
    const stack = [c, ext, extClassic];

    let ds = of(await preview(stack), SKEW);
    assert.deepStrictEqual(mandatory(ds), []);
    assert.deepStrictEqual(
      ds.map((d) => [d.urn, d.enforcementLevel]).sort(),
      [
        [ext.urn, "advisory"],
        [extClassic.urn, "advisory"],
      ].sort(),
    );
    assert.ok(ds.every((d) => d.message.includes('"clusterVersions"')));

    const clusterVersions = {
      "rg-shared/aks-shared": "1.32",
      [armClusterId("rg-platform", "aks-platform")]: "1.32.1",
      "ocid1.cluster.oc1.phx.x": "v1.30.1",
    };
    ds = of(await preview(stack, { [SKEW]: { maxMinorSkew: 1, clusterVersions } }), SKEW);
    assert.deepStrictEqual(
      mandatory(ds)
        .map((d) => d.urn)
        .sort(),
      [c.urn, ext.urn, extClassic.urn].sort(),
    );
    assert.ok(
      mandatory(ds)
        .find((d) => d.urn === c.urn)
        ?.message.includes("at most 1"),
    );

    assert.deepStrictEqual(
      of(await preview(stack, { [SKEW]: { clusterVersions } }), SKEW)
        .map((d) => d.urn)
        .sort(),
      [ext.urn, extClassic.urn].sort(),
    );
    assert.deepStrictEqual(of(await preview(stack, { [SKEW]: "disabled" }), SKEW), []);
    ds = of(await preview(stack, { all: "advisory", [SKEW]: { clusterVersions } }), SKEW);
    assert.ok(
      ds.length === 2 && ds.every((d) => d.enforcementLevel === "advisory"),
      JSON.stringify(ds),
    );
  });

  it("image not retired: old images and retired OSes fail in the stack phase only, with the fix; no OKE catalog advisory", async () => {
    const c = managedCluster("aks-prod", {
      version: "1.31",
      nodeOsChannel: "None",
      profiles: [
        { name: "system", version: "1.31.2", image: IMG.at91 },
        { name: "bionic", version: "1.31.2", osSKU: "Ubuntu", image: IMG.legacy1804 },
        { name: "fresh", version: "1.31.2", image: IMG.fresh },
      ],
    });
    const win = agentPool("win19", {
      cluster: c,
      osType: "Windows",
      osSKU: "Windows2019",
      image: IMG.win2019,
    });
    const patched = agentPool("patched", { cluster: c, image: IMG.patched });
    const cc = classicCluster("aks-classic", {
      nodeOsChannelUpgrade: "Unmanaged",
      defaultNodePool: { name: "default", image: IMG.win2022Old, osType: "Windows" },
    });
    const ds = of(await preview([c, win, patched, cc]), RETIRED);
    assert.deepStrictEqual(
      where(ds),
      [
        `${RETIRED} ${c.urn} mandatory analyzeStack`,
        `${RETIRED} ${c.urn} mandatory analyzeStack`,
        `${RETIRED} ${win.urn} mandatory analyzeStack`,
        `${RETIRED} ${cc.urn} mandatory analyzeStack`,
      ].sort(),
    );
    const system = ds.find((d) => d.message.includes('"system"'))?.message ?? "";
    for (const part of [
      IMG.at91,
      "91 days old",
      "az aks nodepool upgrade --resource-group rg-aks --cluster-name aks-prod --name system --node-image-only",
      "nodeOSUpgradeChannel to NodeImage or SecurityPatch",
    ]) {
      assert.ok(system.includes(part), `${part}: ${system}`);
    }
    assert.ok(
      ds.some((d) => d.message.includes("Ubuntu 18.04")) &&
        ds.some((d) => d.message.includes("Windows Server 2019")),
    );
    assert.ok(
      ds.find((d) => d.urn === cc.urn)?.message.includes("nodeOsChannelUpgrade (@pulumi/azure v5"),
    );
    assert.ok(
      !ds.some(
        (d) =>
          d.message.includes("cannot verify") || d.message.includes("oci ce node-pool-options"),
      ),
      "no OKE catalog advisory for AKS pools",
    );
  });

  it("image not retired config: aksMaxNodeImageAgeDays and aksOsRetirements", async () => {
    const c = managedCluster("aks-prod", {
      profiles: [{ name: "np", osSKU: "Ubuntu2204", image: IMG.at70 }],
    });
    assert.deepStrictEqual(of(await preview([c]), RETIRED), []);
    let ds = of(await preview([c], { [RETIRED]: { aksMaxNodeImageAgeDays: 60 } }), RETIRED);
    assert.deepStrictEqual(
      ds.map((d) => [d.urn, d.enforcementLevel]),
      [[c.urn, "mandatory"]],
    );
    assert.ok(ds[0].message.includes("70 days old, more than the 60 days allowed"), ds[0].message);
    ds = of(
      await preview([c], {
        [RETIRED]: {
          aksOsRetirements: [
            {
              family: "ubuntu",
              version: "22.04",
              unsupportedFrom: "2026-11-01",
              fix: "move to Ubuntu2404",
            },
          ],
        },
      }),
      RETIRED,
    );
    assert.strictEqual(ds.length, 1);
    assert.ok(
      ds[0].message.includes("since 2026-11-01") && ds[0].message.includes("move to Ubuntu2404"),
      ds[0].message,
    );
    assert.deepStrictEqual(
      of(
        await preview([c], {
          [RETIRED]: { enforcementLevel: "disabled", aksMaxNodeImageAgeDays: 1 },
        }),
        RETIRED,
      ),
      [],
    );
  });

  it("the schema rejects malformed AKS config before it reaches the pack", async () => {
    await assert.rejects(
      pack.session().configure({ [RETIRED]: { aksOsRetirements: [{ family: "ubuntu" }] } }),
      (e: unknown) =>
        e instanceof PolicyConfigError && e.message.includes(`${RETIRED}: version: is required`),
    );
    await assert.rejects(
      pack.session().configure({
        [RETIRED]: {
          aksOsRetirements: [{ family: "ubuntu", version: "22.04", unsupportedFrom: "June" }],
        },
      }),
      PolicyConfigError,
    );
    await assert.rejects(
      pack.session().configure({ [AGE]: { aksMaxNodeImageAgeDays: 0 } }),
      PolicyConfigError,
    );
    await assert.rejects(
      pack.session().configure({ [CHANNEL]: { flaggedChannels: ["NodeImage"] } }),
      PolicyConfigError,
    );
    const ok = await pack.session().configure({});
    assert.deepStrictEqual(
      [
        ok.config[RETIRED].properties.aksMaxNodeImageAgeDays,
        ok.config[AGE].properties.aksMaxNodeImageAgeDays,
      ],
      [90, 60],
    );
  });

  it("image age: an advisory from 60 days, with its own threshold", async () => {
    const c = managedCluster("aks-prod", { profiles: [{ name: "np", image: IMG.at70 }] });
    const ds = of(await preview([c]), AGE);
    assert.deepStrictEqual(where(ds), [`${AGE} ${c.urn} advisory analyzeStack`]);
    assert.ok(ds[0].message.includes("stops supporting it in 20 days"), ds[0].message);
    assert.deepStrictEqual(
      of(await preview([c], { [AGE]: { aksMaxNodeImageAgeDays: 75 } }), AGE),
      [],
    );
    assert.deepStrictEqual(
      of(await preview([c], { [AGE]: { maxImageAgeDays: 30 } }), AGE).length,
      1,
      "OKE's maxImageAgeDays does not govern AKS",
    );
  });

  it("cycling settings: AKS upgradeSettings advisories on each pool's resource", async () => {
    const c = managedCluster("aks-prod", {
      profiles: [
        { name: "system", mode: "System", upgradeSettings: { maxSurge: "0", maxUnavailable: "0" } },
      ],
    });
    const p = agentPool("batch", {
      cluster: c,
      upgradeSettings: { maxSurge: "33%", drainTimeoutInMinutes: 2000 },
    });
    const cc = classicCluster("aks-classic", {
      defaultNodePool: {
        name: "default",
        upgradeSettings: { maxSurge: "10%", nodeSoakDurationInMinutes: 45 },
      },
    });
    const cp = classicNodePool("spot", { cluster: cc, upgradeSettings: { maxSurge: "abc" } });
    const ds = of(await preview([c, p, cc, cp]), CYCLING);
    assert.deepStrictEqual(
      where(ds),
      [c, p, cc, cp].map((r) => `${CYCLING} ${r.urn} advisory analyzeStack`).sort(),
    );
    assert.ok(
      ds
        .find((d) => d.urn === c.urn)
        ?.message.includes("agentPoolProfiles[0].upgradeSettings.maxSurge is 0"),
    );
    assert.ok(ds.find((d) => d.urn === p.urn)?.message.includes("drainTimeoutInMinutes is 2000"));
    assert.ok(
      ds
        .find((d) => d.urn === cc.urn)
        ?.message.includes("defaultNodePool.upgradeSettings.nodeSoakDurationInMinutes is 45"),
    );
    const strict = of(await preview([c], { [CYCLING]: "mandatory" }), CYCLING);
    assert.deepStrictEqual(
      strict.map((d) => d.enforcementLevel),
      ["mandatory"],
    );
  });

  it("node OS upgrade channel: an advisory from Analyze on the cluster (inputs), never from AnalyzeStack", async () => {
    const c = managedCluster("aks-prod", { nodeOsChannel: "None" });
    const cv = managedCluster("aks-v", { type: AKS.clusterV, nodeOsChannel: "Unmanaged" });
    const v6 = classicCluster("aks-classic", { nodeOsUpgradeChannel: "None" });
    const v5 = classicCluster("aks-old", { nodeOsChannelUpgrade: "Unmanaged" });
    const fine = managedCluster("aks-fine", { nodeOsChannel: "SecurityPatch" });
    const ds = of(await preview([c, cv, v6, v5, fine]), CHANNEL);
    assert.deepStrictEqual(
      where(ds),
      [c, cv, v6, v5].map((r) => `${CHANNEL} ${r.urn} advisory analyze`).sort(),
    );
    assert.ok(
      ds
        .find((d) => d.urn === c.urn)
        ?.message.includes("autoUpgradeProfile.nodeOSUpgradeChannel is None"),
    );
    assert.ok(ds.find((d) => d.urn === v6.urn)?.message.includes("nodeOsUpgradeChannel is None"));
    assert.ok(
      ds.find((d) => d.urn === v5.urn)?.message.includes("nodeOsChannelUpgrade is Unmanaged"),
    );
    assert.deepStrictEqual(
      of(await preview([c, cv], { [CHANNEL]: { flaggedChannels: ["None"] } }), CHANNEL).map(
        (d) => d.urn,
      ),
      [c.urn],
    );
    assert.deepStrictEqual(
      of(await preview([c], { [CHANNEL]: "mandatory" }), CHANNEL).map((d) => d.enforcementLevel),
      ["mandatory"],
    );
    assert.deepStrictEqual(of(await preview([c], { [CHANNEL]: "disabled" }), CHANNEL), []);
  });

  it("a first preview, every output unknown: no mandatory violation and no unknown-value error from the pack", async () => {
    const c = managedCluster("aks-new", {
      id: null,
      version: "1.31",
      nodeOsChannel: U,
      profiles: [
        { name: "system", version: U, image: U, osSKU: U, upgradeSettings: { maxSurge: U } },
      ],
      outputs: { currentKubernetesVersion: U, name: U },
    });
    const p = agentPool("batch", {
      cluster: c,
      link: "propertyDependency",
      version: "1.31",
      image: U,
      upgradeSettings: U,
    });
    const unknownCluster = managedCluster("later", {
      version: U,
      resourceName: U,
      id: null,
      agentPoolProfiles: U,
      autoUpgradeProfile: U,
    });
    const q = agentPool("q", {
      cluster: unknownCluster,
      link: "dependency",
      version: "1.20.1",
      osSKU: "Windows2019",
      image: U,
    });
    const cc = classicCluster("aks-classic", {
      version: U,
      id: U,
      nodeOsUpgradeChannel: U,
      defaultNodePool: { name: U, version: U, image: U },
    });
    const cp = classicNodePool("spot", {
      cluster: cc,
      link: "propertyDependency",
      version: "1.20.1",
      image: U,
      upgradeSettings: { maxSurge: U, maxUnavailable: U },
    });
    const ds = await preview([c, p, unknownCluster, q, cc, cp]);
    assert.deepStrictEqual(
      mandatory(ds).filter((d) => d.urn !== q.urn),
      [],
    );
    assert.ok(
      !ds.some(
        (d) => d.message.includes("can't run policy") || d.message.includes("internal error"),
      ),
      JSON.stringify(ds),
    );
    // q declares osSKU Windows2019, a known and retired OS: that is a real finding, not one an unknown made.
    assert.deepStrictEqual(
      mandatory(ds).map((d) => [d.policyName, d.urn]),
      [[RETIRED, q.urn]],
    );
  });

  it("the facts' provider outputs (test/fixtures/aks) run through the pack: old images and a retired OS fail", async () => {
    const cluster: AnalyzerResource = {
      urn: urn(AKS.cluster, "aks-prod"),
      type: AKS.cluster,
      name: "aks-prod",
      custom: true,
      inputs: fixture("native-cluster-inputs"),
      outputs: fixture("native-cluster-outputs"),
    };
    const pool: AnalyzerResource = {
      urn: urn(AKS.agentPool, "userpool"),
      type: AKS.agentPool,
      name: "userpool",
      custom: true,
      inputs: { resourceGroupName: "rg-aks", resourceName: "aks-prod", agentPoolName: "userpool" },
      outputs: fixture("native-agentpool-outputs"),
      dependencies: [urn(AKS.cluster, "aks-prod")],
    };
    const v6: AnalyzerResource = {
      urn: urn(AKS.classicCluster, "aks-classic"),
      type: AKS.classicCluster,
      name: "aks-classic",
      custom: true,
      inputs: fixture("classic-v6-cluster"),
      outputs: fixture("classic-v6-cluster"),
    };
    const v5: AnalyzerResource = {
      urn: urn(AKS.classicCluster, "aks-old"),
      type: AKS.classicCluster,
      name: "aks-old",
      custom: true,
      inputs: fixture("classic-v5-cluster"),
      outputs: fixture("classic-v5-cluster"),
    };
    const spot: AnalyzerResource = {
      urn: urn(AKS.classicPool, "spot"),
      type: AKS.classicPool,
      name: "spot",
      custom: true,
      inputs: fixture("classic-node-pool-outputs"),
      outputs: fixture("classic-node-pool-outputs"),
    };
    const ds = await preview([cluster, pool, v6, v5, spot]);
    const at = (policy: string, r: AnalyzerResource) =>
      of(ds, policy).filter((d) => d.urn === r.urn);
    // Images of 2024/2025 are far past 90 days at 2026-11-21; the cluster's "win" pool runs Windows Server 2019.
    assert.ok(
      at(RETIRED, cluster).some((d) => d.message.includes("Windows Server 2019")),
      JSON.stringify(at(RETIRED, cluster)),
    );
    assert.ok(
      at(RETIRED, cluster).some(
        (d) =>
          d.message.includes('"system"') &&
          d.message.includes("AKSUbuntu-2204gen2containerd-202404.22.0"),
      ),
    );
    assert.ok(
      at(RETIRED, pool).some((d) => d.message.includes("AKSAzureLinux-V3gen2-202505.27.0")),
    );
    assert.ok(at(RETIRED, spot).some((d) => d.message.includes("security patches of 2024-12-01")));
    // The cluster's outputs list "userpool", which the AgentPool manages: reported once, on the AgentPool.
    assert.ok(
      !ds.some((d) => d.urn === cluster.urn && d.message.includes('"userpool"')),
      "userpool judged on its AgentPool only",
    );
    // classic v6 default pool drainTimeoutInMinutes 0; v5 default pool 1.25.6 on 1.27.9 is within 2 minors.
    assert.ok(at(CYCLING, v6).some((d) => d.message.includes("drainTimeoutInMinutes is 0")));
    assert.deepStrictEqual(at(SKEW, v5), []);
    // Channels: native inputs Unmanaged, v5 None, v6 SecurityPatch.
    assert.deepStrictEqual(
      of(ds, CHANNEL)
        .map((d) => d.urn)
        .sort(),
      [cluster.urn, v5.urn].sort(),
    );
  });

  it("OKE results are the same with AKS resources in the stack", async () => {
    const oke = okeCluster("prod", { kubernetesVersion: "v1.35.2" });
    const okeStack = [oke, okePool("ahead", { version: "v1.36.0", cluster: oke })];
    const only = await preview(okeStack);
    const mixed = await preview([...okeStack, ...healthy()]);
    assert.deepStrictEqual(mixed, only);
    assert.ok(
      only.some((d) => d.policyName === SKEW && d.message.includes("v1.36.0")),
      "the OKE stack has findings to compare",
    );
  });

  it("policies/config.example.json carries the AKS keys and the new policy, and validates", async () => {
    const example = parsePolicyPackConfig(
      fs.readFileSync(path.join(PACK_DIR, "config.example.json"), "utf8"),
    );
    const info = await pack.session().info();
    const entry = (name: string) => example[name] as Record<string, unknown>;
    assert.deepStrictEqual(
      Object.keys(entry(CHANNEL)).filter((k) => k !== "enforcementLevel"),
      Object.keys(info.policies.find((p) => p.name === CHANNEL)?.configSchema?.properties ?? {}),
    );
    for (const [policy, key] of [
      [RETIRED, "aksMaxNodeImageAgeDays"],
      [RETIRED, "aksOsRetirements"],
      [AGE, "aksMaxNodeImageAgeDays"],
    ])
      assert.ok(key in entry(policy), `${policy}.${key}`);
    assert.ok(
      Object.keys(entry(SKEW).clusterVersions as object).some((k) => k.includes("/")),
      "an AKS clusterVersions key",
    );
    await pack.session().configure(example);
  });
});
