import * as path from "path";
import { SAMPLE_CATALOG } from "../../support/pulumiMocks";
import { CatalogFilter, applyCatalogFilter } from "../../../core/catalogFilter";
import { TOKEN_NODE_POOL_OPTION } from "../../../core/tags";
import { PROJECT, PROVIDER_DIR, STACK, STACK_URN, grpc, providerPb } from "./plugin";

const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [PROVIDER_DIR] }));
const resourceRpc = require(path.join(sdk, "proto", "resource_grpc_pb.js"));
const resourcePb = require(path.join(sdk, "proto", "resource_pb.js"));
const structPb = require(
  require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [sdk] }),
);
const emptyPb = require(
  require.resolve("google-protobuf/google/protobuf/empty_pb", { paths: [sdk] }),
);

export interface Registration {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent: string;
  readonly custom: boolean;
  readonly inputs: Record<string, any>;
}

/**
 * The ResourceMonitor of one deployment, as the engine serves it to a plugin's Construct:
 * registrations get URNs under their parent (a duplicate URN is refused, as the engine
 * refuses it), custom resources get an id and their inputs back as state (plus `nodes: []`
 * for node pools, like test/support/pulumiMocks.ts), and `getNodePoolOption` answers from
 * catalog/sample-catalog.json.
 */
export interface Monitor {
  readonly address: string;
  readonly registrations: Registration[];
  readonly outputs: Map<string, Record<string, any>>;
  readonly invokes: { token: string; args: Record<string, any> }[];
  close(): void;
}

export async function startMonitor(): Promise<Monitor> {
  const registrations: Registration[] = [];
  const outputs = new Map<string, Record<string, any>>();
  const invokes: Monitor["invokes"] = [];
  const qualifiedType = new Map<string, string>([[STACK_URN, ""]]);
  const fail = (cb: any, code: number, details: string) => cb({ code, details });
  const server = new grpc.Server();
  server.addService(resourceRpc.ResourceMonitorService, {
    supportsFeature: (call: any, cb: any) =>
      cb(null, new resourcePb.SupportsFeatureResponse().setHassupport(true)),
    registerPackage: (_call: any, cb: any) =>
      cb(null, new resourcePb.RegisterPackageResponse().setRef("okepools-test-package")),
    registerResource: (call: any, cb: any) => {
      const r = call.request;
      const parent: string = r.getParent() || STACK_URN;
      const parentType = qualifiedType.get(parent);
      if (parentType === undefined)
        return fail(cb, grpc.status.INVALID_ARGUMENT, `unknown parent ${parent}`);
      const type: string = r.getType();
      const qualified = parentType ? `${parentType}$${type}` : type;
      const urn = `urn:pulumi:${STACK}::${PROJECT}::${qualified}::${r.getName()}`;
      if (qualifiedType.has(urn))
        return fail(
          cb,
          grpc.status.ALREADY_EXISTS,
          `Duplicate resource URN '${urn}'; try giving it a unique name`,
        );
      qualifiedType.set(urn, qualified);
      const inputs = (r.getObject()?.toJavaScript() ?? {}) as Record<string, any>;
      const custom: boolean = r.getCustom();
      registrations.push({ urn, type, name: r.getName(), parent, custom, inputs });
      const res = new resourcePb.RegisterResourceResponse().setUrn(urn);
      if (custom) {
        res.setId(`${r.getName()}-id`);
        res.setObject(structPb.Struct.fromJavaScript({ ...inputs, nodes: [] }));
      }
      cb(null, res);
    },
    registerResourceOutputs: (call: any, cb: any) => {
      const r = call.request;
      outputs.set(r.getUrn(), (r.getOutputs()?.toJavaScript() ?? {}) as Record<string, any>);
      cb(null, new emptyPb.Empty());
    },
    invoke: (call: any, cb: any) => {
      try {
        answerInvoke(call, cb);
      } catch (e) {
        fail(cb, grpc.status.INTERNAL, `monitor: ${(e as Error).stack}`);
      }
    },
  });
  function answerInvoke(call: any, cb: any): void {
    const r = call.request;
    const args = (r.getArgs()?.toJavaScript() ?? {}) as Record<string, any>;
    invokes.push({ token: r.getTok(), args });
    if (r.getTok() !== TOKEN_NODE_POOL_OPTION)
      return fail(cb, grpc.status.UNIMPLEMENTED, `unexpected invoke ${r.getTok()}`);
    const result = {
      sources: applyCatalogFilter(SAMPLE_CATALOG.toSources(), args as unknown as CatalogFilter),
      kubernetesVersions: [],
    };
    cb(
      null,
      new providerPb.InvokeResponse().setReturn(
        structPb.Struct.fromJavaScript(JSON.parse(JSON.stringify(result))),
      ),
    );
  }
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) =>
      e ? reject(e) : resolve(p),
    ),
  );
  return {
    address: `127.0.0.1:${port}`,
    registrations,
    outputs,
    invokes,
    close: () => server.forceShutdown(),
  };
}

export { structPb };
