import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import { ImageCatalog } from "../core/catalog";
import { CatalogFilter, catalogFilterKey } from "../core/catalogFilter";
import { TYPE_IMAGE_CATALOG_COMPONENT } from "../core/tags";

/** Calls `getNodePoolOption`; replaceable in tests. */
export type NodePoolOptionFetcher = (filter: CatalogFilter) => Promise<{
  sources: oci.types.output.ContainerEngine.GetNodePoolOptionSource[];
  kubernetesVersions?: string[];
}>;

const fetchFromOci: NodePoolOptionFetcher = (filter) =>
  oci.containerengine.getNodePoolOption({ ...filter });

/**
 * The catalog of current worker images, fetched once per distinct filter for the whole
 * program and published into the stack as an `okepools:index:ImageCatalog` component, so the
 * policy pack judges pools against the same catalog the program saw.
 */
export class ImageCatalogSource {
  private readonly cache = new Map<string, Promise<ImageCatalog>>();
  private invokes = 0;

  constructor(private readonly fetch: NodePoolOptionFetcher = fetchFromOci) {}

  /** Number of `getNodePoolOption` calls made so far. */
  get invokeCount(): number {
    return this.invokes;
  }

  catalogFor(filter: CatalogFilter): Promise<ImageCatalog> {
    const key = catalogFilterKey(filter);
    let catalog = this.cache.get(key);
    if (!catalog) {
      this.invokes++;
      catalog = this.fetch(filter).then((result) =>
        ImageCatalog.parse(
          { sources: result.sources ?? [], kubernetesVersions: result.kubernetesVersions ?? [] },
          `getNodePoolOption(${key})`,
        ),
      );
      this.cache.set(key, catalog);
      new PublishedImageCatalog(filter, catalog);
    }
    return catalog;
  }
}

/** The catalog a program used, as stack outputs the policy pack reads. */
class PublishedImageCatalog extends pulumi.ComponentResource {
  constructor(filter: CatalogFilter, catalog: Promise<ImageCatalog>) {
    super(TYPE_IMAGE_CATALOG_COMPONENT, publishedName(filter), {}, {});
    this.registerOutputs({
      filter: { ...filter },
      sources: catalog.then((c) => c.toSources()),
      imageCount: catalog.then((c) => c.size),
    });
  }
}

function publishedName(f: CatalogFilter): string {
  const scope = f.nodePoolOptionId === "all" ? "all" : `cluster-${f.nodePoolOptionId.slice(-8)}`;
  return ["image-catalog", scope, f.nodePoolOsType ?? "any-os", f.nodePoolOsArch ?? "any-arch"]
    .join("-")
    .toLowerCase();
}

// One source per deployment: a new deployment (or a new set of mocks) starts afresh. A
// provider plugin gets a new monitor client for every Construct of the same deployment, so
// there the deployment is the monitor's address (else each pool would publish the same
// ImageCatalog again, a duplicate URN).
const perRuntime = new WeakMap<object, ImageCatalogSource>();
const perMonitorAddress = new Map<string, ImageCatalogSource>();

/** The program-wide catalog source that every pool shares unless given its own. */
export function programCatalogSource(): ImageCatalogSource {
  const monitor = pulumi.runtime.getMonitor() as
    { getChannel?: () => { getTarget(): string } } | undefined;
  const address = typeof monitor?.getChannel === "function" ? monitor.getChannel().getTarget() : "";
  if (address) {
    let source = perMonitorAddress.get(address);
    if (!source) perMonitorAddress.set(address, (source = new ImageCatalogSource()));
    return source;
  }
  const runtimeKey = (monitor as object | undefined) ?? perRuntime;
  let source = perRuntime.get(runtimeKey);
  if (!source) {
    source = new ImageCatalogSource();
    perRuntime.set(runtimeKey, source);
  }
  return source;
}
