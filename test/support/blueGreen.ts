import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { TYPE_OCI_NODE_POOL } from "../../core/tags";
import { RecordedResource, Recording, recordProgram } from "../../offline/recorder";
import { MockWorld, SAMPLE_CATALOG, mockWorld, settle } from "./pulumiMocks";

/** Image pins from catalog/sample-catalog.json (x86_64, Oracle Linux 8.10). */
export const IMAGE_1342 = {
  imageId: "ocid1.image.oc1.phx.aaaaaaaaddgdfhfaeefhfdecedddhcdhffhbfdbicfbhfcbcdjdcgbbacfbi",
  sourceName: "Oracle-Linux-8.10-2026.10.20-1-OKE-1.34.2-1580",
};
export const IMAGE_1352 = {
  imageId: "ocid1.image.oc1.phx.aaaaaaaaejbgchcccecibcadjehbeegjhhgagdbbdbicdeeacfceidfbafee",
  sourceName: "Oracle-Linux-8.10-2026.10.20-1-OKE-1.35.2-1580",
};

export const PROGRAM = path.join(__dirname, "..", "..", "index.ts");
export const BLUEGREEN_STACK: Record<string, unknown> = YAML.parse(
  fs.readFileSync(path.join(__dirname, "../../stacks/Pulumi.bluegreen.yaml"), "utf8"),
).config;
const STACK_PAIR = (BLUEGREEN_STACK["oke-pools:blueGreenPools"] as Record<string, unknown>[])[0];

/** Nested mock inputs and config, read loosely in assertions. */

export type Loose = any;

/** One `oke-pools:blueGreenPools` entry as written in a stack file. */
export interface PairConfig {
  readonly [key: string]: Loose;
}

/** The stack file's pair "web" as a plain object: blue v1.34.2, green v1.35.2, both size 3. */
export function stackPair(): PairConfig {
  return structuredClone(STACK_PAIR) as PairConfig;
}

/**
 * The bluegreen stack's config with the pair replaced by `pair` (one phase of the runbook) and,
 * optionally, other keys changed (`undefined` deletes a key).
 */
export function stackWith(
  pair: Record<string, unknown> | Record<string, unknown>[],
  other: Record<string, unknown> = {},
): Record<string, unknown> {
  const config: Record<string, unknown> = {
    ...structuredClone(BLUEGREEN_STACK),
    "oke-pools:blueGreenPools": Array.isArray(pair) ? pair : [pair],
  };
  for (const [k, v] of Object.entries(other)) {
    if (v === undefined) delete config[k];
    else config[k] = v;
  }
  return config;
}

/** The runbook's phases, each one config change from the one before. */
export const phases = {
  /** 1. One colour, active. */
  oneColour(): PairConfig {
    const { green: _g, ...pair } = stackPair();
    return { ...pair, active: "blue" };
  },
  /** 2. Second colour added as a canary (canarySize given) or at full size (canarySize unset). */
  canaryAdded(canarySize?: number): PairConfig {
    const pair = stackPair();
    return {
      ...pair,
      active: "blue",
      ...(canarySize !== undefined ? { canarySize } : {}),
      green: { ...pair.green, role: "canary" },
    };
  },
  /** 3. Active switched to green (the stack file as committed). */
  switched(): PairConfig {
    return stackPair();
  },
  /** 4. Old colour removed. */
  oldRemoved(): PairConfig {
    const { blue: _b, ...pair } = stackPair();
    return pair;
  },
  /** Rollback from 3: active back to blue while blue is still declared. */
  rolledBack(): PairConfig {
    return { ...stackPair(), active: "blue" };
  },
};

/** Config as Pulumi hands it to a program: strings, objects as JSON. */
export function pulumiConfig(config: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  );
}

/** Runs the whole program (index.ts) through the offline recorder, as `pulumi preview` would. */
export function recordStack(
  config: Record<string, unknown>,
  stack = "bluegreen",
): Promise<Recording> {
  return recordProgram({
    stack,
    config: pulumiConfig(config),
    catalog: SAMPLE_CATALOG,
    preview: true,
  });
}

export function nodePoolUrn(stack: string, name: string): string {
  return `urn:pulumi:${stack}::oke-pools::okepools:index:BlueGreenNodePool$okepools:index:OkeNodePool$${TYPE_OCI_NODE_POOL}::${name}`;
}

export function find(rec: Recording, type: string, name: string): RecordedResource {
  const r = rec.resources.find((x) => x.type === type && x.name === name);
  if (!r)
    throw new Error(
      `${type} ${name} was not registered; registered: ${rec.resources.map((x) => `${x.type}::${x.name}`).join(", ")}`,
    );
  return r;
}

export function nodePools(rec: Recording): RecordedResource[] {
  return rec.resources.filter((r) => r.type === TYPE_OCI_NODE_POOL);
}

/** A registration as the monitor received it: what the mocks' MockResourceArgs leave out. */
export interface Tapped {
  readonly type: string;
  readonly name: string;
  readonly parent: string;
  readonly dependencies: string[];
  urn?: string;
}

interface TapRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getDependenciesList(): string[];
}
type TapCallback = (err: unknown, resp?: { getUrn(): string }) => void;

/**
 * The shared mock world (test/support/pulumiMocks.ts) plus a tap on the mock monitor that keeps
 * each registration's parent, dependencies and URN.
 */
export function tappedWorld(): MockWorld & { readonly tapped: Tapped[] } {
  const world = mockWorld();
  const tapped: Tapped[] = [];
  const monitor = pulumi.runtime.getMonitor() as unknown as {
    registerResource(req: TapRequest, cb: TapCallback): void;
  };
  const original = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    const t: Tapped = {
      type: req.getType(),
      name: req.getName(),
      parent: req.getParent(),
      dependencies: [...req.getDependenciesList()],
    };
    tapped.push(t);
    original(req, (err, resp) => {
      if (resp) t.urn = resp.getUrn();
      cb(err, resp);
    });
  };
  return Object.assign(world, { tapped });
}

/**
 * Loads index.ts afresh under the shared mocks with `config`, expecting it to fail; returns the
 * error and what reached the mocks (nothing, for a config refused before registration).
 */
export async function runRefusedProgram(
  config: Record<string, unknown>,
): Promise<{ error: unknown; world: MockWorld & { readonly tapped: Tapped[] } }> {
  const world = tappedWorld();
  pulumi.runtime.setAllConfig(pulumiConfig(config));
  delete require.cache[require.resolve(PROGRAM)];
  let error: unknown;
  try {
    require(PROGRAM);
  } catch (e) {
    error = e;
  }
  await settle();
  world.restore();
  delete require.cache[require.resolve(PROGRAM)];
  return { error, world };
}
