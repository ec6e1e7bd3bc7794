/**
 * The size of the environment string a Pulumi language host builds from a stack's config, and
 * Linux's cap on it. The Node language host passes a program (and a Node policy pack) the whole
 * config as `PULUMI_CONFIG=<JSON object>`, keys rewritten to `<namespace>:config:<name>`, values
 * as strings (structured values as JSON). Linux refuses a single environment string longer than
 * MAX_ARG_STRLEN (32 pages, 131072 bytes, counting its terminating NUL): execve fails with E2BIG
 * and `pulumi preview` stops before the program runs (pulumi/pulumi#8680, #20402).
 */

/** MAX_ARG_STRLEN on Linux: the longest single argument or environment string, NUL included. */
export const MAX_ARG_STRLEN = 131072;

const ENV_NAME = "PULUMI_CONFIG=";

/** `oke-pools:nodePools` → `oke-pools:config:nodePools`, as the language host rewrites keys. */
export function languageHostKey(key: string): string {
  const i = key.indexOf(":");
  return i < 0 ? key : `${key.slice(0, i)}:config:${key.slice(i + 1)}`;
}

/**
 * Go's encoding/json output for a JSON-safe value: as JSON.stringify, with `<`, `>`, `&`,
 * U+2028 and U+2029 escaped (Go's default HTML-safe encoding), which changes the byte count.
 */
function goJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * Bytes of `PULUMI_CONFIG=<json>` plus its NUL for a config given as the stack file holds it
 * (`"<ns>:<key>"` → value; objects and lists are passed as their JSON text). Keys sorted as Go
 * marshals a map (the order does not change the size).
 */
export function pulumiConfigEnvBytes(config: Readonly<Record<string, unknown>>): number {
  const env: Record<string, string> = {};
  for (const key of Object.keys(config).sort()) {
    const v = config[key];
    env[languageHostKey(key)] = typeof v === "string" ? v : goJson(v);
  }
  return Buffer.byteLength(ENV_NAME + goJson(env), "utf8") + 1;
}
