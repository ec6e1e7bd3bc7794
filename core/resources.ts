import { isRecord } from "./read";

/**
 * A resource as the rules see it, whatever the cloud: plain data only, relations as URNs. In the
 * resource phase `props` are the inputs and there are no dependencies; in the stack phase
 * `props` are the outputs, with parent, dependencies and property dependencies.
 */
export interface PlainResource {
  readonly urn: string;
  readonly type: string;
  /** The logical (Pulumi) name. */
  readonly name: string;
  readonly props: Readonly<Record<string, unknown>>;
  readonly parent?: string;
  readonly dependencies?: readonly string[];
  /** Property name → URNs of the resources that property's value came from. */
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

/** Where a pool or cluster view comes from: the provider and the resource. */
export interface ViewOrigin {
  /** The provider: `oke` or `aks`. */
  readonly provider: string;
  /** The resource the view lives in; findings are reported against it. */
  readonly urn: string;
  readonly type: string;
  /** The logical (Pulumi) name. */
  readonly resourceName: string;
  /** The cloud's name for the pool or cluster, when known and different from the resource's. */
  readonly displayName?: string;
}

/** String entries of a list that may be anything. */
function urnList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((u): u is string => typeof u === "string") : [];
}

/** The resource's dependencies as URNs, tolerating malformed input. */
export function dependenciesOf(r: PlainResource): string[] {
  return urnList((r as { dependencies?: unknown }).dependencies);
}

/** The URNs the given property depends on, tolerating malformed input. */
export function propertyDependenciesOf(r: PlainResource, property: string): string[] {
  const all = (r as { propertyDependencies?: unknown }).propertyDependencies;
  if (!isRecord(all) || !Object.prototype.hasOwnProperty.call(all, property)) return [];
  return urnList(all[property]);
}

/** Every URN the resource depends on, through any property or as a plain dependency. */
export function allDependencyUrns(r: PlainResource): Set<string> {
  const out = new Set(dependenciesOf(r));
  const all = (r as { propertyDependencies?: unknown }).propertyDependencies;
  if (isRecord(all))
    for (const key of Object.keys(all)) for (const u of urnList(all[key])) out.add(u);
  return out;
}

/** Keeps only entries that look like resources, so rule functions survive any input. */
export function wellFormed(resources: unknown): PlainResource[] {
  if (!Array.isArray(resources)) return [];
  const out: PlainResource[] = [];
  for (const r of resources) {
    if (!isRecord(r) || typeof r.urn !== "string" || typeof r.type !== "string") continue;
    if (isRecord(r.props) && typeof r.name === "string") {
      out.push(r as unknown as PlainResource); // the common case: already well formed
      continue;
    }
    const props = isRecord(r.props) ? r.props : {};
    const name = typeof r.name === "string" ? r.name : lastUrnPart(r.urn);
    out.push({ ...(r as unknown as PlainResource), props, name });
  }
  return out;
}

/** The last part of a URN: the logical name Pulumi gives it. */
export function lastUrnPart(urn: string): string {
  const i = urn.lastIndexOf("::");
  return i >= 0 ? urn.slice(i + 2) : urn;
}

/** Props of a resource that may be malformed. */
export function propsOf(r: PlainResource): Record<string, unknown> {
  return isRecord(r.props) ? r.props : {};
}
