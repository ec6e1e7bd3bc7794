import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import { ImageCatalog } from "../../core/catalog";
import { CatalogFilter, applyCatalogFilter } from "../../core/catalogFilter";
import { TOKEN_NODE_POOL_OPTION } from "../../core/tags";

export const SAMPLE_CATALOG = ImageCatalog.parse(
  JSON.parse(fs.readFileSync(path.join(__dirname, "../../catalog/sample-catalog.json"), "utf8")),
  "sample-catalog.json",
);

export interface Registered {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
}

/** A fresh mock runtime for component tests: records registrations and answers catalog invokes. */
export interface MockWorld {
  readonly resources: Registered[];
  readonly invokes: { token: string; inputs: Record<string, unknown> }[];
  readonly warnings: string[];
  byType(type: string): Registered[];
  restore(): void;
}

export function mockWorld(
  catalog: ImageCatalog = SAMPLE_CATALOG,
  options: { preview?: boolean } = {},
): MockWorld {
  const resources: Registered[] = [];
  const invokes: MockWorld["invokes"] = [];
  const warnings: string[] = [];
  void pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        resources.push({
          type: args.type,
          name: args.name,
          inputs: args.inputs as Record<string, unknown>,
        });
        return { id: `${args.name}-id`, state: { ...args.inputs, nodes: [] } };
      },
      call: (args) => {
        invokes.push({ token: args.token, inputs: args.inputs as Record<string, unknown> });
        if (args.token !== TOKEN_NODE_POOL_OPTION)
          throw new Error(`unexpected invoke ${args.token}`);
        return {
          sources: applyCatalogFilter(catalog.toSources(), args.inputs as unknown as CatalogFilter),
          kubernetesVersions: [],
        };
      },
    },
    "oke-pools",
    "test",
    options.preview ?? false,
  );
  const log = pulumi.log as { warn: typeof pulumi.log.warn };
  const original = log.warn;
  log.warn = async (msg: string) => {
    warnings.push(msg);
  };
  return {
    resources,
    invokes,
    warnings,
    byType: (type) => resources.filter((r) => r.type === type),
    restore: () => {
      log.warn = original;
    },
  };
}

/** The value of an output once known (mocks run with preview = false, so every value is known). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}

/** Lets pending registrations and invokes reach the mocks. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  await new Promise((r) => setTimeout(r, 20));
}
