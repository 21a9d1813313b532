# shellcheck shell=bash
# LVM helpers that lay out bases and layers with imgbased's flags (imgbased.md §1.4, §3.4).
# Sourced by the build helper VM and by the scenarios; needs boot-entries.sh for nothing.

# lab_attr VG/LV -> lv_attr without padding
lab_attr() { lvs --noheadings -o lv_attr "$1" | tr -d ' '; }

# lab_protect VG/LV: imgbased's protect(): read-only, activation-skipped, inactive.
# `lvchange -p r` on an already read-only LV fails (P9), so look first.
lab_protect() {
    local lv=$1
    [[ $(lab_attr "$lv") == ?r* ]] || lvchange -qq -p r "$lv"
    lvchange -qq -k y "$lv"
    lvchange -qq -an -K "$lv"
}

# lab_new_fs_uuid DEV: a thin snapshot is a block-level clone, so give its ext4 a fresh
# UUID. tune2fs refuses when the fs was mounted since its last check; then fsck first
# (rc 1 = "errors corrected" is fine, as imgbased accepts it).
lab_new_fs_uuid() {
    local dev=$1 rc=0
    if ! tune2fs -U random "$dev" >/dev/null 2>&1; then
        e2fsck -fy "$dev" >/dev/null 2>&1 || rc=$?
        ((rc <= 1)) || { echo "e2fsck $dev failed: $rc" >&2; return 1; }
        tune2fs -U random "$dev" >/dev/null
    fi
}

# lab_set_fstab_root MNT DEV: point the "/" line of MNT/etc/fstab at DEV.
lab_set_fstab_root() {
    sed -i -E "s|^[^#[:space:]]+([[:space:]]+/[[:space:]])|$2\\1|" "$1/etc/fstab"
}

# lab_make_layer VG ORIGIN LAYER: a bootable layer: thin snapshot with activation skip
# off (-kn, P8), tag imgbased:layer, writable, active, fresh fs UUID, fstab root -> itself.
lab_make_layer() {
    local vg=$1 origin=$2 layer=$3 mnt
    lvcreate -qq -s "$vg/$origin" -n "$layer" -kn --addtag imgbased:layer
    [[ $(lab_attr "$vg/$layer") == ?w* ]] || lvchange -qq -p rw "$vg/$layer"
    lvchange -qq -ay "$vg/$layer"
    udevadm settle
    lab_new_fs_uuid "/dev/$vg/$layer"
    mnt=$(mktemp -d)
    mount "/dev/$vg/$layer" "$mnt"
    lab_set_fstab_root "$mnt" "/dev/$vg/$layer"
    umount "$mnt"
    rmdir "$mnt"
}

# lab_untag_nodevg: make the node look un-initialized (remove every imgbased:* tag in nodevg).
lab_untag_nodevg() {
    local lv tags t row rows
    vgchange -qq --deltag imgbased:vg nodevg
    # Read the list first: an open pipe inherited by lvchange makes it warn about leaked fds.
    mapfile -t rows < <(lvs --noheadings -o lv_name,lv_tags nodevg)
    for row in "${rows[@]}"; do
        read -r lv tags <<<"$row"
        for t in ${tags//,/ }; do
            if [[ $t == imgbased:* ]]; then lvchange -qq --deltag "$t" "nodevg/$lv"; fi
        done
    done
}
