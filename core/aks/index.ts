/** Pure AKS domain logic for the policy pack: no Pulumi or Azure imports. */
export * from "./types";
export * from "./read";
export * from "./nodeImage";
export * from "./osRetirement";
export * from "./upgradeSettings";
export * from "./channels";
export * from "./pools";
export * from "./poolSkew";
