import { strict as assert } from "assert";
import {
  BUILT_IN_OS_RETIREMENTS,
  checkOsRetirement,
  identifyPoolOs,
  mergeOsRetirements,
  parseOsRetirementEntries,
} from "../../../core/aks/osRetirement";
import { parseNodeImageVersion } from "../../../core/aks/nodeImage";
import { SENTINEL } from "./support";

const at = (date: string) => new Date(`${date}T00:00:00Z`);
const justBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 1);

describe("aks/osRetirement: identifyPoolOs", () => {
  it("takes the version from an osSKU that names one", () => {
    assert.deepEqual(identifyPoolOs({ osSku: "Ubuntu2204" }), {
      status: "known",
      family: "ubuntu",
      version: "22.04",
      familyFrom: "osSku",
      versionFrom: "osSku",
    });
    assert.deepEqual(identifyPoolOs({ osSku: "Windows2019", osType: "Windows" }), {
      status: "known",
      family: "windows",
      version: "2019",
      familyFrom: "osSku",
      versionFrom: "osSku",
    });
    assert.deepEqual(identifyPoolOs({ osSku: "AzureLinux3" }), {
      status: "known",
      family: "azurelinux",
      version: "3",
      familyFrom: "osSku",
      versionFrom: "osSku",
    });
    assert.equal((identifyPoolOs({ osSku: "windows2022" }) as { version: string }).version, "2022");
  });

  it("reads CBLMariner as Azure Linux 2.0's former name", () => {
    assert.deepEqual(identifyPoolOs({ osSku: "CBLMariner" }), {
      status: "known",
      family: "cblmariner",
      version: "2",
      familyFrom: "osSku",
      versionFrom: "osSku",
    });
  });

  it("fills in the version of a versionless SKU from the node image", () => {
    assert.deepEqual(
      identifyPoolOs({
        osSku: "Ubuntu",
        nodeImageVersion: "AKSUbuntu-1804gen2containerd-2022.11.02",
      }),
      {
        status: "known",
        family: "ubuntu",
        version: "18.04",
        familyFrom: "osSku",
        versionFrom: "nodeImageVersion",
      },
    );
    assert.equal(
      (
        identifyPoolOs({
          osSku: "AzureLinux",
          nodeImageVersion: "AKSCBLMariner-V2gen2-202505.27.0",
        }) as { version: string }
      ).version,
      "2",
    );
  });

  it("lets an osSKU with a version win over the image (a preview still shows the old image)", () => {
    const os = identifyPoolOs({
      osSku: "Ubuntu2204",
      nodeImageVersion: "AKSUbuntu-1804gen2containerd-2022.11.02",
    });
    assert.equal((os as { version: string }).version, "22.04");
  });

  it("ignores an image of another family for a versionless SKU", () => {
    const os = identifyPoolOs({
      osSku: "Ubuntu",
      nodeImageVersion: "AKSAzureLinux-V3gen2-202505.27.0",
    });
    assert.deepEqual(os, { status: "known", family: "ubuntu", familyFrom: "osSku" });
  });

  it("falls back to the image, then to osType", () => {
    assert.equal(
      (
        identifyPoolOs({ nodeImageVersion: "AKSWindows-2022-containerd-20348.3692.250518" }) as {
          version: string;
        }
      ).version,
      "2022",
    );
    assert.deepEqual(identifyPoolOs({ osType: "Windows" }), {
      status: "known",
      family: "windows",
      familyFrom: "osType",
    });
    assert.deepEqual(identifyPoolOs({ osType: "Linux" }), {
      status: "known",
      family: "ubuntu",
      familyFrom: "osType",
    });
    assert.equal(
      identifyPoolOs({
        nodeImageVersion: parseNodeImageVersion("AKSUbuntu-2004gen2containerd-202404.22.0"),
      }).status,
      "known",
    );
  });

  it("says undetermined without enough to go on", () => {
    assert.equal(identifyPoolOs({}).status, "undetermined");
    assert.equal(identifyPoolOs({ osSku: "Plan9" }).status, "undetermined");
    assert.equal(
      identifyPoolOs({ osType: 7, osSku: 5, nodeImageVersion: [] }).status,
      "undetermined",
    );
    assert.equal(identifyPoolOs(null as never).status, "undetermined");
  });

  it("says unknown (naming the fields) when the deciding value is the sentinel", () => {
    assert.deepEqual(identifyPoolOs({ osSku: SENTINEL }), { status: "unknown", fields: ["osSku"] });
    assert.deepEqual(identifyPoolOs({ osSku: "Ubuntu", nodeImageVersion: SENTINEL }), {
      status: "unknown",
      fields: ["nodeImageVersion"],
    });
    assert.deepEqual(identifyPoolOs({ osType: SENTINEL }), {
      status: "unknown",
      fields: ["osType"],
    });
    // A versioned SKU decides alone; an unknown image does not matter then.
    assert.equal(
      identifyPoolOs({ osSku: "Ubuntu2204", nodeImageVersion: SENTINEL }).status,
      "known",
    );
  });
});

