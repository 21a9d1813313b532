// Steps on LVs and their filesystems, in lvm2 2.03 syntax. Flags follow imgbased (research/
// imgbased.md §1.4, §3.4) and what the lab proved (vm-lab.md P8-P10): layers are made with
// `--setactivationskip n`, because LVM flags new thin snapshots to be skipped and the initramfs
// would then not activate the root (P8); bases are read-only and skipped.

import type { Step } from "../plan.ts";
import { shArgv, TREE_DIR } from "./file-steps.ts";

/** Where a job mounts a new layer: its own directory, so jobs and leftovers never collide. */
export function jobMountPoint(jobId: string): string {
    return `/run/imgbased/mnt/${jobId}`;
}

/** The tag a job puts on every LV it creates: the proof, for its cleanup, that the LV is ours. */
export function createdByTag(jobId: string): string {
    return `imgbased:job=${jobId}`;
}

// $1 VG/LV, $2 the creating job's tag. Only an LV carrying the tag is removed: when lvcreate
// failed because the name was taken, the LV of that name is someone else's and must stay.
const LVREMOVE_IF_CREATED = String.raw`tags=$(lvs --noheadings -o lv_tags "$1" 2>/dev/null) || exit 0
case ",$(echo $tags)," in *",$2,"*) exec lvremove -y "$1" ;; esac`;

/** Removes VG/LV if it exists and this job created it: the cleanup of a create that may or may not have happened. */
export function lvremoveIfCreated(lv: string, jobId: string): string[] {
    return shArgv(LVREMOVE_IF_CREATED, lv, createdByTag(jobId));
}

// $@ VG/LV names. Removes those of them that exist, so that the step can run again to complete a
// removal that stopped half-way (LVM removes the LVs of one lvremove one by one). Which exist is
// read from the list of all LVs: lvs exits non-zero for a missing name, as when it failed, and an
// LVM that cannot list its LVs must fail the step rather than have it look done.
const LVREMOVE_PRESENT = String.raw`set -uf
all=$(lvs --noheadings --separator / -o vg_name,lv_name) || exit
all=" $(echo $all) "
for lv do
	shift
	case $all in *" $lv "*) set -- "$@" "$lv" ;; esac
done
[ "$#" -eq 0 ] || exec lvremove -y "$@"
`;

/**
 * Removes VG/LVs for good: the point of no return of a removal (DESIGN §3). Safe to run again:
 * the LVs already gone are skipped.
 */
export function lvRemoveStep(id: string, title: string, lvs: string[]): Step {
    return { id, kind: "lv-remove", title, argv: shArgv(LVREMOVE_PRESENT, ...lvs), irreversible: true };
}

/**
 * A thin snapshot of `origin` named `name` (no size: with a size LVM would make an old-style COW
 * snapshot), tagged with the job that made it. Undo and cleanup remove it, cleanup only if this
 * job made it.
 */
export function snapshotStep(
    id: string, title: string, vg: string, origin: string, name: string,
    opts: { tag: string; skipActivation: boolean; jobId: string },
): Step {
    const lv = `${vg}/${name}`;
    return {
        id, kind: "lv-create", title,
        argv: [
            "lvcreate", "--snapshot", "--setactivationskip", opts.skipActivation ? "y" : "n",
            "--addtag", opts.tag, "--addtag", createdByTag(opts.jobId), "--name", name, `${vg}/${origin}`,
        ],
        undo: [["lvremove", "-y", lv]],
        cleanupOnFailure: [lvremoveIfCreated(lv, opts.jobId)],
    };
}

/**
 * Activates VG/LV (-K: even if flagged to be skipped); undo deactivates it, and so does the
 * cleanup of a step killed once LVM had activated it (the fault matrix's case: unit test
 * fault-matrix.test.ts); deactivating an inactive LV changes nothing.
 */
export function activateStep(id: string, title: string, lv: string): Step {
    const undo = [["lvchange", "--activate", "n", lv]];
    return {
        id, kind: "lv-activate", title,
        argv: ["lvchange", "--activate", "y", "--ignoreactivationskip", lv],
        undo,
        cleanupOnFailure: undo,
    };
}

/**
 * Deactivates VG/LV. That fails while the LV is mounted or open, so it is also the run-time proof
 * that a layer about to be removed is not in use. Undo activates it again, and so does the
 * cleanup: a removal killed once LVM had deactivated the LV would otherwise be "undone" with the
 * layer left inactive (fault-matrix.test.ts). Activating an active LV changes nothing.
 */
