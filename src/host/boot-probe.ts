// The boot probe: one POSIX sh script that prints everything the model needs to know about the
// boot loader, in one round trip (run as `sh -c SCRIPT` with superuser "try"). The model parses it
// in src/model/boot.ts (parseBootProbe, readBootState).
//
// Output: records, each a header line "@@imgbased-probe <kind> <name>" followed by raw content and
// one extra newline, which the parser removes again, so a file without a final newline is still
// read exactly and the next header always starts a line. Kinds:
//   info efi            "yes" or "no": booted through UEFI
//   file <path>         the file's bytes; absent files print nothing
//   cmd bootctl-list    `bootctl list --json=short`, only when systemd-boot is installed
//   efivar <name>       systemd-boot's LoaderEntryDefault / LoaderEntryOneShot as text, if set
//                       (`bootctl list` folds the one-shot entry into "isDefault")
//
// Paths come from globs and are always quoted, so names with spaces are fine; a name with a
// newline would break the header line and is skipped. An optional first argument is a directory
// read in place of "/" (for tests); it is not part of the printed paths.

import { PROBE_HEADER_SH, SYSTEMD_BOOT_VENDOR } from "../model/boot.ts";

export const BOOT_PROBE_SCRIPT = String.raw`
root=$1
nl='
'
${PROBE_HEADER_SH}
emit_file() {
    case $1 in *"$nl"*) return 0 ;; esac
    [ -f "$root$1" ] && [ -r "$root$1" ] || return 0
    header file "$1"
    cat -- "$root$1"
    echo
}

header info efi
if [ -d "$root/sys/firmware/efi" ]; then printf yes; else printf no; fi
echo

for f in /boot/grub/grubenv /boot/grub2/grubenv /boot/grub/grub.cfg /boot/grub2/grub.cfg /etc/default/grub; do
    emit_file "$f"
done
# cd, so the glob yields bare names (the root argument is absolute); an unmatched glob stays
# literal and is dropped by the -f test in emit_file().
for dir in /boot/loader/entries /efi/loader/entries /boot/efi/loader/entries; do
    cd "$root$dir" 2>/dev/null || continue
    for name in *.conf; do
        emit_file "$dir/$name"
    done
done

if command -v bootctl >/dev/null 2>&1 && bootctl is-installed >/dev/null 2>&1; then
    header cmd bootctl-list
    bootctl list --json=short 2>/dev/null
    echo
    for var in LoaderEntryDefault LoaderEntryOneShot; do
        f=$root/sys/firmware/efi/efivars/$var-${SYSTEMD_BOOT_VENDOR}
        [ -r "$f" ] || continue
        header efivar "$var"
        # 4 bytes of attributes, then a NUL-terminated UTF-16LE string; ids are ASCII.
        tail -c +5 "$f" | tr -d '\000'
        echo
    done
fi
`;
