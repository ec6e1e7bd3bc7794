/**
 * @pulumi/policy (pinned 1.21.0) deserialises a resource's properties (protobuf Struct → plain
 * JavaScript) once per policy: for Analyze, once per resource policy per resource; for
 * AnalyzeStack, every resource once per stack policy. With ten policies that, not the rules, is
 * most of the pack's cost. This memoises that step by the request's Struct object, so every
 * policy of one request reads the same plain object.
 *
 * The trade-off: policies no longer get private copies, so a policy that mutated its props would
 * be seen by the next one. The pack's rules only read (they copy what they keep, see
 * plainProps); remediation (which the pack does not use) is left alone. If the SDK stops
 * exposing the function, nothing is patched and the pack is just slower; a test proves the patch
 * takes effect with the pinned SDK.
 */
/** The request's `google.protobuf.Struct` (kept opaque: the pack does not depend on protobuf). */
type Struct = object;

type Deserialize = (struct: Struct, proxySecrets: boolean) => Record<string, unknown>;

interface DeserializeModule {
  deserializeProperties: Deserialize & { readonly shared?: true };
}

/** Installs the memo; returns whether it is in place. Idempotent. */
export function shareDeserialisedProperties(): boolean {
  let mod: DeserializeModule;
  try {
    // An internal module of the pinned SDK, patched in place: only require() gives the live exports.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require("@pulumi/policy/deserialize") as DeserializeModule;
  } catch {
    return false;
  }
  const original = mod.deserializeProperties;
  if (typeof original !== "function") return false;
  if (original.shared) return true;
  const memo = new WeakMap<object, Record<string, unknown>>();
  const shared = (struct: Struct, proxySecrets: boolean) => {
    if (proxySecrets || struct === null || typeof struct !== "object")
      return original(struct, proxySecrets);
    let hit = memo.get(struct);
    if (!hit) memo.set(struct, (hit = original(struct, proxySecrets)));
    return hit;
  };
  mod.deserializeProperties = Object.assign(shared, { shared: true as const });
  return true;
}
