import assert from "node:assert/strict";
import { FORCE_NEW_FIELDS, pathSegments } from "../../core/forceNew";
import { TYPE_OCI_CLUSTER, TYPE_OCI_LB_BACKEND, TYPE_OCI_NODE_POOL } from "../../core/tags";
import { UNKNOWN_STRING } from "../../core/unknown";
import { diffInputs, formatPath } from "../../offline/state/diff";
import { ENCRYPTED } from "../../offline/state/exportFile";

/** `{a: {b: value}}` for path `a.b`. */
function at(path: string, value: unknown): Record<string, unknown> {
  const segs = pathSegments(path).filter((s): s is string => typeof s === "string");
  let v: unknown = value;
  for (const s of [...segs].reverse()) v = { [s]: v };
  return v as Record<string, unknown>;
}

const POOL = {
  clusterId: "ocid1.cluster.oc1.phx.aaaa",
  compartmentId: "ocid1.compartment.oc1..aaaa",
  nodeShape: "VM.Standard.E5.Flex",
  kubernetesVersion: "v1.34.2",
  nodeSourceDetails: { sourceType: "IMAGE", imageId: "ocid1.image.oc1.phx.old" },
  nodeConfigDetails: {
    size: 3,
    placementConfigs: [{ availabilityDomain: "Uocm:PHX-AD-1", subnetId: "ocid1.subnet.oc1.phx.a" }],
  },
};

