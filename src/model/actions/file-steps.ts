// Steps that change files: written so that a crash at any point leaves either the old or the new
// file (temp file in the same directory, fsync, rename, fsync of the directory; boom does the
// same, research/peers.md §14.4), and so that their undo and cleanup are safe whatever part of
// the work was done.
//
// Each runs `sh -c SCRIPT imgbased ARG...`: the scripts are constants and everything variable
// (paths, file content) arrives as positional parameters, so nothing is interpolated into shell
// text.
//
// What a write replaced is kept in the job's own directory beside its state file (plan.ts), never
// beside the file: a copy in /etc/grub.d would be run by grub-mkconfig, one in loader/entries
// could be read as an entry, and either would stay behind. The runner may delete the directory
// once the job succeeded. A removal instead hides a file under a dot name beside it (renaming is
// atomic there) until the removal's irreversible steps delete it.

import { DEFAULT_JOB_PATHS, type Step } from "../plan.ts";

/** $0 of our `sh -c` scripts: it prefixes the shell's own error messages. */
const SH_NAME = "imgbased";

/** argv that runs a constant script with positional parameters. */
export function shArgv(script: string, ...args: string[]): string[] {
    return ["sh", "-c", script, SH_NAME, ...args];
}

/** The Linux limit for one argv element (MAX_ARG_STRLEN); file content travels as one. */
const MAX_CONTENT = 128 * 1024 - 1;

export function parentDir(path: string): string {
    return path.slice(0, path.lastIndexOf("/")) || "/";
}

function baseName(path: string): string {
    return path.slice(path.lastIndexOf("/") + 1);
}

/** A hidden name beside `path` for this job: same filesystem, so renaming it back is atomic. */
export function hiddenPath(path: string, jobId: string): string {
    return `${parentDir(path)}/.${baseName(path)}.imgbased-${jobId}`;
}

/** Where a job keeps what its writes replaced. */
export function jobFilesDir(jobId: string, stateDir = DEFAULT_JOB_PATHS.stateDir): string {
    return `${stateDir}/${jobId}.files`;
}