describe("aks/osRetirement: the built-in table", () => {
  const row = (family: string, version: string) =>
    BUILT_IN_OS_RETIREMENTS.find((e) => e.family === family && e.version === version);

  it("holds the dates from FACTS", () => {
    assert.deepEqual(
      BUILT_IN_OS_RETIREMENTS.map((e) => [
        e.family,
        e.version,
        e.unsupportedFrom,
        e.removedFrom,
        e.notAllowedFromKubernetes,
      ]),
      [
        ["ubuntu", "18.04", "2025-06-17", undefined, undefined],
        ["ubuntu", "20.04", "2027-03-17", "2027-03-17", undefined],
        ["ubuntu", "22.04", "2027-06-30", "2028-04-30", undefined],
        ["azurelinux", "2", "2025-11-30", "2026-03-31", undefined],
        ["windows", "2019", "2026-03-01", "2027-04-01", "1.33"],
        ["windows", "2022", "2028-06-30", undefined, undefined],
      ],
    );
    assert.ok(row("ubuntu", "18.04")?.fix);
  });
});

describe("aks/osRetirement: checkOsRetirement", () => {
  it("Ubuntu 18.04 is retired from 2025-06-17 on, not the day before", () => {
    assert.equal(
      checkOsRetirement(
        { osSku: "Ubuntu", nodeImageVersion: "AKSUbuntu-1804gen2containerd-2022.11.02" },
        justBefore("2025-06-17"),
      ).status,
      "supported",
    );
    const v = checkOsRetirement(
      { osSku: "Ubuntu", nodeImageVersion: "AKSUbuntu-1804gen2containerd-2022.11.02" },
      at("2025-06-17"),
    );
    assert.equal(v.status, "retired");
    assert.equal(v.retired, true);
    assert.equal(v.date, "2025-06-17");
    assert.match(v.message ?? "", /Ubuntu 18\.04/);
    assert.match(v.message ?? "", /2025-06-17/);
    assert.match(v.message ?? "", /Ubuntu 22\.04 or newer/);
  });

  it("Azure Linux 2.0 is retired from 2025-11-30 and removed from 2026-03-31", () => {
    const pool = { osSku: "AzureLinux", nodeImageVersion: "AKSAzureLinux-V2gen2-202505.27.0" };
    assert.equal(checkOsRetirement(pool, justBefore("2025-11-30")).status, "supported");
    const retired = checkOsRetirement(pool, at("2025-11-30"));
    assert.equal(retired.status, "retired");
    assert.match(
      retired.message ?? "",
      /Azure Linux 2\.0.*2025-11-30.*Azure Linux 3\.0.*removed on 2026-03-31/,
    );
    assert.equal(checkOsRetirement(pool, justBefore("2026-03-31")).status, "retired");
    const removed = checkOsRetirement(pool, at("2026-03-31"));
    assert.equal(removed.status, "removed");
    assert.equal(removed.date, "2026-03-31");
    assert.match(removed.message ?? "", /removed on 2026-03-31/);
  });

  it("CBL-Mariner images and the CBLMariner SKU count as Azure Linux 2.0", () => {
    assert.equal(
      checkOsRetirement({ nodeImageVersion: "AKSCBLMariner-V2gen2-202505.27.0" }, at("2025-12-01"))
        .status,
      "retired",
    );
    assert.equal(checkOsRetirement({ osSku: "CBLMariner" }, at("2026-04-01")).status, "removed");
    assert.equal(
      checkOsRetirement({ osSku: "AzureLinux3" }, at("2026-04-01")).status,
      "not-listed",
    );
  });

  it("Ubuntu 20.04 is unsupported and removed on the same day", () => {
    assert.equal(
      checkOsRetirement(
        { nodeImageVersion: "AKSUbuntu-2004gen2containerd-202404.22.0" },
        justBefore("2027-03-17"),
      ).status,
      "supported",
    );
    assert.equal(
      checkOsRetirement(
        { nodeImageVersion: "AKSUbuntu-2004gen2containerd-202404.22.0" },
        at("2027-03-17"),
      ).status,
      "removed",
    );
  });

  it("Ubuntu 22.04: retired 2027-06-30, removed 2028-04-30", () => {
    assert.equal(checkOsRetirement({ osSku: "Ubuntu2204" }, at("2027-06-29")).status, "supported");
    assert.equal(checkOsRetirement({ osSku: "Ubuntu2204" }, at("2027-06-30")).status, "retired");
    assert.equal(checkOsRetirement({ osSku: "Ubuntu2204" }, at("2028-04-30")).status, "removed");
  });

  it("Windows Server 2019: retired 2026-03-01, removed 2027-04-01, not allowed on 1.33+", () => {
    assert.equal(checkOsRetirement({ osSku: "Windows2019" }, at("2026-02-28")).status, "supported");
    assert.equal(checkOsRetirement({ osSku: "Windows2019" }, at("2026-03-01")).status, "retired");
    assert.equal(checkOsRetirement({ osSku: "Windows2019" }, at("2027-04-01")).status, "removed");
    const early = at("2025-01-01");
    assert.equal(
      checkOsRetirement({ osSku: "Windows2019" }, early, { kubernetesVersion: "1.32.9" }).status,
      "supported",
    );
    const v = checkOsRetirement({ osSku: "Windows2019" }, early, { kubernetesVersion: "1.33" });
    assert.equal(v.status, "not-allowed");
    assert.equal(v.retired, true);
    assert.match(v.message ?? "", /Windows Server 2019.*1\.33.*Windows Server 2022 or 2025/);
    assert.equal(
      checkOsRetirement({ osSku: "Windows2019" }, early, {
        kubernetesVersion: { major: 1, minor: 34, patch: 1 },
      }).status,
      "not-allowed",
    );
    assert.equal(
      checkOsRetirement({ osSku: "Windows2019" }, early, { kubernetesVersion: SENTINEL }).status,
      "supported",
    );
  });

  it("Windows Server 2022 has no removal date yet", () => {
    assert.equal(
      checkOsRetirement(
        { nodeImageVersion: "AKSWindows-2022-containerd-20348.3692.250518" },
        at("2028-06-29"),
      ).status,
      "supported",
    );
    assert.equal(
      checkOsRetirement(
        { nodeImageVersion: "AKSWindows-2022-containerd-20348.3692.250518" },
        at("2030-01-01"),
      ).status,
      "retired",
    );
  });

  it("warns ahead only when asked", () => {
    const pool = { osSku: "Ubuntu2204" };
    assert.equal(checkOsRetirement(pool, at("2027-06-01")).status, "supported");
    const v = checkOsRetirement(pool, at("2027-06-01"), { warnWithinDays: 30 });
    assert.equal(v.status, "retiring");
    assert.equal(v.retired, false);
    assert.equal(v.daysLeft, 29);
    assert.match(v.message ?? "", /2027-06-30.*in 29 days/);
    assert.equal(
      checkOsRetirement(pool, at("2027-05-30"), { warnWithinDays: 30 }).status,
      "supported",
    );
  });

  it("reports unknown, undetermined and not-listed without failing", () => {
    const now = at("2030-01-01");
    for (const [input, status] of [
      [{ osSku: SENTINEL }, "unknown"],
      [{ osSku: "Ubuntu", nodeImageVersion: SENTINEL }, "unknown"],
      [{ osSku: "Ubuntu" }, "undetermined"],
      [{ osType: "Windows" }, "undetermined"],
      [{}, "undetermined"],
      [{ osSku: "Ubuntu2404" }, "not-listed"],
      [{ osSku: "Windows2025" }, "not-listed"],
    ] as const) {
      const v = checkOsRetirement(input, now);
      assert.equal(v.status, status, JSON.stringify(input));
      assert.equal(v.retired, false);
    }
  });

  it("never counts as past a date with an invalid now", () => {
    assert.equal(checkOsRetirement({ osSku: "Ubuntu2204" }, new Date("x")).status, "supported");
    assert.equal(
      checkOsRetirement({ osSku: "Ubuntu2204" }, "2030-01-01" as never).status,
      "supported",
    );
  });
});

