# shellcheck shell=bash
# Boot entries the way DESIGN §4 describes them for Debian (GRUB without BLS support):
# one BLS file per layer in BOOT/loader/entries/ is the source of truth, kernel and initrd
# live in BOOT/<layer>/, and grub.cfg is generated from the entry files. This generator is
# the lab's stand-in for the product's own /etc/grub.d snippet. Sourced (not run) by the
# build helper VM (BOOT=/mnt/boot) and by the scenarios in the booted node (BOOT=/boot).
# Every function takes BOOT, the mounted root of the boot partition, explicitly.

# lab_boot_id LAYER -> "imgbased-<layer>" with a trailing "+N" rewritten to "_N": entry
# file names must not end in +<digits> (that is boot-counting syntax).
lab_boot_id() {
    local name=$1
    if [[ $name =~ ^(.*)\+([0-9]+)$ ]]; then
        name="${BASH_REMATCH[1]}_${BASH_REMATCH[2]}"
    fi
    printf 'imgbased-%s\n' "$name"
}

# lab_write_file DEST: stdin -> DEST atomically (temp file in the same dir, fsync, rename).
lab_write_file() {
    local dest=$1 tmp
    tmp=$(mktemp "$(dirname "$dest")/.tmp.XXXXXX")
    cat >"$tmp"
    chmod 0644 "$tmp"
    sync "$tmp"
    mv -f "$tmp" "$dest"
}

# lab_install_kernel BOOT LAYER KVER SRC_DIR: copy vmlinuz-KVER and initrd.img-KVER from
# SRC_DIR into BOOT/LAYER/.
lab_install_kernel() {
    local boot=$1 layer=$2 kver=$3 src=$4 f
    mkdir -p "$boot/$layer"
    for f in "vmlinuz-$kver" "initrd.img-$kver"; do
        lab_write_file "$boot/$layer/$f" <"$src/$f"
    done
}

# lab_write_entry BOOT VG LAYER TITLE KVER: write BOOT/loader/entries/<id>.conf.
# "version" is the kernel version, as BLS/grubby use it; the layer is in img.bootid.
lab_write_entry() {
    local boot=$1 vg=$2 layer=$3 title=$4 kver=$5 id
    id=$(lab_boot_id "$layer")
    mkdir -p "$boot/loader/entries"
    lab_write_file "$boot/loader/entries/$id.conf" <<EOF
title $title
version $kver
linux /$layer/vmlinuz-$kver
initrd /$layer/initrd.img-$kver
options root=/dev/$vg/$layer rd.lvm.lv=$vg/$layer ro console=ttyS0,115200 net.ifnames=0 quiet img.bootid=$layer
EOF
}

# lab_grub_quote STRING -> STRING in single quotes for grub.cfg
lab_grub_quote() {
    local s=$1 q="'\\''"
    printf "'%s'" "${s//\'/$q}"
}

# lab_write_grub_cfg BOOT: regenerate BOOT/grub/grub.cfg from the entry files (newest
# version first). Default: ${next_entry} once (grub-reboot), else ${saved_entry}
# (grub-set-default), as Debian's 00_header does.
lab_write_grub_cfg() {
    local boot=$1 f id key val title linux initrd options
    mkdir -p "$boot/grub"
    {
        cat <<'EOF'
# Generated from /boot/loader/entries by the imgbased lab (test/vm/guest/boot-entries.sh).
serial --unit=0 --speed=115200
terminal_input serial console
terminal_output serial console
insmod part_msdos
insmod ext2
set timeout=1
if [ -s $prefix/grubenv ]; then
  load_env
fi
if [ "${next_entry}" ]; then
  set default="${next_entry}"
  set next_entry=
  save_env next_entry
  set boot_once=true
elif [ "${saved_entry}" ]; then
  set default="${saved_entry}"
fi
EOF
        while IFS= read -r f; do
            [[ -n $f ]] || continue
            id=$(basename "$f" .conf)
            title=$id linux='' initrd='' options=''
            while read -r key val; do
                case $key in
                    title) title=$val ;;
                    linux) linux=$val ;;
                    initrd) initrd=$val ;;
                    options) options=$val ;;
                esac
            done <"$f"
            printf '\nmenuentry %s --id %s {\n  linux %s %s\n  initrd %s\n}\n' \
                "$(lab_grub_quote "$title")" "$id" "$linux" "$options" "$initrd"
        done < <(find "$boot/loader/entries" -maxdepth 1 -name '*.conf' -printf '%p\n' 2>/dev/null | sort -rV)
    } | lab_write_file "$boot/grub/grub.cfg"
}

# lab_add_layer_boot BOOT VG LAYER TITLE KVER SRC_DIR: kernel files + entry + grub.cfg.
lab_add_layer_boot() {
    local boot=$1 vg=$2 layer=$3 title=$4 kver=$5 src=$6
    lab_install_kernel "$boot" "$layer" "$kver" "$src"
    lab_write_entry "$boot" "$vg" "$layer" "$title" "$kver"
    lab_write_grub_cfg "$boot"
}

# lab_title LAYER -> "Debian Node 12.0-1 (debian-node-12.0-1+1)" for debian-node-* names.
lab_title() {
    local layer=$1 base=${1%+*} ver
    ver=${base#debian-node-}
    printf 'Debian Node %s (%s)\n' "$ver" "$layer"
}
