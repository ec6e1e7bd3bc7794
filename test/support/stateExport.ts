import { Recording } from "../../offline/recorder";

const UUID = "2f9d0c6e-8a1b-4c9e-9f00-1d2e3f4a5b6c";

/**
 * What `pulumi stack export` would print after `pulumi up` of a recorded program (FACTS
 * pulumi §1): version 3, manifest, secrets provider, each resource with its stored inputs
 * (`__defaults` on custom resources) and outputs, parent, dependencies, property dependencies
 * and provider reference `<provider URN>::<provider id>`; default providers without a parent.
 */
export function exportFromRecording(recording: Recording): unknown {
  const resources = recording.resources.map((r) => {
    const isProvider = r.type.startsWith("pulumi:providers:");
    const at = "2026-11-20T09:58:11Z";
    return {
      urn: r.urn,
      custom: r.custom,
      ...(r.custom
        ? {
            id: isProvider
              ? UUID
              : `ocid1.${r.name}.oc1.phx.aaaaaaaa${r.name.replace(/[^a-z0-9]/g, "")}0000000000`,
          }
        : {}),
      type: r.type,
      ...(r.custom || isProvider ? { inputs: { __defaults: [], ...r.inputs } } : {}),
      outputs: isProvider ? { ...r.inputs } : r.outputs,
      ...(r.parent && !isProvider ? { parent: r.parent } : {}),
      ...(r.dependencies.length ? { dependencies: r.dependencies } : {}),
      ...(r.provider ? { provider: `${r.provider.urn}::${UUID}` } : {}),
      ...(Object.keys(r.propertyDependencies).length
        ? { propertyDependencies: r.propertyDependencies }
        : {}),
      created: at,
      modified: at,
    };
  });
  return {
    version: 3,
    deployment: {
      manifest: { time: "2026-11-20T09:58:12Z", magic: "0123456789abcdef", version: "v3.190.0" },
      secrets_providers: { type: "passphrase", state: { salt: "v1:c2FsdA==:v1:aXY=:Y2lwaGVy" } },
      resources,
      metadata: {},
    },
  };
}
