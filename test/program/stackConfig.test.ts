import { strict as assert } from "node:assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../../core/configError";
import { validateStackConfig } from "../../program/stackConfig";
import { mockWorld, settle } from "../support/pulumiMocks";

const demo: Record<string, unknown> = YAML.parse(
  fs.readFileSync(path.join(__dirname, "../../stacks/Pulumi.demo.yaml"), "utf8"),
).config;

/** The demo config with one change at a path like `nodePools[0].size` (undefined deletes). */
function withChange(keyPath: string, value: unknown): Record<string, unknown> {
  const config = structuredClone(demo);
  const [key, ...rest] = keyPath.split(".");
  const parts = [
    `oke-pools:${key.replace(/\[\d+\]$/, "")}`,
    ...(/\[(\d+)\]$/.exec(key) ? [Number(/\[(\d+)\]$/.exec(key)![1])] : []),
    ...rest.flatMap((r) =>
      r
        .split(/\[(\d+)\]/)
        .filter(Boolean)
        .map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
    ),
  ];
  let cur: any = config;
  for (const p of parts.slice(0, -1)) cur = cur[p];
  const last = parts[parts.length - 1];
  if (value === undefined) delete cur[last];
  else cur[last] = value;
  return config;
}

describe("stack config validation", () => {
  it("accepts the demo stack and applies defaults", () => {
    const v = validateStackConfig(demo);
    assert.equal(v.clusterType, "ENHANCED_CLUSTER");
    assert.equal(v.nodePools.length, 2);
    assert.equal(v.nodePools[0].resolved.cycling.mode, "BOOT_VOLUME_REPLACE");
    assert.equal(v.nodePools[1].resolved.cycling.mode, "INSTANCE_REPLACE");
  });

  it("reads values as Pulumi hands them over (objects as JSON strings)", () => {
    const flat = Object.fromEntries(
      Object.entries(demo).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    );
    assert.equal(validateStackConfig(flat).nodePools[1].config.name, "arm");
  });

  const cases: [string, string, unknown, RegExp][] = [
    [
      "wrong type",
      "nodePools[0].size",
      "three",
      /oke-pools:nodePools\[0\]\.size: "three" — expected a whole number of nodes ≥ 0/,
    ],
    [
      "negative size",
      "nodePools[1].size",
      -2,
      /oke-pools:nodePools\[1\]\.size: -2 — expected a whole number of nodes ≥ 0/,
    ],
    [
      "unknown key",
      "nodePools[0].colour",
      "blue",
      /oke-pools:nodePools\[0\]\.colour: "blue" — unknown key; remove it or check its spelling/,
    ],
    ["unknown top-level key", "nodePoolz", [], /oke-pools:nodePoolz: \[\] — unknown key/],
    [
      "bad version",
      "kubernetesVersion",
      "1.35",
      /oke-pools:kubernetesVersion: "1\.35" — expected a Kubernetes version such as v1\.35\.2/,
    ],
    [
      "bad pool version",
      "nodePools[0].kubernetesVersion",
      "latest",
      /oke-pools:nodePools\[0\]\.kubernetesVersion: "latest" — expected a Kubernetes version/,
    ],
    [
      "bad compartment OCID",
      "compartmentId",
      "my-compartment",
      /oke-pools:compartmentId: "my-compartment" — expected an OCID such as ocid1\.compartment\.oc1\.\.aaaaaaaa/,
    ],
    [
      "subnet OCID where a VCN belongs",
      "vcnId",
      "ocid1.subnet.oc1.phx.aaaaaaaademovcn00000000000000000000000000000000000000000",
      /oke-pools:vcnId: "ocid1\.subnet\.\S+ — expected an OCID such as ocid1\.vcn\./,
    ],
    [
      "bad image OCID",
      "nodePools[0].image.imageId",
      "ocid1.instance.oc1.phx.aaaaaaaaxxxxxxxxxxxxxxxx",
      /oke-pools:nodePools\[0\]\.image\.imageId: "ocid1\.instance\S+ — expected an image OCID/,
    ],
    [
      "unknown cycling mode",
      "nodePools[1].cycling.mode",
      "REBOOT",
      /oke-pools:nodePools\[1\]\.cycling\.mode: "REBOOT" — expected one of BOOT_VOLUME_REPLACE, INSTANCE_REPLACE/,
    ],
    [
      "unknown cluster type",
      "clusterType",
      "PREMIUM",
      /oke-pools:clusterType: "PREMIUM" — expected BASIC_CLUSTER or ENHANCED_CLUSTER/,
    ],
    [
      "missing required key",
      "clusterName",
      undefined,
      /oke-pools:clusterName: missing — expected a name/,
    ],
    [
      "bad availability domain",
      "nodePools[0].placement[0].availabilityDomain",
      "AD-1",
      /oke-pools:nodePools\[0\]\.placement\[0\]\.availabilityDomain: "AD-1" — expected an availability domain such as Uocm:PHX-AD-1/,
    ],
    [
      "pool image for another version",
      "nodePools[0].kubernetesVersion",
      "v1.34.2",
      /oke-pools:nodePools\[0\]\.image\.sourceName: .* is an image for Kubernetes v1\.35\.2 but the pool runs v1\.34\.2/,
    ],
    [
      "duplicate pool name",
      "nodePools[1].name",
      "general",
      /oke-pools:nodePools\[1\]\.name: "general" — is used by another pool/,
    ],
  ];

  for (const [title, keyPath, value, message] of cases) {
    it(`${title}: one error naming ${keyPath}`, () => {
      assert.throws(
        () => validateStackConfig(withChange(keyPath, value)),
        (e: unknown) => {
          assert.ok(e instanceof ConfigError);
          assert.equal(e.problems.length, 1, e.message);
          assert.match(e.problems[0], message);
          return true;
        },
      );
    });
  }

  describe("the program registers nothing when its config is bad", () => {
    afterEach(async () => {
      await pulumi.runtime.disconnect();
      for (const id of Object.keys(require.cache))
        if (id.endsWith(path.join("main", "index.ts"))) delete require.cache[id];
    });

    for (const [title, keyPath, value] of [
      ["negative size", "nodePools[0].size", -1],
      ["unknown key", "nodePools[1].sizee", 3],
      ["bad version", "kubernetesVersion", "v1.35"],
    ] as const) {
      it(title, async () => {
        const world = mockWorld();
        try {
          pulumi.runtime.setAllConfig(
            Object.fromEntries(
              Object.entries(withChange(keyPath, value)).map(([k, v]) => [
                k,
                typeof v === "string" ? v : JSON.stringify(v),
              ]),
            ),
          );
          assert.throws(
            () => require("../../index"),
            (e: Error) =>
              e instanceof pulumi.RunError &&
              e.message.includes(keyPath.replace(/^/, "oke-pools:")),
          );
          await settle();
          assert.deepEqual(world.resources, []);
          assert.deepEqual(world.invokes, []);
        } finally {
          world.restore();
        }
      });
    }
  });
});
