# shellcheck shell=bash
# Scenario "empty": no image layout. The host looks un-initialized: nodevg keeps its thin
# LVs (the booted root stays a thin LV) but loses every imgbased:* tag, and a second VG
# with only foreign LVs (thin pool, thin LV, plain linear LV, all untagged) is on /dev/vdb.
# GRUB is as Debian's installer leaves it: GRUB_DEFAULT=0 and the menu update-grub made from it
# (Debian's own entry for the kernel in /boot, no entry of ours, grubenv not consulted for the
# default), so that Initialize's reboot proves our drop-in and update-grub make it boot the
# saved default.
lab_untag_nodevg
sed -i 's/^GRUB_DEFAULT=.*/GRUB_DEFAULT=0/' /etc/default/grub
update-grub 2>&1
grep -q 'set default="0"' /boot/grub/grub.cfg
dev=$(readlink -f /dev/disk/by-id/virtio-data)
pvcreate -qq "$dev"
vgcreate -qq datavg "$dev"
lvcreate -qq -y --type thin-pool -L 8G -n pool datavg
lvcreate -qq -y -V 2G -T datavg/pool -n thinvol
lvcreate -qq -y -L 1G -n plain datavg
lvs -o lv_full_name,lv_attr,lv_tags
