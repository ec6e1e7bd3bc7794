import * as assert from "assert";
import { ImageCatalog } from "../../core/catalog";
import { imageMatchesShapeRule } from "../../policies/imageMatchesShape";
import { imageMatchesVersionRule } from "../../policies/imageMatchesVersion";
import {
  CURRENT_ARM_1342,
  CURRENT_GPU_1342,
  CURRENT_X86_1331,
  CURRENT_X86_1342,
  CURRENT_X86_1352,
  RETIRED_ID,
  RETIRED_NAME,
  SAMPLE_CATALOG,
  U,
  cluster,
  imageId,
  nodePool,
  plain,
  publishedCatalog,
  sampleSources,
} from "../fixtures/policies/stack";

const catalog = ImageCatalog.parse(SAMPLE_CATALOG);

describe("node-pool-image-matches-version", () => {
  it("passes an image built for the pool's version", () => {
    assert.deepStrictEqual(
      imageMatchesVersionRule([plain(nodePool("p", { imageId: CURRENT_X86_1342 }))], catalog),
      [],
    );
  });

  it("fails an image built for another version, with the 409 and the image to use", () => {
    const pool = nodePool("p", { imageId: CURRENT_X86_1331, version: "v1.34.2" });
    const [f] = imageMatchesVersionRule([plain(pool)], catalog);
    assert.strictEqual(f.urn, pool.urn);
    assert.strictEqual(f.advisoryOnly, undefined);
    for (const part of ["v1.34.2", "v1.33.1", "409 Conflict", CURRENT_X86_1342])
      assert.ok(f.message.includes(part), f.message);
  });

  it("compares with the cluster's version when the pool has none", () => {
    const c = cluster("prod", { kubernetesVersion: "v1.35.2" });
    const pool = nodePool("p", { imageId: CURRENT_X86_1342, version: null, cluster: c });
    const [f] = imageMatchesVersionRule([c, pool].map(plain), catalog);
    assert.ok(f.message.includes('its cluster "prod"\'s version'), f.message);
    assert.ok(f.message.includes(CURRENT_X86_1352), f.message);
    assert.deepStrictEqual(
      imageMatchesVersionRule(
        [c, nodePool("q", { imageId: CURRENT_X86_1352, version: null, cluster: c })].map(plain),
        catalog,
      ),
      [],
    );
  });

  it("names images from the okepools tag and from published catalogs when no config catalog is given", () => {
    const tagged = nodePool("t", {
      imageId: RETIRED_ID,
      tagName: RETIRED_NAME,
      version: "v1.35.2",
    });
    assert.strictEqual(imageMatchesVersionRule([plain(tagged)], undefined).length, 1);
    const pub = nodePool("pub", { imageId: CURRENT_X86_1331, version: "v1.34.2" });
    assert.strictEqual(
      imageMatchesVersionRule([plain(pub)], undefined).length,
      0,
      "no name: nothing to compare",
    );
    assert.strictEqual(
      imageMatchesVersionRule([publishedCatalog("c", sampleSources()), pub].map(plain), undefined)
        .length,
      1,
    );
  });

  it("skips platform images, unknown images and unknown versions", () => {
    const platform = imageId("Oracle-Linux-8.10-2026.10.20-0");
    assert.deepStrictEqual(
      imageMatchesVersionRule(
        [
          nodePool("a", { imageId: platform }),
          nodePool("b", { imageId: U }),
          nodePool("c", { imageId: CURRENT_X86_1331, version: U }),
        ].map(plain),
        catalog,
      ),
      [],
    );
  });
});

describe("node-pool-image-matches-shape", () => {
  it("passes matching images for x86, Arm and GPU shapes", () => {
    const pools = [
      nodePool("x", { imageId: CURRENT_X86_1342, shape: "VM.Standard.E5.Flex" }),
      nodePool("a", { imageId: CURRENT_ARM_1342, shape: "VM.Standard.A1.Flex" }),
      nodePool("g", { imageId: CURRENT_GPU_1342, shape: "VM.GPU.A10.1" }),
    ];
    assert.deepStrictEqual(imageMatchesShapeRule(pools.map(plain), catalog), []);
  });

  it("fails an x86 image on an Arm shape and recommends the Arm image", () => {
    const pool = nodePool("a", { imageId: CURRENT_X86_1342, shape: "VM.Standard.A1.Flex" });
    const [f] = imageMatchesShapeRule([plain(pool)], catalog);
    for (const part of ["VM.Standard.A1.Flex", "aarch64", "x86_64", CURRENT_ARM_1342])
      assert.ok(f.message.includes(part), f.message);
    assert.strictEqual(f.advisoryOnly, undefined);
  });

  it("fails a non-GPU image on a GPU shape and a GPU image on a plain shape", () => {
    const [gpuShape] = imageMatchesShapeRule(
      [plain(nodePool("g", { imageId: CURRENT_X86_1342, shape: "BM.GPU.A10.4" }))],
      catalog,
    );
    assert.ok(gpuShape.message.includes(CURRENT_GPU_1342), gpuShape.message);
    const [plainShape] = imageMatchesShapeRule(
      [plain(nodePool("p", { imageId: CURRENT_GPU_1342, shape: "VM.Standard.E4.Flex" }))],
      catalog,
    );
    assert.ok(plainShape.message.includes(CURRENT_X86_1342), plainShape.message);
  });

  it("skips unknown shapes, unknown images and images it cannot name", () => {
    const pools = [
      nodePool("a", { imageId: CURRENT_X86_1342, shape: U }),
      nodePool("b", { imageId: U, shape: "VM.Standard.A1.Flex" }),
      nodePool("c", { imageId: "ocid1.image.x", shape: "VM.Standard.A1.Flex" }),
    ];
    assert.deepStrictEqual(imageMatchesShapeRule(pools.map(plain), catalog), []);
  });
});
