import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { SAMPLE_CATALOG_PATH } from "../../offline/catalogFile";
import { previewStack } from "../../offline/preview";
import { readStackFile, validateStackFile } from "../../offline/stackFile";

const ROOT = path.join(__dirname, "..", "..");
const POOLS = path.join(ROOT, "test/fixtures/offline/oci-ce-node-pool-list.json");
const CLUSTERS = path.join(ROOT, "test/fixtures/offline/oci-ce-cluster-list.json");

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "oke-inventory-"));
}

/** us-phoenix-1's catalog for the test: the sample's images (a copy: the sample itself never judges real pools). */
function phoenixCatalog(): string {
  const f = path.join(tmp(), "us-phoenix-1.json");
  fs.copyFileSync(SAMPLE_CATALOG_PATH, f);
  return f;
}

function run(...args: string[]) {
  const r = spawnSync(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", "scripts/inventory.ts", ...args],
    {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 120_000,
    },
  );
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    show: `exit ${r.status}\n${r.stdout}\n${r.stderr}`,
  };
}

describe("inventory: pools as the OCI CLI lists them, assessed and adopted", function () {
  this.timeout(240_000);
  const catalog = phoenixCatalog();

  it("reports per pool the image status and replacement, skew, cycle mode, IP reliance and Oracle's recovery path, most urgent first (exit 1)", () => {
    const r = run(
      "--node-pools",
      POOLS,
      "--clusters",
      CLUSTERS,
      "--catalog",
      catalog,
      "--ip-dependent",
      "web",
      "--ip-independent",
      "batch",
    );
    assert.equal(r.status, 1, r.show);
    const blocks = r.stdout.split("\n\n");
    const block = (pool: string) =>
      blocks.find((b) => b.startsWith(`${pool} (`)) ?? assert.fail(`no ${pool} in\n${r.stdout}`);
    assert.deepEqual(
      blocks.filter((b) => /^[a-z]+ \(cluster/.test(b)).map((b) => b.split(" ")[0]),
      ["web", "batch", "jobs", "arm", "general"],
    );
    // Retired, IPs relied on, cycled with INSTANCE_REPLACE: image first, then BOOT_VOLUME_REPLACE.
    assert.match(
      block("web"),
      /image: {6}RETIRED: Oracle-Linux-8\.10-2025\.11\.20-0-OKE-1\.34\.2-1345 → Oracle-Linux-8\.10-2026\.10\.20-1-OKE-1\.34\.2-1580/,
    );
    assert.match(block("web"), /cycling: {4}INSTANCE_REPLACE \(new node IPs\)/);
    assert.match(block("web"), /node IPs relied on: yes/);
    assert.match(
      block("web"),
      /recovery \(boot-volume-replace\):\n {4}1\. update the pool's image first[\s\S]*2\. cycle its nodes with BOOT_VOLUME_REPLACE[\s\S]*not INSTANCE_REPLACE as configured[\s\S]*3\. one pool at a time/,
    );
    // Outdated, nothing relies on its IPs: blue/green.
    assert.match(block("batch"), /outdated: .*1\.33\.10-1505 → .*1\.33\.10-1580/);
    assert.match(
      block("batch"),
      /skew: {7}ok: 2 minor\(s\) behind control plane v1\.35\.2 \(at most 3\)/,
    );
    assert.match(block("batch"), /recovery \(blue-green\):\n {4}1\. create a new pool/);
    // A BASIC cluster four minors behind the region: the multi-version path, no node cycling.
    assert.match(block("jobs"), /cycling: {4}not configured/);
    assert.match(
      block("jobs"),
      /recovery \(multi-version\):\n {4}1\. the control plane is 4 minor versions behind[\s\S]*BASIC_CLUSTER, where node cycling is not available/,
    );
    assert.match(block("general"), /recovery: {3}nothing to do/);
  });

  it("--format markdown: one table row per pool", () => {
    const r = run(
      "--node-pools",
      POOLS,
      "--clusters",
      CLUSTERS,
      "--catalog",
      catalog,
      "--format",
      "markdown",
    );
    assert.equal(r.status, 1, r.show);
    assert.match(r.stdout, /^### Inventory: 5 node pool\(s\), ❌ 3 need work/);
    assert.equal(r.stdout.split("\n").filter((l) => l.startsWith("| `")).length, 5);
  });

  it("--adopt writes a stack file with the settings as deployed that previews with no mandatory violation, and an import file whose URNs are the program's", async () => {
    const stacks = tmp();
    const importFile = path.join(tmp(), "import-platform.json");
    const r = run(
      "--node-pools",
      POOLS,
      "--clusters",
      CLUSTERS,
      "--catalog",
      catalog,
      "--adopt",
      "platform",
      "--cluster",
      "platform",
      "--stacks-dir",
      stacks,
      "--import-file",
      importFile,
    );
    assert.equal(r.status, 1, r.show); // other clusters' pools still need work
    assert.match(r.stdout, /pulumi import --stack platform --file .*import-platform\.json/);
    const file = readStackFile(stacks, "platform");
    validateStackFile(file);
    const cfg = file.config as Record<string, any>;
    assert.equal(cfg["oci:region"], "us-phoenix-1");
    assert.equal(cfg["oke-pools:kubernetesVersion"], "v1.35.2");
    assert.equal(cfg["oke-pools:clusterType"], "ENHANCED_CLUSTER");
    const [general, arm] = cfg["oke-pools:nodePools"];
    assert.deepEqual(
      {
        name: general.name,
        size: general.size,
        ocpus: general.ocpus,
        memoryInGbs: general.memoryInGbs,
        boot: general.bootVolumeSizeInGbs,
        labels: general.labels,
        cycling: general.cycling,
        keep: general.preserveNodeIdentity,
        eviction: general.eviction,
      },
      {
        name: "general",
        size: 3,
        ocpus: 2,
        memoryInGbs: 16,
        boot: 100,
        labels: { workload: "general" },
        cycling: { enabled: true, mode: "BOOT_VOLUME_REPLACE", maximumUnavailable: "1" },
        keep: true,
        eviction: { graceDuration: "PT30M" },
      },
    );
    assert.deepEqual(arm.cycling, {
      enabled: true,
      mode: "INSTANCE_REPLACE",
      maximumSurge: "1",
      maximumUnavailable: "0",
    });
    assert.equal(arm.preserveNodeIdentity, false);
    assert.deepEqual(general.placement, [
      {
        availabilityDomain: "Uocm:PHX-AD-1",
        subnetId: "ocid1.subnet.oc1.phx.aaaaaaaaplatworkers0000000000000000000000000000000000",
        faultDomains: ["FAULT-DOMAIN-1", "FAULT-DOMAIN-2"],
      },
    ]);

    const result = await previewStack({
      stack: "platform",
      stacksDir: stacks,
      catalogFile: catalog,
    });
    assert.equal(result.exitCode, 0, result.text);
    const urns = new Set(result.recording.resources.map((x) => x.urn));
    const imported = JSON.parse(fs.readFileSync(importFile, "utf8")) as {
      resources: Record<string, unknown>[];
    };
    const printed = [...r.stdout.matchAll(/^ {2}(urn:pulumi:\S+) {2}← {2}(\S+)$/gm)].map((m) => [
      m[1],
      m[2],
    ]);
    assert.equal(printed.length, 3, r.stdout);
    for (const [urn] of printed)
      assert.ok(urns.has(urn), `${urn} is not what the program declares:\n${[...urns].join("\n")}`);
    // Each imported custom resource: logical name = the program's resource name, parent = the component.
    const byName = new Map(imported.resources.map((x) => [x.name, x]));
    for (const x of imported.resources.filter(
      (y) => y.type === "oci:ContainerEngine/nodePool:NodePool",
    )) {
      const parent = byName.get(x.parent as string)!;
      assert.equal(parent.type, "okepools:index:OkeNodePool");
      assert.equal(parent.component, true);
      assert.equal(parent.logicalName, x.logicalName);
    }
    assert.deepEqual(
      printed.map(([, id]) => id),
      [
        "ocid1.cluster.oc1.phx.aaaaaaaaplatcluster0000000000000000000000000000000000",
        "ocid1.nodepool.oc1.phx.aaaaaaaageneralpool000000000000000000000000000000000000",
        "ocid1.nodepool.oc1.phx.aaaaaaaaarmpool000000000000000000000000000000000000",
      ],
    );
    // The stack file is YAML with a header saying how it was made; it is never overwritten.
    assert.match(
      fs.readFileSync(path.join(stacks, "Pulumi.platform.yaml"), "utf8"),
      /^# Adopted from cluster platform/,
    );
    assert.ok(
      YAML.parse(fs.readFileSync(path.join(stacks, "Pulumi.platform.yaml"), "utf8")).config,
    );
    const again = run(
      "--node-pools",
      POOLS,
      "--clusters",
      CLUSTERS,
      "--catalog",
      catalog,
      "--adopt",
      "platform",
      "--cluster",
      "platform",
      "--stacks-dir",
      stacks,
      "--import-file",
      importFile,
    );
    assert.equal(again.status, 2, again.show);
    assert.match(again.stderr, /exists; the inventory never overwrites a file/);
  });

  it("bad input exits 2: several clusters without --cluster, a list that is not the CLI's, no catalog for the region", () => {
    const several = run(
      "--node-pools",
      POOLS,
      "--clusters",
      CLUSTERS,
      "--catalog",
      catalog,
      "--adopt",
      "x",
      "--stacks-dir",
      tmp(),
    );
    assert.equal(several.status, 2, several.show);
    assert.match(
      several.stderr,
      /3 clusters \(prod, platform, old\); choose one with --cluster <name>/,
    );
    const notCli = run(
      "--node-pools",
      SAMPLE_CATALOG_PATH,
      "--clusters",
      CLUSTERS,
      "--catalog",
      catalog,
    );
    assert.equal(notCli.status, 2, notCli.show);
    assert.match(notCli.stderr, /data: expected a list, as `oci ce node-pool list/);
    const none = run("--node-pools", POOLS, "--clusters", CLUSTERS, "--catalogs-dir", tmp());
    assert.equal(none.status, 2, none.show);
    assert.match(none.stderr, /Fetch it: npm run fetch-catalog -- --region us-phoenix-1/);
  });
});
