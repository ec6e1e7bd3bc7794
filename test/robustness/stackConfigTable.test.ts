/**
 * Malformed stack config (issue 6, item 3). Every key the program reads is validated before
 * anything is registered: each row below breaks one key of a config that sets every key
 * (test/fixtures/robustness/stack-all-keys.yaml) — a wrong type, an unknown key, a bad version,
 * a bad OCID, a negative size, an unknown colour or cycling mode, a blue/green, sampleWorkload or
 * workerIpBackends mistake — and expects
 *
 * - exactly one error, of the form `<key path>: <value> — <expected form>`;
 * - index.ts, run under the SDK's mocks with that config, to stop with that error having
 *   registered no resource and made no invoke.
 *
 * The table must cover every key of the schemas (checked below), so a new key needs a row.
 */
import { shownValue as shownConfigValue } from "../../core/configError";
import { strict as assert } from "node:assert";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import { ConfigError } from "../../core/configError";
import { blueGreenColourSchema, blueGreenPairShape } from "../../core/blueGreenSchema";
import {
  cyclingSpecSchema,
  evictionSpecSchema,
  imageSpecSchema,
  nodePoolSettingsShape,
} from "../../core/nodePoolSpec";
import {
  blueGreenPoolConfigSchema,
  sampleWorkloadConfigSchema,
} from "../../program/blueGreenConfig";
import {
  nodePoolConfigSchema,
  placementSchema,
  stackConfigShape,
  validateStackConfig,
} from "../../program/stackConfig";
import { workerIpBackendSchema } from "../../program/workerIpBackendsConfig";
import { SAMPLE_CATALOG } from "../support/pulumiMocks";
import { pulumiConfig, runRefusedProgram } from "../support/blueGreen";
import { recordProgram } from "../../offline/recorder";

const BASE: Record<string, unknown> = YAML.parse(
  fs.readFileSync(
    path.join(__dirname, "..", "fixtures", "robustness", "stack-all-keys.yaml"),
    "utf8",
  ),
).config;

type Seg = string | number;
const DELETE = Symbol("delete");

interface Row {
  readonly title: string;
  /** Where to break the config: the key under `oke-pools:` first, then the path inside its value. */
  readonly at: readonly Seg[];
  readonly value: unknown;
  /** The expected form, as the error words it. */
  readonly form: RegExp;
  /** The key path the error names, when not `at` (a cross-key check). */
  readonly errorAt?: readonly Seg[];
  /** How the error shows the value, when not JSON of `value` (or `missing`). */
  readonly shown?: string;
  /** Other changes the row needs (applied first). */
  readonly also?: readonly { at: readonly Seg[]; value: unknown }[];
}

export function keyPath(at: readonly Seg[]): string {
  let out = `oke-pools:${String(at[0])}`;
  for (const s of at.slice(1)) out += typeof s === "number" ? `[${s}]` : `.${s}`;
  return out;
}

function setIn(config: Record<string, unknown>, at: readonly Seg[], value: unknown): void {
  const [top, ...rest] = at;
  const key = `oke-pools:${String(top)}`;
  if (rest.length === 0) {
    if (value === DELETE) delete config[key];
    else config[key] = value;
    return;
  }
  let cur = config[key] as Record<Seg, unknown>;
  for (const s of rest.slice(0, -1)) cur = cur[s] as Record<Seg, unknown>;
  const last = rest[rest.length - 1];
  if (value === DELETE) {
    if (Array.isArray(cur) && typeof last === "number") cur.splice(last, 1);
    else delete cur[last];
  } else cur[last] = value;
}

function broken(row: Row): Record<string, unknown> {
  const config = structuredClone(BASE);
  for (const a of row.also ?? []) setIn(config, a.at, a.value);
  setIn(config, row.at, row.value);
  return config;
}

function shownValue(row: Row): string {
  if (row.shown !== undefined) return row.shown;
  if (row.value === DELETE || row.value === "") return "missing";
  return shownConfigValue(row.value);
}

const NP = (i: number, ...rest: Seg[]): Seg[] => ["nodePools", i, ...rest];
const BG = (...rest: Seg[]): Seg[] => ["blueGreenPools", 0, ...rest];
const SW = (...rest: Seg[]): Seg[] => ["sampleWorkload", ...rest];
const WB = (...rest: Seg[]): Seg[] => ["workerIpBackends", 0, ...rest];

