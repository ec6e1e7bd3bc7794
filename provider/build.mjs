// Builds bin/, what the engine runs: index.ts and the component and core modules it imports,
// compiled to JavaScript (run-plugin requires bin/provider/index.js, so ts-node has nothing to
// type-check at start) next to copies of their TypeScript sources (Pulumi's analyzer infers the
// schema from sources: the `as const` enums need initializers a .d.ts does not keep).
//
// Runs as provider/'s `prepare` script, so `npm install` in provider/ of a clone (what `pulumi
// package add <repo>/provider` does) is enough. A packed plugin has bin/ and no ../components:
// there it leaves bin/ as shipped.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(HERE);
const OUT = path.join(HERE, "bin");
const MAIN = path.join(OUT, "provider", "index.js");

function fail(message) {
  process.stderr.write(`provider/build.mjs: ${message}\n`);
  process.exit(1);
}

const ENTRY = path.join(HERE, "index.ts");
const buildable = [ENTRY, path.join(ROOT, "components"), path.join(ROOT, "core")].every((p) =>
  fs.existsSync(p),
);
if (!buildable) {
  if (fs.existsSync(MAIN)) process.exit(0);
  fail(
    `${path.relative(process.cwd(), MAIN) || MAIN}: missing — neither built nor buildable here (no ../components and ../core); use the plugin directory of a clone, or a packed plugin that ships bin/`,
  );
}

const { default: ts } = await import("typescript");
const configFile = path.join(HERE, "tsconfig.json");
const read = ts.readConfigFile(configFile, ts.sys.readFile);
if (read.error) fail(ts.flattenDiagnosticMessageText(read.error.messageText, "\n"));
const { options } = ts.parseJsonConfigFileContent(read.config, ts.sys, HERE);
Object.assign(options, {
  noEmit: false,
  rootDir: ROOT,
  outDir: OUT,
  sourceMap: false,
  declaration: false,
  // In a clone only provider/ is installed: the components' imports of @pulumi/* and zod resolve
  // to provider/node_modules first (in the repository, with no provider/node_modules, to the root's).
  paths: { "*": [path.join(HERE, "node_modules", "*")] },
});

fs.rmSync(OUT, { recursive: true, force: true });
const program = ts.createProgram({ rootNames: [ENTRY], options });
const emitted = [];
const result = program.emit(undefined, (file, text) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  emitted.push(file);
});
const ours = (d) => !d.file || !d.file.fileName.includes("/node_modules/");
const errors = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics].filter(
  (d) => d.category === ts.DiagnosticCategory.Error && ours(d),
);
if (errors.length > 0) {
  fs.rmSync(OUT, { recursive: true, force: true });
  fail(
    ts.formatDiagnostics(errors, {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => ROOT,
      getNewLine: () => "\n",
    }),
  );
}
for (const js of emitted) {
  const source = path.join(ROOT, path.relative(OUT, js)).replace(/\.js$/, ".ts");
  fs.copyFileSync(source, js.replace(/\.js$/, ".ts"));
}
if (!fs.existsSync(MAIN)) fail(`${MAIN}: not emitted`);
