# shellcheck shell=bash
# Looks at an OS image file on the host for the upgrade wizard (src/host/image.ts runs it):
#
#   bash -c "$(cat imgbased-image.sh)" imgbased-image browse DIR
#   unshare -m --propagation private bash -c "$(cat imgbased-image.sh)" imgbased-image inspect IMAGE [hash] [SIGNATURE KEYRING]
#   unshare -m --propagation private bash -c "$(cat imgbased-image.sh)" imgbased-image tree IMAGE
#   unshare -m --propagation private bash -c "$(cat imgbased-image.sh)" imgbased-image hashes IMAGE ESCAPED...
#   unshare -m --propagation private bash -c "$(cat imgbased-image.sh)" imgbased-image read IMAGE ESCAPED
#
# browse: the entries of DIR: d NAME | f NAME SIZE | l NAME (a symlink; the picker follows none)
# inspect: what the image is and holds, never changing it, and never mounting it:
#   i FORMAT SIZE MTIME          squashfs | squashfs-liveos | ext4 | xfs | tar; bytes; epoch s
#   m                            the records n, o, k, u are not here: the image must be mounted
#                                to read them (ext4, xfs, squashfs-liveos), which the tree op
#                                does once the page has seen the checksum and signature pass
#   n NVR                        /usr/share/imgbase/build/meta/nvr, when the image has it
#   o BASE64                     its /etc/os-release (else /usr/lib/os-release)
#   k VERSION VMLINUZ VSIZE INITRD ISIZE     each kernel in its /boot that has an initramfs
#   u BYTES                      the bytes its files take (what the new base will hold)
#   c PATH BASE64                the checksum file beside it (IMAGE.sha256, or NAME.sha256 for
#                                NAME.EXT), when there is one
#   h HEX                        its sha256, with "hash" or when there is a checksum file
#   g SIG FROM ran EXIT BASE64   gpgv's exit status and status lines (--status-fd) for the image's
#                                detached signature SIG, checked against KEYRING; FROM: named (the
#                                SIGNATURE given) or beside (IMAGE.sig or IMAGE.asc found beside it)
#   g SIG FROM missing | g SIG FROM no-keyring   SIG is not there; there is no KEYRING
#   w PATH WHY                   someone other than root could change the image: PATH is not
#                                root's (owner), or others may write it (writable), or its owner
#                                could not be read (unknown); image_writers, prepended
# A problem with the image ends the output with: e CODE DETAIL (exit status 0: the program
# worked, the image is what is wrong).
#   missing | not-file | unreadable | unknown-format | truncated | corrupt | mount-failed |
#   unsafe-member (a tar member, or a hard link's target, that names a place outside the tree)
# tree: the records n, o, k, u of an image inspect answered with m, read from it mounted.
# hashes: each path's sha256 in the image, as "s image INDEX ..." records (tree-file.sh); paths
#   relative to its root, escaped as printf %b reads them (src/model/diff/paths.ts printfEscape).
# read: one such path's "c image ..." record (tree-file.sh content_record): its first READ_LIMIT
#   bytes, as the diff program reads a file of a tree.
# A squashfs (the usual image) is read in user space with unsquashfs, so the kernel never
# parses an untrusted filesystem to look at one: its listing and the files it needs, read out.
# A raw ext4/xfs image and a squashfs with LiveOS/rootfs.img are mounted read-only inside this
# process's own mount namespace (unshare -m), so no mount can outlive it. Tar archives are only
# listed and read, never unpacked; hashes unpack the members asked for into a private tmpfs.
# Output: NUL-terminated fields (names are bytes; parsed by src/model/upgrade/image-probe.ts).
set -u
op=$1
shift
tmp=

fail() {
	printf 'e\0%s\0%s\0' "$1" "$2"
	exit 0
}

# $1 file: the format from its first bytes (and, for squashfs, what it holds).
magic() {
	local head
	head=$(od -An -tx1 -N 4 -- "$1" 2>/dev/null | tr -d ' \n')
	case $head in
	68737173) echo squashfs; return ;;
	58465342) echo xfs; return ;;
	esac
	# ext2/3/4: the superblock magic 0xEF53 at byte 1080; POSIX tar: "ustar" at byte 257.
	[ "$(od -An -tx1 -j 1080 -N 2 -- "$1" 2>/dev/null | tr -d ' \n')" = 53ef ] && { echo ext4; return; }
	[ "$(od -An -c -j 257 -N 5 -- "$1" 2>/dev/null | tr -d ' \n')" = ustar ] && { echo tar; return; }
	# Compressed tar: gzip, xz, zstd. tar(1) names the codec itself when it lists the archive.
	case $head in
	1f8b*|fd377a58|28b52ffd) echo tar ;;
	*) echo unknown ;;
	esac
}

