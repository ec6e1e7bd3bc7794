import assert from "node:assert/strict";
import { assessPin, criteriaFor } from "../../core/imageStatus";
import { KubeVersion } from "../../core/kubeVersion";
import { ShapeImageNeeds } from "../../core/shape";
import { catalogOf, ocidOf } from "../fixtures/core/catalogs";

const V1_33_10: KubeVersion = { major: 1, minor: 33, patch: 10 };
const X86: ShapeImageNeeds = { arch: "x86_64", gpu: false };
const ARM: ShapeImageNeeds = { arch: "aarch64", gpu: false };
const GPU: ShapeImageNeeds = { arch: "x86_64", gpu: true };

// One region's catalog: for 1.33.10 an older and a newer OL8 x86 build, a still newer OL9,
// and OL8 Arm/GPU builds.
const OL8_OLD = "Oracle-Linux-8.10-2026.06.15-0-OKE-1.33.10-1505";
const OL8_NEW = "Oracle-Linux-8.10-2026.10.20-1-OKE-1.33.10-1580";
const OL9_NEWEST = "Oracle-Linux-9.7-2026.12.01-0-OKE-1.33.10-1600";
const OL8_ARM = "Oracle-Linux-8.10-aarch64-2026.10.20-1-OKE-1.33.10-1580";
const OL8_GPU = "Oracle-Linux-8.10-Gen2-GPU-2026.10.20-1-OKE-1.33.10-1580";
const OL8_1_34 = "Oracle-Linux-8.10-2026.12.31-0-OKE-1.34.2-1700"; // newest overall, but another Kubernetes version
const catalog = catalogOf([OL8_OLD, OL8_NEW, OL9_NEWEST, OL8_ARM, OL8_GPU, OL8_1_34]);

const GONE = "ocid1.image.oc1.test.retired";

