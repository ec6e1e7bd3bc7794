/**
 * Pools that exist in the tenancy, read from what the OCI CLI prints
 * (`oci ce node-pool list --compartment-id <c> --all --output json`,
 * `oci ce cluster list --compartment-id <c> --all --output json`: `{"data": [...]}`, the API's
 * NodePoolSummary / ClusterSummary with kebab-case keys), assessed (core/inventory.ts), and
 * adopted: a stack file with their settings as deployed, and the `pulumi import` file that
 * brings them under the components without replacement.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { InventoryCluster, InventoryPool } from "../core/inventory";
import { parseKubeVersion } from "../core/kubeVersion";
import { findRegion, regionOfOcid } from "../core/ocid";
import { isRecord } from "../core/read";
import { TYPE_NODE_POOL_COMPONENT, TYPE_OCI_CLUSTER, TYPE_OCI_NODE_POOL } from "../core/tags";
import { PROJECT, validateStackConfig } from "../program/stackConfig";
import { ToolError } from "./cli";

/** The raw CLI records, kept for adoption. */
export interface CliPool extends InventoryPool {
  readonly raw: Record<string, unknown>;
}
export interface CliCluster extends InventoryCluster {
  readonly raw: Record<string, unknown>;
  readonly region?: string;
}

/** Reads one `oci ... list --all --output json` file: its `data` list. */
export function readCliList(
  file: string,
  what: string,
  command: string,
): Record<string, unknown>[] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new ToolError(
      `${what} file ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); write it with \`${command} > ${file}\``,
    );
  }
  // `--all` on an empty compartment prints nothing at all.
  if (text.trim() === "") return [];
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ToolError(
      `${what} file ${file}: not JSON (${(e as Error).message}); expected the output of \`${command}\``,
    );
  }
  const data = isRecord(doc) ? doc.data : undefined;
  if (!Array.isArray(data))
    throw new ToolError(
      `${what} file ${file}: data: expected a list, as \`${command}\` prints ({"data": [...]})`,
    );
  data.forEach((x, i) => {
    if (!isRecord(x) || typeof x.id !== "string" || typeof x.name !== "string")
      throw new ToolError(
        `${what} file ${file}: data[${i}]: expected an object with "id" and "name"`,
      );
  });
  return data as Record<string, unknown>[];
}

const rec = (v: unknown): Record<string, unknown> => (isRecord(v) ? v : {});
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

export function cliCluster(raw: Record<string, unknown>): CliCluster {
  const region = regionOfOcid(raw.id);
  return {
    raw,
    id: raw.id as string,
    name: raw.name as string,
    ...(parseKubeVersion(raw["kubernetes-version"])
      ? { kubernetesVersion: parseKubeVersion(raw["kubernetes-version"])! }
      : {}),
    ...(str(raw.type) ? { type: raw.type as string } : {}),
    availableUpgrades: Array.isArray(raw["available-kubernetes-upgrades"])
      ? (raw["available-kubernetes-upgrades"] as unknown[]).filter(
          (x): x is string => typeof x === "string",
        )
      : [],
    ...(region ? { region: region.regionId ?? region.region } : {}),
  };
}

export function cliPool(
  raw: Record<string, unknown>,
  ipDependent: ReadonlySet<string>,
  ipIndependent: ReadonlySet<string>,
): CliPool {
  const details = rec(raw["node-source-details"]);
  const source = rec(raw["node-source"]);
  const imageId = str(details["image-id"]) ?? str(source["image-id"]) ?? str(raw["node-image-id"]);
  const imageName = str(source["source-name"]) ?? str(raw["node-image-name"]);
  const cyc = rec(raw["node-pool-cycling-details"]);
  const name = raw.name as string;
  const version = parseKubeVersion(raw["kubernetes-version"]);
  return {
    raw,
    id: raw.id as string,
    name,
    clusterId: String(raw["cluster-id"] ?? ""),
    ...(version ? { kubernetesVersion: version } : {}),
    shape: String(raw["node-shape"] ?? ""),
    ...(imageId ? { imageId } : {}),
    ...(imageName ? { imageName } : {}),
    ...(typeof cyc["is-node-cycling-enabled"] === "boolean"
      ? { cyclingEnabled: cyc["is-node-cycling-enabled"] }
      : {}),
    cycleModes: Array.isArray(cyc["cycle-modes"])
      ? (cyc["cycle-modes"] as unknown[]).map(String)
      : [],
    ...(ipDependent.has(name)
      ? { reliesOnNodeIps: true }
      : ipIndependent.has(name)
        ? { reliesOnNodeIps: false }
        : {}),
  };
}

