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

  it("leaves the secret-preserving path (remediation) to the SDK: a fresh object each call", () => {
    shareDeserialisedProperties();
    const struct = Struct.fromJavaScript({ a: "b" });
    assert.notStrictEqual(
      sdk.deserializeProperties(struct, true),
      sdk.deserializeProperties(struct, true),
    );
  });
});
