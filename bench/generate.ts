/**
 * Generates benchmark stacks: `oke-pools:*` config for N node pools (plain pools and blue/green
 * pairs, mixed Kubernetes versions, shapes and OSes, some pins current, some with an update
 * available, some retired) plus `bench:workloads`, the Kubernetes Deployments and
 * PodDisruptionBudgets that bench/program.ts declares next to the real program.
 *
 * Deterministic: the same size gives the same stack. Each pool's catalog filter is computed
 * here from what the generator chose (shape family and OS), independently of the program's
 * core/catalogFilter.ts, so the invoke count the preview reports can be checked against it.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

/** One Deployment + PodDisruptionBudget that bench/program.ts declares. */
export interface BenchWorkload {
  readonly name: string;
  readonly namespace: string;
  readonly replicas: number;
  /** The pod template's nodeSelector: a pool's or a pair's active colour's labels. */
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly budget: { readonly maxUnavailable: number } | { readonly minAvailable: number };
}

interface Profile {
  readonly shape: string;
  /** Flexible shapes take ocpus/memoryInGbs. */
  readonly flex: boolean;
  /** Source-name prefix of the OS, e.g. `Oracle-Linux-8.10`. */
  readonly osName: string;
  /** The OS type filter the OCI API has for this OS (OL7, OL8, UBUNTU), none for Oracle Linux 9. */
  readonly osTypeFilter?: "OL8";
  readonly arch: "X86_64" | "AARCH64";
  readonly gpu: boolean;
}

const PROFILES: readonly Profile[] = [
  {
    shape: "VM.Standard.E5.Flex",
    flex: true,
    osName: "Oracle-Linux-8.10",
    osTypeFilter: "OL8",
    arch: "X86_64",
    gpu: false,
  },
  {
    shape: "VM.Standard.A1.Flex",
    flex: true,
    osName: "Oracle-Linux-8.10",
    osTypeFilter: "OL8",
    arch: "AARCH64",
    gpu: false,
  },
  {
    shape: "VM.Standard.E4.Flex",
    flex: true,
    osName: "Oracle-Linux-9.7",
    arch: "X86_64",
    gpu: false,
  },
  {
    shape: "VM.GPU.A10.1",
    flex: false,
    osName: "Oracle-Linux-8.10",
    osTypeFilter: "OL8",
    arch: "X86_64",
    gpu: true,
  },
  {
    shape: "VM.Standard.E5.Flex",
    flex: true,
    osName: "Oracle-Linux-8.10",
    osTypeFilter: "OL8",
    arch: "X86_64",
    gpu: false,
  },
  {
    // An Arm shape the sample catalog offers (stack validation checks shapes against the catalog).
    shape: "VM.Standard.A1.Flex",
    flex: true,
    osName: "Oracle-Linux-9.7",
    arch: "AARCH64",
    gpu: false,
  },
];
/** With `oneFilter`: every pool x86_64 Oracle Linux 8 (GPU or not), i.e. one catalog filter. */
const ONE_FILTER_PROFILES: readonly Profile[] = [PROFILES[0], PROFILES[3]];

/** The control plane, and the pools' versions: all within OKE's skew (at most 2 minors behind here). */
export const CONTROL_PLANE = "v1.35.2";
const POOL_VERSIONS = ["v1.35.2", "v1.34.2", "v1.35.2", "v1.33.10"] as const;

interface CatalogImage {
  readonly imageId: string;
  readonly sourceName: string;
}

/** Current images of the catalog for a profile and version, newest first (by date, rev, build). */
function imagesFor(sources: readonly CatalogImage[], p: Profile, version: string): CatalogImage[] {
  const variant = p.arch === "AARCH64" ? "aarch64-" : p.gpu ? "Gen2-GPU-" : "";
  const v = version.replace(/^v/, "").replace(/\./g, "\\.");
  const re = new RegExp(
    `^${p.osName.replace(/\./g, "\\.")}-${variant}(\\d{4})\\.(\\d\\d)\\.(\\d\\d)-(\\d+)-OKE-${v}-(\\d+)$`,
  );
  const key = (s: CatalogImage) => re.exec(s.sourceName)!.slice(1).map(Number);
  const cmp = (a: number[], b: number[]) => a.reduce((r, x, i) => r || x - b[i], 0);
  return sources.filter((s) => re.test(s.sourceName)).sort((a, b) => cmp(key(b), key(a)));
}

