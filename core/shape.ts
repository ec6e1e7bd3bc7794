import { CpuArch } from "./imageName";

/** What a node shape needs from its image. */
export interface ShapeImageNeeds {
  readonly arch: CpuArch;
  readonly gpu: boolean;
}

// Ampere shapes (VM.Standard.A1.Flex, BM.Standard.A1.160, VM.Standard.A2.Flex, …) are Arm.
const ARM_SHAPE = /^(vm|bm)\.standard\.a\d+(\.|$)/i;
const GPU_SHAPE = /gpu/i;

/** Arm shapes take aarch64 images, GPU shapes GPU images, every other shape x86_64 non-GPU images. */
export function shapeImageNeeds(shape: string): ShapeImageNeeds {
  return { arch: ARM_SHAPE.test(shape) ? "aarch64" : "x86_64", gpu: GPU_SHAPE.test(shape) };
}

export function describeNeeds(needs: ShapeImageNeeds): string {
  return `${needs.arch}${needs.gpu ? " GPU" : ""}`;
}