# $1 root directory of the mounted tree: the records every format shares.
describe_tree() {
	local root=$1 k v base
	# The image's kernels and its nvr file are read (and the kernels later copied to /boot) only
	# as regular files of the tree itself: a link could name any file of this host.
	regular "$root" "$root/usr/share/imgbase/build/meta/nvr"
	# shellcheck disable=SC2154 # state: set by regular (tree-file.sh, put first)
	if [ "$state" = ok ]; then
		printf 'n\0%s\0' "$(head -c 256 -- "$root/usr/share/imgbase/build/meta/nvr" | head -n 1)"
	fi
	for f in "$root/etc/os-release" "$root/usr/lib/os-release"; do
		# A relative link (../usr/lib/os-release) resolves inside the tree; an absolute one would not.
		if [ -f "$f" ] && [ ! -L "$f" ]; then
			printf 'o\0'; base64 -w0 -- "$f"; printf '\0'
			break
		fi
	done
	for k in "$root"/boot/vmlinuz-*; do
		regular "$root" "$k"
		[ "$state" = ok ] || continue
		v=${k##*/vmlinuz-}
		for i in "$root/boot/initrd.img-$v" "$root/boot/initramfs-$v.img"; do
			regular "$root" "$i"
			if [ "$state" = ok ]; then
				printf 'k\0%s\0%s\0%s\0%s\0%s\0' "$v" "${k#"$root"}" "$(stat -c %s -- "$k")" "${i#"$root"}" "$(stat -c %s -- "$i")"
				break
			fi
		done
	done
	base=$(du -s -B1 -x -- "$root" | cut -f1)
	printf 'u\0%s\0' "$base"
}

# A tar archive is read in place: its listing gives the kernels and the size, its members the
# metadata. Member names are "./etc/os-release" or "etc/os-release"; both are looked up.
describe_tar() {
	local image=$1 tmp list v k i name
	# A directory of our own (mode 0700): names beside a mktemp file in /tmp could be made
	# symlinks by another user before we write them.
	tmp=$(mktemp -d) || fail unreadable "mktemp"
	list=$tmp/list
	tar -tvf "$image" >"$list" 2>/dev/null || { rm -rf -- "$tmp"; fail corrupt "tar cannot list the archive"; }
	# Every member must name a place inside the tree, and every hard link a member before it:
	# the fill's tar would strip a leading "/", refuse a "..", and fail on a link to a file it
	# does not hold, half-way through the job. Refused here, before anything changes, with the
	# first such name (-P: the names as stored; tar -t escapes odd bytes: one a line).
	v=$(tar -tvPf "$image" 2>/dev/null | awk '
		function outside(n) { return n ~ /^\// || n ~ /(^|\/)\.\.(\/|$)/ }
		function plain(n) { sub(/^(\.\/)+/, "", n); return n }
		{ line = $0; for (f = 0; f < 5; f++) sub(/^[^ ]+ +/, "", line)
		  if (substr($1, 1, 1) == "h" && (i = index(line, " link to ")) > 0) {
			target = substr(line, i + 9); line = substr(line, 1, i - 1)
			if (outside(target) || !(plain(target) in held)) { print line " (a hard link to " target ", not a member before it)"; exit }
		  }
		  if (substr($1, 1, 1) == "l" && (i = index(line, " -> ")) > 0) line = substr(line, 1, i - 1)
		  if (outside(line)) { print line; exit }
		  held[plain(line)] = 1 }')
	[ -z "$v" ] || { rm -rf -- "$tmp"; fail unsafe-member "$v"; }
	member() {
		local m
		for m in "./$1" "$1"; do
			tar -xOf "$image" "$m" 2>/dev/null && return 0
		done
		return 1
	}
	name=$(member usr/share/imgbase/build/meta/nvr | head -n 1) && [ -n "$name" ] && printf 'n\0%s\0' "$name"
	{ member etc/os-release || member usr/lib/os-release; } >"$list.os" && [ -s "$list.os" ] && { printf 'o\0'; base64 -w0 "$list.os"; printf '\0'; }
	# tar -tv: MODE OWNER SIZE DATE TIME NAME; regular files only for the kernels.
	awk '$1 ~ /^-/ { sub(/^\.\//, "", $6); print $3, $6 }' "$list" | grep -E ' boot/(vmlinuz-|initrd\.img-|initramfs-)' >"$list.boot"
	# shellcheck disable=SC2094 # the loop and the grep in it both only read $list.boot
	while read -r size k; do
		case $k in boot/vmlinuz-*) ;; *) continue ;; esac
		v=${k#boot/vmlinuz-}
		i=$(grep -E " boot/(initrd\.img-$v|initramfs-$v\.img)$" "$list.boot" | head -n 1)
		[ -n "$i" ] && printf 'k\0%s\0/%s\0%s\0/%s\0%s\0' "$v" "$k" "$size" "${i#* }" "${i%% *}"
	done <"$list.boot"
	printf 'u\0%s\0' "$(awk '{ s += $3 } END { printf "%d", s }' "$list")"
	rm -rf -- "$tmp"
}

# $1 squashfs image → listing: its long listing (unsquashfs -lls: MODE OWNER SIZE DATE TIME
# /PATH[ -> TARGET]), made once. Making it reads every directory and inode table, so a damaged
# table fails here, as stat-ing every inode of a mounted tree did. Names are not quoted in it:
# only sizes are summed from it, and candidates found in it are confirmed by a listing of their own.
list_squashfs() {
	local err
	listing=$tmp/listing
	err=$(unsquashfs -no-progress -lls -dest "" "$1" 2>&1 >"$listing") \
		|| { rm -rf -- "$tmp"; fail corrupt "$(printf '%s' "$err" | head -n 3)"; }
}

# IMAGE PATH... (absolute, in the image) → regular: PATH → its size, for each PATH that is a
# regular file of the image. Asked of unsquashfs for these paths in one call, not read from
# the whole listing, where a name with a newline can forge a line for any path. unsquashfs takes
# each path as a pattern that matches every component whole, so paths without pattern
# characters list only themselves and the directories above them: never a path through a
# symlink, so what is read from the image is never resolved on the host.
declare -A regular
squashfs_regular() {
	local image=$1 p line
	local -a asked=()
	shift
	regular=()
	for p in "$@"; do
		case $p in *[][*?\\]*) ;; *) asked+=("${p#/}") ;; esac
	done
	[ ${#asked[@]} -gt 0 ] || return 0
	while IFS= read -r line; do
		regular[${line#* }]=${line%% *}
	done < <(unsquashfs -no-progress -lls -dest "" "$image" "${asked[@]}" 2>/dev/null \
		| awk '$1 ~ /^-/ { size = $3; sub(/^[^ ]+ +[^ ]+ +[0-9]+ +[^ ]+ +[^ ]+ /, ""); print size " " $0 }')
}

# $1 squashfs image (not LiveOS), read in user space: the records describe_tree gives for a
# mounted tree, from its listing and the files read out with unsquashfs -cat.
describe_squashfs() {
	local image=$1 f v k i
	local -a kernels=() wanted=(/usr/share/imgbase/build/meta/nvr /etc/os-release /usr/lib/os-release)
	# The kernels: regular files /boot/vmlinuz-VERSION with an initramfs beside them. The listing
	# names the candidates; squashfs_regular confirms them (a forged line names no real file).
	while IFS= read -r k; do
		v=${k#/boot/vmlinuz-}
		kernels+=("$k")
		wanted+=("$k" "/boot/initrd.img-$v" "/boot/initramfs-$v.img")
	done < <(awk '$1 ~ /^-/ { sub(/^[^ ]+ +[^ ]+ +[0-9]+ +[^ ]+ +[^ ]+ /, ""); if ($0 ~ /^\/boot\/vmlinuz-[^\/]+$/) print }' "$listing")
	squashfs_regular "$image" "${wanted[@]}"
	[ -n "${regular[/usr/share/imgbase/build/meta/nvr]:-}" ] \
		&& printf 'n\0%s\0' "$(unsquashfs -cat "$image" usr/share/imgbase/build/meta/nvr 2>/dev/null | head -c 256 | head -n 1)"
	for f in /etc/os-release /usr/lib/os-release; do
		if [ -n "${regular[$f]:-}" ]; then
			printf 'o\0'; unsquashfs -cat "$image" "${f#/}" 2>/dev/null | base64 -w0; printf '\0'
			break
		fi
	done
	for k in "${kernels[@]}"; do
		[ -n "${regular[$k]:-}" ] || continue
		v=${k#/boot/vmlinuz-}
		for i in "/boot/initrd.img-$v" "/boot/initramfs-$v.img"; do
			if [ -n "${regular[$i]:-}" ]; then
				printf 'k\0%s\0%s\0%s\0%s\0%s\0' "$v" "$k" "${regular[$k]}" "$i" "${regular[$i]}"
				break
			fi
		done
	done
	# What the files hold, as for a tar: the new base's filesystem adds its overhead on top.
	printf 'u\0%s\0' "$(awk '$1 ~ /^-/ { s += $3 } END { printf "%d", s }' "$listing")"
}

# $1 image: fails unless it is a readable file of a format we know; sets format.
check_file() {
	[ -e "$1" ] || [ -L "$1" ] || fail missing "$1"
	[ -f "$1" ] || fail not-file "$1"
	head -c 1 -- "$1" >/dev/null 2>&1 || fail unreadable "$(head -c 1 -- "$1" 2>&1 >/dev/null)"
	format=$(magic "$1")
	[ "$format" = unknown ] && fail unknown-format "$(od -An -tx1 -N 8 -- "$1" | tr -s ' ')"
}

# $@ names: directories for this run's mounts under /run/imgbased/image/PID, removed when the
# program ends, however it ends. The mounts are this namespace's and end with it, but /run is
# every namespace's: the directories would stay on the host. (Unmounted first, lazily, and
# removed without crossing into a file system still mounted there.)
mount_dirs() {
	local name
	scratch=/run/imgbased/image/$$
	for name in "$@"; do
		mkdir -p "$scratch/$name" || fail mount-failed "mkdir $scratch/$name"
	done
	trap 'for m in "$scratch"/*; do umount -l -- "$m" 2>/dev/null; done; rm -rf --one-file-system -- "$scratch"' EXIT
}

# $1 image: a raw ext4 or xfs image, or a squashfs-liveos, mounted read-only in this namespace;
# sets root to its tree (for a LiveOS, the rootfs.img inside the squashfs).
mount_tree() {
	local mnt=/run/imgbased/image/$$ opts err
	mount_dirs outer inner
	case $format in
	squashfs-liveos) opts=ro ;;
	ext4) opts=ro,noload ;;
	xfs) opts=ro,norecovery ;;
	esac
	err=$(mount -o "$opts" -t "${format%-liveos}" -- "$1" "$mnt/outer" 2>&1) || fail mount-failed "$err"
	root=$mnt/outer
	if [ "$format" = squashfs-liveos ]; then
		err=$(mount -o ro,noload -- "$mnt/outer/LiveOS/rootfs.img" "$mnt/inner" 2>&1) || fail mount-failed "$err"
		root=$mnt/inner
	fi
}

# $1 squashfs image: lists it (list_squashfs) and sets format to squashfs-liveos when it holds
# a regular LiveOS/rootfs.img, the tree to mount.
list_squashfs_image() {
	tmp=$(mktemp -d) || fail unreadable "mktemp"
	list_squashfs "$1"
	squashfs_regular "$1" /LiveOS/rootfs.img
	[ -z "${regular[/LiveOS/rootfs.img]:-}" ] || format=squashfs-liveos
}

# $1 tar archive or squashfs, then escaped paths: those files unpacked (tar) or read out
# (unsquashfs) into a tmpfs of this namespace; sets root to it. Files that are not there are
# simply not there. (unsquashfs takes the names as patterns: a name with * may bring more files,
# which nobody asked the hash of.)
read_members() {
	local image=$1 escaped names=() rel
	shift
	mount_dirs members
	root=$scratch/members
	mount -t tmpfs -o mode=0700 imgbased-image "$root" || fail mount-failed "tmpfs $root"
	for escaped in "$@"; do
		relative "$escaped"
		# A tar names its members "./PATH" or "PATH".
		if [ "$format" = tar ]; then names+=("./$rel" "$rel"); else names+=("$rel"); fi
	done
	if [ "$format" = tar ]; then
		tar --extract --file "$image" --directory "$root" --no-wildcards --ignore-failed-read -- "${names[@]}" 2>/dev/null || true
	else
		unsquashfs -no-progress -no-xattrs -force -dest "$root" "$image" "${names[@]}" >/dev/null 2>&1 || true
	fi
}

# $1 image, then escaped paths: root is a tree that holds at least those (read_members), or the
# whole image mounted, for the formats that must be.
open_members() {
	local image=$1
	shift
	check_file "$image"
	[ "$format" = squashfs ] && { list_squashfs_image "$image"; rm -rf -- "$tmp"; }
	case $format in
	tar|squashfs) read_members "$image" "$@" ;;
	*) mount_tree "$image" ;;
	esac
}

case $op in
browse)
	dir=$1
	[ -d "$dir" ] || fail missing "$dir"
	find "$dir" -mindepth 1 -maxdepth 1 \( -type d -printf 'd\0%f\0' \) -o \( -type l -printf 'l\0%f\0' \) -o \( -type f -printf 'f\0%f\0%s\0' \) 2>/dev/null
	;;
