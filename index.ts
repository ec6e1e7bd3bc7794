import * as pulumi from "@pulumi/pulumi";
import { pinImagesCommand } from "./core/commands";
import { ConfigError } from "./core/configError";
import { declareCluster } from "./program/cluster";
import { blueGreenPoolOutputs, declareBlueGreenPools } from "./program/blueGreenPools";
import { declareNodePools } from "./program/nodePools";
import { declareSampleWorkload } from "./program/sampleWorkload";
import { ValidatedStackConfig, validateStackConfig } from "./program/stackConfig";
import { declareWorkerIpBackends } from "./program/workerIpBackends";

// Validate every key before registering anything: a bad config changes nothing.
function loadSettings(): ValidatedStackConfig {
  try {
    const config = pulumi.runtime.allConfig();
    const region = config["oci:region"];
    return validateStackConfig(config, `stack "${pulumi.getStack()}" config`, {
      pinCommand: pinImagesCommand({ stack: pulumi.getStack(), ...(region ? { region } : {}) }),
    });
  } catch (e) {
    if (e instanceof ConfigError) throw new pulumi.RunError(e.message);
    throw e;
  }
}

const settings = loadSettings();
const cluster = declareCluster(settings);
const pools = declareNodePools(settings, cluster);
const blueGreenPairs = declareBlueGreenPools(settings, cluster);
const sample = declareSampleWorkload(settings, cluster, blueGreenPairs);
declareWorkerIpBackends(settings, pools);

export const clusterId = cluster.id;
export const controlPlaneVersion = settings.config.kubernetesVersion;
/** Per pool: its id, version, pinned image and where that image stands against the catalog. */
export const nodePools = Object.fromEntries(
  pools.map((p) => [
    p.poolName,
    {
      id: p.nodePoolId,
      kubernetesVersion: p.kubernetesVersion,
      imageId: p.imageId,
      imageSourceName: p.imageSourceName,
      imageStatus: p.imageStatus,
      replacementImageId: p.replacementImageId,
      replacementSourceName: p.replacementSourceName,
      cycleMode: p.cycleMode,
    },
  ]),
);
/** Per blue/green pair: the active colour, its node selector for workloads, and each colour's pool. */
export const blueGreenPools = blueGreenPoolOutputs(blueGreenPairs);
/** The sample workload (oke-pools:sampleWorkload), when enabled: where its pods are placed. */
export const sampleWorkload = sample
  ? {
      enabled: true,
      name: sample.settings.name,
      namespace: sample.settings.namespace,
      followPair: sample.settings.followPair,
      nodeSelector: sample.nodeSelector,
    }
  : { enabled: false };
