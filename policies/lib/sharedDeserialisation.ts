/**
 * @pulumi/policy (pinned 1.21.0) deserialises a resource's properties (protobuf Struct → plain
 * JavaScript) and wraps them in an unknown-checking proxy once per policy: for Analyze, once
 * per resource policy per resource; for AnalyzeStack, every resource once per stack policy.
 * With ten policies that, not the rules, is most of the pack's cost. This memoises both steps:
 * the deserialisation by the request's Struct object, the proxy by the object it wraps, so
 * every policy of one request reads the same plain object through the same proxy.
 *
 * The trade-off: policies no longer get private copies, so a policy that mutated its props would
 * be seen by the next one. The pack's rules only read (they copy what they keep, see
 * plainProps); remediation (which the pack does not use) is left alone. The proxy keeps no
 * state (its trap reads the target and wraps what it finds), so sharing it changes nothing. If
 * the SDK stops exposing either function, that one is not patched and the pack is just slower;
 * a test proves both patches take effect with the pinned SDK.
 */
/** An SDK function whose first argument is the object its result is computed from. */
type Shareable = ((...args: unknown[]) => unknown) & { readonly shared?: true };

/**
 * Replaces `name` in an internal module of the pinned SDK (patched in place: only require()
 * gives the live exports) by a memo keyed on its first argument, an object; calls for which
 * `passThrough` holds, and non-object keys, go to the original every time. Returns whether the
 * memo is in place; idempotent.
 */
function memoiseByFirstArgument(
  id: string,
  name: string,
  passThrough: (...args: unknown[]) => boolean = () => false,
): boolean {
  let mod: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(id) as Record<string, unknown>;
  } catch {
    return false;
  }
  const original = mod[name] as Shareable | undefined;
  if (typeof original !== "function") return false;
  if (original.shared) return true;
  const memo = new WeakMap<object, unknown>();
  const shared = (...args: unknown[]) => {
    const key = args[0];
    if (key === null || typeof key !== "object" || passThrough(...args)) return original(...args);
    if (memo.has(key)) return memo.get(key);
    const value = original(...args);
    memo.set(key, value);
    return value;
  };
  mod[name] = Object.assign(shared, { shared: true as const });
  return true;
}

/** Installs both memos; returns whether the deserialisation memo is in place. Idempotent. */
export function shareDeserialisedProperties(): boolean {
  memoiseByFirstArgument("@pulumi/policy/proxy", "unknownCheckingProxy");
  // The secret-preserving path (remediation) keeps its fresh copies.
  return memoiseByFirstArgument(
    "@pulumi/policy/deserialize",
    "deserializeProperties",
    (_struct, proxySecrets) => Boolean(proxySecrets),
  );
}
