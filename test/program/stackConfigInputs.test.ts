import { strict as assert } from "node:assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { ConfigError } from "../../core/configError";
import { regionOfOcid, ocidRegionProblem } from "../../core/ocid";
import { resolveNodePool } from "../../core/nodePoolSpec";
import { validateStackConfig } from "../../program/stackConfig";
import { SAMPLE } from "../support/tooling";

const demo: Record<string, unknown> = YAML.parse(
  fs.readFileSync(path.join(__dirname, "../../stacks/Pulumi.demo.yaml"), "utf8"),
).config;

function pools(): Record<string, unknown>[] {
  return structuredClone(demo["oke-pools:nodePools"]) as Record<string, unknown>[];
}

function problems(config: Record<string, unknown>, checks = {}): string[] {
  try {
    validateStackConfig(config, "stack config", checks);
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  return [];
}

describe("stack config: inputs that cannot lie (issue 13)", () => {
  it("normalises the cluster's kubernetesVersion to OKE's API form, as the pools' are", () => {
    const v = validateStackConfig({ ...demo, "oke-pools:kubernetesVersion": "1.35.2" });
    assert.equal(v.config.kubernetesVersion, "v1.35.2");
  });

  it("checks shapes against the catalog's shapes: unknown ones are refused, mis-cased ones get 'did you mean'", () => {
    const p = pools();
    p[0].shape = "VM.Standard.E9.Flex";
    p[1].shape = "VM.Standard.a1.flex";
    const found = problems({ ...demo, "oke-pools:nodePools": p }, { shapes: SAMPLE.shapes });
    assert.deepEqual(found, [
      `oke-pools:nodePools[0].shape: "VM.Standard.E9.Flex" — is not a shape the catalog offers: did you mean "VM.Standard.E4.Flex"? (offered: ${SAMPLE.shapes.join(", ")})`,
      'oke-pools:nodePools[1].shape: "VM.Standard.a1.flex" — shape names are case-sensitive: did you mean "VM.Standard.A1.Flex"?',
    ]);
  });

  it("a Flex shape needs ocpus and memoryInGbs", () => {
    const p = pools();
    delete p[0].ocpus;
    delete p[0].memoryInGbs;
    assert.deepEqual(problems({ ...demo, "oke-pools:nodePools": p }), [
      "oke-pools:nodePools[0].ocpus: missing — VM.Standard.E5.Flex is a Flex shape, which OKE sizes from ocpus and memoryInGbs; set ocpus and memoryInGbs (e.g. ocpus: 2, memoryInGbs: 16)",
    ]);
  });

  it("checks OCIDs for realm and region against oci:region", () => {
    assert.deepEqual(regionOfOcid("ocid1.image.oc1.iad.aaaaaaaaxxxxxxxxxx"), {
      realm: "oc1",
      region: "iad",
      regionId: "us-ashburn-1",
    });
    assert.equal(regionOfOcid("ocid1.compartment.oc1..aaaaaaaaxxxxxxxxxx"), undefined);
    assert.match(
      ocidRegionProblem("ocid1.vcn.oc2.phx.aaaaaaaaxxxxxxxxxx", "us-phoenix-1")!,
      /realm oc2/,
    );
    const found = problems({
      ...demo,
      "oke-pools:vcnId":
        "ocid1.vcn.oc1.iad.aaaaaaaademovcn00000000000000000000000000000000000000000",
    });
    assert.deepEqual(found, [
      'oke-pools:vcnId: "ocid1.vcn.oc1.iad.aaaaaaaademovcn00000000000000000000000000000000000000000" — is an OCID of region us-ashburn-1, not of us-phoenix-1 (oci:region), whose OCIDs carry "phx"; use the us-phoenix-1 resource\'s OCID, or fix oci:region',
    ]);
  });

  it("reports a key of ours in another project's namespace instead of ignoring it", () => {
    const found = problems({ ...demo, "oke_pools:clusterName": "other" });
    assert.deepEqual(found, [
      'oke_pools:clusterName: "other" — namespace "oke_pools" is not this project\'s, so the program never reads it; rename it to oke-pools:clusterName',
    ]);
    assert.deepEqual(
      problems({ ...demo, "kubernetes:context": "x", "oci:region": "us-phoenix-1" }),
      [],
    );
  });

  it("an OCID error shows the whole value with its closing quote", () => {
    const bad =
      "ocid1.vcn.oc1.phx.aaaaaaaa-not-a-valid-ocid-because-of-dashes-0000000000000000000000000";
    const [line] = problems({ ...demo, "oke-pools:vcnId": bad });
    assert.ok(line.startsWith(`oke-pools:vcnId: ${JSON.stringify(bad)} — expected`), line);
  });

  it("a hazard warning about an unset maximumUnavailable names OKE's default, not undefined", () => {
    const r = resolveNodePool(
      "pool",
      "p",
      {
        shape: "VM.Standard.E5.Flex",
        ocpus: 1,
        memoryInGbs: 8,
        size: 1,
        image: { os: "Oracle-Linux" },
      },
      { kubernetesVersion: "v1.35.2" },
    );
    assert.deepEqual(r.warnings, [
      "p.cycling.maximumUnavailable: not set (OKE's default for BOOT_VOLUME_REPLACE: \"1\") — maximumUnavailable allows 1 of the pool's 1 nodes down at once: the whole pool can be out of service during a cycle; add nodes or lower maximumUnavailable",
    ]);
  });

  it("an arch mismatch reads 'is an x86_64 image' and names the command that re-pins it", () => {
    const p = pools();
    (p[1].image as Record<string, unknown>).sourceName =
      "Oracle-Linux-8.10-2026.10.20-1-OKE-1.35.2-1580";
    const [line] = problems(
      { ...demo, "oke-pools:nodePools": p },
      { pinCommand: "npm run pin-images -- --stack demo" },
    );
    assert.equal(
      line,
      'oke-pools:nodePools[1].image.sourceName: "Oracle-Linux-8.10-2026.10.20-1-OKE-1.35.2-1580" — is an x86_64 image but shape VM.Standard.A1.Flex needs aarch64; pin an aarch64 image; `npm run pin-images -- --stack demo` re-pins it (the pool\'s version and shape decide)',
    );
  });
});
