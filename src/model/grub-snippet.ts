// Debian's GRUB has no BLS support: grub-mkconfig (update-grub) runs the executables in
// /etc/grub.d/ and concatenates what they print. Our snippet turns our BLS entry files into
// `menuentry ... --id <entry id>` blocks there, so the entry files stay the one source of truth
// (DESIGN §4) and grub-set-default / grub-reboot select our entries by id. The lab's stand-in is
// lab_write_grub_cfg in test/vm/guest/boot-entries.sh; boot.ts reads the result back.
//
// The snippet relies on what grub-mkconfig gives every /etc/grub.d script: the exported
// $pkgdatadir (for grub-mkconfig_lib: prepare_grub_to_access_device prints the insmod, set root
// and `search --fs-uuid` lines for a device, make_system_path_relative_to_its_root the path GRUB
// sees for a directory, e.g. inside a btrfs subvolume) and $GRUB_DEVICE_BOOT, the device holding
// /boot. Entry paths are relative to the filesystem holding the entries (BLS), which on our hosts
// is the separate /boot: "/L/vmlinuz-V" is the file /boot/L/vmlinuz-V.

import { ENTRY_PREFIX } from "./boot-entry.ts";

export const GRUB_SNIPPET_PATH = "/etc/grub.d/42_imgbased";

/**
 * grub-mkconfig on Debian sources /etc/default/grub and then /etc/default/grub.d/*.cfg, so a
 * drop-in of our own sets GRUB_DEFAULT=saved without rewriting the admin's file (DESIGN §2: never
 * rewrite what we did not create), and it wins over /etc/default/grub.
 */
export const GRUB_DEFAULT_DROPIN_PATH = "/etc/default/grub.d/imgbased.cfg";

export const GRUB_DEFAULT_DROPIN = `# Written by cockpit-imgbased: boot the entry grub-set-default saved (see ${GRUB_SNIPPET_PATH}).
GRUB_DEFAULT=saved
`;

/**
 * Environment overrides, for tests only: IMGBASED_GRUB_BOOT (the /boot directory),
 * IMGBASED_GRUB_ENTRIES (its loader/entries directory) and IMGBASED_GRUB_PREFIX (the path GRUB
 * puts before entry paths; by default make_system_path_relative_to_its_root of the mount point
 * holding the entries, without its trailing "/"). IMGBASED_GRUB_ACCESS: the lines that make GRUB
 * reach /boot, as an earlier run printed them after ACCESS_MARK (GRUB_MENU_REFRESH passes them).
 */
/** Starts the GRUB comments that keep the snippet's boot device access lines in grub.cfg. */
export const ACCESS_MARK = "#imgbased-access:";

export const GRUB_SNIPPET = String.raw`#! /bin/sh
# Written by cockpit-imgbased (src/model/grub-snippet.ts); update-grub runs it.
# Prints a GRUB menu entry for each of our boot entries, /boot/loader/entries/${ENTRY_PREFIX}*.conf
# (Boot Loader Specification files, one per image layer), newest version first. The entry's file
# name without .conf is the menu entry's id, for grub-set-default and grub-reboot.
set -e

prefix="/usr"
exec_prefix="/usr"
datarootdir="/usr/share"
. "${"$"}{pkgdatadir:?}/grub-mkconfig_lib"

boot=${"$"}{IMGBASED_GRUB_BOOT:-/boot}
entries=${"$"}{IMGBASED_GRUB_ENTRIES:-$boot/loader/entries}

# GRUB reads the paths of an entry from the root of the filesystem that holds the entries.
if [ "${"$"}{IMGBASED_GRUB_PREFIX+set}" = set ]; then
	path_prefix=$IMGBASED_GRUB_PREFIX
else
	mnt=/
	if [ "$(stat -c %d -- "$boot")" != "$(stat -c %d -- /)" ]; then
		mnt=$boot
	fi
	path_prefix=$(make_system_path_relative_to_its_root "$mnt")
	path_prefix=${"$"}{path_prefix%/}
fi

# $1 in GRUB's single quotes; a quote inside is written '\''.
grub_quoted() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

# Each word that is a path gets the prefix; anything else (a $variable) stays as written.
grub_paths() {
	out=
	for word in $1; do
		case $word in
		/*) word=$path_prefix$word ;;
		esac
		out=${"$"}{out:+$out }$word
	done
	printf '%s' "$out"
}

# The options line as GRUB words. It is split as the kernel splits its command line (a part in
# double quotes keeps its spaces; the quotes go) and each word that is not plainly safe goes in
# single quotes, so an option with a space, ";", "$" or a quote stays that one option instead of
# becoming several, a GRUB command or a variable. GRUB gives the kernel a word with a space in
# double quotes again (grub_create_loader_cmdline).
grub_options() {
	printf '%s\n' "$1" | LC_ALL=C awk -v q="'" '
	function quoted(w,   r, j, c) {
		if (w ~ /^[A-Za-z0-9._+,:=\/@%-]+$/) return w
		r = q
		for (j = 1; j <= length(w); j++) {
			c = substr(w, j, 1)
			r = r (c == q ? q "\\" q q : c)
		}
		return r q
	}
	function emit() {
		if (have) out = out (out == "" ? "" : " ") quoted(word)
		word = ""; have = 0
	}
	{
		for (i = 1; i <= length($0); i++) {
			c = substr($0, i, 1)
			if (c == "\"") { inside = !inside; have = 1 }
			else if (!inside && (c == " " || c == "\t")) emit()
			else { word = word c; have = 1 }
		}
	}
	END { emit(); printf "%s", out }'
}

# No pathname expansion of file names and paths split into words below.
set -f
access=
found=0
for file in $(LC_ALL=C ls -1 -- "$entries" 2>/dev/null | LC_ALL=C sort -r -V); do
	# Only our files, and only names that are safe as GRUB ids without quoting surprises.
	case $file in
	${ENTRY_PREFIX}*.conf) ;;
	*) continue ;;
	esac
	case $file in
	*[!A-Za-z0-9._+-]*) continue ;;
	esac
	[ -f "$entries/$file" ] || continue
	id=${"$"}{file%.conf}
	title= linux= initrd= options=
	while read -r key value || [ -n "$key" ]; do
		case $key in
		title) title=$value ;;
		linux) linux=$value ;;
		initrd) initrd=${"$"}{initrd:+$initrd }$value ;;
		options) options=${"$"}{options:+$options }$value ;;
		esac
	done <"$entries/$file"
	if [ -z "$linux" ]; then
		echo "imgbased: $file has no linux line, skipped" >&2
		continue
	fi
	[ -n "$title" ] || title=$id
	if [ -z "$access" ]; then
		if [ -n "${"$"}{IMGBASED_GRUB_ACCESS:-}" ]; then
			access=$IMGBASED_GRUB_ACCESS
		else
			access=$(prepare_grub_to_access_device "${"$"}{GRUB_DEVICE_BOOT:?}" | sed 's/^/	/')
		fi
		# Kept in grub.cfg for a job that regenerates only this part of it (without the probes).
		printf '%s\n' "$access" | sed 's/^/${ACCESS_MARK}/'
	fi
	echo "Found imgbased layer entry: $id" >&2
	# printf, not echo: dash's echo would turn a backslash in a title or option into an escape.
	printf '\nmenuentry %s --class gnu-linux --class os --id %s {\n' "$(grub_quoted "$title")" "$(grub_quoted "$id")"
	printf '\tinsmod gzio\n%s\n' "$access"
	printf '\tlinux %s %s\n' "$(grub_paths "$linux")" "$(grub_options "$options")"
	if [ -n "$initrd" ]; then
		printf '\tinitrd %s\n' "$(grub_paths "$initrd")"
	fi
	printf '}\n'
	found=$((found + 1))
done
[ "$found" -gt 0 ] || echo "imgbased: no entries in $entries" >&2
exit 0
`;

