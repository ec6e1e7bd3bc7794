// The floor of the policy-phase benchmark: the cheapest pack that takes part in a preview, one
// resource policy and one stack policy, both doing nothing. A user pays this for any pack; the
// real pack's cost above it is what its policies add (rules and @pulumi/policy's per-policy
// work). Plain JS (no build step); @pulumi/policy resolves from the project's node_modules.
"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- plain JS, loaded by the engine as is */
const { PolicyPack } = require("@pulumi/policy");

new PolicyPack("oke-upgrade-guard-floor", {
  policies: [
    {
      name: "floor-resource",
      description: "Checks nothing, per resource.",
      enforcementLevel: "advisory",
      validateResource: () => undefined,
    },
    {
      name: "floor-stack",
      description: "Checks nothing, once per stack.",
      enforcementLevel: "advisory",
      validateStack: () => undefined,
    },
  ],
});
