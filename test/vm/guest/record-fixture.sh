# shellcheck shell=bash
# Runs in the guest (piped by test/vm/record-fixtures): captures the real command outputs
# the product parses and writes them to stdout as a tar archive.
set -euo pipefail
LVS_FIELDS=lv_name,vg_name,lv_full_name,lv_path,lv_attr,lv_tags,origin,pool_lv,lv_size,data_percent,metadata_percent,lv_time,lv_uuid,lv_active,lv_skip_activation,lv_permissions,segtype
VGS_FIELDS=vg_name,vg_tags,vg_size,vg_free,vg_uuid
out=$(mktemp -d)
cd "$out"
lvs --reportformat json --units b --nosuffix -a -o "$LVS_FIELDS" >lvs.json
# The same report restricted to the tagged VG(s), as a discovery query would ask
# (in "empty" this is the real "no VG tagged" output).
lvs --reportformat json --units b --nosuffix -a -o "$LVS_FIELDS" --select 'vg_tags=imgbased:vg' >lvs-tagged.json
vgs --reportformat json --units b --nosuffix -o "$VGS_FIELDS" >vgs.json
# The page's own lvs (src/host/inventory.ts): its LV fields with the VG fields, and vgs at the
# same moment to compare with.
lvs --reportformat json --units b --nosuffix -a -o "lv_name,vg_name,lv_full_name,lv_path,lv_attr,lv_tags,origin,pool_lv,segtype,lv_size,data_percent,metadata_percent,lv_time,lv_uuid,vg_tags,vg_size,vg_free,vg_uuid" >lvs-vg-fields.json
vgs --reportformat json --units b --nosuffix -o "$VGS_FIELDS" >vgs-same-moment.json
# What a job's first step reads to see that nothing changed since its plan (preconditions.ts).
for vg in $(lvs --noheadings -o vg_name -S 'lv_tags=imgbased:pool' 2>/dev/null); do
    lvs --noheadings --separator ' ' -o lv_name,lv_tags -- "$vg" >lvs-name-tags.txt
done
findmnt -J -o SOURCE,TARGET,FSTYPE,OPTIONS / >findmnt.json
cat /proc/self/mountinfo >mountinfo
findmnt -J -b -o SOURCE,TARGET,FSTYPE,SIZE,AVAIL /boot >findmnt-boot.json
cp /boot/grub/grubenv grubenv
cp /boot/grub/grub.cfg grub.cfg
mkdir entries
cp -a /boot/loader/entries/. entries/
uname -r >uname-r
cat /proc/cmdline >proc-cmdline
# The "no permission" case: lvs as a user without root (Cockpit without admin access).
rc=0
su viewer -s /bin/sh -c "lvs --reportformat json --units b --nosuffix -a -o $LVS_FIELDS" \
    >viewer.out 2>viewer.err </dev/null || rc=$?
{
    echo "# su viewer -c 'lvs --reportformat json --units b --nosuffix -a -o $LVS_FIELDS'"
    echo "exit: $rc"
    echo "--- stdout"
    cat viewer.out
    echo "--- stderr"
    cat viewer.err
} >viewer-lvs.txt
rm -f viewer.out viewer.err
printf '%s\n' "$LVS_FIELDS" >lvs-fields.txt
tar -cf - .
cd /
rm -rf "$out"