inspect)
	image=$1 want=${2:-}
	check_file "$image"
	# Someone other than root who could change it after its checks (model/upgrade/image-writers.ts).
	# shellcheck disable=SC2154 # iw_bad_path and iw_bad_why: set by image_writers (put first)
	image_writers "$image" || printf 'w\0%s\0%s\0' "$iw_bad_path" "$iw_bad_why"
	size=$(stat -L -c %s -- "$image")
	if [ "$format" = squashfs ]; then
		# bytes_used, le64 at offset 40 of the superblock: a shorter file was cut off.
		used=$(od -An -tu8 -j 40 -N 8 --endian=little -- "$image" | tr -d ' ')
		[ "$used" -le "$size" ] || fail truncated "$used $size"
	fi
	# The checksum file beside it: IMAGE.sha256, or NAME.sha256 for NAME.EXT.
	sums=
	for f in "$image.sha256" "${image%.*}.sha256"; do
		if [ -f "$f" ]; then sums=$f; break; fi
	done
	if [ -n "$sums" ]; then
		printf 'c\0%s\0' "$sums"; head -c 65536 -- "$sums" | base64 -w0; printf '\0'
	fi
	[ "$format" = squashfs ] && list_squashfs_image "$image"
	if [ "$format" = tar ]; then
		printf 'i\0tar\0%s\0%s\0' "$size" "$(stat -L -c %Y -- "$image")"
		describe_tar "$image"
	elif [ "$format" = squashfs ]; then
		printf 'i\0squashfs\0%s\0%s\0' "$size" "$(stat -L -c %Y -- "$image")"
		describe_squashfs "$image"
	else
		# Its tree needs the kernel to mount it: not before the page has seen the checks
		# below pass (the tree op).
		printf 'i\0%s\0%s\0%s\0m\0' "$format" "$size" "$(stat -L -c %Y -- "$image")"
	fi
	# The squashfs listing's directory, if one was made.
	[ -z "$tmp" ] || rm -rf -- "$tmp"
	if [ "$want" = hash ] || [ -n "$sums" ]; then
		hash=$(sha256sum -- "$image") || fail unreadable "sha256sum"
		printf 'h\0%s\0' "${hash%% *}"
	fi
	sig=${3:-} keyring=${4:-} from=named
	if [ -z "$sig" ]; then
		from=beside
		for f in "$image.sig" "$image.asc"; do
			if [ -f "$f" ]; then sig=$f; break; fi
		done
	fi
	if [ -n "$sig" ]; then
		printf 'g\0%s\0%s\0' "$sig" "$from"
		if [ ! -f "$sig" ]; then
			printf 'missing\0'
		elif [ ! -f "$keyring" ]; then
			printf 'no-keyring\0'
		else
			# A home of its own: gpgv reads nothing of root's ~/.gnupg, and writes nothing there.
			home=$(mktemp -d)
			rc=0
			status=$(GNUPGHOME=$home gpgv --status-fd 1 --keyring "$keyring" -- "$sig" "$image" 2>/dev/null) || rc=$?
			rm -rf -- "$home"
			printf 'ran\0%s\0' "$rc"
			printf '%s' "$status" | base64 -w0
			printf '\0'
		fi
	fi
	;;
tree)
	image=$1
	check_file "$image"
	[ "$format" = squashfs ] && { list_squashfs_image "$image"; rm -rf -- "$tmp"; }
	case $format in tar|squashfs) fail unknown-format "$format: read by inspect itself" ;; esac
	mount_tree "$image"
	# A damaged image mounts (only its superblock is read) and fails on reading: stat every
	# inode, which reads all directory and inode tables. A damaged data block shows only
	# when read: the fill then fails, and the job undoes what it made.
	if ! err=$(find "$root" -xdev -printf '%s\n' 2>&1 >/dev/null); then
		fail corrupt "$(printf '%s' "$err" | head -n 3)"
	fi
	describe_tree "$root"
	;;
hashes)
	image=$1
	shift
	open_members "$image" "$@"
	hash_records image "$root" "$@"
	;;
read)
	open_members "$1" "$2"
	relative "$2"
	content_record image "$root"
	;;
*)
	echo "usage: imgbased-image browse DIR | inspect IMAGE [hash] [SIGNATURE KEYRING] | tree IMAGE | hashes IMAGE ESCAPED... | read IMAGE ESCAPED" >&2
	exit 2 ;;
esac
