/**
 * Values the engine does not know yet. During a preview, an input or output computed from
 * another resource's output arrives as one of these sentinel strings (the engine sends the
 * string sentinel for every kind; @pulumi/policy defines the others). Pure: no Pulumi imports,
 * so the policy pack, the AKS domain logic and the offline recorder share this one definition.
 */

/** The string Pulumi puts in place of a value not known until the deployment runs. */
export const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const SENTINELS: ReadonlySet<string> = new Set([
  UNKNOWN_STRING,
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
  "030794c1-ac77-496b-92df-f27374a8bd58", // asset
  "e48ece36-62e2-4504-bad9-02848725956a", // archive
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

/**
 * Whether `value` is not known yet: one of the unknown-value sentinels, or a string that embeds
 * the string sentinel (a value interpolated from an unknown output, e.g.
 * `${cluster.id}/agentPools/x`). Such a string is never a usable known value.
 */
export function isUnknown(value: unknown): boolean {
  return typeof value === "string" && (SENTINELS.has(value) || value.includes(UNKNOWN_STRING));
}

/** Whether `value` is, or contains at any depth (up to 32 levels), an unknown value. */
export function containsUnknown(value: unknown, depth = 0): boolean {
  if (isUnknown(value)) return true;
  if (depth > 32 || value === null || typeof value !== "object") return false;
  const items = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
  return items.some((v) => containsUnknown(v, depth + 1));
}
