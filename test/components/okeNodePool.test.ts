import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { ImageCatalog } from "../../core/catalog";
import { OkeNodePool, OkeNodePoolArgs } from "../../components/okeNodePool";
import { MockWorld, mockWorld, settle, valueOf } from "../support/pulumiMocks";

const CLUSTER = {
  id: "ocid1.cluster.oc1.phx.aaaaaaaaclusterdemo0000000000000000000000000000000000000",
  kubernetesVersion: "v1.35.2",
};
const COMPARTMENT =
  "ocid1.compartment.oc1..aaaaaaaacompartment000000000000000000000000000000000000";
const SUBNET = "ocid1.subnet.oc1.phx.aaaaaaaaworkers000000000000000000000000000000000000000000";
const X86_1352 = {
  imageId: "ocid1.image.oc1.phx.aaaaaaaaejbgchcccecibcadjehbeegjhhgagdbbdbicdeeacfceidfbafee",
  sourceName: "Oracle-Linux-8.10-2026.10.20-1-OKE-1.35.2-1580",
};
const X86_1342_OLD = {
  imageId: "ocid1.image.oc1.phx.aaaaaaaaaeaibedcegbbjbbaeeibacfaddbcahigcjffjcbabdccgbdidbeb",
  sourceName: "Oracle-Linux-8.10-2026.06.15-0-OKE-1.34.2-1505",
};
const X86_1342_NEW = {
  imageId: "ocid1.image.oc1.phx.aaaaaaaaddgdfhfaeefhfdecedddhcdhffhbfdbicfbhfcbcdjdcgbbacfbi",
  sourceName: "Oracle-Linux-8.10-2026.10.20-1-OKE-1.34.2-1580",
};
const RETIRED_1342 = {
  imageId: "ocid1.image.oc1.phx.aaaaaaaaccdjfgdehaggbffggdceadbebbafbcbgccibgjaeicdjbhdejjbi",
  sourceName: "Oracle-Linux-8.10-2025.11.20-0-OKE-1.34.2-1345",
};
const ARM_1352 = "Oracle-Linux-8.10-aarch64-2026.10.20-1-OKE-1.35.2-1580";

function args(overrides: Partial<OkeNodePoolArgs> = {}): OkeNodePoolArgs {
  return {
    cluster: CLUSTER,
    compartmentId: COMPARTMENT,
    shape: "VM.Standard.E5.Flex",
    ocpus: 2,
    memoryInGbs: 16,
    size: 3,
    image: X86_1352,
    placement: [{ availabilityDomain: "Uocm:PHX-AD-1", subnetId: SUBNET }],
    ...overrides,
  };
}

