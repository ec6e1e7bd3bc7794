import type { PolicyResource, ResourceValidationArgs } from "@pulumi/policy";
import { isRecord } from "../../core/read";
import { PlainResource } from "../../core/resources";
import { plainProps } from "./unknown";

/**
 * The object behind @pulumi/policy's unknown-checking proxy (`__getSpecialProxyTarget`, the
 * SDK's documented-internal escape hatch): the deserialised property bag itself. `undefined`
 * for anything that is not such a proxy. Never throws.
 */
export function proxyTarget(props: unknown): Record<string, unknown> | undefined {
  if (!isRecord(props)) return undefined;
  try {
    const target = (props as Record<string, unknown>)["__getSpecialProxyTarget"];
    return isRecord(target) && target !== props ? target : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A resource's properties as plain data: the SDK's deserialised bag as it is (the rules only
 * read it, and with the shared deserialisation every policy reads the same one), else a copy
 * read without tripping over unknowns ({@link plainProps}).
 */
function propsBag(props: unknown): Record<string, unknown> {
  return proxyTarget(props) ?? plainProps(props);
}

/** The resource under validation in the resource phase (inputs), read without tripping over unknowns. */
export function fromValidationArgs(args: ResourceValidationArgs): PlainResource {
  const parent =
    typeof args.opts?.parent === "string" && args.opts.parent !== "" ? args.opts.parent : undefined;
  return {
    urn: args.urn,
    type: args.type,
    name: args.name,
    props: propsBag(args.props),
    ...(parent ? { parent } : {}),
  };
}

/** The stack's resources in the stack phase (outputs), relations turned back into URNs. */
export function fromPolicyResources(resources: readonly PolicyResource[]): PlainResource[] {
  return resources.map((r) => {
    const propertyDependencies: Record<string, string[]> = {};
    for (const key of Object.keys(r.propertyDependencies ?? {})) {
      propertyDependencies[key] = (r.propertyDependencies[key] ?? []).map((d) => d.urn);
    }
    return {
      urn: r.urn,
      type: r.type,
      name: r.name,
      props: propsBag(r.props),
      ...(r.parent ? { parent: r.parent.urn } : {}),
      dependencies: (r.dependencies ?? []).map((d) => d.urn),
      propertyDependencies,
    };
  });
}
