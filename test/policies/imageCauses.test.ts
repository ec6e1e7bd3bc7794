import * as assert from "assert";
import { ImageCatalog } from "../../core/catalog";
import { imageAgeConfig, imageAgeRule } from "../../policies/imageAge";
import { imageNotRetiredResourceRule } from "../../policies/imageNotRetired";
import {
  CURRENT_X86_1331,
  CURRENT_X86_1352,
  SAMPLE_CATALOG,
  imageId,
  nodePool,
  plain,
  plainInputs,
} from "../fixtures/policies/stack";

const catalog = ImageCatalog.parse(SAMPLE_CATALOG);
const NAME_1352 = "Oracle-Linux-8.10-2026.10.20-1-OKE-1.35.2-1580";

function only(findings: { message: string }[]): string {
  assert.strictEqual(findings.length, 1, JSON.stringify(findings));
  return findings[0].message;
}

describe("'retired' means only retired: other causes of an OCID missing from the catalog get their own message", () => {
  it("a truncated OCID: cut short, with the whole OCID to set", () => {
    const cut = CURRENT_X86_1352.slice(0, 50);
    const m = only(
      imageNotRetiredResourceRule(
        plainInputs(nodePool("p", { imageId: cut, version: "v1.35.2" })),
        catalog,
      ),
    );
    assert.match(m, /is not a whole OCID: it is cut short/);
    assert.ok(m.includes(`Set nodeSourceDetails.imageId to the whole OCID ${CURRENT_X86_1352}`), m);
    assert.doesNotMatch(m, /no longer in the catalog/);
  });

  it("an OCID of another region: says so, and gives this region's OCID for its name", () => {
    const iad = CURRENT_X86_1352.replace(".phx.", ".iad.");
    const m = only(
      imageNotRetiredResourceRule(
        plainInputs(nodePool("p", { imageId: iad, tagName: NAME_1352, version: "v1.35.2" })),
        catalog,
      ),
    );
    assert.match(
      m,
      /an OCID of region us-ashburn-1, but the catalog of current images is of us-phoenix-1/,
    );
    assert.ok(m.includes(`set nodeSourceDetails.imageId to ${CURRENT_X86_1352} (${NAME_1352})`), m);
    assert.ok(
      m.includes(
        "oci ce node-pool-options get --node-pool-option-id all --region us-ashburn-1 --output json > catalog.json",
      ),
      m,
    );
  });

  it("an OCID/name mismatch: the name is current under another OCID", () => {
    const m = only(
      imageNotRetiredResourceRule(
        plainInputs(
          nodePool("p", {
            imageId:
              "ocid1.image.oc1.phx.aaaaaaaaunknownxyz0000000000000000000000000000000000000000",
            tagName: NAME_1352,
            version: "v1.35.2",
          }),
        ),
        catalog,
      ),
    );
    assert.match(m, /the OCID is not in the catalog, but the source name is, as /);
    assert.ok(m.includes(imageId(NAME_1352)), m);
  });
});

describe("node-pool-image-age offers the same-minor patch when its version has no newer build", () => {
  it("a v1.33.1 pool on the newest v1.33.1 image (458 days old) is pointed at v1.33.10 and its image", () => {
    const pool = nodePool("old", { imageId: CURRENT_X86_1331, version: "v1.33.1" });
    const [f] = imageAgeRule(
      [plain(pool)],
      imageAgeConfig({}).config,
      catalog,
      new Date("2026-12-02T00:00:00Z"),
    );
    const patch = "Oracle-Linux-8.10-2026.10.20-1-OKE-1.33.10-1580";
    assert.ok(f.message.includes("458 days old"), f.message);
    assert.ok(
      f.message.includes(
        `set kubernetesVersion to v1.33.10 and, in the same update, set nodeSourceDetails.imageId to ${imageId(patch)} (${patch})`,
      ),
      f.message,
    );
  });
});
