/**
 * Aliases as the engine resolves them (step_generator.go collapseAliasToUrn, generateAliases,
 * inheritedChildAlias): a spec's missing name or type is the resource's own, a missing parent
 * is its parent (that parent's old URN when the parent was itself aliased), `noParent` or a
 * root-stack parent means none; children of an aliased parent inherit an alias under the
 * parent's old URN. See ../shared/pulumi/FACTS.md §5.
 */
import { parseUrn } from "./exportFile";

const STACK_TYPE = "pulumi:pulumi:Stack";

/** One alias as the SDK sends it (`aliases`, field 26): a URN, or a spec. Parent URNs are engine URNs. */
export interface AliasSpec {
  readonly urn?: string;
  readonly name?: string;
  readonly type?: string;
  readonly stack?: string;
  readonly project?: string;
  readonly parentUrn?: string;
  readonly noParent?: boolean;
}

export interface AliasSubject {
  readonly name: string;
  readonly type: string;
  /** The resource's parent (engine URN). */
  readonly parent?: string;
  readonly stack: string;
  readonly project: string;
}

/** resource.CreateURN: the parent's qualified type joined with `$`, unless there is no parent. */
export function createUrn(
  name: string,
  type: string,
  parent: string | undefined,
  project: string,
  stack: string,
): string {
  const qualified = parent ? `${parseUrn(parent).qualifiedType}$${type}` : type;
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** collapseAliasToUrn. `parentAliases`: new URN → old URN of resources matched through an alias. */
export function aliasUrn(
  spec: AliasSpec,
  self: AliasSubject,
  parentAliases: ReadonlyMap<string, string> = new Map(),
): string {
  if (spec.urn) return spec.urn;
  let parent = spec.parentUrn || self.parent;
  if (spec.parentUrn && parentAliases.has(spec.parentUrn))
    parent = parentAliases.get(spec.parentUrn);
  if (spec.noParent || (parent && parseUrn(parent).qualifiedType === STACK_TYPE))
    parent = undefined;
  return createUrn(
    spec.name || self.name,
    spec.type || self.type,
    parent,
    spec.project || self.project,
    spec.stack || self.stack,
  );
}

/** generateAliases: the resource's own aliases, then those inherited from an aliased parent. */
export function generateAliases(
  self: AliasSubject,
  specs: readonly AliasSpec[],
  parentAliases: ReadonlyMap<string, string>,
): string[] {
  const out: string[] = [];
  const add = (u: string) => {
    if (!out.includes(u)) out.push(u);
  };
  for (const s of specs) add(aliasUrn(s, self, parentAliases));
  const parentOld = self.parent ? parentAliases.get(self.parent) : undefined;
  if (self.parent && parentOld) {
    const parentName = parseUrn(self.parent).name;
    const inherit = (type: string, name: string) => {
      const aliasName = name.startsWith(parentName)
        ? parseUrn(parentOld).name + name.slice(parentName.length)
        : name;
      const q = parseUrn(parentOld).qualifiedType;
      return `urn:pulumi:${self.stack}::${self.project}::${q}$${type}::${aliasName}`;
    };
    add(inherit(self.type, self.name));
    for (const s of specs) {
      const u = parseUrn(aliasUrn(s, self, parentAliases));
      add(inherit(u.type, u.name));
    }
  }
  return out;
}
