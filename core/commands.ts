/**
 * The commands hints print, built in one place so each works as printed: the flags the
 * situation needs (stack, catalog file, stacks directory) and nothing the reader must fill in.
 */

/** Saves a region's catalog of current images (the OCI CLI; `--region` when the region is known). */
export function catalogSaveCommand(region?: string, file = "catalog.json"): string {
  return `oci ce node-pool-options get --node-pool-option-id all${region ? ` --region ${region}` : ""} --output json > ${file}`;
}

/** Where a hint's reader stands: which stack, and the catalog and stacks directory the tool used. */
export interface ToolContext {
  readonly stack: string;
  /** The `--catalog` file; `embedded` for the sample catalog (demo stacks); absent when none is known yet. */
  readonly catalog?: string;
  /** `--stacks-dir`, when not the default. */
  readonly stacksDir?: string;
  /** `--catalogs-dir`, when not the default. */
  readonly catalogsDir?: string;
  /** The stack's `oci:region`, for the catalog command. */
  readonly region?: string;
}

const arg = (v: string) => (/^[\w./:@+-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);

/** `npm run pin-images -- --stack s [--catalog f] [--stacks-dir d] [--patch|--check]`, preceded by saving the catalog when none is known. */
export function pinImagesCommand(
  ctx: ToolContext,
  mode: { readonly patch?: boolean; readonly check?: boolean } = {},
): string {
  const flags = [`--stack ${arg(ctx.stack)}`];
  if (ctx.catalog === undefined) flags.push("--catalog catalog.json");
  else if (ctx.catalog !== "embedded") flags.push(`--catalog ${arg(ctx.catalog)}`);
  if (ctx.stacksDir !== undefined) flags.push(`--stacks-dir ${arg(ctx.stacksDir)}`);
  if (ctx.catalogsDir !== undefined) flags.push(`--catalogs-dir ${arg(ctx.catalogsDir)}`);
  if (mode.patch) flags.push("--patch");
  if (mode.check) flags.push("--check");
  const run = `npm run pin-images -- ${flags.join(" ")}`;
  return ctx.catalog === undefined ? `${catalogSaveCommand(ctx.region)} && ${run}` : run;
}

/** `npm run preview:offline -- --stack s [--catalog f] [--stacks-dir d]`. */
export function previewCommand(ctx: ToolContext): string {
  const flags = [`--stack ${arg(ctx.stack)}`];
  if (ctx.catalog !== undefined && ctx.catalog !== "embedded")
    flags.push(`--catalog ${arg(ctx.catalog)}`);
  if (ctx.stacksDir !== undefined) flags.push(`--stacks-dir ${arg(ctx.stacksDir)}`);
  return `npm run preview:offline -- ${flags.join(" ")}`;
}

/** `npm run plan-upgrade -- --stack s --to v [--catalog f] [--stacks-dir d]`. */
export function planUpgradeCommand(ctx: ToolContext, to: string): string {
  const flags = [`--stack ${arg(ctx.stack)}`, `--to ${arg(to)}`];
  if (ctx.catalog === undefined) flags.push("--catalog catalog.json");
  else if (ctx.catalog !== "embedded") flags.push(`--catalog ${arg(ctx.catalog)}`);
  if (ctx.stacksDir !== undefined) flags.push(`--stacks-dir ${arg(ctx.stacksDir)}`);
  const run = `npm run plan-upgrade -- ${flags.join(" ")}`;
  return ctx.catalog === undefined ? `${catalogSaveCommand(ctx.region)} && ${run}` : run;
}
