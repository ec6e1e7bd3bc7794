/**
 * The analyzer protocol's generated stubs, and conversions between plain data and messages.
 * Struct and Empty come from the google-protobuf copy @pulumi/pulumi itself resolves: the
 * stubs check `instanceof` against that copy.
 */
import * as path from "path";
import type * as grpcTypes from "@grpc/grpc-js";
import type * as analyzerPbTypes from "@pulumi/pulumi/proto/analyzer_pb";
import type * as analyzerGrpcTypes from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import type * as structPbTypes from "google-protobuf/google/protobuf/struct_pb";
import type * as emptyPbTypes from "google-protobuf/google/protobuf/empty_pb";
import {
  AnalyzerInfo,
  AnalyzerProvider,
  AnalyzerResource,
  Diagnostic,
  EnforcementLevel,
  JsonSchema,
  PolicyInfo,
  ResolvedPolicyConfig,
} from "./types";

const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const fromPulumi = (id: string): string => require.resolve(id, { paths: [pulumiDir] });

/* eslint-disable @typescript-eslint/no-require-imports */
export const grpc: typeof grpcTypes = require(fromPulumi("@grpc/grpc-js"));
export const pb: typeof analyzerPbTypes = require("@pulumi/pulumi/proto/analyzer_pb");
export const rpc: typeof analyzerGrpcTypes = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const structPb: typeof structPbTypes = require(
  fromPulumi("google-protobuf/google/protobuf/struct_pb"),
);
const emptyPb: typeof emptyPbTypes = require(
  fromPulumi("google-protobuf/google/protobuf/empty_pb"),
);
/* eslint-enable @typescript-eslint/no-require-imports */

export type Struct = structPbTypes.Struct;

export function empty(): emptyPbTypes.Empty {
  return new emptyPb.Empty();
}

/**
 * A JSON-safe copy: `undefined` object entries dropped, `undefined` list items as null,
 * non-finite numbers as null, dates as ISO strings; anything else that is not data is an error.
 */
export function toJsonSafe(value: unknown, at = "(root)"): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value))
    return value.map((v, i) => (v === undefined ? null : toJsonSafe(v, `${at}[${i}]`)));
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      if (v !== undefined) out[k] = toJsonSafe(v, `${at}.${k}`);
    return out;
  }
  throw new TypeError(
    `${at}: a ${typeof value} cannot be sent to a policy pack; record plain data only`,
  );
}

export function toStruct(value: Readonly<Record<string, unknown>> | undefined): Struct {
  return structPb.Struct.fromJavaScript(
    (toJsonSafe(value ?? {}) ?? {}) as Record<string, structPbTypes.JavaScriptValue>,
  );
}

const LEVEL_TO_PB: Record<EnforcementLevel, analyzerPbTypes.EnforcementLevel> = {
  advisory: 0 as analyzerPbTypes.EnforcementLevel,
  mandatory: 1 as analyzerPbTypes.EnforcementLevel,
  disabled: 2 as analyzerPbTypes.EnforcementLevel,
  remediate: 3 as analyzerPbTypes.EnforcementLevel,
};

export function levelToPb(level: EnforcementLevel): analyzerPbTypes.EnforcementLevel {
  return LEVEL_TO_PB[level];
}

export function levelFromPb(level: number): EnforcementLevel {
  switch (level) {
    case 0:
      return "advisory";
    case 1:
      return "mandatory";
    case 2:
      return "disabled";
    case 3:
      return "remediate";
    default:
      throw new Error(
        `the policy pack sent enforcement level ${level}, which is not one of advisory (0), mandatory (1), disabled (2), remediate (3)`,
      );
  }
}

/** Splits `<urn>::<id>` provider references into the provider resource the protocol carries. */
function providerOf(p: AnalyzerProvider | string): AnalyzerProvider {
  if (typeof p !== "string") return p;
  // urn:pulumi:<stack>::<project>::<type>::<name>[::<id>]
  const parts = p.split("::");
  const urnParts = parts.length >= 5 ? parts.slice(0, 4) : parts;
  return {
    urn: urnParts.join("::"),
    type: (urnParts[2] ?? "").split("$").pop() ?? "",
    name: urnParts[3] ?? "",
    properties: {},
  };
}

function options(r: AnalyzerResource): analyzerPbTypes.AnalyzerResourceOptions {
  const o = r.options ?? {};
  const opts = new pb.AnalyzerResourceOptions();
  opts.setProtect(o.protect ?? false);
  opts.setIgnorechangesList([...(o.ignoreChanges ?? [])]);
  opts.setDeletebeforereplace(o.deleteBeforeReplace ?? false);
  opts.setDeletebeforereplacedefined(
    o.deleteBeforeReplaceDefined ?? o.deleteBeforeReplace !== undefined,
  );
  opts.setAdditionalsecretoutputsList([...(o.additionalSecretOutputs ?? [])]);
  opts.setAliasesList([...(o.aliases ?? [])]);
  const parent = o.parent || r.parent;
  if (parent) opts.setParent(parent);
  if (o.customTimeouts) {
    const t = new pb.AnalyzerResourceOptions.CustomTimeouts();
    t.setCreate(o.customTimeouts.create ?? 0);
    t.setUpdate(o.customTimeouts.update ?? 0);
    t.setDelete(o.customTimeouts.delete ?? 0);
    opts.setCustomtimeouts(t);
  }
  return opts;
}

