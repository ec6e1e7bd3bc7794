// The no-op twin of the project's policy pack (policies/), for `npm run bench`: one policy per
// real policy, with the same name, enforcement level and validation kinds (resource and/or
// stack, same number of validation functions, same Pulumi type filters), listed in
// policies.json, each validation doing nothing. The policy phase of this pack over the same
// resources, through the same analyzer protocol, is the cost of everything but the rules.
// bench/run.ts checks (and refreshes) policies.json against the compiled real pack before it
// measures. Plain JS (no build step); @pulumi/policy resolves from the project's node_modules.
// It shares deserialised properties between policies as the real pack does (the compiled
// policies/lib/sharedDeserialisation.ts), so the only difference left is the rules.
"use strict";
const { PolicyPack } = require("@pulumi/policy");
const {
  shareDeserialisedProperties,
} = require("../../policies/bin/policies/lib/sharedDeserialisation");
const mirrored = require("./policies.json");

if (!shareDeserialisedProperties())
  throw new Error("noop-pack: @pulumi/policy no longer exposes deserializeProperties");

const noop = (pulumiType) => {
  const fn = () => undefined;
  if (pulumiType) fn.__pulumiType = pulumiType; // as validateResourceOfType / validateStackResourcesOfType set it
  return fn;
};
const validations = (types) => (types.length === 1 ? noop(types[0]) : types.map(noop));

new PolicyPack("oke-upgrade-guard-noop", {
  policies: mirrored.policies.map((p) => ({
    name: p.name,
    description: `No-op twin of ${p.name}.`,
    enforcementLevel: p.enforcementLevel,
    ...(p.validateResource ? { validateResource: validations(p.validateResource) } : {}),
    ...(p.validateStack ? { validateStack: validations(p.validateStack) } : {}),
  })),
});
