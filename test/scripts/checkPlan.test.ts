import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as path from "path";
import { ToolError } from "../../offline/cli";
import { main } from "../../scripts/check-plan";
import { ROOT, writeTemp } from "../support/tooling";

const S = "urn:pulumi:prod::oke-pools::";
const PROVIDER = `${S}pulumi:providers:oci::default_4_20_0::2f9d0c6e-8a1b-4c9e-9f00-1d2e3f4a5b6c`;
const CLUSTER_URN = `${S}oci:ContainerEngine/cluster:Cluster::prod`;
const poolUrn = (name: string) =>
  `${S}okepools:index:OkeNodePool$oci:ContainerEngine/nodePool:NodePool::${name}`;

function poolInputs(name: string, over: Record<string, unknown> = {}) {
  return {
    __defaults: [],
    clusterId: "ocid1.cluster.oc1.phx.aaaa",
    compartmentId: "ocid1.compartment.oc1..aaaa",
    freeformTags: { "okepools-pool": name },
    kubernetesVersion: "v1.34.2",
    name,
    nodeConfigDetails: {
      placementConfigs: [
        { availabilityDomain: "Uocm:PHX-AD-1", subnetId: "ocid1.subnet.oc1.phx.a" },
      ],
      size: 3,
    },
    nodePoolCyclingDetails: {
      cycleModes: ["BOOT_VOLUME_REPLACE"],
      isNodeCyclingEnabled: true,
      maximumUnavailable: "1",
    },
    nodeShape: "VM.Standard.E5.Flex",
    nodeSourceDetails: { imageId: "ocid1.image.oc1.phx.old", sourceType: "IMAGE" },
    ...over,
  };
}

function state(
  urn: string,
  type: string,
  inputs: Record<string, unknown>,
  outputs: Record<string, unknown> = inputs,
) {
  return {
    urn,
    custom: true,
    id: `ocid1.x.${urn.split("::").pop()}`,
    type,
    inputs,
    outputs: { ...outputs, id: `ocid1.x.${urn.split("::").pop()}` },
    parent: `${S}okepools:index:OkeNodePool::x`,
    provider: PROVIDER,
    created: "2026-05-01T09:58:11Z",
    modified: "2026-05-01T09:58:11Z",
  };
}

const nodes = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: `ocid1.instance.${i}`,
    privateIp: `10.0.0.${i}`,
    state: "ACTIVE",
  }));

/** A step as `pulumi preview --json` prints it (display.PreviewStep). */
function step(op: string, urn: string, type: string, extra: Record<string, unknown>) {
  return { op, urn, provider: PROVIDER, ...extra, detailedDiff: extra.detailedDiff ?? null };
}

const rootStep = {
  op: "same",
  urn: `${S}pulumi:pulumi:Stack::oke-pools-prod`,
  oldState: {
    urn: `${S}pulumi:pulumi:Stack::oke-pools-prod`,
    custom: false,
    type: "pulumi:pulumi:Stack",
  },
  newState: {
    urn: `${S}pulumi:pulumi:Stack::oke-pools-prod`,
    custom: false,
    type: "pulumi:pulumi:Stack",
  },
  detailedDiff: null,
};

/** `pulumi preview --json` output: 4-space indent, trailing newline. */
function digest(steps: unknown[], changeSummary: Record<string, number>) {
  return `${JSON.stringify(
    {
      config: { "oci:region": "us-phoenix-1" },
      steps: [rootStep, ...steps],
      duration: 4180000000,
      changeSummary,
    },
    null,
    4,
  )}\n`;
}

function run(text: string, ...args: string[]): { code: number; out: string } {
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((c: string) => (
    chunks.push(String(c)),
    true
  )) as typeof process.stdout.write;
  try {
    const code = main(["-", ...args], () => text);
    return { code, out: chunks.join("") };
  } finally {
    process.stdout.write = write;
  }
}

const CLUSTER_TYPE = "oci:ContainerEngine/cluster:Cluster";
const POOL_TYPE = "oci:ContainerEngine/nodePool:NodePool";
const clusterOld = { compartmentId: "c", kubernetesVersion: "v1.35.2", name: "prod", vcnId: "v" };

const clusterReplace = digest(
  [
    step("replace", CLUSTER_URN, CLUSTER_TYPE, {
      oldState: { ...state(CLUSTER_URN, CLUSTER_TYPE, clusterOld), parent: undefined },
      newState: {
        ...state(CLUSTER_URN, CLUSTER_TYPE, {
          ...clusterOld,
          options: { serviceLbSubnetIds: ["s"] },
        }),
        id: undefined,
      },
      diffReasons: ["options"],
      replaceReasons: ["options"],
      detailedDiff: { options: { kind: "add-replace", inputDiff: false } },
    }),
    step("replace", poolUrn("general"), POOL_TYPE, {
      oldState: state(poolUrn("general"), POOL_TYPE, poolInputs("general"), {
        ...poolInputs("general"),
        nodes: nodes(3),
      }),
      newState: state(
        poolUrn("general"),
        POOL_TYPE,
        poolInputs("general", { clusterId: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }),
      ),
      diffReasons: ["clusterId"],
      replaceReasons: ["clusterId"],
      detailedDiff: { clusterId: { kind: "update-replace", inputDiff: false } },
    }),
  ],
  { replace: 2, same: 5 },
);