describe("core/imageStatus", () => {
  describe("criteriaFor", () => {
    it("takes version and shape needs, and no OS when none is known", () => {
      const c = criteriaFor(V1_33_10, ARM);
      assert.deepEqual(c, { kubernetesVersion: V1_33_10, arch: "aarch64", gpu: false });
      assert.equal("osFamily" in c, false);
      assert.equal("osMajor" in c, false);
    });

    it("adds the OS family and major (not minor) of a known image", () => {
      assert.deepEqual(criteriaFor(V1_33_10, GPU, { osFamily: "oracle-linux", osMajor: 8 }), {
        kubernetesVersion: V1_33_10,
        arch: "x86_64",
        gpu: true,
        osFamily: "oracle-linux",
        osMajor: 8,
      });
    });
  });

  describe("assessPin", () => {
    it("current: the pin is the newest image for its version, OS major, arch and GPU-ness", () => {
      const a = assessPin(catalog, { imageId: ocidOf(OL8_NEW) }, V1_33_10, X86);
      assert.equal(a.status, "current");
      assert.equal(a.replacement, undefined);
      assert.equal(a.sourceName, OL8_NEW, "source name comes from the catalog");
      assert.deepEqual(a.criteria, {
        kubernetesVersion: V1_33_10,
        arch: "x86_64",
        gpu: false,
        osFamily: "oracle-linux",
        osMajor: 8,
      });
    });

    it("update-available: a listed pin built for another Kubernetes version is never current, even when newer", () => {
      const a = assessPin(catalog, { imageId: ocidOf(OL8_1_34) }, V1_33_10, X86);
      assert.equal(a.status, "update-available");
      assert.equal(a.replacement?.sourceName, OL8_NEW);
    });

    it("update-available: a newer build of the same OS major exists (the newer OL9 is not offered)", () => {
      const a = assessPin(catalog, { imageId: ocidOf(OL8_OLD) }, V1_33_10, X86);
      assert.equal(a.status, "update-available");
      assert.equal(a.replacement?.imageId, ocidOf(OL8_NEW));
      assert.equal(a.replacement?.sourceName, OL8_NEW);
      assert.equal(a.sourceName, OL8_OLD);
    });

    it("current: an OL9 pin is not downgraded to OL8 and not moved to another Kubernetes version", () => {
      const a = assessPin(catalog, { imageId: ocidOf(OL9_NEWEST) }, V1_33_10, X86);
      assert.equal(a.status, "current");
      assert.equal(a.replacement, undefined);
    });

    it("current: Arm and GPU pins are judged against Arm and GPU images only", () => {
      assert.equal(
        assessPin(catalog, { imageId: ocidOf(OL8_ARM) }, V1_33_10, ARM).status,
        "current",
      );
      assert.equal(
        assessPin(catalog, { imageId: ocidOf(OL8_GPU) }, V1_33_10, GPU).status,
        "current",
      );
    });

    it("the catalog's source name wins over the one supplied with the pin", () => {
      const a = assessPin(
        catalog,
        { imageId: ocidOf(OL8_OLD), sourceName: "Oracle-Linux-9.7-2020.01.01-0-OKE-1.33.10-1" },
        V1_33_10,
        X86,
      );
      assert.equal(a.sourceName, OL8_OLD);
      assert.equal(a.criteria.osMajor, 8);
      assert.equal(a.replacement?.imageId, ocidOf(OL8_NEW));
    });

    it("retired with a replacement: absent OCID, known OL8 source name → newest OL8 build", () => {
      const a = assessPin(
        catalog,
        { imageId: GONE, sourceName: "Oracle-Linux-8.10-2025.08.31-0-OKE-1.33.10-1191" },
        V1_33_10,
        X86,
      );
      assert.equal(a.status, "retired");
      assert.equal(a.replacement?.imageId, ocidOf(OL8_NEW));
      assert.equal(a.sourceName, "Oracle-Linux-8.10-2025.08.31-0-OKE-1.33.10-1191");
      assert.equal(a.criteria.osFamily, "oracle-linux");
      assert.equal(a.criteria.osMajor, 8);
    });

    it("retired even when the supplied source name is newer than everything listed (absence is retirement)", () => {
      const a = assessPin(
        catalog,
        { imageId: GONE, sourceName: "Oracle-Linux-8.10-2030.01.01-0-OKE-1.33.10-9999" },
        V1_33_10,
        X86,
      );
      assert.equal(a.status, "retired");
      assert.equal(a.replacement?.imageId, ocidOf(OL8_NEW));
    });

    it("retired with an Arm replacement for an Arm shape", () => {
      const a = assessPin(
        catalog,
        { imageId: GONE, sourceName: "Oracle-Linux-8.10-aarch64-2025.08.31-0-OKE-1.33.10-1191" },
        V1_33_10,
        ARM,
      );
      assert.equal(a.status, "retired");
      assert.equal(a.replacement?.imageId, ocidOf(OL8_ARM));
    });

    it("retired with a GPU replacement for a GPU shape", () => {
      const a = assessPin(catalog, { imageId: GONE }, V1_33_10, GPU);
      assert.equal(a.status, "retired");
      assert.equal(a.replacement?.imageId, ocidOf(OL8_GPU));
    });

    it("retired with no candidate: no image for the pool's version", () => {
      const a = assessPin(
        catalog,
        { imageId: GONE, sourceName: "Oracle-Linux-8.10-2024.01.01-0-OKE-1.30.1-800" },
        { major: 1, minor: 30, patch: 1 },
        X86,
      );
      assert.equal(a.status, "retired");
      assert.equal(a.replacement, undefined);
      assert.equal("replacement" in a, false);
    });

    it("retired with no candidate: no image of the pin's OS major", () => {
      const a = assessPin(
        catalog,
        { imageId: GONE, sourceName: "Oracle-Linux-7.9-2022.06.30-0-OKE-1.33.10-392" },
        V1_33_10,
        X86,
      );
      assert.equal(a.status, "retired");
      assert.equal(a.replacement, undefined);
      assert.equal(a.criteria.osMajor, 7);
    });

    it("retired with no candidate: an empty catalog", () => {
      const a = assessPin(catalogOf([]), { imageId: GONE }, V1_33_10, X86);
      assert.equal(a.status, "retired");
      assert.equal(a.replacement, undefined);
    });

    it("unknown source name: the OS filter is omitted and the newest image of any OS offered", () => {
      const a = assessPin(
        catalog,
        { imageId: GONE, sourceName: "my-hardened-worker-image" },
        V1_33_10,
        X86,
      );
      assert.equal(a.status, "retired");
      assert.equal(a.sourceName, "my-hardened-worker-image");
      assert.equal("osFamily" in a.criteria, false);
      assert.equal("osMajor" in a.criteria, false);
      assert.equal(a.replacement?.imageId, ocidOf(OL9_NEWEST));
    });

    it("no source name at all: OS filter omitted, sourceName absent", () => {
      const a = assessPin(catalog, { imageId: GONE }, V1_33_10, X86);
      assert.equal(a.status, "retired");
      assert.equal("sourceName" in a, false);
      assert.equal("osMajor" in a.criteria, false);
      assert.equal(a.replacement?.imageId, ocidOf(OL9_NEWEST));
    });

    it("a listed image with an unrecognised name: any recognised candidate is an update", () => {
      const custom = catalogOf(["my-hardened-worker-image", OL8_OLD]);
      const a = assessPin(custom, { imageId: ocidOf("my-hardened-worker-image") }, V1_33_10, X86);
      assert.equal(a.status, "update-available");
      assert.equal(a.replacement?.imageId, ocidOf(OL8_OLD));
    });

    it("a listed image with an unrecognised name and no candidate is current", () => {
      const custom = catalogOf(["my-hardened-worker-image"]);
      assert.equal(
        assessPin(custom, { imageId: ocidOf("my-hardened-worker-image") }, V1_33_10, X86).status,
        "current",
      );
    });

    it("the candidate is chosen by exact Kubernetes version (1.33.1 pool is not offered a 1.33.10 image)", () => {
      const a = assessPin(
        catalog,
        { imageId: GONE, sourceName: "Oracle-Linux-8.10-2025.08.31-0-OKE-1.33.1-1191" },
        { major: 1, minor: 33, patch: 1 },
        X86,
      );
      assert.equal(a.status, "retired");
      assert.equal(a.replacement, undefined);
    });

    it("an OKE image older than the pin is not offered as an update (pin: a newer listed platform image)", () => {
      const platform = "Oracle-Linux-8.10-2027.01.01-0";
      const a = assessPin(
        catalogOf([platform, OL8_NEW]),
        { imageId: ocidOf(platform) },
        V1_33_10,
        X86,
      );
      assert.equal(a.status, "current");
      assert.equal(a.replacement, undefined);
    });

    it("an OKE image newer than a listed platform-image pin is offered as an update", () => {
      const platform = "Oracle-Linux-8.10-2026.01.01-0";
      const a = assessPin(
        catalogOf([platform, OL8_NEW]),
        { imageId: ocidOf(platform) },
        V1_33_10,
        X86,
      );
      assert.equal(a.status, "update-available");
      assert.equal(a.replacement?.sourceName, OL8_NEW);
    });

    it("update ordering is numeric: revision 10 replaces revision 9 of the same day, not the reverse", () => {
      const r9 = "Oracle-Linux-8.10-2026.06.15-9-OKE-1.33.10-1505";
      const r10 = "Oracle-Linux-8.10-2026.06.15-10-OKE-1.33.10-1505";
      const cat = catalogOf([r10, r9]);
      const older = assessPin(cat, { imageId: ocidOf(r9) }, V1_33_10, X86);
      assert.equal(older.status, "update-available");
      assert.equal(older.replacement?.sourceName, r10);
      assert.equal(assessPin(cat, { imageId: ocidOf(r10) }, V1_33_10, X86).status, "current");
    });
  });
});
