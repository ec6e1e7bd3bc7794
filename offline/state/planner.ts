/**
 * The engine's plan against stored state: as each resource registers (offline/recorder.ts
 * `onRegister`), its old state is found by URN or alias, its stored inputs are diffed against
 * the new ones (offline/state/diff.ts, the force-new table of core/forceNew.ts), and the
 * registration is answered as the engine answers it during a preview — stored outputs for
 * `same`, stored outputs with the new inputs over them for `update`, unknown id and computed
 * outputs for `create` and `replace` (so a force-new input fed by a replaced resource becomes
 * unknown and cascades). Unclaimed stored resources are deleted; protect and retainOnDelete as
 * the engine applies them (../shared/pulumi/FACTS.md §4, §5).
 */
import type { RecordedResource, Recording, Registration, RegistrationAnswer } from "../recorder";
import { updateOutputs } from "../recorder";
import { AliasSpec, generateAliases } from "./aliases";
import { ResourceDiff, diffInputs } from "./diff";
import { StoredResource, StoredState } from "./exportFile";

export type LogicalOp = "same" | "create" | "update" | "replace" | "delete";

export interface PlannedStep {
  readonly op: LogicalOp;
  /** The new URN (the stored one for a delete). */
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly old?: StoredResource;
  /** What the program registered (absent for a delete). */
  readonly resource?: RecordedResource;
  readonly diff?: ResourceDiff;
  /** The stored URN matched through an alias. */
  readonly aliasedFrom?: string;
  /** The engine refuses this step: a protected resource would be deleted or replaced. */
  readonly refused?: "delete" | "replace";
  /** A delete (or the delete half of a replace) that leaves the cloud resource in place. */
  readonly retained?: boolean;
  readonly deleteBeforeReplace?: boolean;
  /** The program's retainOnDelete (new state). */
  readonly retainOnDelete?: boolean;
  /** Protect in the new state (the program's), or the stored one for a delete. */
  readonly protect: boolean;
}

export interface PlanDiagnostic {
  readonly urn?: string;
  readonly severity: "error" | "warning" | "info";
  /** The text without the `error: ` prefix. */
  readonly message: string;
}

export interface Plan {
  /** Registration order, then deletes in reverse stored order. */
  readonly steps: readonly PlannedStep[];
  readonly diagnostics: readonly PlanDiagnostic[];
  /** Whether the engine would fail this preview (a protected delete or replace). */
  readonly failed: boolean;
  /** Secrets in the state that could not be compared (exported without --show-secrets). */
  readonly encryptedSecrets: number;
}

interface Decision {
  readonly registration: Registration;
  readonly old?: StoredResource;
  readonly aliasedFrom?: string;
  readonly diff?: ResourceDiff;
  readonly op: LogicalOp;
}

/** One planning pass. `mode: "apply"` answers with the outputs `pulumi up` would leave (known). */
export class StatePlanner {
  private readonly decisions = new Map<string, Decision>();
  private readonly claimed = new Map<string, string>(); // old URN → new URN
  private readonly parentAliases = new Map<string, string>(); // new URN → old URN
  private readonly usedIds = new Set<string>();

  constructor(
    readonly state: StoredState,
    readonly stack: string,
    readonly project: string,
    private readonly mode: "preview" | "apply" = "preview",
    /** In apply mode: the preview's plan, whose operations the update carries out. */
    private readonly previewPlan?: Plan,
  ) {
    for (const r of state.resources.values()) if (r.id) this.usedIds.add(r.id);
  }

  /** The recorder hook. */
  readonly onRegister = (r: Registration): RegistrationAnswer | undefined => {
    const { old, aliasedFrom } = this.findOld(r);
    let op: LogicalOp = "create";
    let diff: ResourceDiff | undefined;
    if (old) {
      diff = diffInputs(r.custom ? r.type : "", old.inputs, r.inputs, {
        ignoreChanges: r.ignoreChanges,
        replaceOnChanges: r.replaceOnChanges,
      });
      op =
        old.exported.pendingReplacement === true || (r.custom && diff.replace)
          ? "replace"
          : diff.changes.length > 0
            ? "update"
            : "same";
      this.claimed.set(old.urn, r.urn);
      if (aliasedFrom) this.parentAliases.set(r.urn, aliasedFrom);
    }
    const planned = this.previewPlan?.steps.find((s) => s.urn === r.urn && s.op !== "delete");
    if (planned) op = planned.op;
    this.decisions.set(r.urn, {
      registration: r,
      ...(old ? { old } : {}),
      ...(aliasedFrom ? { aliasedFrom } : {}),
      ...(diff ? { diff } : {}),
      op,
    });
    if (!r.custom) return undefined;
    if (this.mode === "preview") {
      if (op === "same") return { ...optionalId(old!.id), outputs: old!.outputs };
      if (op === "update")
        return { ...optionalId(old!.id), outputs: { ...old!.outputs, ...r.inputs } };
      return undefined; // create/replace: the mock's unknown id and computed outputs
    }
    const computed = updateOutputs(r.type, r.name, r.inputs as Record<string, unknown>);
    if (op === "same") return { ...optionalId(old!.id), outputs: old!.outputs };
    if (op === "update")
      return { ...optionalId(old!.id), outputs: { ...old!.outputs, ...r.inputs, ...computed } };
    return { id: this.freshId(r.name), outputs: { ...r.inputs, ...computed } };
  };