function provider(r: AnalyzerResource): analyzerPbTypes.AnalyzerProviderResource | undefined {
  if (!r.provider) return undefined;
  const p = providerOf(r.provider);
  const msg = new pb.AnalyzerProviderResource();
  msg.setUrn(p.urn);
  msg.setType(p.type);
  msg.setName(p.name);
  msg.setProperties(toStruct(p.properties));
  return msg;
}

/** `Analyze`: the resource's inputs, with options always set (else @pulumi/policy asks for a newer CLI). */
export function analyzeRequest(r: AnalyzerResource): analyzerPbTypes.AnalyzeRequest {
  const req = new pb.AnalyzeRequest();
  req.setUrn(r.urn);
  req.setType(r.type);
  req.setName(r.name);
  req.setProperties(toStruct(r.inputs));
  req.setOptions(options(r));
  const p = provider(r);
  if (p) req.setProvider(p);
  return req;
}

/** One resource of `AnalyzeStack`: outputs with parent, dependencies and property dependencies. */
export function stackResource(r: AnalyzerResource): analyzerPbTypes.AnalyzerResource {
  const res = new pb.AnalyzerResource();
  res.setUrn(r.urn);
  res.setType(r.type);
  res.setName(r.name);
  res.setProperties(toStruct(r.outputs));
  res.setOptions(options(r));
  const p = provider(r);
  if (p) res.setProvider(p);
  const parent = r.parent || r.options?.parent;
  if (parent) res.setParent(parent);
  res.setDependenciesList([...(r.dependencies ?? [])]);
  const deps = res.getPropertydependenciesMap();
  for (const [key, urns] of Object.entries(r.propertyDependencies ?? {})) {
    const d = new pb.AnalyzerPropertyDependencies();
    d.setUrnsList([...urns]);
    deps.set(key, d);
  }
  return res;
}

/**
 * An `AnalyzeStack` request from its resources, each already serialized
 * ({@link stackResource}`(r).serializeBinary()`): the request is nothing but its repeated field 1,
 * so its wire form is the concatenation of `tag 1 (length-delimited), length, bytes` per resource.
 * A caller can so encode each resource once, as it passes, and never hold the message objects.
 */
export function analyzeStackRequestBytes(resources: readonly Uint8Array[]): Buffer {
  let size = 0;
  for (const r of resources) size += 1 + varintSize(r.length) + r.length;
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const r of resources) {
    out[at++] = 0x0a; // field 1, wire type 2
    let n = r.length;
    while (n >= 0x80) {
      out[at++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    out[at++] = n;
    out.set(r, at);
    at += r.length;
  }
  return out;
}

function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n >>>= 7;
    size++;
  }
  return size;
}

export function configureRequest(
  config: Readonly<Record<string, ResolvedPolicyConfig>>,
): analyzerPbTypes.ConfigureAnalyzerRequest {
  const req = new pb.ConfigureAnalyzerRequest();
  const map = req.getPolicyconfigMap();
  for (const [name, c] of Object.entries(config)) {
    const pc = new pb.PolicyConfig();
    pc.setEnforcementlevel(levelToPb(c.enforcementLevel));
    pc.setProperties(toStruct(c.properties));
    map.set(name, pc);
  }
  return req;
}

/** A GetAnalyzerInfo reply as plain data. */
export function analyzerInfoFrom(res: analyzerPbTypes.AnalyzerInfo): AnalyzerInfo {
  const initialConfig: Record<
    string,
    { enforcementLevel?: ReturnType<typeof levelFromPb>; properties?: Record<string, unknown> }
  > = {};
  res.getInitialconfigMap().forEach((c, k) => {
    initialConfig[k] = {
      enforcementLevel: levelFromPb(c.getEnforcementlevel()),
      ...(c.getProperties() ? { properties: c.getProperties()?.toJavaScript() ?? {} } : {}),
    };
  });
  return {
    name: res.getName(),
    version: res.getVersion(),
    ...(res.getDisplayname() ? { displayName: res.getDisplayname() } : {}),
    ...(res.getDescription() ? { description: res.getDescription() } : {}),
    supportsConfig: res.getSupportsconfig(),
    policies: res.getPoliciesList().map(policyInfoFrom),
    initialConfig,
  };
}

export function policyInfoFrom(p: analyzerPbTypes.PolicyInfo): PolicyInfo {
  const schema = p.getConfigschema();
  const type = p.getPolicyType();
  return {
    name: p.getName(),
    ...(p.getDisplayname() ? { displayName: p.getDisplayname() } : {}),
    description: p.getDescription(),
    enforcementLevel: levelFromPb(p.getEnforcementlevel()),
    policyType: type === 1 ? "resource" : type === 2 ? "stack" : "unknown",
    ...(schema
      ? {
          configSchema: {
            properties: (schema.getProperties()?.toJavaScript() ?? {}) as Record<
              string,
              JsonSchema
            >,
            ...(schema.getRequiredList().length ? { required: schema.getRequiredList() } : {}),
          },
        }
      : {}),
  };
}

export function diagnosticsFrom(
  resp: analyzerPbTypes.AnalyzeResponse,
  phase: Diagnostic["phase"],
  urn?: string,
): Diagnostic[] {
  return resp.getDiagnosticsList().map((d) => {
    const level = levelFromPb(d.getEnforcementlevel());
    return {
      policyName: d.getPolicyname(),
      policyPackName: d.getPolicypackname(),
      policyPackVersion: d.getPolicypackversion(),
      // The engine reports remediate as mandatory, and always uses the analysed resource's URN for Analyze.
      enforcementLevel: level === "remediate" ? "mandatory" : level,
      urn: urn ?? d.getUrn(),
      message: d.getMessage(),
      description: d.getDescription(),
      phase,
    };
  });
}
