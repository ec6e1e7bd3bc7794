// ocid1.<resource type>.<realm>.[region][.future use].<unique id>
const OCID = /^ocid1\.([a-z0-9]+)\.([a-z0-9]+)\.([a-z0-9-]*)(?:\.([a-z0-9-]*))?\.([a-z0-9]{10,})$/i;

/** Whether `value` is an OCID, optionally of one of the given resource types (e.g. `image`). */
export function isOcid(value: unknown, ...resourceTypes: string[]): value is string {
  const p = parseOcid(value);
  return !!p && (resourceTypes.length === 0 || resourceTypes.includes(p.resourceType));
}

export function ocidExample(resourceType: string): string {
  return resourceType === "compartment" || resourceType === "tenancy"
    ? `ocid1.${resourceType}.oc1..aaaaaaaa…`
    : `ocid1.${resourceType}.oc1.<region>.aaaaaaaa…`;
}

/** An OCID's parts, lower-cased; `region` is absent for global resources (compartment, tenancy). */
export interface OcidParts {
  readonly resourceType: string;
  readonly realm: string;
  /** As the OCID writes it: a region key (`phx`) or, for newer regions, the region id (`ap-chuncheon-1`). */
  readonly region?: string;
  readonly uniqueId: string;
}

export function parseOcid(value: unknown): OcidParts | undefined {
  if (typeof value !== "string") return undefined;
  const m = OCID.exec(value);
  if (!m) return undefined;
  return {
    resourceType: m[1].toLowerCase(),
    realm: m[2].toLowerCase(),
    ...(m[3] ? { region: m[3].toLowerCase() } : {}),
    uniqueId: m[5],
  };
}

/** OCI regions: id, the key OCIDs carry, the realm (Oracle's region list). */
const REGIONS: readonly (readonly [id: string, key: string, realm: string])[] = [
  ["af-johannesburg-1", "jnb", "oc1"],
  ["ap-chuncheon-1", "yny", "oc1"],
  ["ap-hyderabad-1", "hyd", "oc1"],
  ["ap-melbourne-1", "mel", "oc1"],
  ["ap-mumbai-1", "bom", "oc1"],
  ["ap-osaka-1", "kix", "oc1"],
  ["ap-seoul-1", "icn", "oc1"],
  ["ap-singapore-1", "sin", "oc1"],
  ["ap-singapore-2", "xsp", "oc1"],
  ["ap-sydney-1", "syd", "oc1"],
  ["ap-tokyo-1", "nrt", "oc1"],
  ["ca-montreal-1", "yul", "oc1"],
  ["ca-toronto-1", "yyz", "oc1"],
  ["eu-amsterdam-1", "ams", "oc1"],
  ["eu-frankfurt-1", "fra", "oc1"],
  ["eu-jovanovac-1", "beg", "oc1"],
  ["eu-madrid-1", "mad", "oc1"],
  ["eu-marseille-1", "mrs", "oc1"],
  ["eu-milan-1", "lin", "oc1"],
  ["eu-paris-1", "cdg", "oc1"],
  ["eu-stockholm-1", "arn", "oc1"],
  ["eu-zurich-1", "zrh", "oc1"],
  ["il-jerusalem-1", "mtz", "oc1"],
  ["me-abudhabi-1", "auh", "oc1"],
  ["me-dubai-1", "dxb", "oc1"],
  ["me-jeddah-1", "jed", "oc1"],
  ["me-riyadh-1", "ruh", "oc1"],
  ["mx-monterrey-1", "mty", "oc1"],
  ["mx-queretaro-1", "qro", "oc1"],
  ["sa-bogota-1", "bog", "oc1"],
  ["sa-santiago-1", "scl", "oc1"],
  ["sa-saopaulo-1", "gru", "oc1"],
  ["sa-valparaiso-1", "vap", "oc1"],
  ["sa-vinhedo-1", "vcp", "oc1"],
  ["uk-cardiff-1", "cwl", "oc1"],
  ["uk-london-1", "lhr", "oc1"],
  ["us-ashburn-1", "iad", "oc1"],
  ["us-chicago-1", "ord", "oc1"],
  ["us-phoenix-1", "phx", "oc1"],
  ["us-sanjose-1", "sjc", "oc1"],
  ["us-langley-1", "lfi", "oc2"],
  ["us-luke-1", "luf", "oc2"],
  ["us-gov-ashburn-1", "ric", "oc3"],
  ["us-gov-chicago-1", "pia", "oc3"],
  ["us-gov-phoenix-1", "tus", "oc3"],
  ["uk-gov-london-1", "ltn", "oc4"],
  ["uk-gov-cardiff-1", "brs", "oc4"],
  ["eu-frankfurt-2", "str", "oc19"],
  ["eu-madrid-2", "vll", "oc19"],
];

export interface OciRegion {
  readonly id: string;
  readonly key: string;
  readonly realm: string;
}

/** A region by its id (`us-phoenix-1`) or key (`phx`, `PHX`); `undefined` when not in the list. */
export function findRegion(idOrKey: string): OciRegion | undefined {
  const v = idOrKey.trim().toLowerCase();
  const r = REGIONS.find(([id, key]) => id === v || key === v);
  return r ? { id: r[0], key: r[1], realm: r[2] } : undefined;
}

/**
 * The region an OCID belongs to: its realm, and its region (as written, plus the region's id
 * when the list knows it). `undefined` for a non-OCID or a global one (no region).
 */
export function regionOfOcid(
  value: unknown,
): { readonly realm: string; readonly region: string; readonly regionId?: string } | undefined {
  const p = parseOcid(value);
  if (!p?.region) return undefined;
  const known = findRegion(p.region);
  return { realm: p.realm, region: p.region, ...(known ? { regionId: known.id } : {}) };
}

/** Whether an OCID's region segment names `region` (an id or key); `undefined` when it cannot tell. */
export function ocidInRegion(value: unknown, region: string): boolean | undefined {
  const of = regionOfOcid(value);
  if (!of) return undefined;
  const want = findRegion(region);
  const wantId = want?.id ?? region.trim().toLowerCase();
  if (of.regionId !== undefined) return of.regionId === wantId;
  if (of.region === wantId) return true;
  return want ? false : undefined;
}

/**
 * Why an OCID cannot belong to `region` (the stack's `oci:region`): another realm or another
 * region. `undefined` when it can, or when the region or the OCID is not one the list knows.
 */
export function ocidRegionProblem(value: unknown, region: string): string | undefined {
  const of = regionOfOcid(value);
  const want = findRegion(region);
  if (!of || !want) return undefined;
  if (of.realm !== want.realm)
    return `is an OCID of realm ${of.realm}, but region ${want.id} is in realm ${want.realm}`;
  if (ocidInRegion(value, want.id) === false)
    return `is an OCID of region ${of.regionId ?? of.region}, not of ${want.id} (oci:region), whose OCIDs carry "${want.key}"`;
  return undefined;
}
