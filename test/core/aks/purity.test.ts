import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";

const CORE_AKS = path.join(__dirname, "..", "..", "..", "core", "aks");

describe("aks core purity", () => {
  const files = fs.readdirSync(CORE_AKS).filter((f) => f.endsWith(".ts"));

  it("has the expected modules", () => {
    for (const f of [
      "types.ts",
      "nodeImage.ts",
      "osRetirement.ts",
      "upgradeSettings.ts",
      "pools.ts",
      "channels.ts",
    ])
      assert.ok(files.includes(f), f);
  });

  it("imports nothing but relative modules (no Pulumi, no Azure, no Node built-ins)", () => {
    for (const f of files) {
      const text = fs.readFileSync(path.join(CORE_AKS, f), "utf8");
      const specifiers = [
        ...text.matchAll(
          /(?:import|export)[^;]*?from\s+"([^"]+)"|require\(\s*"([^"]+)"\s*\)|import\(\s*"([^"]+)"\s*\)/g,
        ),
      ].map((m) => m[1] ?? m[2] ?? m[3]);
      for (const s of specifiers)
        assert.ok(s.startsWith("./") || s.startsWith("../"), `${f} imports ${s}`);
      for (const s of specifiers.filter((x) => x.startsWith("../"))) {
        assert.ok(
          [
            "../kubeVersion",
            "../skew",
            "../cycling",
            "../unknown",
            "../read",
            "../resources",
            "../tags",
          ].includes(s),
          `${f} imports ${s} outside the shared pure core`,
        );
      }
    }
  });
});
