import { ChildProcess, spawn } from "child_process";
import * as path from "path";

/** A running policy pack process. */
export interface LaunchedPack {
  readonly packDir: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** Milliseconds from spawn to the port line. */
  readonly startMs: number;
  /** Everything the pack wrote to stderr so far. */
  stderr(): string;
  /** Set once the process has exited. */
  exited(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** Kills the process (SIGKILL after a grace period) and waits for it to exit. */
  kill(): Promise<void>;
}

export interface LaunchOptions {
  /** Extra environment for the pack, over this process's. */
  readonly env?: Readonly<Record<string, string>>;
  /** @default 120000 (a busy machine can take tens of seconds to load @pulumi/policy) */
  readonly startTimeoutMs?: number;
  /** The engine address argument; Node packs ignore it. @default "127.0.0.1:0" */
  readonly engineAddress?: string;
}

const MAX_STDERR = 64 * 1024;

/** The last lines of a pack's stderr, for error messages. */
export function stderrTail(text: string, lines = 30): string {
  const all = text.trimEnd().split("\n");
  return all.slice(-lines).join("\n");
}

/**
 * Launches a policy pack as the engine does: `node <@pulumi/pulumi/cmd/run-policy-pack>
 * <engine address> <pack dir>` with the pack directory as working directory, the run-policy-pack
 * module resolved from the pack directory (falling back up the tree like Node does). Resolves
 * with the port from the first stdout line; rejects (after killing the process) if the process
 * exits first or the port does not arrive in time.
 */
export function launchPolicyPack(
  packDir: string,
  options: LaunchOptions = {},
): Promise<LaunchedPack> {
  const dir = path.resolve(packDir);
  let runner: string;
  try {
    runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [dir] });
  } catch {
    return Promise.reject(
      new Error(
        `cannot start the policy pack in ${dir}: @pulumi/pulumi/cmd/run-policy-pack is not installed there; run npm install`,
      ),
    );
  }
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [runner, options.engineAddress ?? "127.0.0.1:0", dir], {
    cwd: dir,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exitedPromise = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    stderr += chunk;
    if (stderr.length > MAX_STDERR) stderr = stderr.slice(-MAX_STDERR);
  });
  // A pack must not outlive this process, whatever way it ends.
  const killOnExit = () => {
    if (!exit) child.kill("SIGKILL");
  };
  process.once("exit", killOnExit);
  child.on("exit", (code, signal) => {
    exit = { code, signal };
    process.removeListener("exit", killOnExit);
  });

  const kill = async (): Promise<void> => {
    if (exit || child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 2000);
    await exitedPromise;
    clearTimeout(timer);
  };

  return new Promise<LaunchedPack>((resolve, reject) => {
    let stdout = "";
    let settled = false;
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void kill().finally(() =>
        reject(
          new Error(
            `${message}${stderr.trim() ? `\n--- policy pack stderr ---\n${stderrTail(stderr)}` : ""}`,
          ),
        ),
      );
    };
    const timeoutMs = options.startTimeoutMs ?? 120_000;
    const timer = setTimeout(
      () => fail(`the policy pack in ${dir} did not print its port within ${timeoutMs} ms`),
      timeoutMs,
    );
    child.once("error", (e) => fail(`cannot start the policy pack in ${dir}: ${e.message}`));
    child.once("exit", (code, signal) =>
      fail(
        `the policy pack in ${dir} exited (${signal ?? `code ${code}`}) before printing its port`,
      ),
    );
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (chunk: string) => {
      if (settled) return;
      stdout += chunk;
      const nl = stdout.indexOf("\n");
      if (nl < 0) return;
      const line = stdout.slice(0, nl).trim();
      const port = Number(line);
      if (!/^\d+$/.test(line) || port <= 0 || port > 65535) {
        fail(
          `the policy pack in ${dir} printed ${JSON.stringify(line.slice(0, 200))} instead of its port`,
        );
        return;
      }
      settled = true;
      clearTimeout(timer);
      const startMs = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({
        packDir: dir,
        port,
        child,
        startMs,
        stderr: () => stderr,
        exited: () => exit,
        kill,
      });
    });
  });
}