/** An image that is not (any more) in the catalog: the pin of a pool the next node cycle would break. */
function retiredImage(p: Profile, version: string, i: number): CatalogImage {
  const variant = p.arch === "AARCH64" ? "aarch64-" : p.gpu ? "Gen2-GPU-" : "";
  return {
    imageId: `ocid1.image.oc1.phx.aaaaaaaaretired${String(i).padStart(8, "0")}benchbenchbench`,
    sourceName: `${p.osName}-${variant}2025.01.15-0-OKE-${version.replace(/^v/, "")}-1100`,
  };
}

export interface GeneratedStack {
  readonly stack: string;
  /** The stack file's `config:` map. */
  readonly config: Record<string, unknown>;
  readonly pools: number;
  readonly plainPools: number;
  readonly pairs: number;
  readonly workloads: number;
  readonly retiredPins: number;
  readonly updateAvailablePins: number;
  readonly versions: readonly string[];
  /**
   * The distinct getNodePoolOption filters the program should ask for, as
   * `nodePoolOptionId|osType|arch`: the cluster is declared by the program (its OCID is not
   * known in a preview), so `all`; OS type only for OL7/OL8/Ubuntu; arch from the shape.
   */
  readonly expectedFilters: readonly string[];
}

export interface GenerateOptions {
  /** Every pool on x86_64 Oracle Linux 8: one catalog filter. @default false */
  readonly oneFilter?: boolean;
  /** @default `bench-<pools>` (`bench-<pools>-one-filter` with oneFilter) */
  readonly stack?: string;
}

const SUBNET = "ocid1.subnet.oc1.phx.aaaaaaaabenchworkers000000000000000000000000000000000000";
const PLACEMENT = [{ availabilityDomain: "Uocm:PHX-AD-1", subnetId: SUBNET }];

/**
 * A stack of `pools` node pools: pools/10 blue/green pairs (at least one), so a fifth of the
 * pools are pair colours, the rest plain pools. Every 10th plain pool pins a retired image, every 7th
 * an older current image (update available). One workload per pair (following its active
 * colour) and one per two plain pools; every 9th budget blocks drains (minAvailable = replicas),
 * every 13th workload runs a single replica, so the drain policy has findings too.
 */
