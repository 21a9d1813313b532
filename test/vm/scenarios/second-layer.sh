# shellcheck shell=bash
# Scenario "second-layer": a second bootable layer on the node's base, as Add layer leaves it.
#   debian-node-12.0-1     base (as built)     +1 (booted, the boot default), +2 (kernel copy,
#                                                BLS entry, in GRUB's menu; neither default nor next)
VG=nodevg BASE=debian-node-12.0-1
lab_make_layer "$VG" "$BASE" "$BASE+2"
lab_add_layer_boot /boot "$VG" "$BASE+2" "$(lab_title "$BASE+2")" "$(uname -r)" /boot
grub-editenv list
lvs -o lv_name,lv_attr,origin,lv_tags "$VG"
