/**
 * Runs index.ts under Pulumi's mocks, with a small catalog standing in for getNodePoolOption,
 * and prints what the program registered and invoked as JSON (one line). `npm test`.
 */
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";

const catalog = JSON.parse(fs.readFileSync(path.join(__dirname, "mock-catalog.json"), "utf8")) as {
  sources: { imageId: string; sourceName: string; sourceType: string }[];
  kubernetesVersions: string[];
};
const registered: { type: string; name: string; inputs: Record<string, unknown> }[] = [];
const invokes: { token: string; inputs: Record<string, unknown> }[] = [];
const warnings: string[] = [];

void pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      registered.push({ type: args.type, name: args.name, inputs: args.inputs });
      return { id: `${args.name}-id`, state: { ...args.inputs, nodes: [] } };
    },
    call: (args) => {
      invokes.push({ token: args.token, inputs: args.inputs });
      if (args.token !== "oci:ContainerEngine/getNodePoolOption:getNodePoolOption")
        throw new Error(`unexpected invoke ${args.token}`);
      const arch = args.inputs.nodePoolOsArch;
      const sources = catalog.sources.filter(
        (s) => arch === undefined || s.sourceName.includes("aarch64") === (arch === "AARCH64"),
      );
      return { sources, kubernetesVersions: catalog.kubernetesVersions };
    },
  },
  "okepools-example-typescript",
  "dev",
  false,
);
const log = pulumi.log as { warn: typeof pulumi.log.warn };
log.warn = async (message: string) => {
  warnings.push(message);
};

const valueOf = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));

async function main(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const program = require("./index") as Record<string, pulumi.Input<unknown>>;
  const outputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(program))
    outputs[key] = await valueOf(pulumi.output(value));
  await new Promise((r) => setTimeout(r, 50));
  process.stdout.write(JSON.stringify({ registered, invokes, warnings, outputs }) + "\n");
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
