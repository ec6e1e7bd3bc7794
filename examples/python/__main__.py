"""Two okepools components from Python.

Generate the SDK once, from this directory (after `npm ci` at the repository root):

    pulumi package add ../../provider

which writes the `pulumi_okepools` SDK under sdks/ and adds it to requirements.txt.
"""

import pulumi
import pulumi_okepools as okepools

config = pulumi.Config()
cluster = okepools.OkeClusterRefArgs(
    id=config.require("clusterId"), kubernetes_version="v1.35.2"
)
placement = [
    okepools.PlacementArgsArgs(
        availability_domain="Uocm:PHX-AD-1", subnet_id=config.require("workerSubnetId")
    )
]

general = okepools.OkeNodePool(
    "general",
    cluster=cluster,
    compartment_id=config.require("compartmentId"),
    placement=placement,
    shape="VM.Standard.E5.Flex",
    ocpus=2,
    memory_in_gbs=16,
    size=3,
    image=okepools.ImageArgsArgs(
        image_id="ocid1.image.oc1.phx.aaaaaaaaejbgchcccecibcadjehbeegjhhgagdbbdbicdeeacfceidfbafee",
        source_name="Oracle-Linux-8.10-2026.10.20-1-OKE-1.35.2-1580",
    ),
    cycling=okepools.CyclingArgsArgs(mode=okepools.CycleMode.BOOT_VOLUME_REPLACE),
)

web = okepools.BlueGreenNodePool(
    "web",
    cluster=cluster,
    compartment_id=config.require("compartmentId"),
    placement=placement,
    active=okepools.Colour.BLUE,
    canary_size=1,
    blue=okepools.BlueGreenColourArgsArgs(
        shape="VM.Standard.E5.Flex",
        ocpus=2,
        memory_in_gbs=16,
        size=3,
        image=okepools.ImageArgsArgs(
            image_id="ocid1.image.oc1.phx.aaaaaaaaiajedajdcfeafcccccecddfdhadjbahaieadfadaciahacfgbgda",
            source_name="Oracle-Linux-8.10-2026.06.15-0-OKE-1.35.2-1505",
        ),
    ),
    green=okepools.BlueGreenColourArgsArgs(
        shape="VM.Standard.E5.Flex",
        ocpus=2,
        memory_in_gbs=16,
        size=3,
        role=okepools.ColourRole.CANARY,
        image=okepools.ImageArgsArgs(
            image_id="ocid1.image.oc1.phx.aaaaaaaaejbgchcccecibcadjehbeegjhhgagdbbdbicdeeacfceidfbafee",
            source_name="Oracle-Linux-8.10-2026.10.20-1-OKE-1.35.2-1580",
        ),
    ),
)

pulumi.export("general_image_status", general.image_status)
pulumi.export("web_active_node_selector", web.active_node_selector)
