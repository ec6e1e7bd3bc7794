import assert from "node:assert/strict";
import { UNKNOWN_STRING } from "../../core/unknown";
import {
  ENCRYPTED,
  RESOURCE_SIG,
  SECRET_SIG,
  SIG_KEY,
  StateFileError,
  parseState,
  readStateFile,
} from "../../offline/state/exportFile";
import { writeTemp } from "../support/tooling";

const STACK = "urn:pulumi:dev::infra::pulumi:pulumi:Stack::infra-dev";
const CLUSTER = "urn:pulumi:dev::infra::oci:ContainerEngine/cluster:Cluster::prod";

const doc = (resources: unknown[], version = 3) => ({
  version,
  deployment: {
    manifest: { time: "2026-05-01T10:00:00Z", magic: "x", version: "v3.190.0" },
    secrets_providers: { type: "passphrase", state: { salt: "v1:abc" } },
    resources,
    metadata: {},
  },
});

describe("offline/state/exportFile: pulumi stack export files", () => {
  it("decodes secrets (plaintext with --show-secrets, encrypted without), references and __defaults", () => {
    const s = parseState(
      doc([
        {
          urn: STACK,
          custom: false,
          type: "pulumi:pulumi:Stack",
          outputs: {
            kubeconfig: { [SIG_KEY]: SECRET_SIG, ciphertext: "v1:zzz" },
            password: { [SIG_KEY]: SECRET_SIG, plaintext: '"hunter2"' },
            cfg: { [SIG_KEY]: SECRET_SIG, plaintext: '{"a":[1,2]}' },
          },
        },
        {
          urn: CLUSTER,
          custom: true,
          id: "ocid1.cluster.oc1..aaa",
          type: "oci:ContainerEngine/cluster:Cluster",
          inputs: { __defaults: [], name: "prod", options: { __defaults: [], x: 1 } },
          outputs: {
            ref: { [SIG_KEY]: RESOURCE_SIG, urn: CLUSTER, id: "ocid1.x", packageVersion: "4.20.0" },
            pending: { [SIG_KEY]: RESOURCE_SIG, urn: CLUSTER, id: "" },
          },
          protect: true,
          retainOnDelete: true,
        },
      ]),
    );
    const stack = s.resources.get(STACK)!;
    assert.equal(stack.outputs.kubeconfig, ENCRYPTED);
    assert.equal(stack.outputs.password, "hunter2");
    assert.deepEqual(stack.outputs.cfg, { a: [1, 2] });
    assert.equal(s.encryptedSecrets, 1);
    const c = s.resources.get(CLUSTER)!;
    assert.deepEqual(c.inputs, { name: "prod", options: { x: 1 } });
    assert.equal(c.outputs.ref, "ocid1.x");
    assert.equal(c.outputs.pending, UNKNOWN_STRING);
    assert.equal(c.protect, true);
    assert.equal(c.retainOnDelete, true);
    assert.equal(s.stack, "dev");
    assert.equal(s.project, "infra");
  });

  it("version 4 is read; pending deletes (delete: true) are not live resources", () => {
    const s = parseState(
      doc([{ urn: CLUSTER, custom: true, id: "a", type: "t", delete: true }], 4),
    );
    assert.equal(s.resources.size, 0);
    assert.deepEqual(s.pendingDeletes, [CLUSTER]);
  });

  const bad: [string, unknown, RegExp][] = [
    ["not an object", [], /\(root\): not an object/],
    ["version 2", { version: 2, deployment: {} }, /version: 2 is not 3 or 4/],
    ["no deployment", { version: 3 }, /deployment: missing/],
    [
      "resources not a list",
      { version: 3, deployment: { resources: {} } },
      /deployment.resources: not a list/,
    ],
    [
      "urn missing",
      doc([{ custom: true, type: "t" }]),
      /resources\[0\]\.urn: undefined is not a URN/,
    ],
    ["type missing", doc([{ urn: CLUSTER, custom: true }]), /resources\[0\]\.type: missing/],
    [
      "component with an id",
      doc([{ urn: CLUSTER, custom: false, type: "t", id: "x" }]),
      /component \(custom: false\) cannot have an id/,
    ],
    [
      "duplicate",
      doc([
        { urn: CLUSTER, custom: false, type: "t" },
        { urn: CLUSTER, custom: false, type: "t" },
      ]),
      /appears twice/,
    ],
  ];
  for (const [what, value, message] of bad)
    it(`refuses ${what}, naming the place and the expected form`, () =>
      assert.throws(
        () => parseState(value, "s.json"),
        (e: unknown) =>
          e instanceof StateFileError &&
          message.test(e.message) &&
          /state file s\.json/.test(e.message) &&
          /pulumi stack export/.test(e.message),
      ));

  it("an unreadable or non-JSON file names the file and how to write it", () => {
    assert.throws(
      () => readStateFile("/nonexistent/state.json"),
      /cannot read it \(ENOENT\).*pulumi stack export --file/,
    );
    assert.throws(() => readStateFile(writeTemp("s.json", "{oops")), /not JSON/);
  });
});
