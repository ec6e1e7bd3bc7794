// ocid1.<resource type>.<realm>.[region][.future use].<unique id>
const OCID = /^ocid1\.([a-z0-9]+)\.[a-z0-9]+\.[a-z0-9-]*(?:\.[a-z0-9-]*)?\.[a-z0-9]{10,}$/i;

/** Whether `value` is an OCID, optionally of one of the given resource types (e.g. `image`). */
export function isOcid(value: unknown, ...resourceTypes: string[]): value is string {
  if (typeof value !== "string") return false;
  const m = OCID.exec(value);
  return !!m && (resourceTypes.length === 0 || resourceTypes.includes(m[1].toLowerCase()));
}

export function ocidExample(resourceType: string): string {
  return resourceType === "compartment" || resourceType === "tenancy"
    ? `ocid1.${resourceType}.oc1..aaaaaaaa…`
    : `ocid1.${resourceType}.oc1.<region>.aaaaaaaa…`;
}
