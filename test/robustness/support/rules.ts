/**
 * Finds the pack's rule functions by reading the policy modules, so that a rule added later (the
 * AKS ones) is fuzzed without touching this suite: every module under policies/ (not bin/,
 * node_modules/, nor the entry point that starts the analyzer server) is loaded, and every
 * exported function whose name ends in `Rule` is a rule. Its arguments are worked out from its
 * parameter names (as written in the source): `resources`/`resource`, `config` (built by the
 * module's `<prefix>Config(raw)` reader from a fuzzed raw config), `catalog`, `configured`,
 * `now`, `files`;
 * parameters with a default are left to it.
 *
 * Which policy a rule belongs to — and so whether its findings are mandatory — comes from the
 * pack's table (policies/pack.ts: the rows whose rules call it), the module's exported string
 * constants that name a pack policy, or a `policyName = "<name>"` parameter default; a rule
 * without a reader of its own gets the config reader of the table row that calls it. A rule whose policy cannot be found is held to the mandatory standard.
 */
import * as fs from "fs";
import * as path from "path";
import { ImageCatalog } from "../../../core/catalog";
import type { CatalogFiles, ConfiguredCatalog } from "../../../policies/lib/catalogConfig";
import type { Finding, RawConfig } from "../../../policies/lib/finding";
import type { PlainResource } from "../../../core/resources";
import { POLICY_TABLE } from "../../../policies/pack";
import { SAMPLE_CATALOG } from "../../fixtures/policies/stack";

export const ROOT = path.join(__dirname, "..", "..", "..");
export const POLICIES_DIR = path.join(ROOT, "policies");

export type Role =
  | "resources"
  | "resource"
  | "config"
  | "catalog"
  | "configured"
  | "now"
  | "files"
  | "default"
  | "unsupported";

export interface Param {
  readonly name: string;
  readonly role: Role;
  readonly defaultText?: string;
}

export interface DiscoveredRule {
  /** `policies/versionSkew.ts#versionSkewRule` */
  readonly id: string;
  readonly name: string;
  readonly module: string;
  readonly params: readonly Param[];
  /** Called once per resource (inputs) instead of once per stack (outputs). */
  readonly perResource: boolean;
  /** Pack policies the rule belongs to (by the module's constants); empty when not found. */
  readonly policies: readonly string[];
  /** Whether a finding it reports (not advisoryOnly) fails a preview at the default levels. */
  readonly mandatory: boolean;
  /** Calls the rule; `raw` is the fuzzed policy config, `variant` picks among argument choices. */
  call(input: {
    stack: PlainResource[];
    resource?: PlainResource;
    raw: RawConfig;
    variant: number;
  }): Finding[];
}

const RESOURCE_LIST = /^(resources|stack|list|all)$/;
const SINGLE = /^(resource|r|res)$/;

function roleOf(name: string, hasDefault: boolean): Role {
  if (RESOURCE_LIST.test(name)) return "resources";
  if (SINGLE.test(name)) return "resource";
  if (/^(config|cfg|settings|policyConfig)$/.test(name)) return "config";
  if (name === "catalog") return "catalog";
  if (name === "configured") return "configured";
  if (/^(now|today|at|clock|date)$/.test(name)) return "now";
  if (name === "files") return "files";
  return hasDefault ? "default" : "unsupported";
}

/** Parameter names and defaults of a function, from its (transpiled) source. */
export function parameters(fn: (...args: never[]) => unknown): Param[] {
  const src = Function.prototype.toString.call(fn);
  const open = src.indexOf("(");
  let depth = 0;
  let close = -1;
  let quote: string | undefined;
  for (let i = open; i < src.length; i++) {
    const ch = src[i];
    if (quote) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === "`") quote = ch;
    else if ("([{".includes(ch)) depth++;
    else if (")]}".includes(ch) && --depth === 0) {
      close = i;
      break;
    }
  }
  const list = src.slice(open + 1, close);
  const parts: string[] = [];
  let cur = "";
  depth = 0;
  quote = undefined;
  for (let i = 0; i < list.length; i++) {
    const ch = list[i];
    if (quote) {
      cur += ch;
      if (ch === "\\") cur += list[++i];
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === "`") quote = ch;
    if ("([{".includes(ch)) depth++;
    if (")]}".includes(ch)) depth--;
    if (ch === "," && depth === 0) {
      parts.push(cur);
      cur = "";
    } else cur += ch;
  }
  if (cur.trim() !== "") parts.push(cur);
  return parts.map((p) => {
    const [head, ...rest] = p.split("=");
    const name = head.trim().replace(/^\.\.\./, "");
    const defaultText = rest.length > 0 ? rest.join("=").trim() : undefined;
    return {
      name,
      role: roleOf(name, defaultText !== undefined),
      ...(defaultText !== undefined ? { defaultText } : {}),
    };
  });
}

/** Policy modules: every .ts file under policies/ except bin/, node_modules/, lib/ and the pack entry point. */
export function policyModules(dir = POLICIES_DIR): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!["bin", "node_modules", "lib"].includes(entry.name)) out.push(...policyModules(full));
    } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
      // The entry point constructs the PolicyPack, which starts a gRPC server: never load it here.
      if (/new\s+PolicyPack\s*\(/.test(fs.readFileSync(full, "utf8"))) continue;
      out.push(full);
    }
  }
  return out.sort();
}