const ROWS: Row[] = [
  // Scalars at the top.
  {
    title: "compartmentId of the wrong type",
    at: ["compartmentId"],
    value: 42,
    form: /expected an OCID such as ocid1\.compartment\.oc1\.\.aaaaaaaa/,
  },
  {
    title: "compartmentId that is no OCID",
    at: ["compartmentId"],
    value: "my-compartment",
    form: /expected an OCID such as ocid1\.compartment/,
  },
  {
    title: "compartmentId missing",
    at: ["compartmentId"],
    value: DELETE,
    form: /expected an OCID such as ocid1\.compartment/,
  },
  {
    title: "clusterName with capitals",
    at: ["clusterName"],
    value: "Prod_Cluster",
    form: /expected a name of lower-case letters, digits and -/,
  },
  {
    title: "kubernetesVersion without a patch",
    at: ["kubernetesVersion"],
    value: "1.35",
    form: /expected a Kubernetes version such as v1\.35\.2/,
  },
  {
    title: "kubernetesVersion as a number",
    at: ["kubernetesVersion"],
    value: 1.35,
    form: /expected a Kubernetes version such as v1\.35\.2/,
  },
  {
    title: "clusterType unknown",
    at: ["clusterType"],
    value: "PREMIUM",
    form: /expected BASIC_CLUSTER or ENHANCED_CLUSTER/,
  },
  {
    title: "clusterType in lower case",
    at: ["clusterType"],
    value: "enhanced_cluster",
    form: /expected BASIC_CLUSTER or ENHANCED_CLUSTER/,
  },
  {
    title: "vcnId that is a subnet's OCID",
    at: ["vcnId"],
    value: "ocid1.subnet.oc1.phx.aaaaaaaarobustvcn000000000000000000000",
    form: /expected an OCID such as ocid1\.vcn\.oc1\.<region>/,
  },
  {
    title: "vcnId empty (Pulumi's unset)",
    at: ["vcnId"],
    value: "",
    form: /expected an OCID such as ocid1\.vcn/,
  },
  {
    title: "endpointSubnetId of the wrong type",
    at: ["endpointSubnetId"],
    value: true,
    form: /expected an OCID such as ocid1\.subnet/,
  },
  {
    title: "serviceLbSubnetIds not a list",
    at: ["serviceLbSubnetIds"],
    value: "ocid1.subnet.oc1.phx.aaaaaaaarobustlb0000000000",
    form: /expected a list of subnet OCIDs/,
  },
  {
    title: "serviceLbSubnetIds with a bad OCID",
    at: ["serviceLbSubnetIds", 0],
    value: "subnet-1",
    form: /expected an OCID such as ocid1\.subnet/,
  },
  {
    title: "an unknown top-level key",
    at: ["nodePoolz"],
    value: [],
    form: /unknown key; remove it or check its spelling/,
  },

  // oke-pools:nodePools
  {
    title: "nodePools not a list",
    at: ["nodePools"],
    value: { name: "general" },
    form: /expected a list of node pools/,
  },
  {
    title: "nodePools as JSON that does not parse",
    at: ["nodePools"],
    value: "[{",
    form: /expected a list of node pools/,
  },
  {
    title: "a pool that is no object",
    at: NP(0),
    value: "general",
    form: /expected a node pool: \{ name, shape, size, image, placement/,
  },
  {
    title: "a pool name with capitals",
    at: NP(0, "name"),
    value: "General",
    form: /expected a name of lower-case letters, digits and -/,
  },
  {
    title: "two pools of one name",
    at: NP(0, "name"),
    value: "arm",
    errorAt: NP(1, "name"),
    shown: '"arm"',
    form: /is used by another pool; pool names must be unique/,
  },
  {
    title: "a shape that is empty",
    at: NP(0, "shape"),
    value: "",
    form: /expected a node shape such as VM\.Standard\.E5\.Flex/,
    shown: '""',
  },
  {
    title: "negative ocpus",
    at: NP(0, "ocpus"),
    value: -1,
    form: /expected a positive number of OCPUs/,
  },
  {
    title: "memoryInGbs as a string",
    at: NP(0, "memoryInGbs"),
    value: "16",
    form: /expected a positive number of GB/,
  },
  {
    title: "a negative size",
    at: NP(1, "size"),
    value: -2,
    form: /expected a whole number of nodes ≥ 0/,
  },
  {
    title: "a fractional size",
    at: NP(0, "size"),
    value: 2.5,
    form: /expected a whole number of nodes ≥ 0/,
  },
  {
    title: "a size in words",
    at: NP(0, "size"),
    value: "three",
    form: /expected a whole number of nodes ≥ 0/,
  },
  {
    title: "a pool version that is no version",
    at: NP(0, "kubernetesVersion"),
    value: "latest",
    form: /expected a Kubernetes version such as v1\.34\.2/,
  },
  {
    title: "a pool version its pinned image is not built for",
    at: NP(0, "kubernetesVersion"),
    value: "v1.34.2",
    errorAt: NP(0, "image", "sourceName"),
    shown: '"Oracle-Linux-8.10-2026.10.20-1-OKE-1.35.2-1580"',
    form: /is an image for Kubernetes v1\.35\.2 but the pool runs v1\.34\.2/,
  },
  {
    title: "an image that is no object",
    at: NP(0, "image"),
    value: "ocid1.image.oc1.phx.aaaa",
    form: /expected an image: \{ imageId, sourceName \} pinned, or \{ os, osVersion \}/,
  },
  {
    title: "an image OCID of another resource type",
    at: NP(0, "image", "imageId"),
    value: "ocid1.instance.oc1.phx.aaaaaaaaxxxxxxxxxxxxxxxx",
    form: /expected an image OCID such as ocid1\.image/,
  },
  {
    title: "a source name that is no OKE image name",
    at: NP(0, "image", "sourceName"),
    value: "my-image",
    form: /expected an OKE image source name such as Oracle-Linux-8\.10/,
  },
  {
    title: "a sourceName without an imageId",
    at: NP(0, "image", "imageId"),
    value: DELETE,
    errorAt: NP(0, "image", "sourceName"),
    shown: '"Oracle-Linux-8.10-2026.10.20-1-OKE-1.35.2-1580"',
    form: /sourceName describes a pinned imageId; add imageId or remove sourceName/,
  },
  {
    title: "an empty image",
    at: NP(1, "image"),
    value: {},
    errorAt: NP(1, "image", "imageId"),
    shown: "missing",
    form: /pin an image with imageId \(and sourceName\), or choose one with os\/osVersion/,
  },
  {
    title: "an OS selector next to a pin",
    at: NP(0, "image", "osVersion"),
    value: "8",
    form: /give either a pinned imageId or an os selector, not both/,
  },
  {
    title: "OS words with a space",
    at: NP(1, "image", "os"),
    value: "Oracle Linux",
    form: /expected OS words such as "Oracle-Linux"/,
  },
  {
    title: "an OS version in words",
    at: NP(1, "image", "osVersion"),
    value: "eight",
    form: /expected an OS version such as "8" or "8\.10"/,
  },
  {
    title: "cycling that is no object",
    at: NP(0, "cycling"),
    value: "on",
    form: /expected node cycling: \{ enabled, mode, maximumSurge, maximumUnavailable \}/,
  },
  {
    title: "cycling.enabled as a string",
    at: NP(0, "cycling", "enabled"),
    value: "yes",
    form: /expected true or false/,
  },
  {
    title: "an unknown cycling mode",
    at: NP(1, "cycling", "mode"),
    value: "REBOOT",
    form: /expected one of BOOT_VOLUME_REPLACE, INSTANCE_REPLACE/,
  },
  {
    title: "a surge that is no count",
    at: NP(1, "cycling", "maximumSurge"),
    value: "lots",
    form: /whole number|percentage|count/i,
  },
  {
    title: "a surge of the wrong type",
    at: NP(1, "cycling", "maximumSurge"),
    value: { n: 1 },
    form: /expected a whole count \("1"\) or a percentage \("25%"\)/,
  },
  {
    title: "unavailable 0 with BOOT_VOLUME_REPLACE",
    at: NP(0, "cycling", "maximumUnavailable"),
    value: "0",
    form: /BOOT_VOLUME_REPLACE/,
  },
  {
    title: "surge and unavailable both 0 with INSTANCE_REPLACE",
    at: NP(1, "cycling", "maximumSurge"),
    value: "0",
    form: /both 0|never replace/,
  },
  {
    title: "preserveNodeIdentity as a string",
    at: NP(0, "preserveNodeIdentity"),
    value: "yes",
    form: /expected true or false/,
  },
  {
    title: "preserveNodeIdentity that contradicts the mode",
    at: NP(1, "preserveNodeIdentity"),
    value: true,
    errorAt: NP(1, "cycling", "mode"),
    shown: '"INSTANCE_REPLACE"',
    form: /contradicts preserveNodeIdentity: true/,
  },
  {
    title: "eviction that is no object",
    at: NP(0, "eviction"),
    value: "PT30M",
    form: /expected eviction settings: \{ graceDuration, forceDeleteAfterGrace, forceActionAfterGrace \}/,
  },
  {
    title: "a grace period over an hour",
    at: NP(0, "eviction", "graceDuration"),
    value: "PT90M",
    form: /use PT0M to PT60M/,
  },
  {
    title: "a grace period as a number",
    at: NP(0, "eviction", "graceDuration"),
    value: 30,
    form: /expected an ISO-8601 duration such as PT30M/,
  },
  {
    title: "forceDeleteAfterGrace as a string",
    at: NP(0, "eviction", "forceDeleteAfterGrace"),
    value: "true",
    form: /expected true or false/,
  },
  {
    title: "forceActionAfterGrace as a number",
    at: NP(0, "eviction", "forceActionAfterGrace"),
    value: 1,
    form: /expected true or false/,
  },
  {
    title: "labels that are no map",
    at: NP(0, "labels"),
    value: "a=b",
    form: /expected a map of label keys to values/,
  },
  {
    title: "a label key that is not one",
    at: NP(0, "labels", "bad key!"),
    value: "x",
    form: /not a valid Kubernetes label key/,
  },
  {
    title: "a label this project sets",
    at: NP(0, "labels", "okepools.io/pool"),
    value: "x",
    form: /is set by this project; remove it/,
  },
  {
    title: "a label value that is not one",
    at: NP(0, "labels", "tier"),
    value: "front end",
    form: /not a valid label value/,
  },
  {
    title: "a label value of the wrong type",
    at: NP(0, "labels", "tier"),
    value: 3,
    form: /expected a label value \(string\)/,
  },
  {
    title: "a boot volume below 50 GB",
    at: NP(0, "bootVolumeSizeInGbs"),
    value: 10,
    form: /expected a whole number of GB ≥ 50/,
  },
  {
    title: "no placement",
    at: NP(0, "placement"),
    value: [],
    form: /expected at least one \{ availabilityDomain, subnetId \}/,
  },
  {
    title: "a placement that is no object",
    at: NP(0, "placement", 0),
    value: "Uocm:PHX-AD-1",
    form: /expected a placement: \{ availabilityDomain, subnetId, faultDomains \}/,
  },
  {
    title: "an availability domain without its tenancy prefix",
    at: NP(0, "placement", 0, "availabilityDomain"),
    value: "AD-1",
    form: /expected an availability domain such as Uocm:PHX-AD-1/,
  },
  {
    title: "a subnet OCID that is a VCN's",
    at: NP(0, "placement", 0, "subnetId"),
    value: "ocid1.vcn.oc1.phx.aaaaaaaarobustvcn00000000000000",
    form: /expected an OCID such as ocid1\.subnet/,
  },
  {
    title: "a fault domain that does not exist",
    at: NP(0, "placement", 0, "faultDomains", 1),
    value: "FAULT-DOMAIN-4",
    form: /expected FAULT-DOMAIN-1, -2 or -3/,
  },
  {
    title: "an unknown key in a placement",
    at: NP(0, "placement", 0, "zone"),
    value: "a",
    form: /unknown key; remove it or check its spelling/,
  },
  {
    title: "an SSH key of the wrong type",
    at: NP(0, "sshPublicKey"),
    value: 42,
    form: /expected an SSH public key/,
  },
  {
    title: "an unknown key in a pool",
    at: NP(0, "colour"),
    value: "blue",
    form: /unknown key; remove it or check its spelling/,
  },

  // oke-pools:blueGreenPools
  {
    title: "blueGreenPools not a list",
    at: ["blueGreenPools"],
    value: { name: "web" },
    form: /expected a list of blue\/green pairs/,
  },
  {
    title: "a pair that is no object",
    at: BG(),
    value: "web",
    form: /expected a blue\/green pair: \{ name, active, placement, blue, green, … \}/,
  },
  {
    title: "a pair name with capitals",
    at: BG("name"),
    value: "Web",
    form: /expected a name of lower-case letters, digits and - \(at most 34/,
  },
  {
    title: "a pair whose pool name is taken",
    at: NP(0, "name"),
    value: "web-green",
    errorAt: BG("name"),
    shown: '"web"',
    form: /its green pool would be named web-green, like oke-pools:nodePools\[0\]/,
  },
  { title: "an unknown colour", at: BG("active"), value: "red", form: /expected blue or green/ },
  {
    title: "the active colour removed",
    at: BG("blue"),
    value: DELETE,
    errorAt: BG("active"),
    shown: '"blue"',
    form: /the active colour blue \(pool web-blue\) is not declared/,
  },
  {
    title: "no colour at all",
    at: BG("green"),
    value: DELETE,
    also: [{ at: BG("blue"), value: DELETE }],
    errorAt: BG("blue"),
    form: /declares no colour/,
  },
  {
    title: "the active colour with no nodes",
    at: BG("blue", "size"),
    value: 0,
    form: /would be active with no nodes/,
  },
  {
    title: "a negative standbySize",
    at: BG("standbySize"),
    value: -1,
    form: /expected a whole number of nodes ≥ 0/,
  },
  {
    title: "standbySize above the standby's size",
    at: BG("standbySize"),
    value: 5,
    also: [
      { at: BG("active"), value: "green" },
      { at: BG("green", "role"), value: DELETE },
    ],
    form: /larger than the size 3 of the standby blue/,
  },
  {
    title: "a fractional canarySize",
    at: BG("canarySize"),
    value: 1.5,
    form: /expected a whole number of nodes ≥ 0/,
  },
  {
    title: "canarySize above the canary's size",
    at: BG("canarySize"),
    value: 4,
    form: /larger than the size 3 of the canary green/,
  },
  {
    title: "a colour that is no object",
    at: BG("green"),
    value: "v1.35.2",
    form: /expected a colour's node pool settings: \{ shape, size, image, …, role \}/,
  },
  {
    title: "a colour's size in words",
    at: BG("blue", "size"),
    value: "three",
    form: /expected a whole number of nodes ≥ 0/,
  },
  {
    title: "a role that is not one",
    at: BG("green", "role"),
    value: "old",
    form: /expected canary or standby/,
  },
  {
    title: "a role on the active colour",
    at: BG("blue", "role"),
    value: "standby",
    form: /is active, and role describes the inactive colour only/,
  },
  {
    title: "a colour's version that is no version",
    at: BG("green", "kubernetesVersion"),
    value: "1.35",
    form: /expected a Kubernetes version such as v1\.34\.2/,
  },
  {
    title: "a colour's image built for the other colour's version",
    at: BG("blue", "image"),
    value: {
      imageId: "ocid1.image.oc1.phx.aaaaaaaaejbgchcccecibcadjehbeegjhhgagdbbdbicdeeacfceidfbafee",
      sourceName: "Oracle-Linux-8.10-2026.10.20-1-OKE-1.35.2-1580",
    },
    errorAt: BG("blue", "image", "sourceName"),
    shown: '"Oracle-Linux-8.10-2026.10.20-1-OKE-1.35.2-1580"',
    form: /is an image for Kubernetes v1\.35\.2 but the pool runs v1\.34\.2/,
  },
  {
    title: "an unknown key in a colour",
    at: BG("green", "colour"),
    value: "green",
    form: /unknown key; remove it or check its spelling/,
  },
  {
    title: "a pair without placement",
    at: BG("placement"),
    value: [],
    form: /expected at least one \{ availabilityDomain, subnetId \}/,
  },
  {
    title: "a pair's SSH key of the wrong type",
    at: BG("sshPublicKey"),
    value: ["key"],
    form: /expected an SSH public key/,
  },
  {
    title: "an unknown key in a pair",
    at: BG("colour"),
    value: "blue",
    form: /unknown key; remove it or check its spelling/,
  },
  {
    title: "two pairs of one name",
    at: ["blueGreenPools", 1],
    value: { ...structuredClone((BASE["oke-pools:blueGreenPools"] as unknown[])[0] as object) },
    errorAt: ["blueGreenPools", 1, "name"],
    shown: '"web"',
    form: /is used by another blue\/green pair/,
  },

  // oke-pools:sampleWorkload
  {
    title: "sampleWorkload that is no object",
    at: ["sampleWorkload"],
    value: "yes",
    form: /expected the sample workload: \{ enabled, followPair, replicas, … \}/,
  },
  { title: "enabled as a string", at: SW("enabled"), value: "yes", form: /expected true or false/ },
  {
    title: "a workload name with an underscore",
    at: SW("name"),
    value: "sample_web",
    form: /expected a Kubernetes name/,
  },
  {
    title: "a namespace with capitals",
    at: SW("namespace"),
    value: "Default",
    form: /expected a Kubernetes name/,
  },
  {
    title: "an empty container image",
    at: SW("image"),
    value: "",
    form: /expected a container image such as nginx:1\.27/,
    shown: '""',
  },
  {
    title: "zero replicas",
    at: SW("replicas"),
    value: 0,
    form: /expected a whole number of replicas ≥ 1/,
  },
  {
    title: "a budget that blocks every drain",
    at: SW("maxUnavailable"),
    value: 0,
    form: /never allows an eviction/,
  },
  {
    title: "a percentage over 100%",
    at: SW("maxUnavailable"),
    value: "150%",
    form: /expected a percentage from 0% to 100%/,
  },
  {
    title: "a minAvailable that is no count",
    at: SW("minAvailable"),
    value: "two",
    also: [{ at: SW("maxUnavailable"), value: DELETE }],
    form: /expected a whole number of pods \("1", 1\) or a percentage \("25%"\)/,
  },
  {
    title: "both budget forms",
    at: SW("minAvailable"),
    value: 1,
    form: /give either minAvailable or maxUnavailable, not both/,
  },
  {
    title: "following a pair that does not exist",
    at: SW("followPair"),
    value: "api",
    form: /is not a pair of oke-pools:blueGreenPools; expected one of web/,
  },
  {
    title: "an unknown key in the workload",
    at: SW("replica"),
    value: 2,
    form: /unknown key; remove it or check its spelling/,
  },

  // oke-pools:workerIpBackends
  {
    title: "workerIpBackends not a list",
    at: ["workerIpBackends"],
    value: { pool: "arm" },
    form: /expected a list of \{ pool, loadBalancerId, backendSetName, port \}/,
  },
  {
    title: "a backend that is no object",
    at: WB(),
    value: "arm",
    form: /expected a backend: \{ pool, loadBalancerId, backendSetName, port \}/,
  },
  {
    title: "a backend of a pool that does not exist",
    at: WB("pool"),
    value: "gpu",
    form: /is not a pool of this stack; expected one of general, arm/,
  },
  {
    title: "a backend of a blue/green colour (not a pool of oke-pools:nodePools)",
    at: WB("pool"),
    value: "web-blue",
    form: /is not a pool of this stack; expected one of general, arm/,
  },
  {
    title: "a load balancer OCID of another type",
    at: WB("loadBalancerId"),
    value: "ocid1.networkloadbalancer.oc1.phx.aaaaaaaaxxxxxxxxxxxx",
    form: /expected a load balancer OCID such as ocid1\.loadbalancer/,
  },
  {
    title: "a backend set name with a space",
    at: WB("backendSetName"),
    value: "arm http",
    form: /expected a backend set name of letters, digits, - and _/,
  },
  { title: "port 0", at: WB("port"), value: 0, form: /expected a port from 1 to 65535/ },
  {
    title: "a port as a string",
    at: WB("port"),
    value: "30080",
    form: /expected a port from 1 to 65535/,
  },
  {
    title: "an unknown key in a backend",
    at: WB("weight"),
    value: 1,
    form: /unknown key; remove it or check its spelling/,
  },
  // Pools files (program/poolsFile.ts): a value that is no path. A path next to the inline list
  // is reported on the list's key; files themselves are test/program/poolsFile.test.ts's.
  {
    title: "a pools file reference that is not a path",
    at: ["nodePoolsFile"],
    value: { path: "pools.yaml" },
    form: /expected the path of a YAML or JSON file/,
  },
  {
    title: "a blue/green pools file reference that is not a path",
    at: ["blueGreenPoolsFile"],
    value: ["pairs.yaml"],
    form: /expected the path of a YAML or JSON file/,
  },
];

/** Every key path the rows break, with array indexes dropped: `nodePools.image.imageId`. */
function coveredKeys(): Set<string> {
  const out = new Set<string>();
  for (const row of ROWS)
    for (const at of [row.at, row.errorAt ?? row.at])
      out.add(at.filter((s) => typeof s === "string").join("."));
  return out;
}

function problemsOf(config: Record<string, unknown>): readonly string[] {
  try {
    validateStackConfig(config);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

function keysOf(shape: object): string[] {
  return Object.keys(shape);
}

describe("robustness: malformed stack config, one key at a time (a table over every key the program reads)", function () {
  this.timeout(120_000);

  it("the base config is valid, and the program registers resources and asks for the catalog with it (so 'nothing' below means something)", async () => {
    const v = validateStackConfig(BASE);
    assert.equal(v.nodePools.length, 2);
    assert.equal(v.blueGreenPools.length, 1);
    assert.ok(v.sampleWorkload);
    const rec = await recordProgram({
      stack: "robust",
      config: pulumiConfig(BASE),
      catalog: SAMPLE_CATALOG,
      preview: true,
    });
    assert.ok(rec.resources.length > 10, `${rec.resources.length} resources`);
    assert.ok(rec.invokes > 0);
  });

  it("the table breaks every key of every schema the stack config uses", () => {
    const covered = coveredKeys();
    const expected = [
      ...keysOf(stackConfigShape),
      ...keysOf(nodePoolConfigSchema.shape).map((k) => `nodePools.${k}`),
      ...keysOf(imageSpecSchema.shape).map((k) => `nodePools.image.${k}`),
      ...keysOf(cyclingSpecSchema.shape).map((k) => `nodePools.cycling.${k}`),
      ...keysOf(evictionSpecSchema.shape).map((k) => `nodePools.eviction.${k}`),
      ...keysOf(placementSchema.shape).map((k) => `nodePools.placement.${k}`),
      // A colour takes every pool setting (covered under nodePools, same schema) plus its role.
      ...keysOf(blueGreenPoolConfigSchema(placementSchema).shape).map((k) => `blueGreenPools.${k}`),
      ...keysOf(blueGreenColourSchema.shape)
        .filter((k) => !(k in nodePoolSettingsShape))
        .map((k) => `blueGreenPools.*.${k}`),
      ...keysOf(sampleWorkloadConfigSchema.shape).map((k) => `sampleWorkload.${k}`),
      ...keysOf(workerIpBackendSchema.shape).map((k) => `workerIpBackends.${k}`),
    ];
    const matches = (key: string) =>
      [...covered].some(
        (c) =>
          c === key ||
          c.startsWith(`${key}.`) ||
          (key.includes("*") && ["blue", "green"].some((colour) => c === key.replace("*", colour))),
      );
    const missing = expected.filter((k) => !matches(k));
    assert.deepEqual(missing, [], `no row breaks ${missing.join(", ")}`);
    assert.ok(Object.keys(blueGreenPairShape).every((k) => matches(`blueGreenPools.${k}`)));
  });

  for (const row of ROWS) {
    const where = keyPath(row.errorAt ?? row.at);
    it(`${row.title}: one error naming ${where}, its value and the expected form; nothing registered`, async () => {
      const config = broken(row);
      const problems = problemsOf(config);
      assert.equal(
        problems.length,
        1,
        `expected one error, got:\n${problems.join("\n") || "(none: the config was accepted)"}`,
      );
      const [problem] = problems;
      const head = `${where}: ${shownValue(row)} — `;
      assert.ok(
        problem.startsWith(head),
        `expected the error to start with\n  ${head}\ngot\n  ${problem}`,
      );
      assert.match(problem.slice(head.length), row.form);

      // The whole program, as Pulumi runs it (values as strings, objects as JSON), under the mocks:
      // the same single error (a scalar shows as the string Pulumi hands over), nothing registered.
      const handed = problemsOf(pulumiConfig(config));
      assert.equal(handed.length, 1, handed.join("\n"));
      assert.ok(handed[0].startsWith(`${where}: `), handed[0]);
      const { error, world } = await runRefusedProgram(config);
      assert.ok(error instanceof pulumi.RunError, `expected a RunError, got ${String(error)}`);
      const lines = (error as Error).message.split("\n").filter((l) => l.startsWith("  - "));
      // The program's line may add the pin-images command for its stack (index.ts passes it).
      assert.equal(lines.length, 1, (error as Error).message);
      assert.ok(lines[0].startsWith(`  - ${handed[0]}`), (error as Error).message);
      assert.deepEqual(
        world.tapped.map((t) => `${t.type}::${t.name}`),
        [],
        "registrations",
      );
      assert.deepEqual(world.resources, []);
      assert.deepEqual(world.invokes, [], "invokes");
    });
  }
});
