import { CpuArch } from "./imageName";
import { nearest } from "./spelling";

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

/** `an x86_64 image`, `an aarch64 image`, `an x86_64 GPU image`. */
export function needsWithArticle(needs: ShapeImageNeeds): string {
  return `an ${describeNeeds(needs)}`;
}

/** Flex shapes take their size from `ocpus` and `memoryInGbs`; OKE rejects a Flex pool without them. */
export function isFlexShape(shape: string): boolean {
  return /\.flex$/i.test(shape);
}

/**
 * Why `shape` is not one of the catalog's `shapes` (with "did you mean" for a mis-cased or
 * mistyped one); `undefined` when it is, or when the catalog lists no shapes.
 */
export function shapeProblem(shape: string, known: readonly string[]): string | undefined {
  if (known.length === 0 || known.includes(shape)) return undefined;
  const cased = known.find((k) => k.toLowerCase() === shape.toLowerCase());
  if (cased) return `shape names are case-sensitive: did you mean "${cased}"?`;
  const near = nearest(shape, known);
  const list = known.join(", ");
  return near
    ? `is not a shape the catalog offers: did you mean "${near}"? (offered: ${list})`
    : `is not a shape the catalog offers (offered: ${list})`;
}
