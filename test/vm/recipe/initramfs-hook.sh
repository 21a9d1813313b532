#!/bin/sh
# Installed as /etc/initramfs-tools/hooks/imgbased-lab (before the kernel package, so the
# initrd is generated only once). With MODULES=list the initrd holds only what we name
# here (plus what the lvm2/thin hooks add): ~11 MiB instead of ~39 MiB, faster to load under TCG.
PREREQ=""
prereqs() { echo "$PREREQ"; }
case "$1" in prereqs) prereqs; exit 0 ;; esac
# shellcheck source=/dev/null
. /usr/share/initramfs-tools/hook-functions
for m in virtio_pci virtio_blk virtio_net virtio_scsi crc32c_generic ext4 xfs \
         dm_mod dm_thin_pool dm_snapshot; do
    manual_add_modules "$m"
done
