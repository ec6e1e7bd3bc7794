import assert from "node:assert/strict";
import { aliasUrn, generateAliases } from "../../offline/state/aliases";

const P = "urn:pulumi:dev::proj::";
const self = {
  name: "general",
  type: "oci:ContainerEngine/nodePool:NodePool",
  parent: `${P}okepools:index:OkeNodePool::general`,
  stack: "dev",
  project: "proj",
};

describe("offline/state/aliases: alias specs resolved as the engine does", () => {
  it("missing name/type/parent are the resource's own", () => {
    assert.equal(
      aliasUrn({ name: "old" }, self),
      `${P}okepools:index:OkeNodePool$oci:ContainerEngine/nodePool:NodePool::old`,
    );
    assert.equal(
      aliasUrn({ type: "x:y:Z" }, self),
      `${P}okepools:index:OkeNodePool$x:y:Z::general`,
    );
  });

  it("noParent, or a root-stack parent, means no parent; a URN alias is taken as is", () => {
    assert.equal(
      aliasUrn({ noParent: true }, self),
      `${P}oci:ContainerEngine/nodePool:NodePool::general`,
    );
    assert.equal(
      aliasUrn({ parentUrn: `${P}pulumi:pulumi:Stack::proj-dev` }, self),
      `${P}oci:ContainerEngine/nodePool:NodePool::general`,
    );
    assert.equal(aliasUrn({ urn: "urn:x" }, self), "urn:x");
  });

  it("a child of an aliased parent inherits an alias under the parent's old URN and name", () => {
    const parentAliases = new Map([[self.parent, `${P}okepools:index:OkeNodePool::web`]]);
    const child = { ...self, name: "general-pool" };
    assert.deepEqual(generateAliases(child, [], parentAliases), [
      `${P}okepools:index:OkeNodePool$oci:ContainerEngine/nodePool:NodePool::web-pool`,
    ]);
    // A spec with the parent filled in (as the Node SDK sends it) follows the parent's old URN.
    assert.equal(
      aliasUrn({ name: "x", parentUrn: self.parent }, self, parentAliases),
      `${P}okepools:index:OkeNodePool$oci:ContainerEngine/nodePool:NodePool::x`,
    );
  });
});
