#!/bin/bash
# Runs inside the build helper VM (as run.sh of the job archive, see lab-job-init.sh):
# lays out the node disk like an image-based node set up by imgbased (vm-lab.md §3c,
# imgbased.md §1). The host has no device-mapper, so all LVM work happens here.
#   /dev/disk/by-id/virtio-node     the node disk, MBR already written on the host:
#                                   part 1 = /boot (ext4, label boot), part 2 = LVM PV
#   /dev/disk/by-id/virtio-rootimg  root.img, the ext4 filesystem built by mmdebstrap
# Job files: boot-entries.sh, lvm-lib.sh, kver, boot/ (kernel, initrd, config, System.map).
set -euo pipefail
here=$(pwd)
# shellcheck source=../guest/boot-entries.sh
. ./boot-entries.sh
# shellcheck source=../guest/lvm-lib.sh
. ./lvm-lib.sh

VG=nodevg
BASE=debian-node-12.0-1
LAYER=$BASE+1
ROOT_SIZE=6G        # virtual size of root/base/layers (thin)
POOL_SIZE=9G        # leaves ~2.4 GiB of the 11.5 GiB PV free, so the pool can grow
KVER=$(cat kver)
disk=$(readlink -f /dev/disk/by-id/virtio-node)
src=$(readlink -f /dev/disk/by-id/virtio-rootimg)
t0=$EPOCHREALTIME
step() { awk -v a="$EPOCHREALTIME" -v b="$t0" -v m="$*" 'BEGIN { printf "STEP %6.1fs %s\n", a - b, m }'; }

step "lvm: VG $VG, pool, root"
pvcreate -qq "${disk}2"
vgcreate -qq --addtag imgbased:vg "$VG" "${disk}2"
lvcreate -qq -y --type thin-pool -L "$POOL_SIZE" -n pool --addtag imgbased:pool "$VG"
# The installer's root LV (imgbased:init), filled with the built filesystem.
lvcreate -qq -y -V "$ROOT_SIZE" -T "$VG/pool" -n root --addtag imgbased:init
udevadm settle

step "copy root.img -> $VG/root (e2image -ra: only blocks in use)"
e2image -ra -p "$src" "/dev/$VG/root" 2>&1 | tail -n 1
resize2fs -f "/dev/$VG/root" >/dev/null 2>&1
step "copied"

# protect_init_lv(): read-only, skipped, inactive.
lab_protect "$VG/root"

step "base $BASE: thin snapshot of root, read-only, -k y, inactive"
lvcreate -qq -s "$VG/root" -n "$BASE" --addtag imgbased:base
lab_protect "$VG/$BASE"

step "layer $LAYER"
lab_make_layer "$VG" "$BASE" "$LAYER"

step "/boot: filesystem, kernel, entry, grub.cfg, grub-install"
mkfs.ext4 -q -F -L boot "${disk}1"
mkdir -p /mnt/boot
mount "${disk}1" /mnt/boot
# The distro's own kernel files live in /boot as on any Debian host ...
cp -a boot/. /mnt/boot/
# ... and each layer has its own copy (DESIGN §4).
lab_add_layer_boot /mnt/boot "$VG" "$LAYER" "$(lab_title "$LAYER")" "$KVER" "$here/boot"
grub-install --target=i386-pc --boot-directory=/mnt/boot "$disk" 2>&1 | grep -v '^Installing for' || true
[[ -s /mnt/boot/grub/i386-pc/core.img ]] || { echo "grub-install failed" >&2; exit 1; }
grub-editenv /mnt/boot/grub/grubenv create
grub-set-default --boot-directory=/mnt/boot "$(lab_boot_id "$LAYER")"
grub-editenv /mnt/boot/grub/grubenv list
umount /mnt/boot

lvs -a -o lv_name,lv_attr,origin,lv_tags,data_percent "$VG"
vgs -o vg_name,vg_tags,vg_size,vg_free "$VG"
# Deactivate so the thin pool metadata is committed before the helper powers off.
vgchange -qq -an "$VG"
sync
step "done"
