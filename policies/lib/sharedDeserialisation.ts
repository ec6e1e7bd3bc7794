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
/** The request's `google.protobuf.Struct` (kept opaque: the pack does not depend on protobuf). */
type Struct = object;

type Deserialize = (struct: Struct, proxySecrets: boolean) => Record<string, unknown>;
type Proxy = (target: unknown) => unknown;
type Shared<F> = F & { readonly shared?: true };

interface DeserializeModule {
  deserializeProperties: Shared<Deserialize>;
}

interface ProxyModule {
  unknownCheckingProxy: Shared<Proxy>;
}

/** An internal module of the pinned SDK, patched in place: only require() gives the live exports. */
function sdkModule<M>(id: string): M | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(id) as M;
  } catch {
    return undefined;
  }
}

function shareProxies(): void {
  const mod = sdkModule<ProxyModule>("@pulumi/policy/proxy");
  const original = mod?.unknownCheckingProxy;
  if (!mod || typeof original !== "function" || original.shared) return;
  const memo = new WeakMap<object, unknown>();
  const shared = (target: unknown) => {
    if (target === null || typeof target !== "object") return original(target);
    let hit = memo.get(target);
    if (hit === undefined) memo.set(target, (hit = original(target)));
    return hit;
  };
  mod.unknownCheckingProxy = Object.assign(shared, { shared: true as const });
}

/** Installs both memos; returns whether the deserialisation memo is in place. Idempotent. */
export function shareDeserialisedProperties(): boolean {
  const mod = sdkModule<DeserializeModule>("@pulumi/policy/deserialize");
  const original = mod?.deserializeProperties;
  if (!mod || typeof original !== "function") return false;
  shareProxies();
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