export function generateStack(
  pools: number,
  catalogSources: readonly CatalogImage[],
  opts: GenerateOptions = {},
): GeneratedStack {
  const profiles = opts.oneFilter ? ONE_FILTER_PROFILES : PROFILES;
  const stack = opts.stack ?? `bench-${pools}${opts.oneFilter ? "-one-filter" : ""}`;
  const pairs = Math.max(1, Math.floor(pools / 10));
  const plain = pools - 2 * pairs;
  const filters = new Set<string>();
  const versions = new Set<string>();
  let retired = 0;
  let older = 0;
  const pick = (p: Profile, version: string, i: number, allowStale: boolean): CatalogImage => {
    const current = imagesFor(catalogSources, p, version);
    if (current.length === 0)
      throw new Error(
        `bench generator: the catalog has no ${p.osName} ${p.arch}${p.gpu ? " GPU" : ""} image for ${version}`,
      );
    if (allowStale && i % 10 === 3) {
      retired++;
      return retiredImage(p, version, i);
    }
    if (allowStale && i % 7 === 5 && current.length > 1) {
      older++;
      return current[1];
    }
    return current[0];
  };
  const note = (p: Profile, version: string) => {
    filters.add(["all", p.osTypeFilter ?? "*", p.arch].join("|"));
    versions.add(version);
  };
  const poolSettings = (p: Profile, version: string, image: CatalogImage, i: number) => ({
    shape: p.shape,
    ...(p.flex ? { ocpus: 2 + (i % 3), memoryInGbs: 16 } : {}),
    size: 1 + (i % 4),
    kubernetesVersion: version,
    image: { imageId: image.imageId, sourceName: image.sourceName },
    ...(i % 3 === 2
      ? {
          preserveNodeIdentity: false,
          cycling: { mode: "INSTANCE_REPLACE", maximumSurge: "1", maximumUnavailable: "0" },
        }
      : { preserveNodeIdentity: true, cycling: { maximumUnavailable: "1" } }),
    eviction: {
      graceDuration: i % 5 === 0 ? "PT60M" : "PT30M",
      ...(i % 4 === 0 ? { forceDeleteAfterGrace: true } : {}),
    },
    labels: { "workload-class": ["general", "batch", "web"][i % 3] },
  });

  const nodePools: Record<string, unknown>[] = [];
  for (let i = 0; i < plain; i++) {
    const p = profiles[i % profiles.length];
    const version = POOL_VERSIONS[i % POOL_VERSIONS.length];
    note(p, version);
    nodePools.push({
      name: `np-${String(i).padStart(4, "0")}`,
      ...poolSettings(p, version, pick(p, version, i, true), i),
      placement: PLACEMENT,
    });
  }

  // Pairs mid-upgrade: the old colour on the previous minor, the new one on the control plane's.
  // Even pairs: blue active, green a canary; odd pairs: green active, blue on standby.
  const blueGreenPools: Record<string, unknown>[] = [];
  const pairNames: string[] = [];
  for (let j = 0; j < pairs; j++) {
    const p = profiles[j % profiles.length];
    const name = `bg-${String(j).padStart(3, "0")}`;
    pairNames.push(name);
    const oldVersion = "v1.34.2";
    note(p, oldVersion);
    note(p, CONTROL_PLANE);
    const blue = poolSettings(p, oldVersion, pick(p, oldVersion, j, false), j);
    const green = poolSettings(p, CONTROL_PLANE, pick(p, CONTROL_PLANE, j, false), j);
    const canary = j % 2 === 0;
    blueGreenPools.push({
      name,
      active: canary ? "blue" : "green",
      ...(canary ? { canarySize: 1 } : { standbySize: 0 }),
      placement: PLACEMENT,
      blue: { ...blue, size: 3 },
      green: { ...green, size: 3, ...(canary ? { role: "canary" } : {}) },
    });
  }

  const workloads: BenchWorkload[] = [];
  const budgetFor = (k: number, replicas: number): BenchWorkload["budget"] =>
    k % 9 === 8 ? { minAvailable: replicas } : { maxUnavailable: 1 };
  pairNames.forEach((pair, j) => {
    const k = workloads.length;
    const replicas = k % 13 === 12 ? 1 : 3;
    const active = j % 2 === 0 ? "blue" : "green";
    workloads.push({
      name: `wl-${pair}`,
      namespace: `team-${j % 5}`,
      replicas,
      nodeSelector: { "okepools.io/pair": pair, "okepools.io/colour": active },
      budget: budgetFor(k, replicas),
    });
  });
  for (let i = 0; i < plain; i += 2) {
    const k = workloads.length;
    const replicas = k % 13 === 12 ? 1 : 2 + (k % 3);
    const pool = (nodePools[i] as { name: string }).name;
    workloads.push({
      name: `wl-${pool}`,
      namespace: `team-${k % 5}`,
      replicas,
      nodeSelector: { "okepools.io/pool": pool },
      budget: budgetFor(k, replicas),
    });
  }

  const config: Record<string, unknown> = {
    "oci:region": "us-phoenix-1",
    "oke-pools:compartmentId":
      "ocid1.compartment.oc1..aaaaaaaabenchcompartment0000000000000000000000000000000",
    "oke-pools:clusterName": "bench",
    "oke-pools:kubernetesVersion": CONTROL_PLANE,
    "oke-pools:clusterType": "ENHANCED_CLUSTER",
    "oke-pools:vcnId": "ocid1.vcn.oc1.phx.aaaaaaaabenchvcn0000000000000000000000000000000000000000",
    "oke-pools:nodePools": nodePools,
    ...(blueGreenPools.length > 0 ? { "oke-pools:blueGreenPools": blueGreenPools } : {}),
    // The project's own sample workload follows the first pair.
    ...(pairNames.length > 0
      ? {
          "oke-pools:sampleWorkload": {
            enabled: true,
            followPair: pairNames[0],
            replicas: 3,
            maxUnavailable: 1,
          },
        }
      : {}),
    // Load balancer backends at the node IPs of the first INSTANCE_REPLACE pool (worker-ip-dependency).
    ...(plain > 2
      ? {
          "oke-pools:workerIpBackends": [
            {
              pool: (nodePools[2] as { name: string }).name,
              loadBalancerId:
                "ocid1.loadbalancer.oc1.phx.aaaaaaaabenchloadbalancer00000000000000000000000000",
              backendSetName: "web-http",
              port: 30080,
            },
          ],
        }
      : {}),
    "bench:workloads": workloads,
  };
  return {
    stack,
    config,
    pools,
    plainPools: plain,
    pairs,
    workloads: workloads.length,
    retiredPins: retired,
    updateAvailablePins: older,
    versions: [...versions].sort(),
    expectedFilters: [...filters].sort(),
  };
}

