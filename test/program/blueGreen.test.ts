import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { TOKEN_NODE_POOL_OPTION, TYPE_OCI_NODE_POOL } from "../../core/tags";
import { applyCatalogFilter, CatalogFilter } from "../../core/catalogFilter";
import { ProgramError, Recording } from "../../offline/recorder";
import { SAMPLE_CATALOG, settle } from "../support/pulumiMocks";
import {
  BLUEGREEN_STACK,
  IMAGE_1342,
  IMAGE_1352,
  Loose,
  PROGRAM,
  find,
  nodePoolUrn,
  nodePools,
  phases,
  pulumiConfig,
  recordStack,
  runRefusedProgram,
  stackWith,
} from "../support/blueGreen";
import { countResolutions } from "../support/resolveSpy";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const STACK = "bluegreen";

function pool(rec: Recording, colour: string) {
  return find(rec, TYPE_OCI_NODE_POOL, `web-${colour}`);
}

function size(rec: Recording, colour: string): unknown {
  return (pool(rec, colour).inputs.nodeConfigDetails as { size: unknown }).size;
}

function labels(rec: Recording, colour: string): Record<string, string> {
  return Object.fromEntries(
    (pool(rec, colour).inputs.initialNodeLabels as { key: string; value: string }[]).map((l) => [
      l.key,
      l.value,
    ]),
  );
}

function nodeSelector(rec: Recording): unknown {
  const d = find(rec, DEPLOYMENT, "sample-web").inputs as {
    spec: { template: { spec: { nodeSelector: unknown } } };
  };
  return d.spec.template.spec.nodeSelector;
}

const BLUE_URN = nodePoolUrn(STACK, "web-blue");
const GREEN_URN = nodePoolUrn(STACK, "web-green");
const CLUSTER_URN = `urn:pulumi:${STACK}::oke-pools::oci:ContainerEngine/cluster:Cluster::bluegreen`;