describe("offline/state/diff: stored inputs against new inputs, with the provider's force-new fields", () => {
  for (const [type, fields] of Object.entries(FORCE_NEW_FIELDS)) {
    for (const f of fields) {
      it(`${type.split(":").pop()}: a change of ${f.path} replaces`, () => {
        const d = diffInputs(type, at(f.path, "old-value"), at(f.path, "new-value"));
        assert.equal(d.replace, true, JSON.stringify(d));
        assert.equal(d.changes.length, 1);
        assert.equal(d.changes[0].path, f.path);
        assert.equal(d.changes[0].kind, "update-replace");
        assert.equal(d.changes[0].forceNew?.path, f.path);
        assert.deepEqual(d.replaceReasons, [String(pathSegments(f.path)[0])]);
      });
    }
  }

  it("endpointConfig.subnetId replaces only when it was set (ForceNewIfChange on a non-empty old value)", () => {
    const added = diffInputs(TYPE_OCI_CLUSTER, {}, { endpointConfig: { subnetId: "s1" } });
    assert.equal(added.replace, false);
    assert.equal(added.changes[0].kind, "add");
    const changed = diffInputs(
      TYPE_OCI_CLUSTER,
      { endpointConfig: { subnetId: "s1" } },
      { endpointConfig: { subnetId: "s2" } },
    );
    assert.equal(changed.replace, true);
    const removed = diffInputs(TYPE_OCI_CLUSTER, { endpointConfig: { subnetId: "s1" } }, {});
    assert.equal(removed.replace, true);
    assert.equal(removed.changes[0].kind, "delete-replace");
  });

  it("adding serviceLbSubnetIds to a cluster without options replaces it (the object holds a force-new field)", () => {
    const d = diffInputs(
      TYPE_OCI_CLUSTER,
      { vcnId: "v" },
      { vcnId: "v", options: { serviceLbSubnetIds: ["s"] } },
    );
    assert.deepEqual(
      d.changes.map((c) => [c.path, c.kind]),
      [["options", "add-replace"]],
    );
    assert.deepEqual(d.replaceReasons, ["options"]);
  });

  it("a list element change under a force-new list replaces, with the element's path", () => {
    const d = diffInputs(
      TYPE_OCI_CLUSTER,
      { options: { serviceLbSubnetIds: ["a", "b"] } },
      { options: { serviceLbSubnetIds: ["a", "c"] } },
    );
    assert.deepEqual(
      d.changes.map((c) => [c.path, c.kind]),
      [["options.serviceLbSubnetIds[1]", "update-replace"]],
    );
  });

  it("image, version, shape, size and cycling of a pool update in place", () => {
    const next = {
      ...POOL,
      kubernetesVersion: "v1.35.2",
      nodeShape: "VM.Standard.E4.Flex",
      nodeSourceDetails: { sourceType: "IMAGE", imageId: "ocid1.image.oc1.phx.new" },
      nodeConfigDetails: { ...POOL.nodeConfigDetails, size: 4 },
      nodePoolCyclingDetails: { isNodeCyclingEnabled: true },
    };
    const d = diffInputs(TYPE_OCI_NODE_POOL, POOL, next);
    assert.equal(d.replace, false);
    assert.deepEqual(
      d.changes.map((c) => [c.path, c.kind]),
      [
        ["kubernetesVersion", "update"],
        ["nodeConfigDetails.size", "update"],
        ["nodePoolCyclingDetails", "add"],
        ["nodeShape", "update"],
        ["nodeSourceDetails.imageId", "update"],
      ],
    );
    assert.deepEqual(d.diffReasons, [
      "kubernetesVersion",
      "nodeConfigDetails",
      "nodePoolCyclingDetails",
      "nodeShape",
      "nodeSourceDetails",
    ]);
  });

  it("a force-new input that became unknown (its source is replaced) replaces; an unknown ordinary input updates", () => {
    const d = diffInputs(TYPE_OCI_NODE_POOL, POOL, { ...POOL, clusterId: UNKNOWN_STRING });
    assert.equal(d.replace, true);
    assert.equal(d.changes[0].becameUnknown, true);
    const u = diffInputs(TYPE_OCI_NODE_POOL, POOL, { ...POOL, kubernetesVersion: UNKNOWN_STRING });
    assert.equal(u.replace, false);
    assert.equal(u.changes[0].kind, "update");
  });

  it("identical inputs make no change; __defaults-free, key order irrelevant", () => {
    const reordered = Object.fromEntries(Object.entries(POOL).reverse());
    assert.equal(diffInputs(TYPE_OCI_NODE_POOL, POOL, reordered).changes.length, 0);
  });

  it("ignoreChanges drops the paths it names", () => {
    const d = diffInputs(
      TYPE_OCI_NODE_POOL,
      POOL,
      { ...POOL, clusterId: "other", nodeConfigDetails: { ...POOL.nodeConfigDetails, size: 9 } },
      { ignoreChanges: ["clusterId", "nodeConfigDetails.size"] },
    );
    assert.equal(d.changes.length, 0);
  });

  it("replaceOnChanges forces a replacement of a field the provider updates in place", () => {
    const d = diffInputs(
      TYPE_OCI_NODE_POOL,
      POOL,
      { ...POOL, nodeShape: "x" },
      { replaceOnChanges: ["nodeShape"] },
    );
    assert.equal(d.replace, true);
    assert.equal(d.changes[0].forceNew, undefined);
  });

  it("an LB backend's port replaces it; a type without a table only updates", () => {
    assert.equal(diffInputs(TYPE_OCI_LB_BACKEND, { port: 80 }, { port: 81 }).replace, true);
    assert.equal(diffInputs(TYPE_OCI_LB_BACKEND, { weight: 1 }, { weight: 2 }).replace, false);
    const other = diffInputs("kubernetes:apps/v1:Deployment", { a: 1 }, { a: 2 });
    assert.equal(other.replace, false);
    assert.equal(other.changes.length, 1);
  });

  it("a secret the state keeps encrypted compares as unchanged", () => {
    assert.equal(
      diffInputs(TYPE_OCI_NODE_POOL, { sshPublicKey: ENCRYPTED }, { sshPublicKey: "ssh-rsa A" })
        .changes.length,
      0,
    );
  });

  it("paths print as Pulumi's property paths", () => {
    assert.equal(formatPath(["freeformTags", "okepools-pool"]), 'freeformTags["okepools-pool"]');
    assert.equal(formatPath(["a", 0, "b"]), "a[0].b");
    assert.deepEqual(pathSegments('freeformTags["okepools-pool"]'), [
      "freeformTags",
      "okepools-pool",
    ]);
    assert.deepEqual(pathSegments("a[0].b"), ["a", 0, "b"]);
  });
});
