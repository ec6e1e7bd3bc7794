/**
 * Measures the policy phase through the real protocol: the pack's start time (launch → port)
 * and the time to analyse a synthetic N-pool stack (Analyze × every resource, then
 * AnalyzeStack). Reusable by the benchmark; run directly:
 *
 *     npx ts-node --transpile-only offline/analyzer/measure.ts [--pools 1000] [--starts 5] [--pack policies] [--catalog catalog/sample-catalog.json]
 *
 * Build the pack first (`npm run build`). Prints a summary and a JSON line.
 */
import * as fs from "fs";
import * as path from "path";
import { ImageCatalog } from "../../core/catalog";
import { parseKubeVersion } from "../../core/kubeVersion";
import {
  TAG_IMAGE_SOURCE_NAME,
  TYPE_IMAGE_CATALOG_COMPONENT,
  TYPE_NODE_POOL_COMPONENT,
  TYPE_OCI_CLUSTER,
  TYPE_OCI_NODE_POOL,
} from "../../core/tags";
import { collectGarbage } from "../collectGarbage";
import { StartOptions, startPolicyPack } from "./session";
import { AnalyzerResource, Diagnostic, UserPolicyConfig } from "./types";

const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;

/**
 * CPU time (user + system, all threads) a process has used, in ms, from Linux's
 * `/proc/<pid>/stat` (fields 14 and 15, in USER_HZ = 100 ticks a second); `undefined` where
 * there is no such file.
 */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces: count after the last ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? ticks * 10 : undefined;
}

/** Launch → port, `runs` times (each pack is closed before the next starts). */
export async function measureStartup(packDir: string, runs: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = await startPolicyPack(packDir);
    out.push(s.startMs);
    await s.close();
  }
  return out;
}

/**
 * A stack of one cluster, one published catalog and `pools` pools, each inside an OkeNodePool
 * component; every tenth pool pins a retired image, so findings are produced too;
 * the others pin the newest current x86_64 image for v1.34.2.
 */
export function syntheticStack(
  pools: number,
  catalogDoc: unknown,
  stack = "bench",
  project = "oke-pools",
): AnalyzerResource[] {
  const parsed = ImageCatalog.parse(catalogDoc, "benchmark catalog");
  const sources = parsed.toSources();
  const version = parseKubeVersion("v1.34.2");
  const newest = version
    ? parsed.newest({ kubernetesVersion: version, arch: "x86_64", gpu: false })
    : undefined;
  const current = newest ?? sources[0];
  const urn = (type: string, name: string, parents: string[] = []) =>
    `urn:pulumi:${stack}::${project}::${[...parents, type].join("$")}::${name}`;
  const clusterId = "ocid1.cluster.oc1.phx.aaaaaaaabenchclusteraaaaaaaaaaaa";
  const clusterProps = {
    compartmentId: "ocid1.compartment.oc1..aaaa",
    kubernetesVersion: "v1.35.2",
    name: "bench",
    type: "ENHANCED_CLUSTER",
    vcnId: "ocid1.vcn.oc1.phx.aaaa",
  };
  const cluster: AnalyzerResource = {
    urn: urn(TYPE_OCI_CLUSTER, "bench"),
    type: TYPE_OCI_CLUSTER,
    name: "bench",
    custom: true,
    inputs: clusterProps,
    outputs: { ...clusterProps, id: clusterId },
  };
  const catalog: AnalyzerResource = {
    urn: urn(TYPE_IMAGE_CATALOG_COMPONENT, "image-catalog-all-any-os-any-arch"),
    type: TYPE_IMAGE_CATALOG_COMPONENT,
    name: "image-catalog-all-any-os-any-arch",
    custom: false,
    inputs: {},
    outputs: { filter: { nodePoolOptionId: "all" }, sources, imageCount: sources.length },
  };
  const out: AnalyzerResource[] = [cluster, catalog];
  for (let i = 0; i < pools; i++) {
    const name = `pool-${i}`;
    const retired = i % 10 === 0;
    const image = retired
      ? {
          imageId: `ocid1.image.oc1.phx.retired${i}`,
          sourceName: "Oracle-Linux-8.10-2025.11.20-0-OKE-1.34.2-1345",
        }
      : current;
    const component: AnalyzerResource = {
      urn: urn(TYPE_NODE_POOL_COMPONENT, name),
      type: TYPE_NODE_POOL_COMPONENT,
      name,
      custom: false,
      inputs: {},
      outputs: {},
    };
    const props = {
      clusterId,
      compartmentId: "ocid1.compartment.oc1..aaaa",
      name,
      kubernetesVersion: "v1.34.2",
      nodeShape: "VM.Standard.E5.Flex",
      nodeSourceDetails: { sourceType: "IMAGE", imageId: image.imageId },
      nodeConfigDetails: {
        size: 3,
        placementConfigs: [
          { availabilityDomain: "Uocm:PHX-AD-1", subnetId: "ocid1.subnet.oc1.phx.aaaa" },
        ],
      },
      nodePoolCyclingDetails: {
        isNodeCyclingEnabled: true,
        cycleModes: ["BOOT_VOLUME_REPLACE"],
        maximumUnavailable: "1",
      },
      nodeEvictionNodePoolSettings: { evictionGraceDuration: "PT30M" },
      freeformTags: { [TAG_IMAGE_SOURCE_NAME]: image.sourceName },
    };
    out.push(component, {
      urn: urn(TYPE_OCI_NODE_POOL, name, [TYPE_NODE_POOL_COMPONENT]),
      type: TYPE_OCI_NODE_POOL,
      name,
      custom: true,
      inputs: props,
      outputs: {
        ...props,
        id: `ocid1.nodepool.oc1.phx.${i}`,
        nodes: [0, 1, 2].map((n) => ({
          id: `ocid1.instance.${i}.${n}`,
          privateIp: `10.${(i >> 8) & 255}.${i & 255}.${n + 10}`,
          state: "ACTIVE",
        })),
      },
      parent: component.urn,
      dependencies: [cluster.urn],
      propertyDependencies: { clusterId: [cluster.urn] },
    });
  }
  return out;
}

