# shellcheck shell=bash
# Scenario "ovirt-node-only": the oVirt Node NG layout on /dev/vdb is the only tagged VG
# (nodevg is untagged first; the booted root stays nodevg's thin LV).
lab_untag_nodevg
lab_ovirt_node_layout
