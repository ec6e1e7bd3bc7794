import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError } from "../../core/configError";
import { UsageError } from "../../offline/cli";
import { listStacks } from "../../offline/stackFile";
import { main } from "../../scripts/pin-images";
import { ROOT, STACKS, idOf } from "../support/tooling";

const FIXTURES = path.join(ROOT, "test", "fixtures", "offline");
// The fixtures are real stacks (not the embedded demos): they are judged against a catalog file
// of their region, here a copy of the sample's Phoenix images.
const CATALOG = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "oke-cat-")), "catalog.json");
fs.copyFileSync(path.join(ROOT, "catalog", "sample-catalog.json"), CATALOG);

/** A fresh directory holding copies of the named stack files (from stacks/ or the fixtures). */
function stacksWith(...files: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "oke-pin-"));
  for (const f of files) fs.copyFileSync(f, path.join(dir, path.basename(f)));
  return dir;
}

/** Runs pin-images in process, as `npm run pin-images -- <args>` does; stdout captured. */
async function pin(...args: string[]): Promise<{ code: number; out: string }> {
  const write = process.stdout.write.bind(process.stdout);
  let out = "";
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    return {
      code: await main(args.includes("--catalog") ? args : [...args, "--catalog", CATALOG]),
      out,
    };
  } finally {
    process.stdout.write = write;
  }
}

