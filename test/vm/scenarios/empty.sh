# shellcheck shell=bash
# Scenario "empty": no image layout. The host looks un-initialized: nodevg keeps its thin
# LVs (the booted root stays a thin LV) but loses every imgbased:* tag, and a second VG
# with only foreign LVs (thin pool, thin LV, plain linear LV, all untagged) is on /dev/vdb.
lab_untag_nodevg
dev=$(readlink -f /dev/disk/by-id/virtio-data)
pvcreate -qq "$dev"
vgcreate -qq datavg "$dev"
lvcreate -qq -y --type thin-pool -L 8G -n pool datavg
lvcreate -qq -y -V 2G -T datavg/pool -n thinvol
lvcreate -qq -y -L 1G -n plain datavg
lvs -o lv_full_name,lv_attr,lv_tags
