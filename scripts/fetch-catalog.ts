/**
 * npm run fetch-catalog -- (--stack <name> | --region <region>) [--auth api_key|instance_principal]
 *     [--config-file <file>] [--profile <name>] [--out <file>] [--keep-old] [--endpoint <url>]
 *
 * Fetches the region's catalog of current worker images with the OCI SDK (what
 * `oci ce node-pool-options get --node-pool-option-id all --output json` prints) and writes it
 * to catalogs/<region>/<YYYY-MM-DD>.json, where the offline tools look for a stack's catalog.
 */
import * as fs from "fs";
import * as path from "path";
import { formatKubeVersion } from "../core/kubeVersion";
import { findRegion } from "../core/ocid";
import {
  DEFAULT_CATALOGS_DIR,
  regionCatalogFiles,
  regionCatalogPath,
  stackRegion,
} from "../offline/catalogFile";
import { EXIT_OK, UsageError, parseFlags, runMain, wantsHelp } from "../offline/cli";
import { AuthMode, fetchCatalog, writeCatalogDocument } from "../offline/fetchCatalog";
import { DEFAULT_STACKS_DIR, readStackFile } from "../offline/stackFile";

export const USAGE = `usage: npm run fetch-catalog -- (--stack <name> | --region <region>) [--auth api_key|instance_principal]
         [--config-file <file>] [--profile <name>] [--out <file>] [--keep-old] [--endpoint <url>]
         [--stacks-dir <dir>] [--catalogs-dir <dir>]

  --stack        fetch the catalog of the stack's region (oci:region in stacks/Pulumi.<name>.yaml)
  --region       or name the region, e.g. us-phoenix-1
  --auth         api_key (default): OCI_CLI_USER, OCI_CLI_TENANCY, OCI_CLI_FINGERPRINT and
                 OCI_CLI_KEY_CONTENT (or OCI_CLI_KEY_FILE) when set, else the config file;
                 instance_principal: the instance's identity (on OCI compute). Also $OCI_CLI_AUTH.
  --config-file  the OCI config file (default: $OCI_CLI_CONFIG_FILE, else ~/.oci/config)
  --profile      its profile (default: $OCI_CLI_PROFILE, else DEFAULT)
  --out          write here instead of catalogs/<region>/<YYYY-MM-DD>.json
  --keep-old     keep the region's older dated catalogs (default: remove them; git keeps history)
  --endpoint     the Container Engine API endpoint (default: the region's)
  --stacks-dir   where the stack files are (default: stacks/)
  --catalogs-dir where the region catalogs are written (default: catalogs/)

exit status: 0 written, 2 usage, credentials, API or region error (nothing written)`;

export async function main(argv: readonly string[], now = new Date()): Promise<number> {
  if (wantsHelp(argv)) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  const flags = parseFlags(argv, {
    stack: { type: "string" },
    region: { type: "string" },
    auth: { type: "string" },
    "config-file": { type: "string" },
    profile: { type: "string" },
    out: { type: "string" },
    "keep-old": { type: "boolean" },
    endpoint: { type: "string" },
    "stacks-dir": { type: "string" },
    "catalogs-dir": { type: "string" },
  });
  if (!flags.stack && !flags.region)
    throw new UsageError("give --stack <name> or --region <region>");
  let region = flags.region?.trim().toLowerCase();
  if (region !== undefined) {
    const known = findRegion(region);
    if (!known && !/^[a-z]+(-[a-z]+)+-\d+$/.test(region))
      throw new UsageError(
        `--region ${JSON.stringify(flags.region)} is not an OCI region id; expected e.g. us-phoenix-1`,
      );
    region = known?.id ?? region;
  }
  if (flags.stack) {
    const file = readStackFile(flags["stacks-dir"] ?? DEFAULT_STACKS_DIR, flags.stack);
    const own = stackRegion(file);
    if (!own)
      throw new UsageError(
        `stack "${flags.stack}" (${file.path}) sets no oci:region; add \`oci:region: <region>\` under config:, or give --region`,
      );
    if (region && region !== own)
      throw new UsageError(
        `--region ${region} contradicts stack "${flags.stack}"'s oci:region ${own}; give one of them`,
      );
    region = own;
  }
  const auth = (flags.auth ?? process.env.OCI_CLI_AUTH ?? "api_key") as AuthMode;
  if (auth !== "api_key" && auth !== "instance_principal")
    throw new UsageError(`--auth ${JSON.stringify(auth)} is not api_key or instance_principal`);
  const catalogsDir = flags["catalogs-dir"] ?? DEFAULT_CATALOGS_DIR;
  const out = path.resolve(flags.out ?? regionCatalogPath(catalogsDir, region!, now));

  const t0 = Date.now();
  let ticker: NodeJS.Timeout | undefined;
  const fetched = await fetchCatalog({
    region: region!,
    auth,
    ...(flags["config-file"] ? { configFile: flags["config-file"] } : {}),
    ...(flags.profile ? { profile: flags.profile } : {}),
    ...(flags.endpoint ? { endpoint: flags.endpoint } : {}),
    onStart: (what) => {
      const line = `Fetching the catalog of current worker images for ${region}: ${what}`;
      if (process.stderr.isTTY) {
        process.stderr.write(`${line} …`);
        ticker = setInterval(
          () => process.stderr.write(`\r${line} … ${((Date.now() - t0) / 1000).toFixed(0)}s`),
          1000,
        );
      } else process.stderr.write(`${line} …\n`);
    },
  }).finally(() => {
    if (ticker) {
      clearInterval(ticker);
      process.stderr.write("\n");
    }
  });
  writeCatalogDocument(out, fetched.document);
  const removed: string[] = [];
  if (!flags.out && !flags["keep-old"])
    for (const old of regionCatalogFiles(catalogsDir, region!))
      if (path.resolve(old) !== out) {
        fs.rmSync(old);
        removed.push(path.basename(old));
      }
  const versions = fetched.catalog.kubernetesVersions();
  const rel = path.relative(process.cwd(), out) || out;
  process.stdout.write(
    `Wrote ${rel}: ${fetched.catalog.size} images, Kubernetes ${versions.length ? `${formatKubeVersion(versions[0])}–${formatKubeVersion(versions[versions.length - 1])}` : "(no versions listed)"}, region ${region} (${((Date.now() - t0) / 1000).toFixed(1)}s${fetched.requestId ? `, opc-request-id ${fetched.requestId}` : ""}).\n` +
      (removed.length ? `Removed the region's older catalogs: ${removed.join(", ")}.\n` : ""),
  );
  return EXIT_OK;
}

if (require.main === module) runMain(USAGE, () => main(process.argv.slice(2)));