export function deactivateStep(id: string, title: string, lv: string): Step {
    const undo = [["lvchange", "--activate", "y", "--ignoreactivationskip", lv]];
    return {
        id, kind: "lv-deactivate", title,
        argv: ["lvchange", "--activate", "n", lv],
        undo,
        cleanupOnFailure: undo,
    };
}

/** Makes a new LV read-only; no undo of its own, the create step's undo removes the LV. */
export function readOnlyStep(id: string, title: string, lv: string): Step {
    return { id, kind: "lv-read-only", title, argv: ["lvchange", "--permission", "r", lv] };
}

/**
 * Adds a tag the planner saw absent; undo deletes it. So does the cleanup: a job killed once LVM
 * had added the tag would otherwise be "undone" with the tag left (an imgbased:vg or :pool tag
 * that then makes Initialize refuse the host as stale; a pin that stays). Deleting a tag the LV
 * does not have changes nothing.
 */
export function addTagStep(id: string, title: string, target: { vg: string } | { lv: string }, tag: string): Step {
    const [cmd, name] = "lv" in target ? ["lvchange", target.lv] : ["vgchange", target.vg];
    const undo = [[cmd, "--deltag", tag, name]];
    return {
        id, kind: "lvm-tag", title,
        argv: [cmd, "--addtag", tag, name],
        undo,
        cleanupOnFailure: undo,
    };
}

/** Deletes a tag the planner saw present; undo and cleanup add it back (see addTagStep). */
export function delTagStep(id: string, title: string, lv: string, tag: string): Step {
    const undo = [["lvchange", "--addtag", tag, lv]];
    return {
        id, kind: "lvm-tag", title,
        argv: ["lvchange", "--deltag", tag, lv],
        undo,
        cleanupOnFailure: undo,
    };
}

export type FreshUuidMethod = "ext4" | "xfs";

/** The filesystems whose UUID we know how to renew; others are refused before planning. */
export function freshUuidMethod(fsType: string): FreshUuidMethod | null {
    return fsType === "ext4" || fsType === "xfs" ? fsType : null;
}

// $1 the new layer's device. A new UUID with metadata_csum_seed is a superblock-only change; without
// it, tune2fs -U rewrites every metadata checksum and refuses to until `e2fsck -f` ran.
const EXT4_FRESH_UUID = String.raw`set -u
features=$(dumpe2fs -h -- "$1" 2>/dev/null | sed -n 's/^Filesystem features:[[:space:]]*//p')
case " $features " in
*" metadata_csum_seed "*) ;;
*)
	rc=0
	e2fsck -f -y -- "$1" || rc=$?
	[ "$rc" -le 1 ] || exit "$rc"
	;;
esac
exec tune2fs -U random -- "$1"
`;

/**
 * ext4: the snapshot is a block copy, so its filesystem has its origin's UUID. The feature is read
 * from the snapshot itself when the step runs (a base made by us has it, see upgrade's mkfs; one
 * made by others may not), so the plan holds for either:
 *
 * - with `metadata_csum_seed` the checksums are seeded from a stored value, not from the UUID, and
 *   `tune2fs -U` rewrites the superblock only (0.1 s in the lab). Nothing that e2fsck guarded is
 *   touched, so the check is skipped: it was there only because tune2fs refuses to rewrite every
 *   checksum of a filesystem not checked since its last mount. What the full check would have
 *   seen is the state the snapshot froze: a cleanly unmounted base, or (Initialize) a root that LVM
 *   froze for the snapshot, whose journal the kernel replays at the layer's first mount, as after
 *   a power cut. GRUB never reads a layer's filesystem (it cannot read thin LVs; /boot is separate)
 *   and Debian 12's GRUB 2.06 reads ext4 with the feature anyway (grub-probe, grub-fstest).
 * - without it, `e2fsck -f -y` first, as imgbased does (exit 1 means "errors corrected", accepted
 *   as imgbased does, rhbz#1645395), then the full rewrite.
 *
 * To run before the filesystem is mounted.
 */
export function ext4FreshUuidSteps(dev: string): Step[] {
    return [{
        id: "fs-uuid", kind: "fs-uuid",
        title: `Give ${dev} a filesystem UUID of its own (after e2fsck -f unless it has metadata_csum_seed)`,
        argv: shArgv(EXT4_FRESH_UUID, dev),
    }];
}