/** The record of `path` in the job's directory: the path with "%" and "/" escaped. */
export function sidecarPath(path: string, jobId: string, stateDir?: string): string {
    const name = path.replace(/%/g, "%25").replace(/\//g, "%2F");
    if (name.length > 240)
        throw new Error(`path too long to record: ${path}`);
    return `${jobFilesDir(jobId, stateDir)}/${name}`;
}

export function checkAbsolute(path: string): void {
    if (!path.startsWith("/") || path.endsWith("/") || path.split("/").includes(".."))
        throw new Error(`need an absolute file path without "..": ${JSON.stringify(path)}`);
}

// $1 file, $2 mode, $3 content, $4 sidecar. Nothing to do when the file already holds exactly
// the content. Directories it makes on the way are 0755 although jobs run with umask 077 (the
// sidecar's stay private): what is written there is read by others (the page, systemd, GRUB). Otherwise what was there is recorded first: a copy in "$4" (made under a temp name
// and renamed, so it is whole or absent), or an empty "$4.new" when there was no file.
const WRITE = String.raw`set -eu
dest=$1 mode=$2 side=$4
if [ -f "$dest" ] && printf '%s' "$3" | cmp -s - "$dest"; then
	echo "$dest is up to date"
	exit 0
fi
mkdir -p -- "${"$"}{side%/*}"
if [ -e "$dest" ]; then
	cp -p -- "$dest" "$side.tmp"
	sync -- "$side.tmp"
	mv -f -- "$side.tmp" "$side"
else
	: >"$side.new"
fi
sync -- "${"$"}{side%/*}"
dir=${"$"}{dest%/*}
(umask 022 && mkdir -p -- "${"$"}{dir:-/}")
tmp=$(mktemp -- "${"$"}{dir}/.${"$"}{dest##*/}.XXXXXX")
trap 'rm -f -- "$tmp"' EXIT
printf '%s' "$3" >"$tmp"
chmod -- "$mode" "$tmp"
sync -- "$tmp"
mv -f -- "$tmp" "$dest"
sync -- "${"$"}{dir:-/}"
`;

// $1 file, $2 content, $3 sidecar. A recorded copy goes back (through a temp file beside the
// file, then rename); a file that did not exist goes, if it holds our content; with no record the
// write changed nothing. Temp files of the write go too.
const RESTORE = String.raw`set -u
dest=$1 side=$3
dir=${"$"}{dest%/*}
rm -f -- "${"$"}{dir}/.${"$"}{dest##*/}".?????? "$side.tmp"
if [ -e "$side" ]; then
	tmp=$(mktemp -- "${"$"}{dir}/.${"$"}{dest##*/}.XXXXXX") || exit
	cp -p -- "$side" "$tmp" && sync -- "$tmp" && mv -f -- "$tmp" "$dest" || { rm -f -- "$tmp"; exit 1; }
	rm -f -- "$side"
elif [ -e "$side.new" ]; then
	if [ -e "$dest" ] && printf '%s' "$2" | cmp -s - "$dest"; then
		rm -f -- "$dest" || exit
	fi
	rm -f -- "$side.new"
fi
[ ! -d "${"$"}{dir:-/}" ] || sync -- "${"$"}{dir:-/}"
`;

export function checkContent(path: string, content: string, mode: string): void {
    if (content.length > MAX_CONTENT)
        throw new Error(`content for ${path} is too long for one argument`);
    if (!/^0?[0-7]{3}$/.test(mode))
        throw new Error(`mode must be octal: ${mode}`);
}

/**
 * A step that writes `content` to `path` atomically (`mode` e.g. "0644"); a file that already
 * holds the content is left alone. Undo puts the previous content back, or removes the file if
 * there was none; cleanup after a failure or kill does the same for whatever part was done. `then`
 * runs after undo and cleanup (e.g. update-grub, so the menu forgets a removed entry).
 */
export function writeFileStep(
    id: string, kind: string, title: string, path: string, content: string,
    opts: { jobId: string; mode?: string; then?: string[][]; stateDir?: string },
): Step {
    checkAbsolute(path);
    const mode = opts.mode ?? "0644";
    checkContent(path, content, mode);
    const side = sidecarPath(path, opts.jobId, opts.stateDir);
    const restore = [shArgv(RESTORE, path, content, side), ...(opts.then ?? [])];
    return { id, kind, title, argv: shArgv(WRITE, path, mode, content, side), undo: restore, cleanupOnFailure: restore };
}

// $1 file, $2 sidecar. A copy is recorded first (as WRITE records one), then the file goes; a
// file already gone is fine, and leaves no record, so undo (RESTORE) puts nothing back.
const REMOVE = String.raw`set -eu
dest=$1 side=$2
if [ ! -e "$dest" ]; then
	echo "$dest is gone already"
	exit 0
fi
mkdir -p -- "${"$"}{side%/*}"
cp -p -- "$dest" "$side.tmp"
sync -- "$side.tmp"
mv -f -- "$side.tmp" "$side"
sync -- "${"$"}{side%/*}"
rm -f -- "$dest"
dir=${"$"}{dest%/*}
sync -- "${"$"}{dir:-/}"
`;

/**
 * Removes the file at `path`, keeping a copy in the job's directory until the job ends: undo and
 * cleanup put it back. For small state files (a pending trial), not for what a removal deletes.
 */
export function removeFileStep(id: string, kind: string, title: string, path: string, opts: { jobId: string; stateDir?: string }): Step {
    checkAbsolute(path);
    const side = sidecarPath(path, opts.jobId, opts.stateDir);
    const restore = [shArgv(RESTORE, path, "", side)];
    return { id, kind, title, argv: shArgv(REMOVE, path, side), undo: restore, cleanupOnFailure: restore };
}

/**
 * Shell function for steps that write into a new layer's tree, which came from an image and so
 * may hold symlinks anywhere: an absolute one resolves on this host while the tree is mounted, so
 * `$root/etc/default/grub.d/x` with an image's `etc/default -> /etc/default` would write the
 * host's file. `tree_dir ROOT DIR` walks DIR (relative to ROOT) one component at a time, refuses a
 * symlink or a non-directory on the way with the path named, and makes a missing directory with
 * mkdir (no -p, which follows links), 0755 as a package would, whatever the job's umask. Nothing but the job writes the new tree while it is mounted
 * under the job's own directory, so what was checked stays true until the write.
 */
export const TREE_DIR = String.raw`tree_dir() {
	d=$1 rest=$2/
	while [ -n "$rest" ]; do
		c=${"$"}{rest%%/*} rest=${"$"}{rest#*/}
		case $c in ''|.) continue ;; ..) echo "refused: .. in $2" >&2; exit 1 ;; esac
		d=$d/$c
		if [ -L "$d" ]; then
			echo "refused: ${"$"}{d#"$1"} is a symbolic link in the new layer's tree (it would lead the write out of the layer); the image must have a directory there" >&2
			exit 1
		elif [ -e "$d" ] && [ ! -d "$d" ]; then
			echo "refused: ${"$"}{d#"$1"} in the new layer's tree is not a directory" >&2
			exit 1
		elif [ ! -e "$d" ]; then
			mkdir -m 0755 -- "$d"
		fi
	done
}
`;

// $1 root of the new tree, then triples: file relative to it, mode, content. A symlink at the
// file itself is replaced, never read or written through: mv -T, because plain mv moves the file
// into the directory a link at the destination names (an image's `42_imgbased -> /etc`).
const WRITE_IN_TREE = String.raw`set -eu
${TREE_DIR}
root=$1
shift
tmp=
trap 'rm -f -- "$tmp"' EXIT
while [ "$#" -ge 3 ]; do
	rel=$1
	tree_dir "$root" "${"$"}{rel%/*}"
	dest=$root$rel dir=$root${"$"}{rel%/*}
	tmp=$(mktemp -- "$dir/.${"$"}{dest##*/}.XXXXXX")
	printf '%s' "$3" >"$tmp"
	chmod -- "$2" "$tmp"
	sync -- "$tmp"
	mv -fT -- "$tmp" "$dest"
	tmp=
	sync -- "$dir"
	shift 3
done
`;

export interface TreeFile {
    path: string;
    content: string;
    mode: string;
}

/**
 * A step that writes files inside the new layer mounted at `root`, with no symlink of the image's
 * followed (TREE_DIR). It has no undo: the layer is a new LV that the job's undo removes, and it
 * is unmounted by then.
 */
export function writeFilesInTreeStep(id: string, kind: string, title: string, root: string, files: TreeFile[]): Step {
    checkAbsolute(root);
    for (const f of files) {
        checkAbsolute(f.path);
        checkContent(f.path, f.content, f.mode);
    }
    return { id, kind, title, argv: shArgv(WRITE_IN_TREE, root, ...files.flatMap(f => [f.path, f.mode, f.content])) };
}

/** One file written into the new layer (writeFilesInTreeStep). */
export function writeInTreeStep(
    id: string, kind: string, title: string, root: string, path: string, content: string, mode = "0644",
): Step {
    return writeFilesInTreeStep(id, kind, title, root, [{ path, content, mode }]);
}

// $1 directory, then pairs of source file and name in it.
// A source must be a regular file itself: a kernel in an image that is a link (to /etc/shadow,
// say) would otherwise bring the link's target from this host to /boot.
const COPY = String.raw`set -eu
dir=$1
shift
mkdir -p -- "$dir"
while [ "$#" -ge 2 ]; do
	if [ -L "$1" ] || [ ! -f "$1" ]; then
		echo "not copied: $1 is not a regular file" >&2
		exit 1
	fi
	tmp=$(mktemp -- "$dir/.$2.XXXXXX")
	cp -- "$1" "$tmp" || { rm -f -- "$tmp"; exit 1; }
	chmod 0644 "$tmp"
	sync -- "$tmp"
	mv -f -- "$tmp" "$dir/$2"
	shift 2
done
sync -- "$dir"
sync -- "${"$"}{dir%/*}/"
`;

/**
 * Copies files into a directory that belongs to the new layer alone (`<boot>/<layer>/`); undo and
 * cleanup remove the directory. A leftover directory of an earlier layer of the same name holds
 * only that layer's copies, so it is fair game.
 */
export function copyIntoNewDirStep(
    id: string, kind: string, title: string, dir: string, files: { from: string; name: string }[],
): Step {
    checkAbsolute(dir);
    for (const f of files) {
        checkAbsolute(f.from);
        if (!/^[A-Za-z0-9._+-]+$/.test(f.name) || f.name.startsWith("."))
            throw new Error(`unsafe file name: ${JSON.stringify(f.name)}`);
    }
    const remove = [["rm", "-rf", "--", dir]];
    return {
        id, kind, title,
        argv: shArgv(COPY, dir, ...files.flatMap(f => [f.from, f.name])),
        undo: remove,
        cleanupOnFailure: remove,
    };
}

// $1 from, $2 to: rename if $1 exists, then fsync the directory. Used both ways.
const MOVE_IF_PRESENT = String.raw`set -eu
if [ -e "$1" ]; then
	mv -f -- "$1" "$2"
	sync -- "${"$"}{2%/*}/"
fi
`;

/**
 * Hides a file under its backup name (a removal that can still be undone until the job's
 * irreversible steps run); undo brings it back and then runs `then`. A file already gone is fine.
 */
export function hideFileStep(
    id: string, kind: string, title: string, path: string, opts: { jobId: string; then?: string[][] },
): Step {
    checkAbsolute(path);
    const backup = hiddenPath(path, opts.jobId);
    const back = [shArgv(MOVE_IF_PRESENT, backup, path), ...(opts.then ?? [])];
    return {
        id, kind, title,
        argv: shArgv(MOVE_IF_PRESENT, path, backup),
        undo: back,
        cleanupOnFailure: back,
    };
}

/**
 * Deletes paths for good (`rm -rf`): only for the end of a removal, after the LVs are gone, so
 * past its point of no return. A path that cannot be deleted fails the step: the job stops
 * unfinished and its recovery deletes what is left once the cause is fixed (rm -rf runs again).
 */
export function deletePathsStep(id: string, kind: string, title: string, paths: string[]): Step {
    paths.forEach(checkAbsolute);
    return { id, kind, title, argv: ["rm", "-rf", "--", ...paths], irreversible: true };
}
