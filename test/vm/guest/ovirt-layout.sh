# shellcheck shell=bash
# lab_ovirt_node_layout: an oVirt Node NG host's LVM layout on /dev/vdb, with exactly the
# flags and tags imgbased leaves (imgbased.md §1.1, §1.4, §1.6, §3.3, §3.4, §3.12):
#   anaconda thin autopart   VG onn_node1: swap (linear, untagged), pool00 (rest of the VG),
#                            root + separate volumes as thin LVs
#   imgbase layout --init    tags: VG imgbased:vg, pool00 imgbased:pool, root imgbased:init;
#                            initial base = snapshot of root, tagged imgbased:LAYER (sic),
#                            WRITABLE, -k y, inactive; its +1 layer; then root protected
#   imgbase update           new base = fresh thin LV tagged imgbased:base, read-only, -k y,
#                            inactive (no origin); its +1 layer
#   volumes                  var, var_log, var_log_audit, var_crash, home, tmp: thin,
#                            tagged imgbased:volume (no filesystem: nothing mounts them)
# Filesystems: root and the new base get a small ext4 with the image's NVR file, so layer
# diffs have something to read. Sizes are virtual (thin) and small.
lab_ovirt_node_layout() {
    local vg=onn_node1 pool=pool00 dev mnt
    local old=ovirt-node-ng-4.5.4-0.20230101.0 new=ovirt-node-ng-4.5.5-0.20230614.0
    dev=$(readlink -f /dev/disk/by-id/virtio-data)

    # --- what anaconda creates
    pvcreate -qq "$dev"
    vgcreate -qq "$vg" "$dev"
    lvcreate -qq -y -L 1G -n swap "$vg"
    # thin autopart gives the pool the whole rest of the VG
    lvcreate -qq -y --type thin-pool -l 100%FREE -n "$pool" "$vg"
    lvcreate -qq -y -V 6G -T "$vg/$pool" -n root
    local v size
    for v in var:5G var_log:8G var_log_audit:2G var_crash:10G home:1G tmp:1G; do
        size=${v#*:}
        lvcreate -qq -y -V "$size" -T "$vg/$pool" -n "${v%%:*}" --addtag imgbased:volume
    done
    udevadm settle
    mkfs.ext4 -q -E discard /dev/$vg/root
    mnt=$(mktemp -d)
    mount "/dev/$vg/root" "$mnt"
    mkdir -p "$mnt/usr/share/imgbase/build/meta" "$mnt/etc"
    echo "$old" >"$mnt/usr/share/imgbase/build/meta/nvr"
    printf '/dev/%s/root / ext4 defaults,discard 0 1\n' "$vg" >"$mnt/etc/fstab"
    umount "$mnt"

    # --- imgbase layout --init
    vgchange -qq --addtag imgbased:vg "$vg"
    lvchange -qq --addtag imgbased:pool "$vg/$pool"
    lvchange -qq --addtag imgbased:init "$vg/root"
    lvcreate -qq -s "$vg/root" -n "$old" --addtag imgbased:layer
    lvchange -qq -k y "$vg/$old"
    lvchange -qq -an -K "$vg/$old"
    lab_make_layer "$vg" "$old" "$old+1"
    lab_protect "$vg/root"

    # --- imgbase update: add_base() + protect(), filled while unprotected, then its layer
    lvcreate -qq -y -V 6G -T "$vg/$pool" -n "$new" --addtag imgbased:base
    udevadm settle
    mkfs.ext4 -q -E discard "/dev/$vg/$new"
    mount "/dev/$vg/$new" "$mnt"
    mkdir -p "$mnt/usr/share/imgbase/build/meta" "$mnt/etc"
    echo "$new" >"$mnt/usr/share/imgbase/build/meta/nvr"
    printf '/dev/%s/root / ext4 defaults,discard 0 1\n' "$vg" >"$mnt/etc/fstab"
    umount "$mnt"
    rmdir "$mnt"
    lab_protect "$vg/$new"
    lab_make_layer "$vg" "$new" "$new+1"

    lvs -a -o lv_name,lv_attr,origin,lv_tags,lv_size "$vg"
}
