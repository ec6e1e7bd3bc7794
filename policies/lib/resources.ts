import type { PolicyResource, ResourceValidationArgs } from "@pulumi/policy";
import { PlainResource } from "../../core/resources";
import { plainProps } from "./unknown";

/** The resource under validation in the resource phase (inputs), read without tripping over unknowns. */
export function fromValidationArgs(args: ResourceValidationArgs): PlainResource {
  const parent =
    typeof args.opts?.parent === "string" && args.opts.parent !== "" ? args.opts.parent : undefined;
  return {
    urn: args.urn,
    type: args.type,
    name: args.name,
    props: plainProps(args.props),
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
      props: plainProps(r.props),
      ...(r.parent ? { parent: r.parent.urn } : {}),
      dependencies: (r.dependencies ?? []).map((d) => d.urn),
      propertyDependencies,
    };
  });
}
