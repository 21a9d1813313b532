// Who besides root could change an image file between its checks and the fill. The sha256 and
// the signature are checked on the file, then the job reads it again by its path: whoever may
// write the file, or replace it in its directory, could give the fill other bytes than the ones
// checked. So an image is used only when root alone can do either, and the job checks that again
// before it checks the bytes (the admin copies an image from elsewhere into a directory of root's).
//
// One rule, in POSIX sh, run by the image program (bash, for the wizard's check) and by the job
// (sh): the same code decides both times.

/** Why someone other than root could change the image. */
export type ImageWriterReason = "owner" | "writable" | "unknown";

/** The first entry on the way to the image that someone other than root controls. */
export interface ImageWriter {
    path: string;
    why: ImageWriterReason;
}

export const IMAGE_WRITER_REASONS: readonly ImageWriterReason[] = ["owner", "writable", "unknown"];

/**
 * `image_writers FILE`: returns 0 when only root can change what FILE names; else returns 1 and
 * sets iw_bad_path and iw_bad_why (owner: not root's; writable: others may write it, or replace
 * an entry in it; unknown: its owner could not be read). Looked at: the file the path resolves
 * to (owner and mode), and every entry on the way to it, both as resolved and as named (links
 * included), with the directory it is in: that directory must be root's, and writable by root
 * alone, unless it is sticky (like /var/tmp) and the entry is root's, which only root may then
 * rename or remove. A missing file passes here: the image program and the fill report it.
 */
export const IMAGE_WRITERS_SH = String.raw`
# iw_stat [-L] PATH: sets iw_uid and iw_mode (a number) of PATH itself, or with -L of what it
# leads to (a directory's entries live in the directory a link leads to).
iw_stat() {
	iw_follow=
	if [ "$1" = -L ]; then iw_follow=-L; shift; fi
	iw_out=$(stat $iw_follow -c '%u %a' -- "$1" 2>/dev/null) || { iw_bad_path=$1 iw_bad_why=unknown; return 1; }
	# The mode in octal digits: a leading 0 makes sh read them so.
	set -- $iw_out
	iw_uid=$1 iw_mode=$((0$2))
}
image_writers() {
	iw_real=$(realpath -e -- "$1" 2>/dev/null) || return 0
	iw_stat "$iw_real" || return 1
	[ "$iw_uid" = 0 ] || { iw_bad_path=$iw_real iw_bad_why=owner; return 1; }
	[ $((iw_mode & 18)) = 0 ] || { iw_bad_path=$iw_real iw_bad_why=writable; return 1; }
	# The resolved way first: a link on the named way leads there, and that names the directory.
	for iw_path in "$iw_real" "$1"; do
		while [ "$iw_path" != / ] && [ "$iw_path" != . ]; do
			iw_stat "$iw_path" || return 1
			iw_entry_uid=$iw_uid
			iw_path=$(dirname -- "$iw_path")
			iw_stat -L "$iw_path" || return 1
			[ "$iw_uid" = 0 ] || { iw_bad_path=$iw_path iw_bad_why=owner; return 1; }
			# 18 = 022 (group or others may write), 512 = 01000 (sticky).
			if [ $((iw_mode & 18)) != 0 ] && { [ $((iw_mode & 512)) = 0 ] || [ "$iw_entry_uid" != 0 ]; }; then
				iw_bad_path=$iw_path iw_bad_why=writable
				return 1
			fi
		done
	done
	return 0
}
`;
