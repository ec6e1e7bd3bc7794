/**
 * What the fuzzing found, as plain examples: each fixed bug stays fixed, and each known (reported,
 * not yet fixed) bug has a tripwire that fails once it is fixed, so that its exclusion in
 * support/knownIssues.ts is removed with the fix.
 */
import * as assert from "assert";
import { blueGreenPairRule } from "../../policies/blueGreenPair";
import { imageNotRetiredStackRule } from "../../policies/imageNotRetired";
import { versionSkewConfig, versionSkewRule } from "../../policies/versionSkew";
import type { Finding } from "../../policies/lib/finding";
import {
  CLUSTER_ID,
  CURRENT_ARM_1342,
  EXTERNAL_CLUSTER_ID,
  CURRENT_X86_1342,
  T,
  U,
  cluster,
  nodePool,
  plain,
  publishedCatalog,
  sampleSources,
} from "../fixtures/policies/stack";
import { KNOWN_ISSUES } from "./support/knownIssues";

const mandatory = (fs: Finding[]) => fs.filter((f) => !f.advisoryOnly);
const withoutArm = sampleSources().filter((s) => s.imageId !== CURRENT_ARM_1342);
const armOnly = sampleSources().filter((s) => s.sourceName.includes("aarch64"));

describe("robustness: what the fuzzing found", () => {
  describe("fixed: node-pool-image-not-retired concluded 'retired' from part of the published catalogs", () => {
    const c = cluster("prod");
    const pool = (over: Record<string, unknown> = {}) => {
      const p = nodePool("arm", {
        cluster: c,
        shape: "VM.Standard.A1.Flex",
        imageId: CURRENT_ARM_1342,
      });
      return { ...plain(p), props: { ...(plain(p).props as Record<string, unknown>), ...over } };
    };

    it("a published catalog that is not known yet may list the image: an advisory, never a mandatory 'retired'", () => {
      const known = publishedCatalog("all", withoutArm);
      const pending = publishedCatalog("pending", [{ imageId: CURRENT_ARM_1342, sourceName: U }]);
      const findings = imageNotRetiredStackRule([plain(c), pool(), plain(known), plain(pending)], {
        problems: [],
      });
      assert.deepStrictEqual(mandatory(findings), [], JSON.stringify(findings));
      assert.ok(
        findings.some((f) => f.advisoryOnly && /not known until the update/.test(f.message)),
        JSON.stringify(findings),
      );
      // The same stack with the pending catalog known and without the image is still judged.
      const stillMissing = publishedCatalog("pending", withoutArm.slice(0, 3));
      assert.strictEqual(
        mandatory(
          imageNotRetiredStackRule([plain(c), pool(), plain(known), plain(stillMissing)], {
            problems: [],
          }),
        ).length,
        1,
      );
    });

    it("an image listed by any published catalog is current, even when the pool's unknown shape keeps that catalog from covering it", () => {
      const all = publishedCatalog("all", withoutArm);
      const arm = publishedCatalog("arm", armOnly, {
        nodePoolOptionId: "all",
        nodePoolOsArch: "AARCH64",
      });
      for (const props of [{}, { nodeShape: U }]) {
        assert.deepStrictEqual(
          mandatory(
            imageNotRetiredStackRule([plain(c), pool(props), plain(all), plain(arm)], {
              problems: [],
            }),
          ),
          [],
          JSON.stringify(props),
        );
      }
      // An image no catalog lists is still retired.
      const gone = pool({
        nodeSourceDetails: {
          sourceType: "IMAGE",
          imageId: "ocid1.image.oc1.phx.aaaaaaaagone000000000000000000",
        },
      });
      assert.strictEqual(
        mandatory(
          imageNotRetiredStackRule([plain(c), gone, plain(all), plain(arm)], { problems: [] }),
        ).length,
        1,
      );
    });
  });

  describe("regressions of bugs this suite found (fixed)", () => {
    const member = (
      name: string,
      colour: string,
      active: unknown,
      over: Record<string, unknown> = {},
    ) => {
      const p = plain(nodePool(name, { clusterId: CLUSTER_ID, imageId: CURRENT_X86_1342 }));
      const props = {
        ...(p.props as Record<string, unknown>),
        freeformTags: {
          "okepools-pair": "web",
          "okepools-colour": colour,
          "okepools-active-colour": active,
        },
        ...over,
      };
      return { ...p, props };
    };

    it("blue-green-pair: a pool whose clusterId is unknown does not split its pair into a group judged as complete", () => {
      const healthy = [member("web-blue", "blue", "blue"), member("web-green", "green", "blue")];
      assert.deepStrictEqual(blueGreenPairRule(healthy), []);
      const unknownCluster = [
        member("web-blue", "blue", "blue", { clusterId: U }),
        member("web-green", "green", "blue"),
      ];
      assert.deepStrictEqual(mandatory(blueGreenPairRule(unknownCluster)), []);
      // The same pair with the active colour really missing is still reported.
      assert.ok(
        mandatory(blueGreenPairRule([member("web-green", "green", "blue")])).some((f) =>
          /active colour blue has no node pool/.test(f.message),
        ),
      );
    });

    it("blue-green-pair: a claim that is no colour is reported whether or not another pool's claim or membership is known", () => {
      const claimUnknown = [member("web-blue", "blue", "purple"), member("web-green", "green", U)];
      const membershipUnknown = [
        member("web-blue", "blue", "purple"),
        member("web-green", "green", U, {
          freeformTags: {
            "okepools-pair": U,
            "okepools-colour": "green",
            "okepools-active-colour": U,
          },
        }),
      ];
      for (const stack of [claimUnknown, membershipUnknown]) {
        assert.ok(
          mandatory(blueGreenPairRule(stack)).some((f) =>
            /active colour "purple" is not one of/.test(f.message),
          ),
        );
      }
      const disagree = [
        member("web-blue", "blue", "blue"),
        member("web-green", "green", "green"),
        member("web-extra", "green", U),
      ];
      assert.ok(
        mandatory(blueGreenPairRule(disagree)).some((f) => /its pools disagree/.test(f.message)),
      );
    });

    it("node-pool-version-skew: a clusterVersions entry does not stand in for an in-stack cluster whose id is unknown", () => {
      const config = versionSkewConfig({
        clusterVersions: { [EXTERNAL_CLUSTER_ID]: "v1.34.2" },
      }).config;
      const c = cluster("prod", { kubernetesVersion: "v1.35.2" }, EXTERNAL_CLUSTER_ID);
      const pool = plain(nodePool("p0", { clusterId: EXTERNAL_CLUSTER_ID, version: "v1.35.2" }));
      assert.deepStrictEqual(versionSkewRule([plain(c), pool], config), []);
      const unknownId = {
        ...plain(c),
        props: { ...(plain(c).props as Record<string, unknown>), id: U },
      };
      assert.deepStrictEqual(versionSkewRule([unknownId, pool], config), []);
      // Without an in-stack cluster, the config entry is used as before.
      assert.ok(
        mandatory(versionSkewRule([pool], config)).some((f) =>
          /newer than the control plane's v1\.34\.2/.test(f.message),
        ),
      );
    });

    it("no known issue is left open", () => {
      assert.deepStrictEqual(KNOWN_ISSUES, []);
      assert.ok(T.pool);
    });
  });
});