  private freshId(name: string): string {
    let id = `${name}-id`;
    for (let i = 2; this.usedIds.has(id); i++) id = `${name}-id-${i}`;
    this.usedIds.add(id);
    return id;
  }

  private findOld(r: Registration): { old?: StoredResource; aliasedFrom?: string } {
    const direct = this.state.resources.get(r.urn);
    if (direct && !this.claimed.has(direct.urn)) return { old: direct };
    const aliases = generateAliases(
      { name: r.name, type: r.type, parent: r.parent, stack: this.stack, project: this.project },
      r.aliases as AliasSpec[],
      this.parentAliases,
    );
    for (const a of aliases) {
      const old = this.state.resources.get(a);
      if (old && !this.claimed.has(a)) return { old, aliasedFrom: a };
    }
    return {};
  }

  /** The plan, once the program has registered everything. */
  finish(recording: Recording): Plan {
    const steps: PlannedStep[] = [];
    const diagnostics: PlanDiagnostic[] = [];
    for (const res of recording.resources) {
      const d = this.decisions.get(res.urn);
      if (!d) {
        // A default provider (the recorder adds them): diffed on its inputs.
        const old = this.state.resources.get(res.urn);
        if (old) this.claimed.set(old.urn, res.urn);
        const diff = old ? diffInputs("", old.inputs, res.inputs) : undefined;
        steps.push({
          op: !old ? "create" : diff!.changes.length > 0 ? "update" : "same",
          urn: res.urn,
          type: res.type,
          name: res.name,
          custom: true,
          ...(old ? { old } : {}),
          resource: res,
          ...(diff ? { diff } : {}),
          protect: false,
        });
        continue;
      }
      const r = d.registration;
      const refused = d.op === "replace" && d.old?.protect === true && r.protect;
      if (refused)
        diagnostics.push({
          urn: res.urn,
          severity: "error",
          message: `unable to replace resource "${res.urn}"\nas it is currently marked for protection. To unprotect the resource, remove the \`protect\` flag from the resource in your Pulumi program and run \`pulumi up\``,
        });
      steps.push({
        op: d.op,
        urn: res.urn,
        type: res.type,
        name: res.name,
        custom: res.custom,
        ...(d.old ? { old: d.old } : {}),
        resource: res,
        ...(d.diff ? { diff: d.diff } : {}),
        ...(d.aliasedFrom ? { aliasedFrom: d.aliasedFrom } : {}),
        ...(refused ? { refused: "replace" as const } : {}),
        ...(d.op === "replace" && d.old?.retainOnDelete ? { retained: true } : {}),
        ...(d.op === "replace" && r.deleteBeforeReplace ? { deleteBeforeReplace: true } : {}),
        ...(r.retainOnDelete ? { retainOnDelete: true } : {}),
        protect: r.protect,
      });
    }
    const deletes = [...this.state.resources.values()]
      .filter((r) => !this.claimed.has(r.urn))
      .sort((a, b) => b.index - a.index);
    for (const old of deletes) {
      const { type, name } = urnParts(old.urn);
      if (old.protect)
        diagnostics.push({
          urn: old.urn,
          severity: "error",
          message: `Preview failed: resource "${old.urn}" cannot be deleted\nbecause it is protected. To unprotect the resource, either remove the \`protect\` flag from the resource in your Pulumi program and run \`pulumi up\`, or use the command:\n\`pulumi state unprotect '${old.urn}'\``,
        });
      steps.push({
        op: "delete",
        urn: old.urn,
        type,
        name,
        custom: old.custom,
        old,
        ...(old.protect ? { refused: "delete" as const } : {}),
        ...(old.retainOnDelete ? { retained: true } : {}),
        protect: old.protect,
      });
    }
    const failed = steps.some((s) => s.refused);
    if (failed) diagnostics.push({ severity: "error", message: "preview failed" });
    return { steps, diagnostics, failed, encryptedSecrets: this.state.encryptedSecrets };
  }
}

function optionalId(id: string | undefined): { id?: string } {
  return id ? { id } : {};
}

function urnParts(urn: string): { type: string; name: string } {
  const parts = urn.split("::");
  return { type: (parts[2] ?? "").split("$").pop() ?? "", name: parts.slice(3).join("::") };
}

/** Counts per op as the engine's summary does: logical steps, refused deletes left out. */
export function changeSummary(plan: Plan): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of plan.steps) {
    if (s.refused === "delete") continue;
    out[s.op] = (out[s.op] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/** Whether the step's protect flag changed (such `same` steps are always shown). */
export function protectChanged(s: PlannedStep): boolean {
  return s.old !== undefined && s.op !== "delete" && s.old.protect !== s.protect;
}