export const GRUB_CFG_PATH = "/boot/grub/grub.cfg";

/**
 * The menu refresh of a job on Debian's GRUB: instead of update-grub (35-42 s in the lab under
 * TCG, for the probes of every script in /etc/grub.d), our snippet alone is run again and its part
 * of grub.cfg, between grub-mkconfig's "### BEGIN/END /etc/grub.d/42_imgbased ###" lines, is
 * replaced; the rest of the file stays byte for byte what the last update-grub wrote.
 *
 * Why that keeps update-grub's safety:
 * - Our part is the same text update-grub would write now: the same snippet reads the same entry
 *   files, and the one thing it would probe, how GRUB reaches /boot, it takes from the comments
 *   the last update-grub's run of it left there (ACCESS_MARK lines). They are as current as the
 *   rest of the file, which holds the same lines in Debian's own entries; a changed /boot needs an
 *   update-grub for those as much as for ours, and every update-grub (apt's kernel hooks too)
 *   regenerates the whole file, ours included, from the same sources.
 * - The new file is checked by grub-script-check, as grub-mkconfig checks its own, and replaces
 *   the old one atomically (temp file with the old one's mode, fsync, rename, fsync of the
 *   directory), as writeFileStep writes our files: a power cut leaves the old menu or the new.
 * - Anything unexpected (no snippet, no grub.cfg, not exactly one part of ours in it, no saved
 *   access lines: a grub.cfg from before this version or without our entries) runs update-grub,
 *   the old way, which also writes what the next refresh needs.
 * Environment overrides, for tests only: IMGBASED_GRUB_CFG, IMGBASED_GRUB_SNIPPET.
 */
export const GRUB_MENU_REFRESH = String.raw`set -eu
cfg=${"$"}{IMGBASED_GRUB_CFG:-${GRUB_CFG_PATH}}
snippet=${"$"}{IMGBASED_GRUB_SNIPPET:-${GRUB_SNIPPET_PATH}}
begin="### BEGIN $snippet ###"
end="### END $snippet ###"
whole() {
	echo "imgbased: $1; running update-grub" >&2
	exec update-grub
}
[ -x "$snippet" ] || whole "$snippet is not installed"
[ -f "$cfg" ] || whole "there is no $cfg"
[ "$(grep -cxF -- "$begin" "$cfg")" = 1 ] && [ "$(grep -cxF -- "$end" "$cfg")" = 1 ] ||
	whole "$cfg has not exactly one part made by $snippet"
access=$(awk -v b="$begin" -v e="$end" '$0 == b { on = 1; next } $0 == e { exit } on && sub(/^${ACCESS_MARK}/, "")' "$cfg")
[ -n "$access" ] || whole "$cfg has no saved boot device access lines"
tmp=$(mktemp -- "$cfg.imgbased.XXXXXX")
trap 'rm -f -- "$tmp"' EXIT
awk -v b="$begin" '{ print } $0 == b { exit }' "$cfg" >"$tmp"
IMGBASED_GRUB_ACCESS=$access pkgdatadir=${"$"}{pkgdatadir:-/usr/share/grub} "$snippet" >>"$tmp"
awk -v e="$end" '$0 == e { on = 1 } on' "$cfg" >>"$tmp"
grub-script-check -- "$tmp"
chmod --reference="$cfg" -- "$tmp"
sync -- "$tmp"
mv -f -- "$tmp" "$cfg"
sync -- "$(dirname -- "$cfg")"
`;
