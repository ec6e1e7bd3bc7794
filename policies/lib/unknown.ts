/**
 * Values the engine does not know yet: see core/unknown.ts. Reading one through `args.props`
 * throws inside @pulumi/policy, so the pack reads raw values with {@link plainProps} and checks
 * them with {@link isUnknown}.
 */
export { UNKNOWN_STRING, containsUnknown, isUnknown } from "../../core/unknown";

/**
 * The raw property bag behind @pulumi/policy's unknown-checking proxy. The proxy traps only
 * `get`; `Object.keys` and property descriptors reach the target, whose nested values are plain
 * data. Anything that is not an object gives an empty bag. Never throws.
 */
export function plainProps(props: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (props === null || typeof props !== "object") return out;
  try {
    for (const key of Object.keys(props)) {
      const d = Reflect.getOwnPropertyDescriptor(props, key);
      if (d && "value" in d && d.value !== undefined) out[key] = d.value;
    }
  } catch {
    // A hostile object: give what was read so far.
  }
  return out;
}
