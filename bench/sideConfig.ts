/**
 * Loaded by bench/program.ts before the real program: copies the keys of the side file named
 * by `bench:configFile` (bench/generate.ts writeStack) into the Pulumi config, so index.ts
 * reads them as if they were in the stack file. Objects are stored as JSON strings, as Pulumi
 * stores structured config.
 */
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";

const file = new pulumi.Config("bench").get("configFile");
if (file) {
  const side = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  const all = pulumi.runtime.allConfig();
  for (const [k, v] of Object.entries(side)) all[k] = typeof v === "string" ? v : JSON.stringify(v);
  pulumi.runtime.setAllConfig(all);
}
