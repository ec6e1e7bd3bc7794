/**
 * Fuzzed policy input through the real analyzer protocol (issue 6, item 2): the compiled pack in
 * its own process, driven by offline/analyzer like the engine drives it (Configure, Analyze per
 * resource, AnalyzeStack). Damaged stacks of JSON data (what an engine can send) with fuzzed
 * policy configs that pass the engine's schema validation:
 *
 * - every call answers, within its deadline; the pack process stays up to the end;
 * - no diagnostic says that a policy crashed or threw (the wiring's "internal error in …", or
 *   @pulumi/policy's "can't run … during preview" after reading an unknown);
 * - making values unknown never adds a mandatory violation (per policy, per resource or pair).
 *
 * Fixed seed (FUZZ_SEED overrides it, FUZZ_SCALE multiplies the cases); a failure prints both.
 */
import * as assert from "assert";
import * as path from "path";
import fc from "fast-check";
import type { Policy } from "@pulumi/policy";
import {
  AnalyzerInfo,
  AnalyzerResource,
  Diagnostic,
  PolicyConfigError,
  PolicyPackSession,
  UserPolicyConfig,
  reconcilePolicyConfig,
  startPolicyPack,
} from "../../offline/analyzer";
import { packPolicies } from "../../policies/pack";
import { PACK_DIR, ROOT, ensurePackBuilt } from "../policies/support/pack";
import {
  SEED,
  checkAsync,
  damagedStack,
  runs,
  unknownPicks,
  valueDamagedStack,
  withUnknowns,
} from "./support/bags";
import { rawConfig } from "./support/config";
import { excused } from "./support/knownIssues";
import { CRASH } from "./support/packInProcess";
import { unitOf } from "./support/units";

const CRASH_CASES = runs(160);
const UNKNOWN_PAIRS = runs(60);
const CALL_TIMEOUT_MS = 20_000;

const policies = packPolicies() as Policy[];
const raw = rawConfig(policies);

describe(`robustness: fuzzed stacks through the analyzer protocol against the compiled pack (seed ${SEED})`, function () {
  this.timeout(300_000);
  let session: PolicyPackSession;
  let info: AnalyzerInfo;
  let previews = 0;
  let calls = 0;
  let resources = 0;
  let rejectedValues = 0;

  before(async () => {
    ensurePackBuilt();
    session = await startPolicyPack(PACK_DIR, {
      env: { OKEPOOLS_NOW: "2026-11-21T00:00:00Z" },
      callTimeoutMs: CALL_TIMEOUT_MS,
    });
    info = await session.info();
  });
  after(async () => {
    process.stdout.write(
      `      fuzzProtocol: ${previews} previews (${resources} resources, ${calls} calls), ${rejectedValues} fuzzed config values the engine would refuse (dropped), seed ${SEED}\n`,
    );
    await session?.close();
  });

  /**
   * A `--policy-pack-config` from a fuzzed raw config: each policy gets the keys its schema
   * declares, except values the engine's schema validation would refuse (those are dropped one
   * by one: the engine would not start the preview at all).
   */
  function userConfig(config: Record<string, unknown>): UserPolicyConfig {
    const user: Record<string, Record<string, unknown>> = {};
    for (const p of info.policies) {
      const keys = Object.keys(p.configSchema?.properties ?? {});
      for (const [k, v] of Object.entries(config)) {
        if (!keys.includes(k)) continue;
        // catalogFile paths are resolved against the pack directory.
        const value =
          k === "catalogFile" && typeof v === "string" && path.isAbsolute(v) && v.startsWith(ROOT)
            ? path.relative(PACK_DIR, v)
            : v;
        const tentative = { ...user, [p.name]: { ...user[p.name], [k]: value } };
        try {
          reconcilePolicyConfig(info, tentative);
          user[p.name] = tentative[p.name];
        } catch (e) {
          if (!(e instanceof PolicyConfigError)) throw e;
          rejectedValues++;
        }
      }
    }
    return user;
  }

  /** The first failed call: it ends the session (as a failed preview ends the pack), so later cases repeat it. */
  let firstFailure: Error | undefined;

  /** One preview as the engine runs it: Configure, Analyze each resource, AnalyzeStack. */
  async function preview(
    stack: readonly AnalyzerResource[],
    config: UserPolicyConfig,
  ): Promise<Diagnostic[]> {
    if (firstFailure) throw firstFailure;
    const out: Diagnostic[] = [];
    try {
      await session.configure(config);
      for (const r of stack) {
        out.push(...(await session.analyze(r)));
        calls++;
      }
      out.push(...(await session.analyzeStack(stack)));
      calls += 2;
    } catch (e) {
      firstFailure = new Error(
        `a call failed, and the pack is gone (stack of ${stack.length} resources): ${e instanceof Error ? e.message : String(e)}`,
      );
      throw firstFailure;
    }
    previews++;
    resources += stack.length;
    const crashes = out.filter((d) => CRASH.test(d.message));
    assert.deepStrictEqual(
      crashes.map((d) => `${d.policyName} (${d.phase}) ${d.urn}: ${d.message}`),
      [],
    );
    return out;
  }

  it(`every call answers and no policy crashes (${CRASH_CASES} damaged stacks)`, async () => {
    await checkAsync(
      fc.asyncProperty(damagedStack({ jsonSafe: true }), raw, async (stack, config) => {
        await preview(stack, userConfig(config));
      }),
      CRASH_CASES,
      11,
    );
  });

  it(`unknown values never add a mandatory violation (${UNKNOWN_PAIRS} stacks, each previewed as is and with values replaced by the sentinel)`, async () => {
    await checkAsync(
      fc.asyncProperty(
        valueDamagedStack({ jsonSafe: true }),
        unknownPicks,
        raw,
        async (stack, picks, config) => {
          const user = userConfig(config);
          const unknown = withUnknowns(stack, picks);
          const before = await preview(stack, user);
          const after = await preview(unknown, user);
          for (const p of info.policies) {
            const failing = (ds: Diagnostic[], excuse: (m: string) => boolean) =>
              new Set(
                ds
                  .filter(
                    (d) =>
                      d.policyName === p.name &&
                      d.enforcementLevel === "mandatory" &&
                      !excuse(d.message),
                  )
                  .map((d) => unitOf({ urn: d.urn, message: d.message })),
              );
            const had = failing(before, () => false);
            for (const unit of failing(
              after,
              (m) => excused(p.name, stack, unknown, m) !== undefined,
            )) {
              assert.ok(
                had.has(unit),
                `${p.name}: ${unit || "the stack"} gets a mandatory violation once values are unknown, and had none before:\n${after
                  .filter((d) => d.policyName === p.name)
                  .map((d) => `  - ${d.urn}: ${d.message.slice(0, 400)}`)
                  .join("\n")}`,
              );
            }
          }
        },
      ),
      UNKNOWN_PAIRS,
      12,
    );
  });

  it("ran at least 200 previews, and the pack is still up and answering", async () => {
    assert.ok(
      previews >= Math.min(200, CRASH_CASES + 2 * UNKNOWN_PAIRS),
      `only ${previews} previews`,
    );
    assert.deepStrictEqual(await session.analyzeStack([]), []);
    assert.doesNotMatch(
      session.stderr(),
      /TypeError|RangeError|ReferenceError|Unhandled|uncaught/i,
    );
    assert.ok(policies.length > 0);
  });
});