describe("aks/osRetirement: config entries", () => {
  it("adds entries and replaces built-in ones for the same OS", () => {
    const parsed = parseOsRetirementEntries([
      {
        family: "ubuntu",
        version: "24.04",
        unsupportedFrom: "2029-06-30",
        label: "Ubuntu 24.04",
        fix: "move to Ubuntu 26.04",
      },
      { family: "ubuntu", version: "22.04", unsupportedFrom: "2026-01-01" },
      { family: "CBLMariner", version: 2, removedFrom: "2025-01-01" },
    ]);
    assert.deepEqual(parsed.errors, []);
    const table = mergeOsRetirements(parsed.entries);
    const v24 = checkOsRetirement({ osSku: "Ubuntu2404" }, at("2029-07-01"), { table });
    assert.equal(v24.status, "retired");
    assert.match(v24.message ?? "", /Ubuntu 24\.04.*2029-06-30.*Ubuntu 26\.04/);
    assert.equal(
      checkOsRetirement({ osSku: "Ubuntu2204" }, at("2026-01-01"), { table }).status,
      "retired",
    );
    assert.equal(checkOsRetirement({ osSku: "Ubuntu2204" }, at("2026-01-01")).status, "supported");
    assert.equal(table.filter((e) => e.family === "ubuntu" && e.version === "22.04").length, 1);
    assert.equal(table.filter((e) => e.family === "azurelinux" && e.version === "2").length, 1);
    assert.equal(
      checkOsRetirement(
        { osSku: "AzureLinux", nodeImageVersion: "AKSAzureLinux-V2gen2-202505.27.0" },
        at("2025-01-01"),
        { table },
      ).status,
      "removed",
    );
    const defaults = parsed.entries[1];
    assert.equal(defaults.label, "ubuntu 22.04");
    assert.match(defaults.fix, /supported OS/);
  });

  it("reports bad entries and keeps the good ones", () => {
    const parsed = parseOsRetirementEntries([
      { family: "ubuntu", version: "24.04", unsupportedFrom: "2029-02-30" },
      { family: "ubuntu" },
      "ubuntu 24.04",
      { family: "ubuntu", version: "24.04" },
      { family: "windows", version: "2025", notAllowedFromKubernetes: "one-point-forty" },
      { family: "windows", version: "2025", notAllowedFromKubernetes: "1.40" },
      { family: "ubuntu", version: "24.04", removedFrom: SENTINEL },
    ]);
    assert.equal(parsed.entries.length, 1);
    assert.equal(parsed.entries[0].notAllowedFromKubernetes, "1.40");
    assert.equal(parsed.errors.length, 6);
    assert.match(
      parsed.errors[0],
      /osRetirements\[0\]: unsupportedFrom "2029-02-30" is not a date/,
    );
    assert.match(parsed.errors[1], /osRetirements\[1\]: needs "family"/);
    assert.match(parsed.errors[2], /osRetirements\[2\]: expected an object/);
    assert.match(parsed.errors[3], /at least one of/);
    assert.match(parsed.errors[4], /not a Kubernetes version/);
    assert.match(parsed.errors[5], /removedFrom/);
  });

  it("accepts nothing and rejects a non-list", () => {
    assert.deepEqual(parseOsRetirementEntries(undefined), { entries: [], errors: [] });
    assert.equal(parseOsRetirementEntries({ family: "ubuntu" }).errors.length, 1);
    assert.deepEqual(mergeOsRetirements("nope" as never).length, BUILT_IN_OS_RETIREMENTS.length);
  });
});
