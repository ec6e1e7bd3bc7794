import { PolicyPack } from "@pulumi/policy";

new PolicyPack("oke-upgrade-guard", { policies: [] });