/** The stack config as Pulumi hands it to the program and the policy pack: one JSON object, in the PULUMI_CONFIG environment variable. */
export function pulumiConfigJson(config: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(
    Object.fromEntries(
      Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    ),
  );
}

/** The generated config keys written to files of their own (see {@link writeStack}). */
const FILE_KEYS: Readonly<Record<string, string>> = {
  "oke-pools:nodePools": "oke-pools:nodePoolsFile",
  "oke-pools:blueGreenPools": "oke-pools:blueGreenPoolsFile",
  "bench:workloads": "bench:workloadsFile",
};

/**
 * Writes `<dir>/Pulumi.<stack>.yaml` with the pool lists in JSON files next to it, named by
 * `oke-pools:nodePoolsFile` / `oke-pools:blueGreenPoolsFile` (paths relative to the project
 * directory), and the workloads in `bench:workloadsFile` (read by bench/program.ts). Pulumi
 * passes a stack's whole config to the program and to a policy pack in one environment string
 * (PULUMI_CONFIG) that Linux caps at 128 KiB; inline, a 1,000-pool config does not fit (see
 * results.json, configJsonBytes). Returns the stack file's path.
 */
export function writeStack(dir: string, g: GeneratedStack): string {
  fs.mkdirSync(dir, { recursive: true });
  const projectDir = path.join(__dirname, "..");
  const config: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(g.config)) {
    const fileKey = FILE_KEYS[k];
    if (!fileKey) {
      config[k] = v;
      continue;
    }
    const file = path.resolve(dir, `${g.stack}.${k.split(":")[1]}.json`);
    fs.writeFileSync(file, `${JSON.stringify(v, null, 1)}\n`);
    const rel = path.relative(projectDir, file);
    config[fileKey] = rel.startsWith("..") ? file : rel;
  }
  const file = path.join(dir, `Pulumi.${g.stack}.yaml`);
  const header = `# Generated by bench/generate.ts: ${g.pools} pools (${g.plainPools} plain, ${g.pairs} blue/green pairs), ${g.workloads} workloads.\n`;
  fs.writeFileSync(
    file,
    header + YAML.stringify({ config }, { lineWidth: 0, aliasDuplicateObjects: false }),
  );
  return file;
}

/** The catalog's sources (OCI CLI format, as catalog/sample-catalog.json). */
export function catalogSources(file: string): CatalogImage[] {
  const doc = JSON.parse(fs.readFileSync(file, "utf8")) as {
    data?: { sources?: { "image-id": string; "source-name": string }[] };
  };
  return (doc.data?.sources ?? []).map((s) => ({
    imageId: s["image-id"],
    sourceName: s["source-name"],
  }));
}
