import * as k8s from "@pulumi/kubernetes";
import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import { BlueGreenNodePool } from "../components/blueGreenNodePool";
import { ValidatedSampleWorkload } from "./blueGreenConfig";
import { ValidatedStackConfig } from "./stackConfig";

export interface SampleWorkload {
  readonly provider: k8s.Provider;
  readonly deployment: k8s.apps.v1.Deployment;
  readonly budget: k8s.policy.v1.PodDisruptionBudget;
  readonly service: k8s.core.v1.Service;
  /** The node selector the pods were given: the followed pair's active colour. */
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly settings: ValidatedSampleWorkload;
}

/**
 * `oke-pools:sampleWorkload`: an nginx Deployment, its PodDisruptionBudget and a Service, placed
 * on the followed pair's active colour through a Kubernetes provider built from the cluster's
 * kubeconfig. Switching the pair's `active` colour moves the pods: the Deployment's node selector
 * changes, and it waits for the new colour's NodePool, so pods are only moved once that pool has
 * finished creating or updating. The budget always allows one eviction (checked with the stack
 * config), so OKE's drain of the old colour makes progress.
 */
export function declareSampleWorkload(
  settings: ValidatedStackConfig,
  cluster: oci.containerengine.Cluster,
  pairs: readonly BlueGreenNodePool[],
): SampleWorkload | undefined {
  const w = settings.sampleWorkload;
  if (!w) return undefined;
  const pair = pairs.find((p) => p.pairName === w.followPair);
  if (!pair) throw new Error(`sampleWorkload follows pair ${w.followPair}, which is not declared`); // validateStackConfig refuses this first

  const kubeconfig = oci.containerengine.getClusterKubeConfigOutput({ clusterId: cluster.id });
  const provider = new k8s.Provider(`${settings.config.clusterName}-k8s`, {
    kubeconfig: kubeconfig.content,
  });
  const labels = {
    "app.kubernetes.io/name": w.name,
    "app.kubernetes.io/part-of": "oke-pools-sample",
  };
  const metadata = { name: w.name, namespace: w.namespace, labels };
  const opts: pulumi.CustomResourceOptions = { provider };

  const deployment = new k8s.apps.v1.Deployment(
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
            nodeSelector: { ...pair.activeNodeSelector },
            topologySpreadConstraints: [
              {
                maxSkew: 1,
                topologyKey: "kubernetes.io/hostname",
                whenUnsatisfiable: "ScheduleAnyway",
                labelSelector: { matchLabels: labels },
              },
            ],
            containers: [
              {
                name: "nginx",
                image: w.image,
                ports: [{ name: "http", containerPort: 80 }],
                readinessProbe: { httpGet: { path: "/", port: "http" }, periodSeconds: 5 },
                resources: {
                  requests: { cpu: "50m", memory: "64Mi" },
                  limits: { memory: "128Mi" },
                },
              },
            ],
          },
        },
      },
    },
    // Pods move to the active colour only once its pool has finished creating or updating.
    { ...opts, dependsOn: [pair.activePool.nodePool] },
  );
  const budget = new k8s.policy.v1.PodDisruptionBudget(
    w.name,
    { metadata, spec: { selector: { matchLabels: labels }, ...w.budget } },
    opts,
  );
  const service = new k8s.core.v1.Service(
    w.name,
    {
      metadata,
      spec: {
        type: "ClusterIP",
        selector: labels,
        ports: [{ name: "http", port: 80, targetPort: "http" }],
      },
    },
    opts,
  );
  return {
    provider,
    deployment,
    budget,
    service,
    nodeSelector: pair.activeNodeSelector,
    settings: w,
  };
}