describe("scripts/check-plan: the plan gate over pulumi preview --json", () => {
  it("a cluster replacement and the pool that follows it: exit 1, naming the resource, the field and the fix", () => {
    const { code, out } = run(clusterReplace);
    assert.equal(code, 1, out);
    assert.match(
      out,
      /✗ cluster-replaced: oci:ContainerEngine\/cluster:Cluster prod — options\.serviceLbSubnetIds/,
    );
    assert.match(
      out,
      /fix: revert oke-pools:serviceLbSubnetIds \(options\.serviceLbSubnetIds\) in the stack config/,
    );
    assert.match(
      out,
      /✗ pool-replaced: oci:ContainerEngine\/nodePool:NodePool general — clusterId/,
    );
    assert.match(out, /all 3 of its nodes are deleted/);
    assert.match(out, /FAILED: 2 findings/);
  });

  it("an allow-list names a deliberate replacement: exit 0, the reason printed; unused entries noted", () => {
    const config = writeTemp(
      "allow.json",
      JSON.stringify({
        allow: [
          {
            resource: CLUSTER_URN,
            ops: ["replace"],
            reason: "new LB subnets, migration ticket OPS-12",
          },
          { resource: "general", reason: "follows the cluster" },
          { resource: "gone", reason: "stale" },
        ],
      }),
    );
    const { code, out } = run(clusterReplace, "--config", config);
    assert.equal(code, 0, out);
    assert.match(
      out,
      /✓ allowed cluster-replaced: .* prod — new LB subnets, migration ticket OPS-12/,
    );
    assert.match(out, /allowance for gone matched nothing/);
  });

  it("deleting a pool with nodes fails; an inactive blue/green colour at zero nodes may go", () => {
    const tags = (colour: string, active: string) => ({
      "okepools-pool": `web-${colour}`,
      "okepools-colour": colour,
      "okepools-active-colour": active,
    });
    const del = (name: string, size: number, colour: string, active: string) => {
      const inputs = poolInputs(name, {
        freeformTags: tags(colour, active),
        nodeConfigDetails: { placementConfigs: [], size },
      });
      return step("delete", poolUrn(name), POOL_TYPE, {
        oldState: state(poolUrn(name), POOL_TYPE, inputs, { ...inputs, nodes: nodes(size) }),
      });
    };
    const ok = run(digest([del("web-blue", 0, "blue", "green")], { delete: 1, same: 4 }));
    assert.equal(ok.code, 0, ok.out);
    const active = run(digest([del("web-blue", 3, "blue", "blue")], { delete: 1, same: 4 }));
    assert.equal(active.code, 1);
    assert.match(
      active.out,
      /✗ pool-deleted: .* web-blue\n\s+node pool "web-blue" would be deleted with its 3 nodes/,
    );
    const warm = run(digest([del("web-blue", 2, "blue", "green")], { delete: 1, same: 4 }));
    assert.equal(warm.code, 1);
    assert.match(
      warm.out,
      /inactive blue colour, not yet at zero nodes[\s\S]*fix: scale the blue colour to zero first/,
    );
  });

  const update = (paths: Record<string, string>, over: Record<string, unknown> = {}) =>
    digest(
      [
        step("update", poolUrn("general"), POOL_TYPE, {
          oldState: state(poolUrn("general"), POOL_TYPE, poolInputs("general")),
          newState: state(poolUrn("general"), POOL_TYPE, poolInputs("general", over)),
          diffReasons: [...new Set(Object.keys(paths).map((p) => p.split(/[.[]/)[0]))],
          detailedDiff: Object.fromEntries(
            Object.entries(paths).map(([p, kind]) => [p, { kind, inputDiff: false }]),
          ),
        }),
      ],
      { same: 5, update: 1 },
    );

  it("a BOOT_VOLUME_REPLACE pool whose update changes what a cycle cannot apply fails; image and version pass", () => {
    const bad = run(update({ nodeShape: "update", "nodeSourceDetails.imageId": "update" }));
    assert.equal(bad.code, 1, bad.out);
    assert.match(bad.out, /✗ cycle-cannot-apply: .* general — nodeShape/);
    assert.match(bad.out, /fix: make this change with INSTANCE_REPLACE/);
    const good = run(
      update({
        "nodeSourceDetails.imageId": "update",
        kubernetesVersion: "update",
        'freeformTags["okepools-image-source-name"]': "update",
        "nodeConfigDetails.size": "update",
      }),
    );
    assert.equal(good.code, 0, good.out);
    const instance = run(
      update(
        { nodeShape: "update" },
        {
          nodePoolCyclingDetails: { cycleModes: ["INSTANCE_REPLACE"], isNodeCyclingEnabled: true },
        },
      ),
    );
    assert.equal(instance.code, 0, instance.out);
  });

  it("placement changes on a pool with cycling enabled fail (OKE answers 409); with cycling off they pass", () => {
    const on = run(update({ "nodeConfigDetails.placementConfigs[0].subnetId": "update" }));
    assert.equal(on.code, 1);
    assert.match(
      on.out,
      /✗ placement-while-cycling: .* general — nodeConfigDetails\.placementConfigs\[0\]\.subnetId/,
    );
    assert.doesNotMatch(on.out, /cycle-cannot-apply/);
    const off = run(
      update(
        { "nodeConfigDetails.placementConfigs[0].subnetId": "update" },
        {
          nodePoolCyclingDetails: {
            cycleModes: ["BOOT_VOLUME_REPLACE"],
            isNodeCyclingEnabled: false,
          },
        },
      ),
    );
    assert.equal(off.code, 0, off.out);
  });

  it("reads the streaming form (PULUMI_ENABLE_STREAMING_JSON_PREVIEW), including --show-replacement-steps halves", () => {
    const meta = (op: string) => ({
      op,
      urn: CLUSTER_URN,
      type: CLUSTER_TYPE,
      old: {
        type: CLUSTER_TYPE,
        urn: CLUSTER_URN,
        custom: true,
        id: "a",
        parent: "",
        inputs: clusterOld,
        outputs: {},
        provider: PROVIDER,
      },
      new: null,
      keys: ["vcnId"],
      diffs: ["vcnId"],
      detailedDiff: { vcnId: { diffKind: "update-replace", inputDiff: false } },
      provider: PROVIDER,
    });
    const events = [
      { sequence: 1, timestamp: 1, preludeEvent: { config: {} } },
      {
        sequence: 2,
        timestamp: 1,
        resourcePreEvent: { metadata: meta("create-replacement"), planning: true },
      },
      {
        sequence: 3,
        timestamp: 1,
        resourcePreEvent: { metadata: { ...meta("replace"), logical: true }, planning: true },
      },
      {
        sequence: 4,
        timestamp: 1,
        resourcePreEvent: { metadata: meta("delete-replaced"), planning: true },
      },
      {
        sequence: 5,
        timestamp: 1,
        summaryEvent: {
          maybeCorrupt: false,
          durationSeconds: 1,
          resourceChanges: { replace: 1 },
          PolicyPacks: {},
          isPreview: true,
          result: "succeeded",
        },
      },
    ];
    const { code, out } = run(events.map((e) => JSON.stringify(e)).join("\n"));
    assert.equal(code, 1);
    assert.match(out, /event stream/);
    assert.equal(out.match(/✗ cluster-replaced/g)?.length, 1, "one finding per resource");
    assert.match(out, /vcnId changes \(force-new vcn_id/);
  });

  it("a clean plan (only sames) passes", () => {
    assert.equal(run(digest([], { same: 6 })).code, 0);
  });

  const malformed: [string, string, RegExp][] = [
    ["empty input", "", /the input is empty/],
    ["not JSON", "{oops", /line 1: not JSON/],
    [
      "a stack export",
      JSON.stringify({ version: 3, deployment: { resources: [] } }),
      /pulumi stack export.*state, not a plan/,
    ],
    [
      "a step without a URN",
      JSON.stringify({ steps: [{ op: "update" }] }),
      /steps\[0\]\.urn: undefined is not a URN/,
    ],
    ["steps not a list", JSON.stringify({ steps: {} }), /steps: not a list/],
  ];
  for (const [what, text, message] of malformed)
    it(`refuses ${what} (exit 2)`, () =>
      assert.throws(
        () => run(text),
        (e: unknown) => e instanceof ToolError && message.test(e.message),
      ));

  it("refuses a malformed allow-list, naming the entry and the expected form", () => {
    const config = writeTemp("allow.json", JSON.stringify({ allow: [{ resource: "x" }] }));
    assert.throws(() => run(clusterReplace, "--config", config), /allow\[0\]\.reason: missing/);
  });

  it("as the CLI: stdin, exit 1 on findings, 2 on unreadable input", function () {
    this.timeout(120_000);
    const script = path.join(ROOT, "scripts", "check-plan.ts");
    const cli = (input: string, ...args: string[]) =>
      spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", script, ...args], {
        cwd: ROOT,
        input,
        encoding: "utf8",
      });
    const r = cli(clusterReplace, "-");
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /cluster-replaced/);
    const bad = cli("", "/nonexistent.json");
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /error: preview JSON \/nonexistent\.json: cannot read it \(ENOENT\)/);
  });
});