export interface AdoptedStack {
  readonly stack: string;
  /** The stack file's text. */
  readonly yaml: string;
  /** `pulumi import --file` content. */
  readonly importFile: { readonly resources: readonly Record<string, unknown>[] };
  /** The URN each imported resource gets, as the program declares it. */
  readonly urns: readonly {
    readonly type: string;
    readonly name: string;
    readonly id: string;
    readonly urn: string;
  }[];
}

/** The stack file and import file that adopt a cluster and its pools. Throws ToolError. */
export function adopt(stack: string, cluster: CliCluster, pools: readonly CliPool[]): AdoptedStack {
  const c = cluster.raw;
  const region = cluster.region ? (findRegion(cluster.region)?.id ?? cluster.region) : undefined;
  if (!region)
    throw new ToolError(
      `cluster ${cluster.name} (${cluster.id}): its OCID names no region, so oci:region cannot be written`,
    );
  const endpointSubnet = str(rec(c["endpoint-config"])["subnet-id"]);
  const lbSubnets = rec(c.options)["service-lb-subnet-ids"];
  const config: Record<string, unknown> = {
    "oci:region": region,
    [`${PROJECT}:compartmentId`]: c["compartment-id"],
    [`${PROJECT}:clusterName`]: cluster.name,
    [`${PROJECT}:kubernetesVersion`]: c["kubernetes-version"],
    [`${PROJECT}:clusterType`]: cluster.type ?? "BASIC_CLUSTER",
    [`${PROJECT}:vcnId`]: c["vcn-id"],
    ...(endpointSubnet ? { [`${PROJECT}:endpointSubnetId`]: endpointSubnet } : {}),
    ...(Array.isArray(lbSubnets) && lbSubnets.length
      ? { [`${PROJECT}:serviceLbSubnetIds`]: lbSubnets }
      : {}),
    [`${PROJECT}:nodePools`]: pools.map((p) => poolConfig(p, cluster)),
  };
  // The written file must be one the program accepts: validate it as the program will.
  validateStackConfig(config, `the stack file adopted from cluster ${cluster.name}`);

  const doc = new YAML.Document({ config });
  doc.commentBefore =
    ` Adopted from cluster ${cluster.name} (${cluster.id}) by npm run inventory -- --adopt ${stack}:\n` +
    " every setting as deployed, every pin the image the pool runs now. Import before the first\n" +
    ` \`pulumi up\`: pulumi import --stack ${stack} --file <the import file> (see the inventory's output).`;
  const yaml = doc.toString({ lineWidth: 0 });

  const urn = (type: string, name: string) => `urn:pulumi:${stack}::${PROJECT}::${type}::${name}`;
  const resources: Record<string, unknown>[] = [
    {
      type: TYPE_OCI_CLUSTER,
      name: `cluster-${cluster.name}`,
      logicalName: cluster.name,
      id: cluster.id,
    },
  ];
  const urns = [
    {
      type: TYPE_OCI_CLUSTER,
      name: cluster.name,
      id: cluster.id,
      urn: urn(TYPE_OCI_CLUSTER, cluster.name),
    },
  ];
  for (const p of pools) {
    // The component is created empty by the import (component: true); the pool is imported as its child.
    resources.push({
      type: TYPE_NODE_POOL_COMPONENT,
      name: `component-${p.name}`,
      logicalName: p.name,
      component: true,
    });
    resources.push({
      type: TYPE_OCI_NODE_POOL,
      name: `pool-${p.name}`,
      logicalName: p.name,
      id: p.id,
      parent: `component-${p.name}`,
    });
    urns.push({
      type: TYPE_OCI_NODE_POOL,
      name: p.name,
      id: p.id,
      urn: urn(`${TYPE_NODE_POOL_COMPONENT}$${TYPE_OCI_NODE_POOL}`, p.name),
    });
  }
  return { stack, yaml, importFile: { resources }, urns };
}