describe("OkeNodePool", () => {
  let world: MockWorld;
  beforeEach(() => {
    world = mockWorld();
  });
  afterEach(() => world.restore());

  async function pool(name: string, a: OkeNodePoolArgs) {
    const p = new OkeNodePool(name, a);
    await valueOf(p.nodePool.id);
    await valueOf(p.imageStatus);
    await settle();
    const nodePool = world.resources.find(
      (r) => r.type === "oci:ContainerEngine/nodePool:NodePool" && r.name === name,
    );
    assert.ok(nodePool, `NodePool ${name} registered`);
    return { p, inputs: nodePool.inputs as Record<string, any> };
  }

  it("registers the NodePool with every field set from its arguments and defaults", async () => {
    const { p, inputs } = await pool(
      "general",
      args({
        labels: { team: "platform" },
        eviction: { graceDuration: "PT30M", forceDeleteAfterGrace: true },
        cycling: { maximumUnavailable: "1" },
        bootVolumeSizeInGbs: 100,
      }),
    );
    assert.equal(inputs.clusterId, CLUSTER.id);
    assert.equal(inputs.compartmentId, COMPARTMENT);
    assert.equal(inputs.name, "general");
    assert.equal(inputs.kubernetesVersion, "v1.35.2", "defaults to the cluster's version");
    assert.equal(inputs.nodeShape, "VM.Standard.E5.Flex");
    assert.deepEqual(inputs.nodeShapeConfig, { ocpus: 2, memoryInGbs: 16 });
    assert.deepEqual(inputs.nodeSourceDetails, {
      sourceType: "IMAGE",
      imageId: X86_1352.imageId,
      bootVolumeSizeInGbs: "100",
    });
    assert.equal(inputs.nodeConfigDetails.size, 3);
    assert.deepEqual(inputs.nodeConfigDetails.placementConfigs, [
      { availabilityDomain: "Uocm:PHX-AD-1", subnetId: SUBNET },
    ]);
    assert.deepEqual(inputs.nodePoolCyclingDetails, {
      isNodeCyclingEnabled: true,
      cycleModes: ["BOOT_VOLUME_REPLACE"],
      maximumUnavailable: "1",
    });
    assert.deepEqual(inputs.nodeEvictionNodePoolSettings, {
      evictionGraceDuration: "PT30M",
      isForceDeleteAfterGraceDuration: true,
      isForceActionAfterGraceDuration: false,
    });
    assert.deepEqual(inputs.initialNodeLabels, [
      { key: "team", value: "platform" },
      { key: "okepools.io/pool", value: "general" },
    ]);
    assert.deepEqual(inputs.freeformTags, {
      "okepools-pool": "general",
      "okepools-kubernetes-version": "v1.35.2",
      "okepools-image-source-name": X86_1352.sourceName,
    });
    assert.equal(inputs.nodeImageId, undefined, "never the deprecated, replace-forcing field");
    assert.equal(await valueOf(p.imageStatus), "current");
    assert.equal(await valueOf(p.replacementImageId), undefined);
    assert.deepEqual(p.nodeSelector, { "okepools.io/pool": "general" });
    assert.deepEqual(world.warnings, []);
  });

  it("defaults to BOOT_VOLUME_REPLACE and sends OKE's per-mode surge/unavailable explicitly (surge for INSTANCE_REPLACE only)", async () => {
    const { inputs } = await pool(
      "surge",
      args({
        preserveNodeIdentity: false,
        cycling: { maximumSurge: "25%", maximumUnavailable: "0" },
      }),
    );
    assert.deepEqual(inputs.nodePoolCyclingDetails, {
      isNodeCyclingEnabled: true,
      cycleModes: ["INSTANCE_REPLACE"],
      maximumSurge: "25%",
      maximumUnavailable: "0",
    });
    const defaults = await pool("defaults", args());
    // OKE's defaults sent explicitly, so a value OKE reads back never differs from the program's.
    assert.deepEqual(defaults.inputs.nodePoolCyclingDetails, {
      isNodeCyclingEnabled: true,
      cycleModes: ["BOOT_VOLUME_REPLACE"],
      maximumUnavailable: "1",
    });
    const instance = await pool("instance", args({ preserveNodeIdentity: false }));
    assert.deepEqual(instance.inputs.nodePoolCyclingDetails, {
      isNodeCyclingEnabled: true,
      cycleModes: ["INSTANCE_REPLACE"],
      maximumSurge: "1",
      maximumUnavailable: "0",
    });
    assert.deepEqual(defaults.inputs.nodeEvictionNodePoolSettings, {
      evictionGraceDuration: "PT60M",
      isForceDeleteAfterGraceDuration: false,
      isForceActionAfterGraceDuration: false,
    });
  });

  it("does not enable cycling on a BASIC_CLUSTER unless asked (and then refuses)", async () => {
    const { inputs } = await pool(
      "basic",
      args({ cluster: { ...CLUSTER, type: "BASIC_CLUSTER" } }),
    );
    assert.equal(inputs.nodePoolCyclingDetails.isNodeCyclingEnabled, false);
    assert.throws(
      () =>
        new OkeNodePool(
          "basic2",
          args({ cluster: { ...CLUSTER, type: "BASIC_CLUSTER" }, cycling: { enabled: true } }),
        ),
      /cycling\.enabled: true — node cycling works on ENHANCED_CLUSTER clusters only/,
    );
  });

  it("reports a retired pin with the replacement, as outputs and as a warning", async () => {
    const { p, inputs } = await pool(
      "stale",
      args({ kubernetesVersion: "v1.34.2", image: RETIRED_1342 }),
    );
    assert.equal(
      inputs.nodeSourceDetails.imageId,
      RETIRED_1342.imageId,
      "the pin is never silently changed",
    );
    assert.equal(inputs.freeformTags["okepools-image-source-name"], RETIRED_1342.sourceName);
    assert.equal(await valueOf(p.imageStatus), "retired");
    assert.equal(await valueOf(p.replacementImageId), X86_1342_NEW.imageId);
    assert.equal(await valueOf(p.replacementSourceName), X86_1342_NEW.sourceName);
    assert.equal(world.warnings.length, 1);
    assert.match(
      world.warnings[0],
      /stale: pinned image ocid1\.image\.\S+ \(Oracle-Linux-8\.10-2025\.11\.20-0-OKE-1\.34\.2-1345\) is retired/,
    );
    assert.ok(
      world.warnings[0].includes(
        `set image.imageId: ${X86_1342_NEW.imageId} and image.sourceName: ${X86_1342_NEW.sourceName}`,
      ),
    );
  });

  it("reports an outdated pin as update-available", async () => {
    const { p } = await pool("old", args({ kubernetesVersion: "v1.34.2", image: X86_1342_OLD }));
    assert.equal(await valueOf(p.imageStatus), "update-available");
    assert.equal(await valueOf(p.replacementSourceName), X86_1342_NEW.sourceName);
    assert.match(world.warnings.join("\n"), /a newer image than .* is available for v1\.34\.2/);
  });

  it("tags a pin given without a source name with the catalog's name for it", async () => {
    const { p, inputs } = await pool("noname", args({ image: { imageId: X86_1352.imageId } }));
    assert.equal(inputs.freeformTags["okepools-image-source-name"], X86_1352.sourceName);
    assert.equal(await valueOf(p.imageSourceName), X86_1352.sourceName);
  });

  it("resolves an OS selector to the newest matching image, and warns that it floats", async () => {
    const { p, inputs } = await pool(
      "arm",
      args({ shape: "VM.Standard.A1.Flex", image: { os: "Oracle-Linux", osVersion: "8" } }),
    );
    assert.equal(await valueOf(p.imageSourceName), ARM_1352);
    assert.equal(inputs.nodeSourceDetails.imageId, await valueOf(p.imageId));
    assert.match(
      world.warnings.join("\n"),
      /arm: the image is chosen from the catalog by OS .* so it floats/,
    );
  });

  it("fails the selector with the versions on offer when the catalog has no image", async () => {
    const p = new OkeNodePool(
      "nothing",
      args({
        kubernetesVersion: "v1.30.9",
        cluster: { ...CLUSTER, kubernetesVersion: "v1.30.9" },
        image: { os: "Oracle-Linux", osVersion: "8" },
      }),
    );
    await assert.rejects(
      (p.imageId as unknown as { promise(): Promise<string> }).promise(),
      /no x86_64 image of oracle-linux 8 for Kubernetes v1\.30\.9 \(versions offered: v1\.31\.1,/,
    );
  });

  it("fetches the catalog once per distinct (cluster, OS type, arch) filter for the whole program", async () => {
    const pools = Array.from({ length: 10 }, (_, i) => new OkeNodePool(`p${i}`, args()));
    await Promise.all(pools.map((p) => valueOf(p.imageStatus)));
    assert.equal(world.invokes.length, 1);
    assert.deepEqual(world.invokes[0].inputs, {
      nodePoolOptionId: CLUSTER.id,
      nodePoolOsType: "OL8",
      nodePoolOsArch: "X86_64",
    });
    const arm = new OkeNodePool(
      "arm",
      args({
        shape: "VM.Standard.A1.Flex",
        image: {
          imageId:
            "ocid1.image.oc1.phx.aaaaaaaafjeeabddjicchfidgagbfdfhfeedeebadcfefahaddajbhibdaeb",
          sourceName: ARM_1352,
        },
      }),
    );
    await valueOf(arm.imageStatus);
    assert.equal(world.invokes.length, 2, "a second arch is a second filter");
    await settle();
    assert.equal(
      world.byType("okepools:index:ImageCatalog").length,
      2,
      "each catalog used is published once",
    );
  });

  it("uses the 'all' catalog when the cluster id is not known yet (a cluster in the same program)", async () => {
    const p = new OkeNodePool(
      "new",
      args({ cluster: { id: pulumi.output(CLUSTER.id), kubernetesVersion: "v1.35.2" } }),
    );
    assert.equal(await valueOf(p.imageStatus), "current");
    assert.deepEqual(world.invokes[0].inputs, {
      nodePoolOptionId: "all",
      nodePoolOsType: "OL8",
      nodePoolOsArch: "X86_64",
    });
  });

  describe("refuses invalid arguments before registering anything", () => {
    const cases: [string, Partial<OkeNodePoolArgs>, RegExp][] = [
      ["negative size", { size: -1 }, /size: -1 — expected a whole number of nodes ≥ 0/],
      ["fractional size", { size: 1.5 }, /size: 1\.5 — expected a whole number of nodes ≥ 0/],
      [
        "bad version",
        { kubernetesVersion: "1.35" },
        /kubernetesVersion: "1\.35" — expected a Kubernetes version such as v1\.34\.2/,
      ],
      [
        "bad image OCID",
        { image: { imageId: "ami-123" } },
        /image\.imageId: "ami-123" — expected an image OCID such as ocid1\.image\.oc1/,
      ],
      [
        "bad source name",
        { image: { imageId: X86_1352.imageId, sourceName: "ubuntu-latest" } },
        /image\.sourceName: "ubuntu-latest" — expected an OKE image source name/,
      ],
      ["no image", { image: {} }, /image\.imageId: missing — pin an image with imageId/],
      [
        "pin and selector",
        { image: { imageId: X86_1352.imageId, os: "Oracle-Linux" } },
        /image\.os: "Oracle-Linux" — give either a pinned imageId or an os selector, not both/,
      ],
      [
        "image for another version",
        { kubernetesVersion: "v1.34.2" },
        /image\.sourceName: "Oracle-Linux-8\.10-2026\.10\.20-1-OKE-1\.35\.2-1580" — is an image for Kubernetes v1\.35\.2 but the pool runs v1\.34\.2/,
      ],
      [
        "x86 image on Arm shape",
        { shape: "VM.Standard.A1.Flex" },
        /is an x86_64 image but shape VM\.Standard\.A1\.Flex needs aarch64/,
      ],
      [
        "unknown cycle mode",
        { cycling: { mode: "ROLLING" as never } },
        /cycling\.mode: "ROLLING" — expected one of BOOT_VOLUME_REPLACE, INSTANCE_REPLACE/,
      ],
      [
        "malformed surge",
        { preserveNodeIdentity: false, cycling: { maximumSurge: "lots" } },
        /cycling\.maximumSurge: "lots" — .*neither a whole count/,
      ],
      [
        "surge and unavailable 0",
        { preserveNodeIdentity: false, cycling: { maximumSurge: "0", maximumUnavailable: "0" } },
        /INSTANCE_REPLACE with maximumSurge and maximumUnavailable both 0/,
      ],
      [
        "BVR unavailable 0",
        { cycling: { maximumUnavailable: "0" } },
        /cycling\.maximumUnavailable: "0" — BOOT_VOLUME_REPLACE needs maximumUnavailable of at least 1/,
      ],
      [
        "surge with BVR",
        { cycling: { maximumSurge: "1" } },
        /cycling\.maximumSurge: "1" — maximumSurge does not apply to BOOT_VOLUME_REPLACE/,
      ],
      [
        "identity conflict",
        { preserveNodeIdentity: true, cycling: { mode: "INSTANCE_REPLACE" } },
        /cycling\.mode: "INSTANCE_REPLACE" — gives nodes new OCIDs and IPs, which contradicts preserveNodeIdentity: true/,
      ],
      [
        "grace too long",
        { eviction: { graceDuration: "PT90M" } },
        /eviction\.graceDuration: "PT90M" — PT90M is longer than OKE's maximum of PT60M/,
      ],
      [
        "grace malformed",
        { eviction: { graceDuration: "30m" } },
        /eviction\.graceDuration: "30m" — "30m" is not an ISO-8601 duration/,
      ],
      [
        "reserved label",
        { labels: { "okepools.io/colour": "blue" } },
        /labels\.okepools\.io\/colour: "blue" — is set by this project/,
      ],
      [
        "bad label value",
        { labels: { team: "a b" } },
        /labels\.team: "a b" — not a valid label value/,
      ],
      [
        "unknown argument",
        { sizee: 3 } as never,
        /sizee: 3 — unknown key; remove it or check its spelling/,
      ],
      [
        "no placement",
        { placement: [] },
        /placement: \[\] — expected at least one \{ availabilityDomain, subnetId \}/,
      ],
      [
        "bad subnet",
        { placement: [{ availabilityDomain: "Uocm:PHX-AD-1", subnetId: "subnet-1" }] },
        /placement\[0\]\.subnetId: "subnet-1" — expected a subnet OCID/,
      ],
      [
        "bad cluster id",
        { cluster: { id: "pending", kubernetesVersion: "v1.35.2" } },
        /cluster\.id: "pending" — expected a cluster OCID/,
      ],
      [
        "bad tag",
        { freeformTags: { "okepools-pool": "x" } },
        /freeformTags\.okepools-pool: — okepools-\* tags are set by this project/,
      ],
    ];
    for (const [title, overrides, message] of cases) {
      it(title, async () => {
        assert.throws(
          () => new OkeNodePool("bad", args(overrides)),
          (e: Error) => {
            assert.match(e.message, /^OkeNodePool "bad": invalid arguments:/);
            assert.match(e.message, message);
            return true;
          },
        );
        await settle();
        assert.deepEqual(world.resources, [], "nothing registered");
        assert.deepEqual(world.invokes, [], "no catalog fetched");
      });
    }
  });

  it("catalogs from either source format agree", () => {
    const cli = ImageCatalog.parse({
      data: {
        sources: [
          {
            "image-id": X86_1352.imageId,
            "source-name": X86_1352.sourceName,
            "source-type": "IMAGE",
          },
        ],
      },
    });
    const invoke = ImageCatalog.parse({
      sources: [
        { imageId: X86_1352.imageId, sourceName: X86_1352.sourceName, sourceType: "IMAGE" },
      ],
    });
    assert.deepEqual(cli.toSources(), invoke.toSources());
  });
});