export interface PolicyPhaseTiming {
  readonly resources: number;
  /**
   * Part of loading the pack, not of the policy phase: the engine configures each pack once
   * when it loads it, before the program runs (pkg/engine/update.go, loadPolicyPlugins).
   */
  readonly configureMs: number;
  readonly analyzeMs: number;
  readonly analyzeStackMs: number;
  /** The policy phase: Analyze × every resource, then AnalyzeStack. */
  readonly phaseMs: number;
  /**
   * CPU the pack's process used in the policy phase (10 ms resolution; Linux only): what the
   * pack itself burns, without the driver's share of the wall time, and far steadier than it
   * on a shared machine.
   */
  readonly packCpuMs?: number;
  /** Configure and the policy phase. */
  readonly totalMs: number;
  readonly diagnostics: number;
  readonly mandatory: number;
}

/** One preview's policy phase over `resources`, on a pack started for it with `options`. */
export async function measurePolicyPhase(
  packDir: string,
  resources: readonly AnalyzerResource[],
  config: UserPolicyConfig = {},
  options: StartOptions = {},
): Promise<PolicyPhaseTiming & { startMs: number }> {
  const session = await startPolicyPack(packDir, options);
  try {
    // This process's garbage from earlier runs is collected now, not in the middle of this
    // pack's timing: runs of different packs interleave, and the pack whose replies carry
    // diagnostics would otherwise be the likelier one to pay for a collection.
    collectGarbage();
    const t0 = process.hrtime.bigint();
    await session.configure(config);
    const configureMs = ms(t0);
    const diags: Diagnostic[] = [];
    const cpuBefore = processCpuMs(session.pid);
    let t = process.hrtime.bigint();
    for (const r of resources) diags.push(...(await session.analyze(r)));
    const analyzeMs = ms(t);
    t = process.hrtime.bigint();
    diags.push(...(await session.analyzeStack(resources)));
    const analyzeStackMs = ms(t);
    const cpuAfter = processCpuMs(session.pid);
    return {
      startMs: session.startMs,
      resources: resources.length,
      configureMs,
      analyzeMs,
      analyzeStackMs,
      phaseMs: analyzeMs + analyzeStackMs,
      ...(cpuBefore !== undefined && cpuAfter !== undefined
        ? { packCpuMs: cpuAfter - cpuBefore }
        : {}),
      totalMs: ms(t0),
      diagnostics: diags.length,
      mandatory: diags.filter((d) => d.enforcementLevel === "mandatory").length,
    };
  } finally {
    await session.close();
  }
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const root = path.join(__dirname, "..", "..");
  const packDir = path.resolve(arg("pack", path.join(root, "policies")));
  const pools = Number(arg("pools", "1000"));
  const starts = Number(arg("starts", "5"));
  const catalogDoc = JSON.parse(
    fs.readFileSync(
      path.resolve(arg("catalog", path.join(root, "catalog", "sample-catalog.json"))),
      "utf8",
    ),
  );
  const startup = await measureStartup(packDir, starts);
  const stack = syntheticStack(pools, catalogDoc);
  const published = await measurePolicyPhase(packDir, stack);
  const configured = await measurePolicyPhase(packDir, stack, {
    "node-pool-image-not-retired": { catalog: catalogDoc },
  });
  const round = (x: number) => Math.round(x * 10) / 10;
  console.log(
    `pack start (launch → port), ${starts} runs: ${startup.map(round).join(", ")} ms (median ${round([...startup].sort((a, b) => a - b)[Math.floor(startup.length / 2)])} ms)`,
  );
  for (const [label, m] of [
    ["published catalog", published],
    ["config catalog", configured],
  ] as const) {
    console.log(
      `${pools} pools (${m.resources} resources, ${label}): Analyze ×${m.resources} ${round(m.analyzeMs)} ms, AnalyzeStack ${round(m.analyzeStackMs)} ms, ` +
        `Configure ${round(m.configureMs)} ms; ${m.diagnostics} diagnostics (${m.mandatory} mandatory)`,
    );
  }
  console.log(JSON.stringify({ startupMs: startup, published, configured }));
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
