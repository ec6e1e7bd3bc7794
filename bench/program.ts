/**
 * The benchmark's program: the project's real program (index.ts: cluster, OkeNodePools,
 * BlueGreenNodePools, sample workload, worker-IP backends, all from the stack config) plus the
 * Kubernetes workloads of `bench:workloads` (bench/generate.ts): one Deployment and one
 * PodDisruptionBudget each, through a Kubernetes provider built from the cluster's kubeconfig,
 * as program/sampleWorkload.ts does. The stack config has no key for many workloads, so they
 * live here, not in the project's program. Like the pools (oke-pools:nodePoolsFile), they are in
 * a JSON file of their own, `bench:workloadsFile`: the stack config must fit in PULUMI_CONFIG.
 */
import * as fs from "fs";
import * as path from "path";
import * as k8s from "@pulumi/kubernetes";
import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import { clusterId } from "../index";
import type { BenchWorkload } from "./generate";

export * from "../index";

const workloadsFile = new pulumi.Config("bench").get("workloadsFile");
const workloads: BenchWorkload[] = workloadsFile
  ? (JSON.parse(
      fs.readFileSync(path.resolve(__dirname, "..", workloadsFile), "utf8"),
    ) as BenchWorkload[])
  : [];

if (workloads.length > 0) {
  // Unknown during a preview, so no invoke is made (like the sample workload's provider).
  const kubeconfig = oci.containerengine.getClusterKubeConfigOutput({ clusterId });
  const provider = new k8s.Provider("bench-k8s", { kubeconfig: kubeconfig.content });
  for (const w of workloads) {
    const labels = {
      "app.kubernetes.io/name": w.name,
      "app.kubernetes.io/part-of": "oke-pools-bench",
    };
    const metadata = { name: w.name, namespace: w.namespace, labels };
    new k8s.apps.v1.Deployment(
      w.name,
      {
        metadata,
        spec: {
          replicas: w.replicas,
          selector: { matchLabels: labels },
          strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
          template: {
            metadata: { labels },
            spec: {
              nodeSelector: { ...w.nodeSelector },
              containers: [
                {
                  name: "app",
                  image: "nginx:1.27",
                  ports: [{ name: "http", containerPort: 80 }],
                  resources: { requests: { cpu: "50m", memory: "64Mi" } },
                },
              ],
            },
          },
        },
      },
      { provider },
    );
    new k8s.policy.v1.PodDisruptionBudget(
      w.name,
      { metadata, spec: { selector: { matchLabels: labels }, ...w.budget } },
      { provider },
    );
  }
}
