/**
 * The region's catalog of current worker images, fetched with the OCI TypeScript SDK
 * (`ContainerEngineClient.getNodePoolOptions` with `nodePoolOptionId: "all"`, the API behind
 * `oci ce node-pool-options get --node-pool-option-id all`) and written in that command's JSON
 * shape, so every tool and the policy pack read it as they read the CLI's output.
 *
 * The operation does not page: GetNodePoolOptions returns one NodePoolOptions object, the SDK
 * sends no `page`/`limit` and reads no `opc-next-page` (test/scripts/fetchCatalog.test.ts shows it).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as common from "oci-common";
import { ContainerEngineClient } from "oci-containerengine";
import { ImageCatalog } from "../core/catalog";
import { findRegion } from "../core/ocid";
import { CatalogFileError, LoadedCatalog, checkCatalogRegion } from "./catalogFile";
import { ToolError } from "./cli";

export type AuthMode = "api_key" | "instance_principal";

export interface FetchOptions {
  readonly region: string;
  /** `api_key`: environment variables (OCI_CLI_USER …) when set, else the config file. */
  readonly auth: AuthMode;
  /** @default $OCI_CLI_CONFIG_FILE, else ~/.oci/config */
  readonly configFile?: string;
  /** @default $OCI_CLI_PROFILE, else DEFAULT */
  readonly profile?: string;
  /** The API endpoint; @default the region's Container Engine endpoint. */
  readonly endpoint?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Told once when the request starts (the progress line). */
  readonly onStart?: (what: string) => void;
}

export interface FetchedCatalog {
  /** `{"data": {...}}` exactly as `oci ce node-pool-options get --output json` prints it. */
  readonly document: { readonly data: Record<string, unknown> };
  readonly catalog: ImageCatalog;
  readonly authDescription: string;
  readonly endpoint: string;
  readonly requestId?: string;
}

