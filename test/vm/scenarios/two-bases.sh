# shellcheck shell=bash
# Scenario "two-bases": an "upgraded, not yet rebooted" node.
#   debian-node-12.0-1     base (as built)      +1 (booted), +2 (new layer on the old base)
#   debian-node-12.1-1     newer base           +1 (the boot default, not booted)
#   scratch                a foreign, untagged thin LV in the pool
# The new base is a thin snapshot of the old one (fast stand-in for filling a new LV from
# an image), with its own fs UUID and NVR, then protected like a base.
VG=nodevg OLD=debian-node-12.0-1 NEW=debian-node-12.1-1
KVER=$(uname -r)

lvcreate -qq -s "$VG/$OLD" -n "$NEW" --addtag imgbased:base
[[ $(lab_attr "$VG/$NEW") == ?w* ]] || lvchange -qq -p rw "$VG/$NEW"
lvchange -qq -ay -K "$VG/$NEW"
udevadm settle
lab_new_fs_uuid "/dev/$VG/$NEW"
mnt=$(mktemp -d)
mount "/dev/$VG/$NEW" "$mnt"
echo "$NEW" >"$mnt/usr/share/imgbase/build/meta/nvr"
mkdir -p "$mnt/usr/share/imgbased-lab"
echo "only in $NEW" >"$mnt/usr/share/imgbased-lab/new-in-12.1"
umount "$mnt"
rmdir "$mnt"
lab_protect "$VG/$NEW"

lab_make_layer "$VG" "$NEW" "$NEW+1"
lab_make_layer "$VG" "$OLD" "$OLD+2"
lvcreate -qq -y -V 1G -T "$VG/pool" -n scratch

for layer in "$NEW+1" "$OLD+2"; do
    lab_add_layer_boot /boot "$VG" "$layer" "$(lab_title "$layer")" "$KVER" /boot
done
grub-set-default "$(lab_boot_id "$NEW+1")"
grub-editenv list
lvs -o lv_name,lv_attr,origin,lv_tags "$VG"