describe("blue/green phases through the whole program (index.ts under the offline recorder, preview)", () => {
  it("the whole program resolves each colour twice: the stack config's validation, then the component's", async () => {
    const count = countResolutions();
    try {
      await recordStack(BLUEGREEN_STACK);
    } finally {
      count.restore();
    }
    assert.deepEqual(count.calls, { blue: 2, green: 2 });
  });

  it("phase 1 — one colour, active: only blue, at full size; the workload follows blue", async () => {
    const rec = await recordStack(stackWith(phases.oneColour()));
    assert.deepEqual(
      nodePools(rec).map((r) => r.name),
      ["web-blue"],
    );
    assert.equal(size(rec, "blue"), 3);
    assert.equal(pool(rec, "blue").inputs.kubernetesVersion, "v1.34.2");
    assert.deepEqual(pool(rec, "blue").inputs.nodeSourceDetails, {
      sourceType: "IMAGE",
      imageId: IMAGE_1342.imageId,
    });
    assert.deepEqual(labels(rec, "blue"), {
      "okepools.io/pool": "web-blue",
      "okepools.io/pair": "web",
      "okepools.io/colour": "blue",
    });
    assert.deepEqual(pool(rec, "blue").dependencies, [CLUSTER_URN]);
    assert.deepEqual(nodeSelector(rec), {
      "okepools.io/pair": "web",
      "okepools.io/colour": "blue",
    });
    assert.ok(
      find(rec, DEPLOYMENT, "sample-web").dependencies.includes(BLUE_URN),
      "pods move only once the active pool has finished",
    );
    assert.deepEqual(
      (rec.stackOutputs.blueGreenPools as Record<string, { activeColour: string }>).web
        .activeColour,
      "blue",
    );
  });

  it("phase 2 — canary added: green at canarySize next to blue at full size, after blue", async () => {
    const rec = await recordStack(stackWith(phases.canaryAdded(1)));
    assert.deepEqual(
      nodePools(rec)
        .map((r) => r.name)
        .sort(),
      ["web-blue", "web-green"],
    );
    assert.equal(size(rec, "blue"), 3);
    assert.equal(size(rec, "green"), 1);
    assert.equal(pool(rec, "green").inputs.kubernetesVersion, "v1.35.2");
    assert.deepEqual(pool(rec, "green").inputs.nodeSourceDetails, {
      sourceType: "IMAGE",
      imageId: IMAGE_1352.imageId,
    });
    assert.deepEqual(labels(rec, "green"), {
      "okepools.io/pool": "web-green",
      "okepools.io/pair": "web",
      "okepools.io/colour": "green",
    });
    assert.deepEqual([...pool(rec, "green").dependencies].sort(), [BLUE_URN, CLUSTER_URN].sort());
    assert.deepEqual(pool(rec, "blue").dependencies, [CLUSTER_URN]);
    assert.deepEqual(
      nodeSelector(rec),
      { "okepools.io/pair": "web", "okepools.io/colour": "blue" },
      "the workload stays on blue",
    );
    for (const c of ["blue", "green"])
      assert.equal(
        (pool(rec, c).inputs.freeformTags as Record<string, string>)["okepools-active-colour"],
        "blue",
      );
  });

  it("phase 2 — second colour at full size (no canarySize)", async () => {
    const rec = await recordStack(stackWith(phases.canaryAdded()));
    assert.equal(size(rec, "blue"), 3);
    assert.equal(size(rec, "green"), 3);
  });

  it("phase 3 — active switched: green at full size, blue at standbySize waiting for green's NodePool; the workload moves to green", async () => {
    const rec = await recordStack(stackWith(phases.switched()));
    assert.equal(size(rec, "green"), 3);
    assert.equal(size(rec, "blue"), 0);
    assert.ok(
      pool(rec, "blue").dependencies.includes(GREEN_URN),
      `blue's dependencies ${JSON.stringify(pool(rec, "blue").dependencies)} include green's NodePool`,
    );
    assert.ok(
      !pool(rec, "green").dependencies.includes(BLUE_URN),
      "no cycle: green does not wait for blue",
    );
    assert.equal(
      (pool(rec, "blue").inputs.nodeEvictionNodePoolSettings as Record<string, unknown>)
        .evictionGraceDuration,
      "PT30M",
      "blue drains under its eviction settings",
    );
    assert.deepEqual(nodeSelector(rec), {
      "okepools.io/pair": "web",
      "okepools.io/colour": "green",
    });
    assert.ok(find(rec, DEPLOYMENT, "sample-web").dependencies.includes(GREEN_URN));
    for (const c of ["blue", "green"])
      assert.equal(
        (pool(rec, c).inputs.freeformTags as Record<string, string>)["okepools-active-colour"],
        "green",
      );
    const out = (rec.stackOutputs.blueGreenPools as Record<string, Loose>).web;
    assert.equal(out.activeColour, "green");
    assert.deepEqual(
      {
        state: out.colours.blue.state,
        size: out.colours.blue.size,
        fullSize: out.colours.blue.fullSize,
      },
      { state: "standby", size: 0, fullSize: 3 },
    );
  });

  it("phase 3 with a standbySize: blue keeps that many nodes", async () => {
    const rec = await recordStack(stackWith({ ...phases.switched(), standbySize: 1 }));
    assert.equal(size(rec, "blue"), 1);
    assert.ok(pool(rec, "blue").dependencies.includes(GREEN_URN));
  });

  it("phase 4 — old colour removed: green alone", async () => {
    const rec = await recordStack(stackWith(phases.oldRemoved()));
    assert.deepEqual(
      nodePools(rec).map((r) => r.name),
      ["web-green"],
    );
    assert.equal(size(rec, "green"), 3);
    assert.deepEqual(nodeSelector(rec), {
      "okepools.io/pair": "web",
      "okepools.io/colour": "green",
    });
  });

  it("rollback — active switched back while blue exists: blue at full size, green at standby waiting for blue's NodePool", async () => {
    const rec = await recordStack(stackWith(phases.rolledBack()));
    assert.equal(size(rec, "blue"), 3);
    assert.equal(size(rec, "green"), 0);
    assert.ok(pool(rec, "green").dependencies.includes(BLUE_URN));
    assert.ok(!pool(rec, "blue").dependencies.includes(GREEN_URN));
    assert.deepEqual(nodeSelector(rec), {
      "okepools.io/pair": "web",
      "okepools.io/colour": "blue",
    });
  });

  it("the committed bluegreen stack file is phase 3, with a healthy sample workload behind a provider from the cluster's kubeconfig", async () => {
    const rec = await recordStack(BLUEGREEN_STACK);
    const provider = rec.resources.find((r) => r.type === "pulumi:providers:kubernetes")!;
    assert.ok(provider, "a Kubernetes provider is registered");
    const deployment = find(rec, DEPLOYMENT, "sample-web");
    assert.equal(deployment.provider?.urn, provider.urn);
    const budget = find(rec, "kubernetes:policy/v1:PodDisruptionBudget", "sample-web");
    assert.deepEqual((budget.inputs.spec as Record<string, unknown>).maxUnavailable, 1);
    const service = find(rec, "kubernetes:core/v1:Service", "sample-web");
    assert.deepEqual((service.inputs.spec as Record<string, unknown>).selector, {
      "app.kubernetes.io/name": "sample-web",
      "app.kubernetes.io/part-of": "oke-pools-sample",
    });
    assert.equal(size(rec, "blue"), 0);
    assert.deepEqual(
      rec.logs.filter((l) => l.severity !== "info"),
      [],
      "no warnings: both images are current",
    );
  });

  it("the demo stack still runs and registers no pair", async () => {
    const demo = YAML.parse(
      fs.readFileSync(path.join(__dirname, "../../stacks/Pulumi.demo.yaml"), "utf8"),
    ).config;
    const rec = await recordStack(demo, "demo");
    assert.equal(
      rec.resources.filter((r) => r.type === "okepools:index:BlueGreenNodePool").length,
      0,
    );
    assert.deepEqual(rec.stackOutputs.blueGreenPools, {});
  });
});