/** The arguments of the first `npm run pin-images -- …` command a text prints (in backquotes). */
function printedPinCommand(text: string): string[] {
  const m = /`npm run pin-images -- ([^`]+)`/.exec(text);
  assert.ok(m, `no pin-images command in:\n${text}`);
  return m[1].split(" ");
}

const read = (dir: string, stack: string) =>
  fs.readFileSync(path.join(dir, `Pulumi.${stack}.yaml`), "utf8");

const ARM_X86_ID = idOf("Oracle-Linux-8.10-2026.10.20-1-OKE-1.35.2-1580");
const ARM_ID = idOf("Oracle-Linux-8.10-aarch64-2026.10.20-1-OKE-1.35.2-1580");

describe("scripts/pin-images: the one command that makes pins right", () => {
  it("an Arm pool pinned to an x86 OCID with the aarch64 name: the shape decides, the name is trusted, --check fails", async () => {
    const dir = stacksWith(path.join(FIXTURES, "Pulumi.odd.yaml"));
    const check = await pin("--stack", "odd", "--stacks-dir", dir, "--check");
    assert.equal(check.code, 1, check.out);
    assert.match(
      check.out,
      /arm \(v1\.35\.2\): OCID, name and shape reconciled — would change:\n {4}.*trusting the name: the OCID's image does not suit the pool \(it is an x86_64 image but shape VM\.Standard\.A1\.Flex needs aarch64\)/,
    );
    const r = await pin("--stack", "odd", "--stacks-dir", dir);
    assert.equal(r.code, 0, r.out);
    assert.match(read(dir, "odd"), new RegExp(`imageId: ${ARM_ID}\\n`));
    assert.doesNotMatch(
      read(dir, "odd"),
      new RegExp(`imageId: ${ARM_X86_ID}\\n {8}sourceName: Oracle-Linux-8.10-aarch64`),
    );
    const again = await pin("--stack", "odd", "--stacks-dir", dir, "--check");
    assert.equal(again.code, 0, again.out);
  });

  it("byte-stable: over a deliberately odd file only the changed scalars differ (comments, spacing, flow collections, quotes, blank lines, anchors kept)", async () => {
    const dir = stacksWith(path.join(FIXTURES, "Pulumi.odd.yaml"));
    const before = read(dir, "odd");
    assert.equal((await pin("--stack", "odd", "--stacks-dir", dir)).code, 0);
    const newest = "Oracle-Linux-8.10-2026.10.20-1-OKE-1.35.2-1580";
    const expected = before
      .replace(
        `"ocid1.image.oc1.phx.aaaaaaaaiajedajdcfeafcccccecddfdhadjbahaieadfadaciahacfgbgda"   # pinned 2026-06`,
        `"${ARM_X86_ID}"   # pinned 2026-06`,
      )
      .replace(`'Oracle-Linux-8.10-2026.06.15-0-OKE-1.35.2-1505'`, `'${newest}'`)
      .replace(
        `imageId: ${ARM_X86_ID}\n        sourceName: Oracle-Linux-8.10-aarch64`,
        `imageId: ${ARM_ID}\n        sourceName: Oracle-Linux-8.10-aarch64`,
      )
      .replace(
        `image: {os: Oracle-Linux, osVersion: "8"}   # chosen by OS: floats`,
        `image: {imageId: ${ARM_X86_ID}, sourceName: "${newest}"}   # chosen by OS: floats`,
      );
    assert.notEqual(expected, before);
    assert.equal(
      Buffer.compare(Buffer.from(read(dir, "odd")), Buffer.from(expected)),
      0,
      read(dir, "odd"),
    );
  });

  it("fills a floating {os, osVersion} pool with the pin the catalog picks today", async () => {
    const dir = stacksWith(path.join(FIXTURES, "Pulumi.odd.yaml"));
    const check = await pin("--stack", "odd", "--stacks-dir", dir, "--check");
    assert.match(check.out, /floating \(v1\.35\.2\): floating image pinned — would change/);
    assert.match(check.out, /image\.os → imageId: \(selector\) → ocid1\.image\.oc1\.phx\./);
  });

  it("the version-mismatch hint names a command that works: it re-pins for the pool's version, which never changes", async () => {
    const dir = stacksWith(path.join(FIXTURES, "Pulumi.version-mismatch.yaml"));
    // What the preview (and the program) print for this stack: validation with the hint's context.
    const { validateStackFile, readStackFile } = await import("../../offline/stackFile");
    const { pinImagesCommand } = await import("../../core/commands");
    const file = readStackFile(dir, "version-mismatch");
    let message = "";
    try {
      validateStackFile(file, {
        pinCommand: pinImagesCommand({
          stack: "version-mismatch",
          catalog: "embedded",
          stacksDir: dir,
        }),
      });
    } catch (e) {
      assert.ok(e instanceof ConfigError);
      message = e.message;
    }
    assert.match(message, /is an image for Kubernetes v1\.35\.2 but the pool runs v1\.34\.2/);
    const args = printedPinCommand(message);
    const r = await pin(...args);
    assert.equal(r.code, 0, r.out);
    const after = read(dir, "version-mismatch");
    assert.match(after, /kubernetesVersion: v1\.34\.2/);
    assert.match(after, /sourceName: Oracle-Linux-8\.10-2026\.10\.20-1-OKE-1\.34\.2-1580/);
    validateStackFile(readStackFile(dir, "version-mismatch")); // now valid
  });

  it("every pin-images command the tool prints works as printed (--check's rewrite hint and the --patch note)", async () => {
    const dir = stacksWith(path.join(FIXTURES, "Pulumi.old-patch.yaml"));
    const check = await pin("--stack", "old-patch", "--stacks-dir", dir, "--check");
    assert.equal(check.code, 1);
    const rewrite = /Pins need attention: `npm run pin-images -- ([^`]+)`/
      .exec(check.out)![1]
      .split(" ");
    assert.ok(rewrite.includes("--stacks-dir"), "the hint carries --stacks-dir");
    const patch = /`npm run pin-images -- ([^`]+--patch)` moves the pool there/
      .exec(check.out)![1]
      .split(" ");
    assert.equal((await pin(...rewrite)).code, 0);
    const r = await pin(...patch);
    assert.equal(r.code, 0, r.out);
    assert.match(read(dir, "old-patch"), /kubernetesVersion: v1\.33\.10\n/);
  });

  it("a retired v1.33.1 pin: re-pinned within v1.33.1, with the same-minor patch offered (OCID, name, build date); --patch moves to it", async () => {
    const dir = stacksWith(path.join(FIXTURES, "Pulumi.old-patch.yaml"));
    const plain = await pin("--stack", "old-patch", "--stacks-dir", dir);
    assert.equal(plain.code, 0, plain.out);
    assert.match(read(dir, "old-patch"), /kubernetesVersion: v1\.33\.1\n/);
    const id = idOf("Oracle-Linux-8.10-2026.10.20-1-OKE-1.33.10-1580");
    assert.match(
      plain.out,
      new RegExp(
        `a newer patch of its minor is offered: v1\\.33\\.10, image ${id} \\(Oracle-Linux-8\\.10-2026\\.10\\.20-1-OKE-1\\.33\\.10-1580, built 2026-10-20\\)`,
      ),
    );
    const patched = await pin("--stack", "old-patch", "--stacks-dir", dir, "--patch");
    assert.equal(patched.code, 0, patched.out);
    assert.match(patched.out, /old \(v1\.33\.1 → v1\.33\.10\): moved to the newest patch/);
    assert.match(
      read(dir, "old-patch"),
      new RegExp(`kubernetesVersion: v1\\.33\\.10\\n {6}image:\\n {8}imageId: ${id}\\n`),
    );
  });

  it("--patch moves the control plane first when the pool follows it, and says so", async () => {
    const dir = stacksWith(path.join(FIXTURES, "Pulumi.patch-control-plane.yaml"));
    const r = await pin("--stack", "patch-control-plane", "--stacks-dir", dir, "--patch");
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /control plane v1\.35\.0 → v1\.35\.2 — changed: .*it goes first/);
    const after = read(dir, "patch-control-plane");
    assert.match(after, /oke-pools:kubernetesVersion: v1\.35\.2\n/);
    assert.match(after, /sourceName: Oracle-Linux-8\.10-2026\.10\.20-1-OKE-1\.35\.2-1580/);
  });

  it("a truncated OCID whose name is current is completed, not called retired", async () => {
    const dir = stacksWith(path.join(FIXTURES, "Pulumi.truncated.yaml"));
    const r = await pin("--stack", "truncated", "--stacks-dir", dir, "--check");
    assert.equal(r.code, 1);
    assert.match(
      r.out,
      /truncated OCID completed — would change:\n {4}image\.imageId is cut short/,
    );
    assert.doesNotMatch(r.out, /RETIRED|retired/);
  });

  it("an OCID of another region gets its own message and the catalog's OCID for its name, not 'retired'", async () => {
    const dir = stacksWith(path.join(FIXTURES, "Pulumi.other-region.yaml"));
    const r = await pin("--stack", "other-region", "--stacks-dir", dir);
    assert.equal(r.code, 0, r.out);
    assert.match(
      r.out,
      /OCID of another region replaced — changed:\n {4}image\.imageId is an OCID of region us-ashburn-1, but the catalog is of us-phoenix-1/,
    );
    assert.match(read(dir, "other-region"), new RegExp(`imageId: ${ARM_X86_ID}\\n`));
  });

  it("a catalog of another region than the stack's is refused, naming both regions and the fix (issue 12's catalog selection)", async () => {
    const dir = stacksWith(path.join(STACKS, "Pulumi.demo.yaml"));
    const text = read(dir, "demo").replace(
      "oci:region: us-phoenix-1",
      "oci:region: eu-frankfurt-1",
    );
    fs.writeFileSync(path.join(dir, "Pulumi.demo.yaml"), text.replace(/\.phx\./g, ".fra."));
    await assert.rejects(
      pin("--stack", "demo", "--stacks-dir", dir, "--check"),
      (e: unknown) =>
        e instanceof Error &&
        /region us-phoenix-1/.test(e.message) &&
        /eu-frankfurt-1/.test(e.message) &&
        /npm run fetch-catalog -- --stack demo --stacks-dir /.test(e.message),
    );
  });

  it("repeated flags are refused", async () => {
    await assert.rejects(
      pin("--stack", "demo", "--stack", "stale-image", "--check"),
      (e: unknown) =>
        e instanceof UsageError &&
        /--stack is given 2 times \("demo", "stale-image"\); give it once/.test(e.message),
    );
  });

  it("--check agrees with pin-images on every fixture: exit codes equal, and --check fails exactly when the file would change (or a pin needs a person)", async () => {
    const files = [
      ...listStacks(STACKS).map((s) => path.join(STACKS, `Pulumi.${s}.yaml`)),
      ...listStacks(FIXTURES).map((s) => path.join(FIXTURES, `Pulumi.${s}.yaml`)),
    ];
    assert.ok(files.length >= 10);
    for (const f of files) {
      const stack = /Pulumi\.(.+)\.yaml$/.exec(f)![1];
      for (const patch of [[], ["--patch"]]) {
        const dir = stacksWith(f);
        const before = read(dir, stack);
        const check = await pin("--stack", stack, "--stacks-dir", dir, "--check", ...patch);
        assert.equal(read(dir, stack), before, `${stack}: --check wrote the file`);
        const run = await pin("--stack", stack, "--stacks-dir", dir, ...patch);
        const changed = read(dir, stack) !== before;
        const needsPerson = /cannot fix automatically/.test(run.out);
        assert.equal(check.code, changed || needsPerson ? 1 : 0, `${stack} ${patch}: ${check.out}`);
        assert.equal(run.code, needsPerson ? 1 : 0, `${stack} ${patch}: ${run.out}`);
        const after = await pin("--stack", stack, "--stacks-dir", dir, "--check", ...patch);
        assert.equal(
          after.code,
          needsPerson ? 1 : 0,
          `${stack} ${patch} after the rewrite: ${after.out}`,
        );
      }
    }
  });
});
