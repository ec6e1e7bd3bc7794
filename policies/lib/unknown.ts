/**
 * Values the engine does not know yet. During a preview, an input or output computed from
 * another resource's output arrives as one of these sentinel strings (the engine sends the
 * string sentinel for every kind; @pulumi/policy defines the others). Reading one through
 * `args.props` throws inside @pulumi/policy, so the pack reads raw values with
 * {@link plainProps} and checks them with {@link isUnknown}.
 */
export const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const SENTINELS: ReadonlySet<string> = new Set([
  UNKNOWN_STRING,
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
  "030794c1-ac77-496b-92df-f27374a8bd58", // asset
  "e48ece36-62e2-4504-bad9-02848725956a", // archive
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

/** Whether `value` is an unknown-value sentinel. */
export function isUnknown(value: unknown): boolean {
  return typeof value === "string" && SENTINELS.has(value);
}

/** Whether `value` is, or contains at any depth (up to 32 levels), an unknown sentinel. */
export function containsUnknown(value: unknown, depth = 0): boolean {
  if (isUnknown(value)) return true;
  if (depth > 32 || value === null || typeof value !== "object") return false;
  const items = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
  return items.some((v) => containsUnknown(v, depth + 1));
}

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
