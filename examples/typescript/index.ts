import * as pulumi from "@pulumi/pulumi";
import { BlueGreenNodePool, OkeNodePool } from "okepools";

// In a real program these come from stack config or from the cluster's resource.
const config = new pulumi.Config();
const cluster = {
  id: config.get("clusterId") ?? "ocid1.cluster.oc1.phx.aaaaaaaaexampleclusteraaaaaaaaaa",
  kubernetesVersion: config.get("kubernetesVersion") ?? "v1.35.2",
};
const compartmentId =
  config.get("compartmentId") ?? "ocid1.compartment.oc1..aaaaaaaaexamplecompartmentaaaa";
const placement = [
  {
    availabilityDomain: "Uocm:PHX-AD-1",
    subnetId: config.get("workerSubnetId") ?? "ocid1.subnet.oc1.phx.aaaaaaaaexampleworkersaaaaaaa",
  },
];

const general = new OkeNodePool("general", {
  cluster,
  compartmentId,
  placement,
  shape: "VM.Standard.E5.Flex",
  ocpus: 2,
  memoryInGbs: 16,
  size: 3,
  image: {
    imageId: "ocid1.image.oc1.phx.aaaaaaaaejbgchcccecibcadjehbeegjhhgagdbbdbicdeeacfceidfbafee",
    sourceName: "Oracle-Linux-8.10-2026.10.20-1-OKE-1.35.2-1580",
  },
});

const arm = new OkeNodePool("arm", {
  cluster,
  compartmentId,
  placement,
  shape: "VM.Standard.A1.Flex",
  ocpus: 4,
  memoryInGbs: 24,
  size: 2,
  // An older pin: imageStatus says "update-available" and names the replacement.
  image: {
    imageId: "ocid1.image.oc1.phx.aaaaaaaaaaeeffgadaccdcffgahdceeheaidhbcgccjfdcfcedbbedgejghf",
    sourceName: "Oracle-Linux-8.10-aarch64-2026.06.15-0-OKE-1.35.2-1505",
  },
  cycling: { mode: "INSTANCE_REPLACE", maximumSurge: "1", maximumUnavailable: "0" },
  preserveNodeIdentity: false,
});

const web = new BlueGreenNodePool("web", {
  cluster,
  compartmentId,
  placement,
  active: "blue",
  canarySize: 1,
  blue: {
    shape: "VM.Standard.E5.Flex",
    ocpus: 2,
    memoryInGbs: 16,
    size: 3,
    image: {
      imageId: "ocid1.image.oc1.phx.aaaaaaaaiajedajdcfeafcccccecddfdhadjbahaieadfadaciahacfgbgda",
      sourceName: "Oracle-Linux-8.10-2026.06.15-0-OKE-1.35.2-1505",
    },
  },
  green: {
    shape: "VM.Standard.E5.Flex",
    ocpus: 2,
    memoryInGbs: 16,
    size: 3,
    role: "canary",
    image: {
      imageId: "ocid1.image.oc1.phx.aaaaaaaaejbgchcccecibcadjehbeegjhhgagdbbdbicdeeacfceidfbafee",
      sourceName: "Oracle-Linux-8.10-2026.10.20-1-OKE-1.35.2-1580",
    },
  },
});

export const imageStatus = {
  general: general.imageStatus,
  arm: arm.imageStatus,
  armReplacement: arm.replacementSourceName,
};
export const webActiveNodeSelector = web.activeNodeSelector;
