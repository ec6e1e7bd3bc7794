// The replay pack of the policy-phase benchmark: the no-op twin's policies (bench/noop-pack:
// same names, levels, validation kinds and type filters, shared deserialisation), each
// reporting, instead of nothing, the diagnostics the real pack reported for the same stack in
// the same run (the file OKEPOOLS_BENCH_REPLAY names, written by bench/policyPhase.ts). Its
// policy phase is what the real pack's output costs (the SDK's per-policy work, building,
// sending and decoding the same diagnostics) with no rule run: real / replay is the rules alone.
// Plain JS (no build step); @pulumi/policy resolves from the project's node_modules.
"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- plain JS, loaded by the engine as is */
const fs = require("fs");
const { PolicyPack } = require("@pulumi/policy");
const {
  shareDeserialisedProperties,
} = require("../../policies/bin/policies/lib/sharedDeserialisation");
const mirrored = require("../noop-pack/policies.json");

if (!shareDeserialisedProperties())
  throw new Error("replay-pack: @pulumi/policy no longer exposes deserializeProperties");
const file = process.env.OKEPOOLS_BENCH_REPLAY;
if (!file) throw new Error("replay-pack: set OKEPOOLS_BENCH_REPLAY to a recorded diagnostics file");

/** `${phase}:${policy}` → URN ("" for none) → the diagnostics recorded there. */
const recorded = new Map();
for (const d of JSON.parse(fs.readFileSync(file, "utf8"))) {
  const key = `${d.phase}:${d.policyName}`;
  if (!recorded.has(key)) recorded.set(key, new Map());
  const byUrn = recorded.get(key);
  const urn = d.urn ?? "";
  if (!byUrn.has(urn)) byUrn.set(urn, []);
  byUrn.get(urn).push(d);
}
const none = new Map();

function report(diagnostics, reportViolation) {
  for (const d of diagnostics)
    reportViolation({
      message: d.message,
      description: d.description,
      enforcementLevel: d.enforcementLevel,
      ...(d.urn ? { urn: d.urn } : {}),
    });
}

/** One resource validation per mirrored type; the first that applies to a resource reports for it. */
function resourceValidations(name, types) {
  const byUrn = recorded.get(`analyze:${name}`) ?? none;
  const fns = types.map((type, i) => {
    const fn = (args, reportViolation) => {
      const first = types.findIndex((t) => t === null || t === args.type);
      if (first === i) report(byUrn.get(args.urn) ?? [], reportViolation);
    };
    if (type) fn.__pulumiType = type; // as validateResourceOfType sets it
    return fn;
  });
  return fns.length === 1 ? fns[0] : fns;
}

function stackValidation(name, [type]) {
  const byUrn = recorded.get(`analyzeStack:${name}`) ?? none;
  const fn = (_args, reportViolation) => {
    for (const diagnostics of byUrn.values()) report(diagnostics, reportViolation);
  };
  if (type) fn.__pulumiType = type; // as validateStackResourcesOfType sets it
  return fn;
}

new PolicyPack("oke-upgrade-guard-replay", {
  policies: mirrored.policies.map((p) => ({
    name: p.name,
    description: `Replay of ${p.name}.`,
    enforcementLevel: p.enforcementLevel,
    ...(p.validateResource
      ? { validateResource: resourceValidations(p.name, p.validateResource) }
      : {}),
    ...(p.validateStack ? { validateStack: stackValidation(p.name, p.validateStack) } : {}),
  })),
});
