// Files written into an existing layer that is not running (Try gives one the health checks), as
// one step that mounts it, writes and unmounts, so that its undo can do the same: what each file
// was is recorded in the job's directory first, and undo (or the cleanup of a step killed
// half-way) mounts the layer again and puts every recorded file back, or removes the ones that
// were not there. A new layer needs none of this: the job's undo removes the whole LV.

import type { Step } from "../plan.ts";
import { checkAbsolute, checkContent, jobFilesDir, shArgv, TREE_DIR, type TreeFile } from "./file-steps.ts";

// Both scripts: $1 device, $2 mount point, $3 mount options ("" for none), $4 the record dir.
const MOUNT_IT = String.raw`dev=$1 mnt=$2 opts=$3 side=$4
mkdir -p -- "$mnt"
if ! mountpoint -q -- "$mnt"; then
	if [ -n "$opts" ]; then mount -o "$opts" -- "$dev" "$mnt"; else mount -- "$dev" "$mnt"; fi
fi
`;

const UNMOUNT_IT = String.raw`sync -- "$mnt"
umount -- "$mnt"
rmdir -- "$mnt"
`;

// Then triples: path in the layer, mode, content. The record of the Nth file is "$side/N" (a copy,
// links kept as links) or "$side/N.new" (there was none), made whole before the write.
const INSTALL = String.raw`set -eu
${TREE_DIR}
${MOUNT_IT}
shift 4
mkdir -p -- "$side"
tmp=
trap 'rm -f -- "$tmp"' EXIT
n=0
while [ "$#" -ge 3 ]; do
	n=$((n + 1)) rel=$1
	tree_dir "$mnt" "${"$"}{rel%/*}"
	dest=$mnt$rel dir=$mnt${"$"}{rel%/*}
	if [ -e "$dest" ] && [ ! -L "$dest" ] && [ ! -f "$dest" ]; then
		echo "refused: $rel in the layer is neither a file nor a link (a device or a directory is not ours to replace)" >&2
		exit 1
	elif [ -e "$dest" ] || [ -L "$dest" ]; then
		cp -P -p -- "$dest" "$side/$n.tmp"
		mv -f -- "$side/$n.tmp" "$side/$n"
	else
		: >"$side/$n.new"
	fi
	sync -- "$side"
	tmp=$(mktemp -- "$dir/.${"$"}{dest##*/}.XXXXXX")
	printf '%s' "$3" >"$tmp"
	chmod -- "$2" "$tmp"
	mv -fT -- "$tmp" "$dest"
	tmp=
	shift 3
done
${UNMOUNT_IT}`;

// Then the paths, in the same order. Only what a record says is touched: a file the step had not
// reached yet has none.
const RESTORE = String.raw`set -eu
${MOUNT_IT}
shift 4
n=0
for rel in "$@"; do
	n=$((n + 1)) dest=$mnt$rel
	rm -f -- "${"$"}{dest%/*}/.${"$"}{dest##*/}".??????
	if [ -e "$side/$n" ] || [ -L "$side/$n" ]; then
		# A fresh name of our own: a fixed one could be a link the layer holds, written through.
		tmp=$(mktemp -- "${"$"}{dest%/*}/.${"$"}{dest##*/}.XXXXXX")
		cp -P -p --remove-destination -- "$side/$n" "$tmp"
		mv -fT -- "$tmp" "$dest"
		rm -f -- "$side/$n"
	elif [ -e "$side/$n.new" ]; then
		rm -f -- "$dest" "$side/$n.new"
	fi
done
${UNMOUNT_IT}`;

/** `options`: mount options ("nouuid" for XFS layers that may share a UUID), "" for none. */
export function writeIntoLayerStep(
    id: string, kind: string, title: string,
    layer: { dev: string; mountPoint: string; options: string }, files: TreeFile[], opts: { jobId: string; stateDir?: string },
): Step {
    for (const f of files) {
        checkAbsolute(f.path);
        checkContent(f.path, f.content, f.mode);
    }
    const side = `${jobFilesDir(opts.jobId, opts.stateDir)}/${id}`;
    const head = [layer.dev, layer.mountPoint, layer.options, side];
    const restore = [shArgv(RESTORE, ...head, ...files.map(f => f.path))];
    return {
        id, kind, title,
        argv: shArgv(INSTALL, ...head, ...files.flatMap(f => [f.path, f.mode, f.content])),
        undo: restore,
        cleanupOnFailure: restore,
    };
}
