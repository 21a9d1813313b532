# shellcheck shell=bash
# Scenario "ovirt-node": an oVirt Node NG layout on /dev/vdb NEXT TO the node's own tagged
# nodevg, so two VGs carry imgbased:vg (an intended error case: imgbased asserts exactly one).
lab_ovirt_node_layout
