import * as fs from "fs";
import * as path from "path";
import { PlainResource } from "../../../core/resources";

export const SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * A resource as the pack hands it to core/aks, named by its URN's last part. `props` may be
 * anything (the sentinel, a malformed value): core/aks reads whatever it is given.
 */
export function aksResource(
  urn: string,
  type: string,
  props: unknown,
  extra: Partial<PlainResource> = {},
): PlainResource {
  const i = urn.lastIndexOf("::");
  const name = i >= 0 ? urn.slice(i + 2) : urn;
  return { urn, type, name, props: props as PlainResource["props"], ...extra };
}

/** A fresh copy of a JSON fixture from test/fixtures/aks. */
export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(
    fs.readFileSync(path.join(__dirname, "..", "..", "fixtures", "aks", `${name}.json`), "utf8"),
  ) as Record<string, unknown>;
}

export const FIXTURES = [
  "native-cluster-outputs",
  "native-cluster-inputs",
  "native-agentpool-outputs",
  "native-agentpool-inputs-old-provider",
  "classic-v6-cluster",
  "classic-v5-cluster",
  "classic-node-pool-outputs",
] as const;

/** Every path to a leaf (and to every inner object/array) of a JSON value. */
export function allPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [];
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push([...prefix, i]);
      out.push(...allPaths(v, [...prefix, i]));
    });
  } else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      out.push([...prefix, k]);
      out.push(...allPaths(v, [...prefix, k]));
    }
  }
  return out;
}

/** A deep copy with the value at `at` replaced. */
export function replaceAt(
  value: unknown,
  at: readonly (string | number)[],
  replacement: unknown,
): unknown {
  const copy = JSON.parse(JSON.stringify(value)) as unknown;
  if (at.length === 0) return replacement;
  let cur = copy as Record<string | number, unknown>;
  for (const key of at.slice(0, -1)) cur = cur[key] as Record<string | number, unknown>;
  cur[at[at.length - 1]] = replacement;
  return copy;
}