/** The auth provider, as the OCI CLI chooses it: `--auth`, then environment variables, then the config file. */
export async function authProvider(
  opts: FetchOptions,
): Promise<{ provider: common.AuthenticationDetailsProvider; description: string }> {
  const env = opts.env ?? process.env;
  if (opts.auth === "instance_principal") {
    try {
      const provider =
        await new common.InstancePrincipalsAuthenticationDetailsProviderBuilder().build();
      return { provider, description: "instance principal" };
    } catch (e) {
      throw new ToolError(
        `instance principal authentication failed (${(e as Error).message}); it works only on an OCI instance in a dynamic group with a policy allowing "read cluster-node-pool-options" — elsewhere use --auth api_key`,
      );
    }
  }
  const user = env.OCI_CLI_USER;
  if (user) {
    const missing = ["OCI_CLI_TENANCY", "OCI_CLI_FINGERPRINT"].filter((k) => !env[k]);
    if (!env.OCI_CLI_KEY_CONTENT && !env.OCI_CLI_KEY_FILE)
      missing.push("OCI_CLI_KEY_CONTENT or OCI_CLI_KEY_FILE");
    if (missing.length > 0)
      throw new ToolError(
        `OCI_CLI_USER is set, so the API key is read from the environment, but ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not set`,
      );
    let key = env.OCI_CLI_KEY_CONTENT;
    if (!key) {
      const file = expandHome(env.OCI_CLI_KEY_FILE!);
      try {
        key = fs.readFileSync(file, "utf8");
      } catch (e) {
        throw new ToolError(
          `OCI_CLI_KEY_FILE ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
        );
      }
    }
    const provider = new common.SimpleAuthenticationDetailsProvider(
      env.OCI_CLI_TENANCY!,
      user,
      env.OCI_CLI_FINGERPRINT!,
      key,
      env.OCI_CLI_PASS_PHRASE ?? null,
    );
    return { provider, description: "API key from OCI_CLI_* environment variables" };
  }
  const file = expandHome(opts.configFile ?? env.OCI_CLI_CONFIG_FILE ?? "~/.oci/config");
  const profile = opts.profile ?? env.OCI_CLI_PROFILE ?? "DEFAULT";
  if (!fs.existsSync(file))
    throw new ToolError(
      `no OCI credentials: ${file} does not exist and OCI_CLI_USER is not set. Write the config file (\`oci setup config\`), set OCI_CLI_USER, OCI_CLI_TENANCY, OCI_CLI_FINGERPRINT and OCI_CLI_KEY_CONTENT, or use --auth instance_principal on an OCI instance`,
    );
  try {
    return {
      provider: new common.ConfigFileAuthenticationDetailsProvider(file, profile),
      description: `API key from ${file} [${profile}]`,
    };
  } catch (e) {
    throw new ToolError(`OCI config ${file} [${profile}]: ${(e as Error).message.trim()}`);
  }
}

function expandHome(p: string): string {
  return p === "~" || p.startsWith("~/") ? path.join(os.homedir(), p.slice(1)) : p;
}

/** camelCase keys to the CLI's kebab-case, recursively; keys sorted as the CLI prints them. */
export function toCliShape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toCliShape);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort((a, b) => kebab(a).localeCompare(kebab(b))))
    out[kebab(key)] = toCliShape((value as Record<string, unknown>)[key]);
  return out;
}

const kebab = (k: string) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Fetches the region's catalog. Throws {@link ToolError} (auth, network, API error) or {@link CatalogFileError} (another region's images). */
export async function fetchCatalog(opts: FetchOptions): Promise<FetchedCatalog> {
  const { provider, description } = await authProvider(opts);
  const client = new ContainerEngineClient(
    { authenticationDetailsProvider: provider },
    // The SDK's default retries (429, 5xx, timeouts, with backoff) stay on; a 4xx is final.
    {},
  );
  const known = findRegion(opts.region);
  if (known) client.regionId = known.id;
  else client.regionId = opts.region;
  if (opts.endpoint) client.endpoint = opts.endpoint;
  const endpoint = client.endpoint;
  opts.onStart?.(`GET ${endpoint}/nodePoolOptions/all (${description})`);
  let response;
  try {
    response = await client.getNodePoolOptions({ nodePoolOptionId: "all" });
  } catch (e) {
    throw new ToolError(describeFailure(e, opts.region, endpoint, description));
  } finally {
    client.close();
  }
  const body = response.nodePoolOptions as unknown as Record<string, unknown>;
  const document = { data: toCliShape(body) as Record<string, unknown> };
  let catalog: ImageCatalog;
  try {
    catalog = ImageCatalog.parse(document, `the API's answer (${endpoint})`);
  } catch (e) {
    throw new ToolError((e as Error).message);
  }
  if (catalog.size === 0)
    throw new ToolError(
      `the API (${endpoint}) listed no images for region ${opts.region}; nothing was written (an empty catalog would make every pin look retired)`,
    );
  const loaded: LoadedCatalog = {
    catalog,
    path: `the API's answer (${endpoint})`,
    embedded: false,
  };
  checkCatalogRegion(
    loaded,
    known?.id ?? opts.region,
    `the requested region`,
    `check --region and --endpoint (the endpoint answered for another region)`,
  );
  return {
    document,
    catalog,
    authDescription: description,
    endpoint,
    ...(response.opcRequestId ? { requestId: response.opcRequestId } : {}),
  };
}

function describeFailure(e: unknown, region: string, endpoint: string, auth: string): string {
  const err = e as {
    statusCode?: number;
    serviceCode?: string;
    message?: string;
    opcRequestId?: string;
  };
  const status = typeof err.statusCode === "number" ? err.statusCode : undefined;
  const code = err.serviceCode ? ` ${err.serviceCode}` : "";
  const req = err.opcRequestId ? ` (opc-request-id ${err.opcRequestId})` : "";
  const msg = (err.message ?? String(e)).trim();
  if (status === 401)
    return `the OCI API refused the credentials (401${code}: ${msg})${req} for ${auth}: check the user, tenancy, fingerprint and key, and that the key is uploaded to the user`;
  if (status === 404 || status === 403)
    return `the OCI API answered ${status}${code} (${msg})${req}: the user may not read node-pool options in ${region}; a policy like "Allow group <g> to read cluster-node-pool-options in tenancy" is needed`;
  if (status !== undefined && status !== -1)
    return `the OCI API answered ${status}${code} (${msg})${req} at ${endpoint}`;
  return `could not reach the OCI API at ${endpoint} for region ${region}: ${msg}`;
}

/** Writes the document as the CLI prints it (2-space JSON, trailing newline), creating the directory. */
export function writeCatalogDocument(file: string, document: FetchedCatalog["document"]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, `${JSON.stringify(document, null, 2)}\n`);
  fs.renameSync(tmp, file);
}

export { CatalogFileError };
