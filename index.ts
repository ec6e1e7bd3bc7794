import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "./core/configError";
import { declareCluster } from "./program/cluster";
import { declareNodePools } from "./program/nodePools";
import { ValidatedStackConfig, validateStackConfig } from "./program/stackConfig";

// Validate every key before registering anything: a bad config changes nothing.
function loadSettings(): ValidatedStackConfig {
  try {
    return validateStackConfig(pulumi.runtime.allConfig(), `stack "${pulumi.getStack()}" config`);
  } catch (e) {
    if (e instanceof ConfigError) throw new pulumi.RunError(e.message);
    throw e;
  }
}

const settings = loadSettings();
const cluster = declareCluster(settings);
const pools = declareNodePools(settings, cluster);

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
