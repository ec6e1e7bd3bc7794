import { strict as assert } from "assert";
import {
  AksNodeImage,
  NODE_IMAGE_SUPPORT_DAYS,
  assessNodeImageAge,
  calendarDate,
  nodeImageAgeDays,
  parseNodeImageVersion,
} from "../../../core/aks/nodeImage";
import { SENTINEL } from "./support";

function image(raw: string): AksNodeImage {
  const r = parseNodeImageVersion(raw);
  assert.equal(r.status, "recognised", `${raw}: ${JSON.stringify(r)}`);
  return (r as { image: AksNodeImage }).image;
}

function reason(raw: unknown): string {
  const r = parseNodeImageVersion(raw);
  assert.equal(r.status, "unrecognised", `${String(raw)} should be unrecognised`);
  return (r as { reason: string }).reason;
}

describe("aks/nodeImage: parseNodeImageVersion", () => {
  it("reads current Ubuntu images (YYYYMM.DD.N)", () => {
    const i = image("AKSUbuntu-2204gen2containerd-202404.22.0");
    assert.deepEqual(
      {
        family: i.osFamily,
        os: i.osVersion,
        sku: i.sku,
        format: i.format,
        version: i.version,
        date: i.buildDate,
        rev: i.revision,
        patch: i.securityPatchDate,
      },
      {
        family: "ubuntu",
        os: "22.04",
        sku: "2204gen2containerd",
        format: "linux",
        version: "202404.22.0",
        date: "2024-04-22",
        rev: 0,
        patch: undefined,
      },
    );
    assert.equal(i.osPrefix, "AKSUbuntu");
    assert.equal(i.raw, "AKSUbuntu-2204gen2containerd-202404.22.0");
  });

  it("reads the revision of YYYYMM.DD.N", () => {
    assert.equal(image("AKSUbuntu-2204gen2containerd-202404.22.3").revision, 3);
  });

  it("reads Azure Linux 3 and CBL-Mariner 2 images", () => {
    const az = image("AKSAzureLinux-V3gen2-202505.27.0");
    assert.deepEqual(
      [az.osFamily, az.osVersion, az.buildDate, az.sku],
      ["azurelinux", "3", "2025-05-27", "V3gen2"],
    );
    const mariner = image("AKSCBLMariner-V2gen2-202505.27.0");
    assert.deepEqual(
      [mariner.osFamily, mariner.osVersion, mariner.buildDate],
      ["cblmariner", "2", "2025-05-27"],
    );
  });

  it("reads the SecurityPatch date suffix", () => {
    const i = image("AKSUbuntu-2204gen2containerd-202410.27.0-2024.12.01");
    assert.equal(i.buildDate, "2024-10-27");
    assert.equal(i.securityPatchDate, "2024-12-01");
    assert.equal(i.version, "202410.27.0");
    assert.equal(i.sku, "2204gen2containerd");
    assert.equal(i.format, "linux");
  });

  it("reads older Linux images (YYYY.MM.DD)", () => {
    const i = image("AKSUbuntu-1804gen2containerd-2022.11.02");
    assert.deepEqual(
      [i.osFamily, i.osVersion, i.format, i.buildDate, i.securityPatchDate],
      ["ubuntu", "18.04", "linux-legacy", "2022-11-02", undefined],
    );
  });

  it("reads Windows images whose SKU contains a hyphen", () => {
    const i = image("AKSWindows-2022-containerd-20348.3692.250518");
    assert.deepEqual(
      [i.osFamily, i.osVersion, i.sku, i.format, i.buildDate, i.windowsBuild, i.windowsRevision],
      ["windows", "2022", "2022-containerd", "windows", "2025-05-18", 20348, 3692],
    );
  });

  it("reads Windows 2025 and 2019 images", () => {
    const w25 = image("AKSWindows-2025-26100.4061.250518");
    assert.deepEqual([w25.osVersion, w25.sku, w25.buildDate], ["2025", "2025", "2025-05-18"]);
    const w19 = image("AKSWindows-2019-containerd-17763.7314.250518");
    assert.deepEqual([w19.osVersion, w19.windowsBuild], ["2019", 17763]);
  });

  it("derives the Windows version from the build when the SKU does not say it", () => {
    assert.equal(image("AKSWindows-containerd-20348.3692.250518").osVersion, "2022");
    assert.equal(image("AKSWindows-containerd-12345.1.250518").osVersion, undefined);
  });

  it("keeps unknown AKS OS prefixes as family 'other'", () => {
    const i = image("AKSFlatcar-4081gen2-202505.27.0");
    assert.equal(i.osFamily, "other");
    assert.equal(i.osVersion, undefined);
    assert.equal(i.buildDate, "2025-05-27");
  });

  it("trims whitespace", () => {
    assert.equal(
      image("  AKSAzureLinux-V3gen2-202505.27.0\n").raw,
      "AKSAzureLinux-V3gen2-202505.27.0",
    );
  });

  it("rejects strings that do not follow the grammar, with a reason", () => {
    assert.match(reason("Ubuntu-2204gen2containerd-202404.22.0"), /AKS OS name/);
    assert.match(reason("AKSUbuntu-202404.22.0"), /no <SKU>/);
    assert.match(reason("AKSUbuntu-2204gen2containerd-latest"), /none of/);
    assert.match(reason("AKSUbuntu-2204gen2containerd-202413.22.0"), /calendar date/);
    assert.match(reason("AKSUbuntu-2204gen2containerd-202402.30.0"), /calendar date/);
    assert.match(reason("AKSWindows-2022-containerd-20348.3692.251332"), /calendar date/);
    assert.match(
      reason("AKSUbuntu-2204gen2containerd-202410.27.0-2024.13.01"),
      /security patch date/,
    );
    assert.match(reason("AKSUbuntu--202404.22.0"), /no <SKU>/);
    assert.match(reason("x".repeat(500)), /longer/);
    assert.equal(reason(42), "not a string");
    assert.equal(reason({}), "not a string");
  });

  it("accepts 29 February only in leap years", () => {
    assert.equal(image("AKSUbuntu-2204gen2containerd-202402.29.0").buildDate, "2024-02-29");
    reason("AKSUbuntu-2204gen2containerd-202302.29.0");
  });

  it("reports the unknown sentinel as unknown, and nothing as absent", () => {
    assert.deepEqual(parseNodeImageVersion(SENTINEL), { status: "unknown" });
    assert.deepEqual(parseNodeImageVersion(`AKSUbuntu-${SENTINEL}`), { status: "unknown" });
    assert.deepEqual(parseNodeImageVersion(undefined), { status: "absent" });
    assert.deepEqual(parseNodeImageVersion(null), { status: "absent" });
    assert.deepEqual(parseNodeImageVersion("  "), { status: "absent" });
  });
});

