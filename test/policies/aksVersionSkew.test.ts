/** node-pool-version-skew for AKS pools: the rule function on plain stacks (outputs, as in the stack phase). */
import * as assert from "assert";
import { aksClusterVersions } from "../../policies/aks/stack";
import { aksVersionSkewRule } from "../../policies/aks/versionSkew";
import { Finding } from "../../policies/lib/finding";
import { versionSkewConfig, versionSkewRule } from "../../policies/versionSkew";
import {
  AKS,
  U,
  agentPool,
  armClusterId,
  classicCluster,
  classicNodePool,
  managedCluster,
  plain,
} from "../fixtures/aks/stack";
import { cluster as okeCluster, nodePool as okePool } from "../fixtures/policies/stack";
import type { AnalyzerResource } from "../../offline/analyzer/types";

const run = (resources: AnalyzerResource[], raw: Record<string, unknown> = {}): Finding[] =>
  aksVersionSkewRule(resources.map(plain), versionSkewConfig(raw).config);
const failing = (fs: Finding[]) => fs.filter((f) => !f.advisoryOnly);
const urns = (fs: Finding[]) => failing(fs).map((f) => f.urn);

describe("node-pool-version-skew (AKS rule)", () => {
  describe("azure-native ManagedCluster with inline agentPoolProfiles", () => {
    it("passes pools within 3 minors of a 1.28+ control plane, at its version, or without a version", () => {
      const c = managedCluster("aks-prod", {
        version: "1.30",
        profiles: [
          { name: "a", version: "1.30.5" },
          { name: "b", version: "1.27.9" },
          { name: "c", version: null },
          { name: "d", version: "1.28" },
        ],
      });
      assert.deepStrictEqual(run([c]), []);
    });

    it("fails a pool 4 minors behind, AKS-style versions, naming pool, cluster, field and fix", () => {
      const c = managedCluster("aks-prod", {
        version: "1.30",
        current: "1.30.5",
        profiles: [
          { name: "system", version: "1.30.5" },
          { name: "old", version: "1.26.3" },
        ],
      });
      const [f, ...rest] = run([c]);
      assert.deepStrictEqual(rest, []);
      assert.strictEqual(f.urn, c.urn);
      assert.strictEqual(f.advisoryOnly, undefined);
      for (const part of [
        'AKS node pool "old"',
        "agentPoolProfiles[1]",
        'cluster "aks-prod"',
        "1.26.3",
        "1.30.5",
        "4 minor versions behind",
        "at most 3",
        "Set agentPoolProfiles[1].orchestratorVersion to 1.30.5",
      ]) {
        assert.ok(f.message.includes(part), `${part}: ${f.message}`);
      }
      assert.ok(!/v1\.\d/.test(f.message), `no v-prefixed versions: ${f.message}`);
    });

    it("fails a pool newer than the control plane, patch included via currentKubernetesVersion", () => {
      const newer = managedCluster("c1", {
        version: "1.30",
        profiles: [{ name: "p", version: "1.31.1" }],
      });
      assert.strictEqual(run([newer]).length, 1);
      assert.ok(run([newer])[0].message.includes("newer than the control plane's 1.30"));
      // 1.30 declared, 1.30.5 running: a 1.30.7 pool is newer; without the output it is the same minor.
      const exact = managedCluster("c2", {
        version: "1.30",
        current: "1.30.5",
        profiles: [{ name: "p", version: "1.30.7" }],
      });
      assert.strictEqual(run([exact]).length, 1);
      const loose = managedCluster("c3", {
        version: "1.30",
        profiles: [{ name: "p", version: "1.30.7" }],
      });
      assert.deepStrictEqual(run([loose]), []);
      const minorOnly = managedCluster("c4", {
        version: "1.30.5",
        profiles: [{ name: "p", version: "1.31" }],
      });
      assert.strictEqual(run([minorOnly]).length, 1);
    });

    it("allows only 2 minors below 1.28", () => {
      const ok = managedCluster("c", {
        version: "1.27.9",
        profiles: [{ name: "p", version: "1.25.6" }],
      });
      assert.deepStrictEqual(run([ok]), []);
      const bad = managedCluster("c", {
        version: "1.27.9",
        profiles: [{ name: "p", version: "1.24.9" }],
      });
      assert.ok(run([bad])[0].message.includes("at most 2"));
    });

    it("maxMinorSkew tightens the limit, never widens it", () => {
      const c = managedCluster("c", {
        version: "1.30",
        profiles: [{ name: "p", version: "1.28.3" }],
      });
      assert.deepStrictEqual(run([c]), []);
      assert.ok(run([c], { maxMinorSkew: 1 })[0].message.includes("at most 1"));
      const older = managedCluster("d", {
        version: "1.30",
        profiles: [{ name: "p", version: "1.26.3" }],
      });
      assert.strictEqual(run([older], { maxMinorSkew: 3 }).length, 1);
    });

    it("a versioned azure-native token counts as the same type", () => {
      const c = managedCluster("c", {
        type: AKS.clusterV,
        version: "1.30",
        profiles: [{ name: "p", version: "1.26.1" }],
      });
      assert.deepStrictEqual(urns(run([c])), [c.urn]);
      const preview = managedCluster("c", {
        type: "azure-native:containerservice/v20230502preview:ManagedCluster",
        version: "1.30",
        profiles: [{ name: "p", version: "1.26.1" }],
      });
      assert.strictEqual(run([preview]).length, 1);
      const other = managedCluster("c", {
        type: "azure-native:containerservice/v2024:ManagedCluster",
        version: "1.30",
        profiles: [{ name: "p", version: "1.26.1" }],
      });
      assert.deepStrictEqual(run([other]), []);
    });
  });

  describe("azure-native AgentPool resources", () => {
    const c = managedCluster("aks-prod", {
      version: "1.31",
      current: "1.31.2",
      profiles: [{ name: "system", version: "1.31.2" }],
    });

    it("linked by resourceGroupName and resourceName: passes within the skew, fails too far behind and newer", () => {
      assert.deepStrictEqual(run([c, agentPool("ok", { cluster: c, version: "1.29.9" })]), []);
      const behind = agentPool("behind", { cluster: c, version: "1.27.7" });
      const ahead = agentPool("ahead", { cluster: c, version: "1.32.0" });
      const fs = run([c, behind, ahead]);
      assert.deepStrictEqual(urns(fs).sort(), [behind.urn, ahead.urn].sort());
      const msg = fs.find((f) => f.urn === behind.urn)?.message ?? "";
      assert.ok(
        msg.includes(
          "az aks nodepool upgrade --resource-group rg-aks --cluster-name aks-prod --name behind --kubernetes-version 1.31.2",
        ),
        msg,
      );
      assert.ok(msg.includes('AKS node pool "behind" of cluster "aks-prod"'), msg);
    });

    it("links case-insensitively, and by the ARM id in the outputs when the inputs are not there", () => {
      const upper = agentPool("p", {
        cluster: c,
        rg: "RG-AKS",
        clusterName: "AKS-PROD",
        version: "1.27.7",
        link: "none",
      });
      assert.deepStrictEqual(urns(run([c, upper])), [upper.urn]);
      // Outputs of an existing AgentPool carry only the id (azure-native outputs have no resourceGroupName/resourceName).
      const outputsOnly = agentPool("q", { cluster: c, version: "1.27.7", link: "none" });
      const props = {
        ...(outputsOnly.outputs as Record<string, unknown>),
        resourceGroupName: undefined,
        resourceName: undefined,
        id: `${armClusterId("rg-aks", "aks-prod")}/agentPools/q`,
      };
      assert.deepStrictEqual(
        urns(
          aksVersionSkewRule(
            [plain(c), { ...plain(outputsOnly), props }],
            versionSkewConfig({}).config,
          ),
        ),
        [outputsOnly.urn],
      );
    });

    it("links by property dependency, parent or plain dependency when the names are not known yet", () => {
      for (const link of ["propertyDependency", "parent", "dependency"] as const) {
        const p = agentPool(`via-${link}`, { cluster: c, version: "1.27.7", link });
        assert.strictEqual((p.inputs as Record<string, unknown>).resourceName, U);
        assert.deepStrictEqual(urns(run([c, p])), [p.urn], link);
      }
    });

    it("never links to a cluster whose name contradicts the pool's, even through a dependency", () => {
      const p = agentPool("p", {
        cluster: c,
        rg: "rg-aks",
        clusterName: "other",
        version: "1.27.7",
        link: "dependency",
      });
      const fs = run([c, p]);
      assert.deepStrictEqual(failing(fs), []);
      assert.ok(
        fs[0].advisoryOnly && fs[0].message.includes('"clusterVersions": {"rg-aks/other"'),
        fs[0].message,
      );
    });

    it("versioned tokens link as well", () => {
      const cv = managedCluster("aks-prod", { type: AKS.clusterV, version: "1.31" });
      const p = agentPool("p", { cluster: cv, type: AKS.agentPoolV, version: "1.26.1" });
      assert.deepStrictEqual(urns(run([cv, p])), [p.urn]);
    });

    it("a pool both in the cluster's agentPoolProfiles output and an AgentPool resource is judged once, as the AgentPool", () => {
      const listed = managedCluster("aks-prod", {
        version: "1.31",
        profiles: [
          { name: "system", version: "1.31.2" },
          { name: "batch", version: "1.26.1" },
        ],
      });
      const batch = agentPool("batch", { cluster: listed, version: "1.26.1" });
      assert.deepStrictEqual(urns(run([listed, batch])), [batch.urn]);
      // Without the AgentPool resource, the inline entry is judged (so the pass above is not by accident).
      assert.deepStrictEqual(urns(run([listed])), [listed.urn]);
    });
  });

  describe("classic azure KubernetesCluster and KubernetesClusterNodePool", () => {
    const cc = classicCluster("aks-classic", { version: "1.31", current: "1.31.2" });

    it("checks defaultNodePool.orchestratorVersion against kubernetesVersion", () => {
      assert.deepStrictEqual(
        run([
          classicCluster("k", {
            version: "1.31",
            defaultNodePool: { name: "default", version: "1.28.5" },
          }),
        ]),
        [],
      );
      const old = classicCluster("k", {
        version: "1.31",
        defaultNodePool: { name: "default", version: "1.27.5" },
      });
      const [f] = run([old]);
      assert.strictEqual(f.urn, old.urn);
      assert.ok(
        f.message.includes("defaultNodePool") &&
          f.message.includes("Set defaultNodePool.orchestratorVersion to 1.31"),
        f.message,
      );
    });

    it("links node pools by kubernetesClusterId (any case) or by property dependency", () => {
      const byId = classicNodePool("by-id", { cluster: cc, version: "1.27.1" });
      const lower = classicNodePool("lower", {
        clusterId: armClusterId("rg-classic", "aks-classic").toLowerCase(),
        version: "1.27.1",
      });
      const byDep = classicNodePool("by-dep", {
        cluster: cc,
        version: "1.27.1",
        link: "propertyDependency",
      });
      const fine = classicNodePool("fine", { cluster: cc, version: "1.30.4" });
      assert.deepStrictEqual(
        urns(run([cc, byId, lower, byDep, fine])).sort(),
        [byId.urn, lower.urn, byDep.urn].sort(),
      );
      const msg = run([cc, byId])[0].message;
      assert.ok(
        msg.includes(
          "az aks nodepool upgrade --resource-group rg-classic --cluster-name aks-classic --name by-id --kubernetes-version 1.31.2",
        ),
        msg,
      );
    });

    it("a pool newer than a v5 cluster fails too", () => {
      const v5 = classicCluster("aks-old", {
        rg: "rg-old",
        version: "1.27.9",
        nodeOsChannelUpgrade: "None",
        defaultNodePool: { name: "default", version: "1.25.6" },
      });
      assert.deepStrictEqual(run([v5]), []);
      const p = classicNodePool("p", { cluster: v5, version: "1.28.0" });
      assert.deepStrictEqual(urns(run([v5, p])), [p.urn]);
    });
  });

  describe("clusters outside the stack: clusterVersions", () => {
    const external = agentPool("ext", {
      rg: "rg-shared",
      clusterName: "aks-shared",
      version: "1.27.3",
      link: "none",
    });
    const classicExternal = classicNodePool("cext", {
      clusterId: armClusterId("rg-platform", "aks-platform"),
      version: "1.27.3",
    });

    it("without an entry: an advisory naming the key to add and the az command, never a violation", () => {
      const fs = run([external, classicExternal]);
      assert.deepStrictEqual(failing(fs), []);
      assert.strictEqual(fs.length, 2);
      assert.ok(
        fs[0].message.includes('"clusterVersions": {"rg-shared/aks-shared"') &&
          fs[0].message.includes("az aks show --resource-group rg-shared --name aks-shared"),
        fs[0].message,
      );
      assert.ok(fs[1].message.includes('"rg-platform/aks-platform"'), fs[1].message);
    });

    it("by resourceGroup/name or by ARM id (any case), with or without a patch", () => {
      assert.deepStrictEqual(
        urns(run([external], { clusterVersions: { "rg-shared/aks-shared": "1.31" } })),
        [external.urn],
      );
      assert.deepStrictEqual(
        run([external], { clusterVersions: { "RG-Shared/AKS-Shared": "1.30.5" } }),
        [],
      );
      assert.deepStrictEqual(
        urns(
          run([external], {
            clusterVersions: { [armClusterId("rg-shared", "aks-shared")]: "1.31.1" },
          }),
        ),
        [external.urn],
      );
      assert.deepStrictEqual(
        urns(
          run([classicExternal], {
            clusterVersions: {
              [armClusterId("rg-platform", "aks-platform").toUpperCase()]: "1.31",
            },
          }),
        ),
        [classicExternal.urn],
      );
      assert.deepStrictEqual(
        urns(run([classicExternal], { clusterVersions: { "rg-platform/aks-platform": "1.31" } })),
        [classicExternal.urn],
      );
      const [f] = run([external], { clusterVersions: { "rg-shared/aks-shared": "1.31" } });
      assert.ok(
        f.message.includes("cluster rg-shared/aks-shared (from clusterVersions) at 1.31"),
        f.message,
      );
    });

    it("OKE keys are left to the OKE rule; a '/' key that is not a cluster id is a config problem", () => {
      const { config } = versionSkewConfig({
        clusterVersions: {
          "ocid1.cluster.oc1.phx.x": "v1.31.1",
          "/subscriptions/x/nope": "1.31",
          "rg-shared/aks-shared": "1.31",
        },
      });
      const aks = aksClusterVersions(config.clusterVersions);
      assert.deepStrictEqual(
        aks.config.entries.map((e) => e.key),
        ["rg-shared/aks-shared"],
      );
      assert.deepStrictEqual(
        aks.problems.map((p) => p.key),
        ["clusterVersions./subscriptions/x/nope"],
      );
    });

    it("a pool without its own version follows its cluster: no advisory", () => {
      assert.deepStrictEqual(
        run([agentPool("p", { rg: "rg-x", clusterName: "aks-x", version: null, link: "none" })]),
        [],
      );
    });
  });

  describe("unknown, missing and malformed values", () => {
    it("never fails on unknown versions, unknown links or unknown cluster names", () => {
      const c = managedCluster("aks-prod", {
        version: U,
        profiles: [{ name: "p", version: "1.26.1" }],
      });
      assert.deepStrictEqual(run([c, agentPool("a", { cluster: c, version: "1.20.1" })]), []);
      const known = managedCluster("aks-prod", {
        version: "1.31",
        profiles: [
          { name: "p", version: U },
          { name: U, version: U },
        ],
      });
      assert.deepStrictEqual(run([known]), []);
      // The pool's cluster reference is unknown and nothing else names it: checked once known.
      assert.deepStrictEqual(
        run([
          managedCluster("other", { version: "1.31", profiles: [] }),
          agentPool("orphan", { rg: U, clusterName: U, version: "1.20.1", link: "none" }),
        ]),
        [],
      );
      // A stack cluster whose own name is unknown may be the pool's.
      const unnamed = managedCluster("new", {
        resourceName: U,
        version: "1.31",
        id: null,
        profiles: [],
      });
      assert.deepStrictEqual(
        run([
          unnamed,
          agentPool("p", { rg: "rg-aks", clusterName: "new", version: "1.20.1", link: "none" }),
        ]),
        [],
      );
      assert.deepStrictEqual(run([managedCluster("c", { agentPoolProfiles: U })]), []);
    });

    it("tolerates missing fields: no kubernetesVersion, no profiles, empty objects", () => {
      assert.deepStrictEqual(
        run([managedCluster("c", { version: null, profiles: [{ name: "p", version: "1.20.1" }] })]),
        [],
      );
      assert.deepStrictEqual(
        run([
          managedCluster("c", { profiles: [] }),
          classicCluster("k", { defaultNodePool: null }),
        ]),
        [],
      );
      const bare: AnalyzerResource = {
        urn: "urn:pulumi:dev::p::azure-native:containerservice:AgentPool::x",
        type: AKS.agentPool,
        name: "x",
        custom: true,
        inputs: {},
        outputs: {},
      };
      assert.deepStrictEqual(run([bare]), []);
    });

    it("reports an unparsable pool version as an advisory", () => {
      const c = managedCluster("c", {
        version: "1.31",
        profiles: [{ name: "p", version: "latest" }],
      });
      const [f] = run([c]);
      assert.strictEqual(f.advisoryOnly, true);
      assert.ok(f.message.includes('"latest"') && f.message.includes("1.30.5"), f.message);
    });
  });

  it("leaves OKE pools to the OKE rule, and the OKE rule ignores AKS resources", () => {
    const oke = okeCluster("prod", { kubernetesVersion: "v1.35.2" });
    const okeAhead = okePool("ahead", { version: "v1.36.0", cluster: oke });
    const c = managedCluster("aks-prod", {
      version: "1.30",
      profiles: [{ name: "old", version: "1.26.3" }],
    });
    const stack = [oke, okeAhead, c].map(plain);
    const config = versionSkewConfig({}).config;
    assert.deepStrictEqual(
      versionSkewRule(stack, config).map((f) => f.urn),
      [okeAhead.urn],
    );
    assert.deepStrictEqual(
      aksVersionSkewRule(stack, config).map((f) => f.urn),
      [c.urn],
    );
    assert.ok(
      versionSkewRule(stack, config)[0].message.includes("v1.36.0"),
      "OKE messages keep the v prefix",
    );
  });
});