function poolConfig(p: CliPool, cluster: CliCluster): Record<string, unknown> {
  const r = p.raw;
  const shapeConfig = rec(r["node-shape-config"]);
  const nodeConfig = rec(r["node-config-details"]);
  const cyc = rec(r["node-pool-cycling-details"]);
  const ev = rec(r["node-eviction-node-pool-settings"]);
  const details = rec(r["node-source-details"]);
  const mode = p.cycleModes[0];
  const labels = Array.isArray(r["initial-node-labels"])
    ? Object.fromEntries(
        (r["initial-node-labels"] as unknown[])
          .map(rec)
          .filter((l) => typeof l.key === "string" && l.key !== "okepools.io/pool")
          .map((l) => [l.key as string, String(l.value ?? "")]),
      )
    : {};
  const placement = (
    Array.isArray(nodeConfig["placement-configs"])
      ? (nodeConfig["placement-configs"] as unknown[])
      : []
  )
    .map(rec)
    .map((pc) => ({
      availabilityDomain: pc["availability-domain"],
      subnetId: pc["subnet-id"],
      ...(Array.isArray(pc["fault-domains"]) && pc["fault-domains"].length
        ? { faultDomains: pc["fault-domains"] }
        : {}),
    }));
  const num = (v: unknown) =>
    typeof v === "number" ? v : typeof v === "string" && v !== "" ? Number(v) : undefined;
  const version = str(r["kubernetes-version"]);
  return {
    name: p.name,
    shape: p.shape,
    ...(num(shapeConfig.ocpus) !== undefined ? { ocpus: num(shapeConfig.ocpus) } : {}),
    ...(num(shapeConfig["memory-in-gbs"]) !== undefined
      ? { memoryInGbs: num(shapeConfig["memory-in-gbs"]) }
      : {}),
    size: num(nodeConfig.size) ?? 0,
    ...(version && version !== cluster.raw["kubernetes-version"]
      ? { kubernetesVersion: version }
      : {}),
    image: { imageId: p.imageId, ...(p.imageName ? { sourceName: p.imageName } : {}) },
    ...(mode ? { preserveNodeIdentity: mode === "BOOT_VOLUME_REPLACE" } : {}),
    cycling: {
      enabled: p.cyclingEnabled === true,
      ...(mode ? { mode } : {}),
      ...(str(cyc["maximum-surge"]) && mode === "INSTANCE_REPLACE"
        ? { maximumSurge: String(cyc["maximum-surge"]) }
        : {}),
      ...(str(cyc["maximum-unavailable"])
        ? { maximumUnavailable: String(cyc["maximum-unavailable"]) }
        : {}),
    },
    ...(str(ev["eviction-grace-duration"])
      ? {
          eviction: {
            graceDuration: ev["eviction-grace-duration"],
            ...(ev["is-force-delete-after-grace-duration"] === true
              ? { forceDeleteAfterGrace: true }
              : {}),
            ...(ev["is-force-action-after-grace-duration"] === true
              ? { forceActionAfterGrace: true }
              : {}),
          },
        }
      : {}),
    ...(Object.keys(labels).length ? { labels } : {}),
    ...(num(details["boot-volume-size-in-gbs"]) !== undefined
      ? { bootVolumeSizeInGbs: num(details["boot-volume-size-in-gbs"]) }
      : {}),
    placement,
  };
}

export function writeNew(file: string, text: string): void {
  if (fs.existsSync(file))
    throw new ToolError(
      `${file} exists; the inventory never overwrites a file — remove it or choose another --adopt name`,
    );
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}
