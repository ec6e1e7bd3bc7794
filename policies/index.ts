// The pack's entry point (package.json main → bin/policies/index.js). Constructing the
// PolicyPack starts the analyzer server, so only this file does it; see pack.ts for the policies.
import { PolicyPack } from "@pulumi/policy";
import { shareDeserialisedProperties } from "./lib/sharedDeserialisation";
import { PACK_DESCRIPTION, PACK_NAME, packPolicies } from "./pack";

shareDeserialisedProperties();

new PolicyPack(PACK_NAME, { description: PACK_DESCRIPTION, policies: packPolicies() });
