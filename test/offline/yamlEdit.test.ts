import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { YamlEditError, editYaml } from "../../offline/yamlEdit";

const ODD = fs.readFileSync(
  path.join(__dirname, "..", "fixtures", "offline", "Pulumi.odd.yaml"),
  "utf8",
);
const POOLS = ["config", "oke-pools:nodePools"];

/** Every byte of `after` equals `before` except the listed [old, new] substitutions, in order. */
function onlyChanged(before: string, after: string, subs: readonly [string, string][]): void {
  let expected = before;
  for (const [from, to] of subs) {
    assert.equal(expected.split(from).length, 2, `fixture: ${from} occurs once`);
    expected = expected.replace(from, to);
  }
  assert.equal(Buffer.compare(Buffer.from(after), Buffer.from(expected)), 0, after);
}

describe("offline/yamlEdit: byte-stable edits", () => {
  it("replaces scalars in their own quoting and leaves every other byte (aligned comments, flow collections, blank lines, anchors) as it was", () => {
    const after = editYaml(ODD, [
      {
        kind: "set",
        path: [...POOLS, 0, "image", "imageId"],
        value: "ocid1.image.oc1.phx.aaaaaaaanew0000001",
      },
      {
        kind: "set",
        path: [...POOLS, 0, "image", "sourceName"],
        value: "Oracle-Linux-8.10-2026.10.20-1-OKE-1.35.2-1580",
      },
      {
        kind: "set",
        path: [...POOLS, 1, "image", "imageId"],
        value: "ocid1.image.oc1.phx.aaaaaaaanew0000002",
      },
    ]);
    onlyChanged(ODD, after, [
      [
        `"ocid1.image.oc1.phx.aaaaaaaaiajedajdcfeafcccccecddfdhadjbahaieadfadaciahacfgbgda"`,
        `"ocid1.image.oc1.phx.aaaaaaaanew0000001"`,
      ],
      [
        `'Oracle-Linux-8.10-2026.06.15-0-OKE-1.35.2-1505'`,
        `'Oracle-Linux-8.10-2026.10.20-1-OKE-1.35.2-1580'`,
      ],
      [
        `imageId: ocid1.image.oc1.phx.aaaaaaaaejbgchcccecibcadjehbeegjhhgagdbbdbicdeeacfceidfbafee`,
        `imageId: ocid1.image.oc1.phx.aaaaaaaanew0000002`,
      ],
    ]);
  });

  it("turns a flow-map OS selector into a pin by renaming its two keys, nothing else", () => {
    const after = editYaml(ODD, [
      {
        kind: "rename",
        path: [...POOLS, 2, "image", "os"],
        key: "imageId",
        value: "ocid1.image.oc1.phx.aaaaaaaapin",
      },
      {
        kind: "rename",
        path: [...POOLS, 2, "image", "osVersion"],
        key: "sourceName",
        value: "Oracle-Linux-8.10-2026.10.20-1-OKE-1.35.2-1580",
      },
    ]);
    onlyChanged(ODD, after, [
      [
        `{os: Oracle-Linux, osVersion: "8"}`,
        `{imageId: ocid1.image.oc1.phx.aaaaaaaapin, sourceName: "Oracle-Linux-8.10-2026.10.20-1-OKE-1.35.2-1580"}`,
      ],
    ]);
  });

  it("adds a missing key on its own line after the named key, indented like its siblings (block and flow maps, CRLF kept)", () => {
    const block = "a:\n  image:\n    imageId: x   # c\n    other: 1\n";
    assert.equal(
      editYaml(block, [
        { kind: "set", path: ["a", "image", "sourceName"], value: "N", after: "imageId" },
      ]),
      "a:\n  image:\n    imageId: x   # c\n    sourceName: N\n    other: 1\n",
    );
    const crlf = block.replace(/\n/g, "\r\n");
    assert.equal(
      editYaml(crlf, [{ kind: "set", path: ["a", "image", "sourceName"], value: "N" }]),
      "a:\r\n  image:\r\n    imageId: x   # c\r\n    other: 1\r\n    sourceName: N\r\n",
    );
    assert.equal(
      editYaml("a: {imageId: x}  # c\n", [
        { kind: "set", path: ["a", "sourceName"], value: "N: y" },
      ]),
      'a: {imageId: x, sourceName: "N: y"}  # c\n',
    );
  });

  it("refuses an edit that would also change another key through an anchor, and leaves the text alone", () => {
    const shared = "a: &img\n  imageId: x\nb: *img\n";
    assert.throws(
      () => editYaml(shared, [{ kind: "set", path: ["a", "imageId"], value: "y" }]),
      (e: unknown) =>
        e instanceof YamlEditError && /would change more than those keys/.test(e.message),
    );
    // The same change through both paths is one consistent edit.
    assert.equal(
      editYaml(shared, [
        { kind: "set", path: ["a", "imageId"], value: "y" },
        { kind: "set", path: ["b", "imageId"], value: "y" },
      ]),
      "a: &img\n  imageId: y\nb: *img\n",
    );
  });
});