describe("aks/nodeImage: age", () => {
  const now = new Date("2025-08-25T12:00:00Z");

  it("counts whole days from the build date", () => {
    assert.equal(nodeImageAgeDays(image("AKSAzureLinux-V3gen2-202505.27.0"), now), 90);
    assert.equal(nodeImageAgeDays(image("AKSWindows-2022-containerd-20348.3692.250518"), now), 99);
    assert.equal(nodeImageAgeDays({ buildDate: "2025-08-26" }, now), -1);
  });

  it("flags images older than 90 days, not at 90", () => {
    assert.equal(NODE_IMAGE_SUPPORT_DAYS, 90);
    const at90 = assessNodeImageAge("AKSAzureLinux-V3gen2-202505.27.0", now);
    assert.equal(at90.status, "ok");
    const at91 = assessNodeImageAge("AKSAzureLinux-V3gen2-202505.26.0", now);
    assert.equal(at91.status, "too-old");
    assert.equal((at91 as { ageDays: number }).ageDays, 91);
  });

  it("uses the build date, not the SecurityPatch date, by default", () => {
    const r = assessNodeImageAge(
      "AKSUbuntu-2204gen2containerd-202410.27.0-2024.12.01",
      new Date("2025-01-26T00:00:00Z"),
    );
    assert.equal(r.status, "too-old");
    assert.equal((r as { ageDays: number }).ageDays, 91);
    assert.equal((r as { since: string }).since, "2024-10-27");
  });

  it("countFrom securityPatch counts a patched image from its patch date; unpatched images from their build", () => {
    const now = new Date("2025-01-26T00:00:00Z");
    const patched = assessNodeImageAge(
      "AKSUbuntu-2204gen2containerd-202410.27.0-2024.12.01",
      now,
      90,
      { countFrom: "securityPatch" },
    );
    assert.deepEqual(
      [
        patched.status,
        (patched as { ageDays: number }).ageDays,
        (patched as { since: string }).since,
      ],
      ["ok", 56, "2024-12-01"],
    );
    const plain = assessNodeImageAge("AKSUbuntu-2204gen2containerd-202410.27.0", now, 90, {
      countFrom: "securityPatch",
    });
    assert.deepEqual([plain.status, (plain as { since: string }).since], ["too-old", "2024-10-27"]);
    const win = assessNodeImageAge("AKSWindows-2022-containerd-20348.3692.241020", now, 90, {
      countFrom: "securityPatch",
    });
    assert.deepEqual([win.status, (win as { ageDays: number }).ageDays], ["too-old", 98]);
    assert.equal(
      assessNodeImageAge(
        "AKSUbuntu-2204gen2containerd-202410.27.0-2024.12.01",
        now,
        90,
        null as never,
      ).status,
      "too-old",
    );
  });

  it("takes a custom limit, and a parse result instead of a string", () => {
    const parsed = parseNodeImageVersion("AKSUbuntu-2204gen2containerd-202404.22.0");
    const r = assessNodeImageAge(parsed, new Date("2024-05-22T00:00:00Z"), 29);
    assert.equal(r.status, "too-old");
    assert.equal((r as { maxAgeDays: number }).maxAgeDays, 29);
    assert.equal(assessNodeImageAge(parsed, new Date("2024-05-22T00:00:00Z"), NaN).status, "ok");
  });

  it("passes unknown, absent and unrecognised through", () => {
    assert.equal(assessNodeImageAge(SENTINEL, now).status, "unknown");
    assert.equal(assessNodeImageAge(undefined, now).status, "absent");
    assert.equal(assessNodeImageAge("nope", now).status, "unrecognised");
  });

  it("does not throw on an invalid now", () => {
    assert.equal(nodeImageAgeDays({ buildDate: "2025-01-01" }, new Date("garbage")), undefined);
    assert.equal(
      assessNodeImageAge("AKSAzureLinux-V3gen2-202505.27.0", new Date(NaN)).status,
      "unrecognised",
    );
    assert.equal(nodeImageAgeDays(null as never, now), undefined);
  });

  it("calendarDate checks real days", () => {
    assert.equal(calendarDate("2025", "04", "31"), undefined);
    assert.equal(calendarDate("2025", "04", "30"), "2025-04-30");
    assert.equal(calendarDate("2025", "00", "10"), undefined);
  });
});
