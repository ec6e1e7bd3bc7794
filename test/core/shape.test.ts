import assert from "node:assert/strict";
import { ShapeImageNeeds, describeNeeds, shapeImageNeeds } from "../../core/shape";

describe("core/shape", () => {
  describe("shapeImageNeeds", () => {
    const cases: Array<[string, ShapeImageNeeds, string]> = [
      // Ampere (Arm) shapes need aarch64 images.
      ["VM.Standard.A1.Flex", { arch: "aarch64", gpu: false }, "Ampere A1 VM"],
      ["BM.Standard.A1.160", { arch: "aarch64", gpu: false }, "Ampere A1 bare metal"],
      ["VM.Standard.A2.Flex", { arch: "aarch64", gpu: false }, "Ampere A2 VM"],
      ["vm.standard.a1.flex", { arch: "aarch64", gpu: false }, "lower case"],
      ["VM.STANDARD.A2.FLEX", { arch: "aarch64", gpu: false }, "upper case"],
      // x86 shapes.
      ["VM.Standard.E4.Flex", { arch: "x86_64", gpu: false }, "AMD E4"],
      ["VM.Standard.E5.Flex", { arch: "x86_64", gpu: false }, "AMD E5"],
      ["BM.Standard.E5.192", { arch: "x86_64", gpu: false }, "AMD E5 bare metal"],
      ["VM.Standard3.Flex", { arch: "x86_64", gpu: false }, "Intel Standard3"],
      ["VM.Standard2.1", { arch: "x86_64", gpu: false }, "Intel Standard2"],
      ["VM.Optimized3.Flex", { arch: "x86_64", gpu: false }, "Intel Optimized3"],
      ["VM.DenseIO.E4.Flex", { arch: "x86_64", gpu: false }, "DenseIO"],
      // GPU shapes need GPU images; "A10"/"A100" are NVIDIA GPUs, not Ampere A1 CPUs.
      ["VM.GPU.A10.1", { arch: "x86_64", gpu: true }, "A10 GPU is not an Arm A1 shape"],
      ["BM.GPU.A10.4", { arch: "x86_64", gpu: true }, "A10 GPU bare metal"],
      ["BM.GPU.A100-v2.8", { arch: "x86_64", gpu: true }, "A100 GPU"],
      ["VM.GPU2.1", { arch: "x86_64", gpu: true }, "GPU2"],
      ["VM.GPU3.1", { arch: "x86_64", gpu: true }, "GPU3"],
      ["BM.GPU4.8", { arch: "x86_64", gpu: true }, "GPU4"],
      ["bm.gpu.h100.8", { arch: "x86_64", gpu: true }, "lower-case GPU"],
    ];
    for (const [shape, expected, why] of cases) {
      it(`${shape} → ${describeNeeds(expected)} (${why})`, () => {
        assert.deepEqual(shapeImageNeeds(shape), expected);
      });
    }
  });

  describe("describeNeeds", () => {
    it("names arch and GPU-ness", () => {
      assert.equal(describeNeeds({ arch: "x86_64", gpu: false }), "x86_64");
      assert.equal(describeNeeds({ arch: "aarch64", gpu: false }), "aarch64");
      assert.equal(describeNeeds({ arch: "x86_64", gpu: true }), "x86_64 GPU");
    });
  });
});
