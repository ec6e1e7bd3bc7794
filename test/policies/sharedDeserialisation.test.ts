import { strict as assert } from "assert";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { shareDeserialisedProperties } from "../../policies/lib/sharedDeserialisation";

// The SDK module the pack patches (internal, so not in its typings).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdk = require("@pulumi/policy/deserialize") as {
  deserializeProperties(struct: Struct, proxySecrets: boolean): Record<string, unknown>;
};

describe("policies/lib/sharedDeserialisation: one deserialisation per request Struct", () => {
  it("takes effect with the pinned @pulumi/policy: the same Struct gives the same object, another Struct its own", () => {
    assert.equal(shareDeserialisedProperties(), true);
    assert.equal(shareDeserialisedProperties(), true, "idempotent");
    const struct = Struct.fromJavaScript({ nodeShape: "VM.Standard.E5.Flex", nodes: [{ a: 1 }] });
    const first = sdk.deserializeProperties(struct, false);
    assert.deepEqual(first, { nodeShape: "VM.Standard.E5.Flex", nodes: [{ a: 1 }] });
    assert.strictEqual(sdk.deserializeProperties(struct, false), first);
    const other = sdk.deserializeProperties(Struct.fromJavaScript({ nodeShape: "x" }), false);
    assert.notStrictEqual(other, first);
    assert.deepEqual(other, { nodeShape: "x" });
  });

  it("wraps one object in one unknown-checking proxy, which still reports unknowns", () => {
    shareDeserialisedProperties();
    const proxy = require("@pulumi/policy/proxy") as {
      unknownCheckingProxy(target: unknown): Record<string, unknown>;
      unknownStringValue: string;
    };
    const target = { imageId: proxy.unknownStringValue, shape: "VM.Standard.E5.Flex" };
    const first = proxy.unknownCheckingProxy(target);
    assert.strictEqual(proxy.unknownCheckingProxy(target), first);
    assert.notStrictEqual(proxy.unknownCheckingProxy({ ...target }), first);
    assert.equal(first.shape, "VM.Standard.E5.Flex");
    assert.throws(() => first.imageId, /can't be known during preview/);
    assert.equal(proxy.unknownCheckingProxy("text"), "text");
  });

  it("leaves the secret-preserving path (remediation) to the SDK: a fresh object each call", () => {
    shareDeserialisedProperties();
    const struct = Struct.fromJavaScript({ a: "b" });
    assert.notStrictEqual(
      sdk.deserializeProperties(struct, true),
      sdk.deserializeProperties(struct, true),
    );
  });
});