type Exports = Record<string, unknown>;

function load(file: string): Exports {
  return require(file) as Exports;
}

export const CATALOG = ImageCatalog.parse(SAMPLE_CATALOG);
export const NOW = new Date("2026-11-21T00:00:00Z");
const EARLY = new Date("2019-03-01T00:00:00Z");
const LATE = new Date("2031-01-01T00:00:00Z");
const FAKE_FILES: CatalogFiles = {
  baseDir: "/nonexistent",
  readFile: () => JSON.stringify(SAMPLE_CATALOG),
};

/** The rows of the pack's table whose rules call the rule named `ruleName`. */
function tableRows(ruleName: string) {
  const calls = new RegExp(`\\b${ruleName}\\b`);
  return POLICY_TABLE.filter((row) =>
    [row.oke, row.aks].some(
      (phases) =>
        phases !== undefined &&
        [phases.resource, phases.stack].some(
          (rule) => rule !== undefined && calls.test(String(rule)),
        ),
    ),
  );
}

/** The rule functions of the pack's modules, with how to call each. */
export function discoverRules(
  packPolicies: readonly { name: string; enforcementLevel?: string }[],
): DiscoveredRule[] {
  const modules = policyModules().map((file) => ({ file, mod: load(file) }));
  const levels = new Map(packPolicies.map((p) => [p.name, p.enforcementLevel ?? "advisory"]));
  const rules: DiscoveredRule[] = [];
  for (const { file, mod } of modules) {
    const rel = path.relative(ROOT, file);
    const named = Object.values(mod).filter(
      (v): v is string => typeof v === "string" && levels.has(v),
    );
    // A rule of a helper module belongs to the policies whose modules call it (e.g. the AKS rules).
    const callerModules = (ruleName: string) =>
      modules.filter(
        (m) =>
          m.file !== file &&
          Object.values(m.mod).some((v) => typeof v === "string" && levels.has(v)) &&
          new RegExp(`\\b${ruleName}\\b`).test(fs.readFileSync(m.file, "utf8")),
      );
    const callers = (ruleName: string) =>
      callerModules(ruleName).flatMap((m) =>
        Object.values(m.mod).filter((v): v is string => typeof v === "string" && levels.has(v)),
      );
    for (const [name, fn] of Object.entries(mod)) {
      if (typeof fn !== "function" || !/Rule$/.test(name) || /^[A-Z]/.test(name)) continue;
      const params = parameters(fn as (...args: never[]) => unknown);
      const prefix = name.replace(/(Stack|Resource)?Rule$/, "");
      // The module's own `<prefix>Config(raw)` reader, else the reader of a policy module that calls the rule.
      const readers = [
        mod[`${prefix}Config`],
        ...callerModules(name).flatMap((m) =>
          Object.entries(m.mod)
            .filter(
              ([k, v]) =>
                /Config$/.test(k) && typeof v === "function" && parameters(v as never).length === 1,
            )
            .map(([, v]) => v),
        ),
      ];
      const rows = tableRows(name);
      readers.push(...rows.map((row) => row.config));
      const reader = readers.find((r) => typeof r === "function") as
        ((r: RawConfig) => { config: unknown }) | undefined;
      const build: ((raw: RawConfig) => unknown) | undefined = reader
        ? (raw) => reader(raw).config
        : undefined;
      const policyDefault = params
        .find((p) => p.name === "policyName" && p.defaultText !== undefined)
        ?.defaultText?.replace(/^["'`]|["'`]$/g, "");
      const policies = [
        ...new Set([
          ...named,
          ...rows.map((row) => row.name),
          ...callers(name),
          ...(policyDefault && levels.has(policyDefault) ? [policyDefault] : []),
        ]),
      ];
      const mandatory =
        policies.length === 0 || policies.some((p) => levels.get(p) === "mandatory");
      const perResource =
        params.some((p) => p.role === "resource") && !params.some((p) => p.role === "resources");
      rules.push({
        id: `${rel}#${name}`,
        name,
        module: rel,
        params,
        perResource,
        policies,
        mandatory,
        call({ stack, resource, raw, variant }) {
          const args = params.map((p, i) => {
            const pick = (variant >> (i * 2)) & 3;
            switch (p.role) {
              case "resources":
                return stack;
              case "resource":
                return resource;
              case "config":
                return build ? build(raw) : p.defaultText !== undefined ? undefined : {};
              case "catalog":
                return pick === 0 ? undefined : CATALOG;
              case "configured":
                return pick === 0
                  ? { problems: [] }
                  : ({ catalog: CATALOG, problems: [] } satisfies ConfiguredCatalog);
              case "now":
                return pick === 0 ? EARLY : pick === 1 ? LATE : NOW;
              case "files":
                return FAKE_FILES;
              default:
                return undefined;
            }
          });
          return (fn as (...a: unknown[]) => Finding[])(...args);
        },
      });
    }
  }
  return rules;
}
