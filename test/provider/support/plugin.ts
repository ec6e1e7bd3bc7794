import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..", "..");
export const PROVIDER_DIR = path.join(ROOT, "provider");
const PLUGIN_MAIN = path.join(PROVIDER_DIR, "bin", "provider", "index.js");

function newest(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const e of fs.readdirSync(p)) t = Math.max(t, newest(path.join(p, e)));
  return t;
}

/** Builds provider/bin (provider/build.mjs, the plugin's prepare script) unless it is newer than every input. */
export function ensureProviderBuilt(): void {
  const built = fs.existsSync(PLUGIN_MAIN) ? fs.statSync(PLUGIN_MAIN).mtimeMs : 0;
  const inputs = [
    path.join(ROOT, "components"),
    path.join(ROOT, "core"),
    ...["index.ts", "build.mjs", "tsconfig.json"].map((f) => path.join(PROVIDER_DIR, f)),
  ];
  if (built >= Math.max(...inputs.map(newest))) return;
  execFileSync(process.execPath, [path.join(PROVIDER_DIR, "build.mjs")], { stdio: "pipe" });
}

// The proto modules and grpc-js the SDK itself uses, so client and server agree on one copy.
const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [PROVIDER_DIR] }));
export const grpc = require(
  require.resolve("@grpc/grpc-js", { paths: [sdk] }),
) as typeof import("@grpc/grpc-js");
export const providerRpc = require(path.join(sdk, "proto", "provider_grpc_pb.js"));
export const providerPb = require(path.join(sdk, "proto", "provider_pb.js"));

export interface LaunchedPlugin {
  readonly port: number;
  readonly startMs: number;
  readonly child: ChildProcess;
  stderr(): string;
  kill(): Promise<void>;
}

/**
 * Launches the component package as the engine does: `node <@pulumi/pulumi/cmd/run-plugin>
 * <plugin dir> <engine address>` (run-plugin resolved from the plugin directory, as Node
 * resolves it), and reads the port from the first stdout line.
 */
export function launchPlugin(
  dir: string,
  engineAddress: string,
  timeoutMs = 120_000,
): Promise<LaunchedPlugin> {
  const runner = require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [dir] });
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [runner, dir, engineAddress], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child
    .stderr!.setEncoding("utf8")
    .on("data", (c: string) => (stderr = (stderr + c).slice(-64_000)));
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const t = setTimeout(() => child.kill("SIGKILL"), 2000);
    await exited;
    clearTimeout(t);
  };
  process.once("exit", () => child.kill("SIGKILL"));
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => {
      void kill();
      reject(new Error(`the plugin printed no port within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the plugin exited (${code}) before printing its port\n${stderr}`));
    });
    child.stdout!.setEncoding("utf8").on("data", (c: string) => {
      out += c;
      const nl = out.indexOf("\n");
      if (nl < 0) return;
      clearTimeout(timer);
      const line = out.slice(0, nl).trim();
      if (!/^\d+$/.test(line))
        return reject(new Error(`the plugin printed ${JSON.stringify(line)} instead of its port`));
      resolve({
        port: Number(line),
        startMs: Number(process.hrtime.bigint() - started) / 1e6,
        child,
        stderr: () => stderr,
        kill,
      });
    });
  });
}

/** A ResourceProvider client on the plugin's port. */
export function providerClient(port: number): any {
  const Client = grpc.makeClientConstructor(
    providerRpc.ResourceProviderService,
    "ResourceProvider",
  );
  return new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
}

export function unary<Req, Res>(client: any, method: string, req: Req): Promise<Res> {
  return new Promise((resolve, reject) =>
    client[method](req, (err: Error | null, res: Res) => (err ? reject(err) : resolve(res))),
  );
}

/** The plugin's GetSchema, parsed. */
export async function fetchSchema<T>(plugin: { port: number }): Promise<T> {
  const client = providerClient(plugin.port);
  try {
    const res = await unary<unknown, { getSchema(): string }>(
      client,
      "getSchema",
      new providerPb.GetSchemaRequest(),
    );
    return JSON.parse(res.getSchema()) as T;
  } finally {
    client.close();
  }
}

export const enginePb = require(path.join(sdk, "proto", "engine_pb.js"));
const engineRpc = require(path.join(sdk, "proto", "engine_grpc_pb.js"));
const emptyPb = require(
  require.resolve("google-protobuf/google/protobuf/empty_pb", { paths: [sdk] }),
);

/** What the plugin sent to the engine's Log: severity (0 debug … 3 error), message, URN. */
export interface EngineLog {
  readonly severity: number;
  readonly message: string;
  readonly urn: string;
}

/** A plugin launched against an in-test Engine server (Log, Get/SetRootResource), as the engine launches it. */
export interface SharedPlugin extends LaunchedPlugin {
  readonly logs: EngineLog[];
}

/** The deployment the provider tests construct into: the program's stack, as the engine knows it. */
export const PROJECT = "oke-pools";
export const STACK = "test";
export const STACK_URN = `urn:pulumi:${STACK}::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-${STACK}`;

async function launchWithEngine(): Promise<SharedPlugin> {
  const logs: EngineLog[] = [];
  // The program's language host sets the root resource; components constructed in the plugin read it.
  let root = STACK_URN;
  const server = new grpc.Server();
  server.addService(engineRpc.EngineService, {
    log: (call: any, cb: any) => {
      const r = call.request;
      logs.push({ severity: r.getSeverity(), message: r.getMessage(), urn: r.getUrn() });
      cb(null, new emptyPb.Empty());
    },
    getRootResource: (_call: any, cb: any) =>
      cb(null, new enginePb.GetRootResourceResponse().setUrn(root)),
    setRootResource: (call: any, cb: any) => {
      root = call.request.getUrn();
      cb(null, new enginePb.SetRootResourceResponse());
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) =>
      e ? reject(e) : resolve(p),
    ),
  );
  ensureProviderBuilt();
  const plugin = await launchPlugin(PROVIDER_DIR, `127.0.0.1:${port}`);
  return {
    ...plugin,
    logs,
    kill: async () => {
      await plugin.kill();
      server.forceShutdown();
    },
  };
}

let shared: Promise<SharedPlugin> | undefined;

/**
 * The provider plugin all provider tests share, launched once (its first GetSchema runs Pulumi's
 * analyzer over the components and @pulumi/oci's declarations, ~10 s) and stopped by the
 * root-level hook below.
 */
export function sharedPlugin(): Promise<SharedPlugin> {
  return (shared ??= launchWithEngine());
}

after(async () => {
  if (shared) await (await shared.catch(() => undefined))?.kill();
});