describe("refused transitions through the whole program: an error naming the key, zero resources registered", () => {
  const refused: [string, Record<string, unknown>, RegExp][] = [
    [
      "removing the active colour (phase 3 → blue removed while active)",
      { ...phases.rolledBack(), blue: undefined },
      /oke-pools:blueGreenPools\[0\]\.active: "blue" — blue\/green pair "web": the active colour blue \(pool web-blue\) is not declared.*first switch active to green/,
    ],
    [
      "making active an undeclared colour (phase 1 → active green)",
      { ...phases.oneColour(), active: "green" },
      /oke-pools:blueGreenPools\[0\]\.active: "green" — .*the active colour green \(pool web-green\) is not declared/,
    ],
    [
      "making active a colour of size 0",
      { ...phases.switched(), green: { ...phases.switched().green, size: 0 } },
      /oke-pools:blueGreenPools\[0\]\.green\.size: 0 — .*green \(pool web-green\) would be active with no nodes.*keep active on blue/,
    ],
    [
      "declaring no colour",
      { ...phases.switched(), blue: undefined, green: undefined },
      /oke-pools:blueGreenPools\[0\]\.blue: missing — blue\/green pair "web" declares no colour/,
    ],
    [
      "switching without removing the canary role",
      { ...phases.canaryAdded(1), active: "green" },
      /oke-pools:blueGreenPools\[0\]\.green\.role: "canary" — .*remove role from green/,
    ],
    [
      "an active value that is no colour",
      { ...phases.switched(), active: "purple" },
      /oke-pools:blueGreenPools\[0\]\.active: "purple" — expected blue or green/,
    ],
  ];
  for (const [title, pair, message] of refused) {
    it(title, async () => {
      const clean = Object.fromEntries(Object.entries(pair).filter(([, v]) => v !== undefined));
      const { error, world } = await runRefusedProgram(stackWith(clean));
      assert.ok(
        pulumi.RunError.isInstance(error),
        `a RunError (reported without a stack trace), got ${String(error)}`,
      );
      assert.match(error.message, /^stack "test" config is invalid:/);
      assert.match(error.message, message);
      assert.deepEqual(world.resources, [], "no resource reached the mocks");
      assert.deepEqual(world.tapped, [], "no registration reached the monitor");
      assert.deepEqual(world.invokes, []);
    });
  }

  it("the offline recorder reports the same refusal as a ProgramError", async () => {
    await assert.rejects(
      recordStack(stackWith({ ...phases.oneColour(), active: "green" })),
      (e: unknown) =>
        e instanceof ProgramError && /blueGreenPools\[0\]\.active: "green"/.test(e.message),
    );
  });
});

describe("the sample workload's provider in an update (kubeconfig from getClusterKubeConfig)", () => {
  it("builds the Kubernetes provider from the cluster's kubeconfig and places the pods on the active colour", async () => {
    const KUBECONFIG = "apiVersion: v1\nkind: Config\nclusters: []\n";
    const registered: { type: string; name: string; inputs: Record<string, Loose> }[] = [];
    const invokes: { token: string; inputs: Record<string, unknown> }[] = [];
    await pulumi.runtime.setMocks(
      {
        newResource: (a) => {
          registered.push({ type: a.type, name: a.name, inputs: a.inputs });
          return { id: `${a.name}-id`, state: { ...a.inputs, nodes: [] } };
        },
        call: (a) => {
          invokes.push({ token: a.token, inputs: a.inputs });
          if (a.token === TOKEN_NODE_POOL_OPTION)
            return {
              sources: applyCatalogFilter(
                SAMPLE_CATALOG.toSources(),
                a.inputs as unknown as CatalogFilter,
              ),
              kubernetesVersions: [],
            };
          if (a.token === "oci:ContainerEngine/getClusterKubeConfig:getClusterKubeConfig")
            return { id: "kc", clusterId: a.inputs.clusterId, content: KUBECONFIG };
          throw new Error(`unexpected invoke ${a.token}`);
        },
      },
      "oke-pools",
      STACK,
      false,
    );
    pulumi.runtime.setAllConfig(pulumiConfig(BLUEGREEN_STACK));
    delete require.cache[require.resolve(PROGRAM)];

    const program = require(PROGRAM) as { sampleWorkload: { nodeSelector: unknown } };
    await pulumi.runtime.disconnect();
    await settle();
    delete require.cache[require.resolve(PROGRAM)];
    const kube = invokes.find(
      (i) => i.token === "oci:ContainerEngine/getClusterKubeConfig:getClusterKubeConfig",
    );
    assert.deepEqual(kube?.inputs, { clusterId: "bluegreen-id" });
    const provider = registered.find((r) => r.type === "pulumi:providers:kubernetes");
    assert.equal(provider?.inputs.kubeconfig, KUBECONFIG);
    const deployment = registered.find((r) => r.type === DEPLOYMENT)!;
    assert.deepEqual(deployment.inputs.spec.template.spec.nodeSelector, {
      "okepools.io/pair": "web",
      "okepools.io/colour": "green",
    });
    assert.equal(deployment.inputs.spec.replicas, 3);
    assert.equal(deployment.inputs.spec.template.spec.containers[0].image, "nginx:1.27");
    assert.deepEqual(program.sampleWorkload.nodeSelector, {
      "okepools.io/pair": "web",
      "okepools.io/colour": "green",
    });
  });
});