/**
 * xfs: xfs_admin refuses a filesystem with a dirty log, so the layer is mounted (with nouuid, as
 * its origin's UUID may be mounted) and unmounted first, which replays the log; then this step.
 */
export function xfsFreshUuidStep(dev: string): Step {
    return { id: "fs-uuid", kind: "fs-uuid", title: `Give ${dev} a filesystem UUID of its own`, argv: ["xfs_admin", "-U", "generate", dev] };
}

// $1 mount point: unmount if mounted (lazily if busy, so the LV can still go), remove the dir.
const UNMOUNT_IF_MOUNTED = String.raw`if mountpoint -q -- "$1"; then umount -- "$1" || umount -l -- "$1" || exit; fi
rmdir -- "$1" 2>/dev/null
exit 0
`;

export function unmountIfMounted(dir: string): string[] {
    return shArgv(UNMOUNT_IF_MOUNTED, dir);
}

// $1 device, $2 mount point, $3 mount options ("" for none).
const MOUNT = String.raw`set -eu
mkdir -p -- "$2"
if [ -n "$3" ]; then exec mount -o "$3" -- "$1" "$2"; fi
exec mount -- "$1" "$2"
`;

export function mountStep(id: string, title: string, dev: string, dir: string, options: string): Step {
    return {
        id, kind: "mount", title,
        argv: shArgv(MOUNT, dev, dir, options),
        undo: [unmountIfMounted(dir)],
        cleanupOnFailure: [unmountIfMounted(dir)],
    };
}

/** Unmounts what mountStep mounted; the mount step's undo copes with it being unmounted already. */
export function unmountStep(id: string, title: string, dir: string): Step {
    return {
        id, kind: "umount", title,
        argv: shArgv(String.raw`set -eu
umount -- "$1"
rmdir -- "$1"
`, dir),
        cleanupOnFailure: [unmountIfMounted(dir)],
    };
}

// $1 mounted root, $2 device, $3 filesystem type, $4 the fstab to start from (default: the
// layer's own; an upgrade starts from the running system's, which knows this host's disks). Every
// fstab line mounting "/" gets the device as its source, the rest of the line kept as written;
// without one, a line is added. Written like writeInTreeStep: no symlink of the image's on the way
// to etc/ is followed, and one at etc/fstab itself is replaced (mv -T), or refused as the file to
// start from (it could name any file on this host), as is anything else that is not a regular
// file there (a device node would be read: a disk of this host, or an endless /dev/zero).
const FSTAB_ROOT = String.raw`set -eu
${TREE_DIR}
tree_dir "$1" /etc
f=$1/etc/fstab
src=${"$"}{4:-$f}
if [ "$src" = "$f" ] && { [ -L "$f" ] || { [ -e "$f" ] && [ ! -f "$f" ]; }; }; then
	echo "refused: /etc/fstab of the new layer is a symbolic link or not a regular file; it must be a file" >&2
	exit 1
fi
[ -f "$src" ] || src=/dev/null
tmp=$(mktemp -- "$1/etc/.fstab.XXXXXX")
trap 'rm -f -- "$tmp"' EXIT
chmod 0644 -- "$tmp"
[ ! -f "$src" ] || cp -p -- "$src" "$tmp"
awk -v dev="$2" -v fstype="$3" '
$0 !~ /^[ \t]*#/ && NF >= 2 && $2 == "/" {
	i = index($0, $1)
	$0 = substr($0, 1, i - 1) dev substr($0, i + length($1))
	found = 1
}
{ print }
END { if (!found) print dev "\t/\t" fstype "\tdefaults\t0\t1" }
' "$src" >"$tmp"
sync -- "$tmp"
mv -fT -- "$tmp" "$f"
sync -- "$1/etc"
`;

/**
 * Points the root line of the layer's /etc/fstab (mounted at `root`) at the layer's own LV: it
 * usually names the origin (by UUID=, which the fresh UUID no longer matches, or by device).
 * No undo: the LV it edits is removed by the undo of its creation.
 */
export function fstabRootStep(root: string, dev: string, fsType: string, from?: string): Step {
    return {
        id: "fstab-root", kind: "fstab-root",
        title: from ? `Write the new layer's /etc/fstab from ${from}, mounting ${dev} as /` : `Mount ${dev} as / in the new layer's /etc/fstab`,
        argv: shArgv(FSTAB_ROOT, root, dev, fsType, ...(from ? [from] : [])),
    };
}
