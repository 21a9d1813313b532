// Upgrade: an OS image file becomes a new read-only base and its writable "+1" layer, with the
// whitelisted local files carried over and its own kernel in /boot/<layer>/ (DESIGN §5). The
// running layer, its base, /boot's other files and the boot default are never touched; the
// optional switch to the new layer is the last step. Pre-flight checks come with their numbers,
// so the wizard can show every one, red or green, before anything runs.

import { entryIdForLayer, otherOptions } from "../boot-entry.ts";
import { POOL_DANGER_PERCENT, TAGS } from "../layout.ts";
import { isValidBaseName, layerName, parseNvr } from "../nvr.ts";
import { NOISE_CONFIG_PATH } from "../diff/noise.ts";
import { CONTROL, PERSIST_FILE, renderPersistFile, validatePattern, type PersistEntry } from "../persist.ts";
import type { PersistCheck } from "../persist-probe.ts";
import type { Plan, Step } from "../plan.ts";
import type { Layer, Layout } from "../types.ts";
import { MOUNTED_FORMATS, type ImageKernel, type ImageProbe } from "../upgrade/image-probe.ts";
import { POLICY_PATH, type ImagePolicy } from "../policy.ts";
import { IMAGE_WRITERS_SH } from "../upgrade/image-writers.ts";
import { carriedBy } from "../upgrade/local-changes.ts";
import { IMAGE_KEYRING } from "../upgrade/signature.ts";
import { ACCOUNT_FILES, MERGE_ACCOUNTS_SH } from "./accounts.ts";
import { bootCommands } from "./boot-commands.ts";
import { entryTitle, grubIntegrationSteps, newEntrySteps, switchStep } from "./boot-steps.ts";
import { BOOT_MARGIN_BYTES, makePlan } from "./common.ts";
import { shArgv, writeFileStep } from "./file-steps.ts";
import { checkPersistEntries } from "./persist.ts";
import { bootedLayer, bootedOptions, imageLvs, lvsInLayout } from "./layout-query.ts";
import {
    activateStep, createdByTag, deactivateStep, freshUuidMethod, jobMountPoint, lvremoveIfCreated, mountStep, readOnlyStep, unmountStep, type FreshUuidMethod,
} from "./lv-steps.ts";
import { trialSteps, withPanicReboot } from "./health-steps.ts";
import { checkNewLvName, newLayerSteps } from "./new-layer.ts";
import { Reasons, reason, type ActionArgs, type HostFacts, type Refusal, type RefusalCode, type RefusalReason } from "./types.ts";

/** Our own settings, always carried: the whitelist we write and the diff view's noise patterns. */
const OWN_CONFIG = [PERSIST_FILE, NOISE_CONFIG_PATH];

/** Room the new base needs beyond the image's files: filesystem metadata and the journal. */
export const FS_OVERHEAD = 1.1;

export interface UpgradeArgs extends ActionArgs {
    /** The image file on the host, as inspected. */
    imagePath: string;
    image: ImageProbe;
    /** The sha256 the admin gave (typed or from the .sha256 file); null: none given. */
    expectedSha256: string | null;
    /** NAME-VERSION-RELEASE of the new base. */
    name: string;
    /** Whitelist patterns to carry from the running layer, and what each matches on the host. */
    persist: string[];
    persistChecks: ReadonlyMap<string, PersistCheck>;
    /** Paths the whitelist carries that keep the image's version (the admin's conflict choices). */
    takeImages?: string[];
    /** The whitelist as edited in the wizard, saved first (our file's entries, and its text now;
     *  null when it does not exist). Its patterns must be in `persist`. */
    saveWhitelist?: { entries: readonly PersistEntry[]; current: string | null };
    /**
     * What boots after the job: the new layer by default, once, or on trial (once, and the
     * health checks make it the default or go back: trial.ts). `planned`: now, epoch seconds.
     */
    select?: "default" | "once" | "trial";
    planned?: number;
}

/**
 * One pre-flight check: passed (perhaps with a warning), or failed with the refusal that explains
 * the fix. `params` are what the view shows of it either way (names, numbers, flags).
 */
export type PreflightCheck = {
    id: "name" | "image" | "image-owner" | "signature" | "kernel" | "pool-data" | "pool-metadata" | "boot" | "root-fs";
    params: Record<string, string | number>;
    /** Passed, but the admin should know: the image is not verified or not signed. */
    warn?: boolean;
} & ({ ok: true } | { ok: false; reason: RefusalReason });

/** The refusal code of a failed check; null when it passed. */
export function checkCode(check: PreflightCheck): RefusalCode | null {
    return check.ok ? null : check.reason.code;
}

/** The kernel the new layer boots: the image's newest (the last in version order). */
export function imageKernel(image: ImageProbe): ImageKernel | null {
    const sorted = [...image.kernels].sort((a, b) => a.version.localeCompare(b.version, "en", { numeric: true }));
    return sorted[sorted.length - 1] ?? null;
}

/**
 * A bad signature, or one by an unknown key, is refused. So is a missing one, or one that cannot
 * be checked (no keyring), when the policy requires signatures; otherwise those pass with a
 * warning: the admin sees that nobody vouched for the image. One the admin named must be checked.
 */
function signatureCheck(image: ImageProbe, policy: ImagePolicy): ["signature", RefusalReason | null, PreflightCheck["params"], boolean] {
    const sig = image.signature;
    const required = policy.requireSignature;
    const requiredReason = reason("signature-required", { policy: POLICY_PATH, keyring: IMAGE_KEYRING, problems: policy.problems.join("; ") });
    if (!sig)
        return required ? ["signature", requiredReason, { signed: 0, required: 1 }, false] : ["signature", null, { signed: 0 }, true];
    const r = sig.result;
    const path = sig.path;
    const shown = { signed: 1, path };
    switch (r.state) {
    case "good": return ["signature", null, { ...shown, signer: r.signer, fingerprint: r.fingerprint }, false];
    case "bad": return ["signature", reason("signature-bad", { path, reason: r.reason, signer: r.signer }), shown, false];
    case "unknown-key": return ["signature", reason("signature-unknown-key", { path, keyId: r.keyId, keyring: IMAGE_KEYRING }), shown, false];
    case "missing": return ["signature", reason("signature-missing", { path }), shown, false];
    case "no-keyring": {
        const why = sig.named ? reason("signature-no-keyring", { path, keyring: IMAGE_KEYRING }) : required ? requiredReason : null;
        return ["signature", why, { path, signed: 0, unchecked: 1 }, true];
    }
    case "error": return ["signature", reason("signature-error", { path, detail: r.detail }), shown, false];
    }
}

/** Every pre-flight check, in the order the wizard lists them. */
export function upgradeChecks(layout: Layout, facts: HostFacts, args: UpgradeArgs): PreflightCheck[] {
    const checks: PreflightCheck[] = [];
    const add = (id: PreflightCheck["id"], failed: RefusalReason | null, params: PreflightCheck["params"], warn = false) =>
        checks.push(failed ? { id, ok: false, reason: failed, params } : { id, ok: true, params, ...(warn ? { warn } : {}) });

    const names = new Reasons();
    checkNewLvName(names, args.name, lvsInLayout(layout).map(lv => lv.name));
    checkNewLvName(names, layerName(args.name, 1), lvsInLayout(layout).map(lv => lv.name));
    add("name", isValidBaseName(args.name) ? names.list[0] ?? null : reason("name-invalid", { name: args.name }), { name: args.name });

    const actual = args.image.sha256;
    add("image", args.expectedSha256 !== null && actual !== args.expectedSha256 ? reason("checksum-mismatch", { expected: args.expectedSha256, actual: actual ?? "" }) : null,
        { expected: args.expectedSha256 ?? "", actual: actual ?? "", verified: args.expectedSha256 !== null ? 1 : 0,
          mounted: MOUNTED_FORMATS.includes(args.image.format) ? 1 : 0 },
        args.expectedSha256 === null);

    const writer = args.image.writer;
    add("image-owner", writer ? reason("image-writable", writer) : null, writer ? { path: writer.path, why: writer.why } : { path: args.imagePath });

    add(...signatureCheck(args.image, facts.policy));

    const kernel = imageKernel(args.image);
    // An image that failed its checksum or signature was not mounted to look for one.
    add("kernel", kernel ? null : reason(args.image.tree === "read" ? "image-no-kernel" : "image-unopened"), { version: kernel?.version ?? "" });

    add("root-fs", freshUuidMethod(facts.rootFsType) ? null : reason("root-fs-unsupported", { fsType: facts.rootFsType }), { fsType: facts.rootFsType });

    const pool = layout.pool;
    const poolSize = pool?.lv.size ?? 0;
    const used = Math.round(poolSize * (pool?.dataPercent ?? 0) / 100);
    const needed = Math.ceil(args.image.treeBytes * FS_OVERHEAD);
    const after = poolSize > 0 ? (used + needed) * 100 / poolSize : 100;
    const free = poolSize - used;
    add("pool-data", !pool || after >= POOL_DANGER_PERCENT ? reason("pool-too-small", { needed, free, limit: POOL_DANGER_PERCENT }) : null,
        { needed, free, percentAfter: Math.round(after * 10) / 10, limit: POOL_DANGER_PERCENT });
    const metadata = pool?.metadataPercent ?? 0;
    add("pool-metadata", metadata >= POOL_DANGER_PERCENT ? reason("pool-full", { percent: metadata }) : null, { percent: metadata, limit: POOL_DANGER_PERCENT });

    const bootNeeded = (kernel ? kernel.vmlinuzBytes + kernel.initrdBytes : 0) + BOOT_MARGIN_BYTES;
    const bootSpace = { needed: bootNeeded, free: facts.boot.freeBytes };
    add("boot", facts.boot.freeBytes < bootNeeded ? reason("boot-space", bootSpace) : null, bootSpace);
    return checks;
}

// $1 image: refused when someone other than root could change it (model/upgrade/image-writers.ts).
const ROOT_ONLY = String.raw`${IMAGE_WRITERS_SH}
image_writers "$1" && exit 0
echo "someone other than root could change the image: $iw_bad_path ($iw_bad_why)" >&2
exit 1`;

// $1 image, $2 expected sha256: the file that is filled from is the file that was checked.
const VERIFY = String.raw`set -eu
printf '%s  %s\n' "$2" "$1" | sha256sum --check --strict -`;

// $1 image, $2 its detached signature, $3 the keyring: checked again by the job, as for the
// sha256. gpgv gets a home of its own, so root's ~/.gnupg is neither read nor made.
const SIGNATURE = String.raw`set -u
home=$(mktemp -d)
rc=0
GNUPGHOME=$home gpgv --keyring "$3" -- "$2" "$1" || rc=$?
rm -rf -- "$home"
exit $rc`;

// $1 mounted new root, $2 the old base mounted read-only ("" when it is gone), $3 how many paths
// follow that keep the image's version (the admin's conflict choices), those paths, then the
// patterns. Each match is copied with its attributes (a directory merges into the image's); the
// account databases are merged by name instead (accounts.ts), written beside the image's and
// renamed over it, so a link of the image's there is replaced too. The image's versions of the chosen paths (which may lie
// inside a carried directory) are set aside first, in a directory of our own outside the image's
// tree, and put back after the copy; a chosen path the image does not have is removed. The image
// is untrusted: every directory written into must be a real directory of the new root, and a
// symlink the image has where a carried file goes is replaced, never written through (a link at
// /etc/hostname to /etc/shadow would otherwise overwrite this host's shadow with the carry).
const CARRY = String.raw`set -eu
root=$1 old=$2 n=$3
shift 3
${MERGE_ACCOUNTS_SH}
saved=$(mktemp -d)
trap 'rm -rf -- "$saved"' EXIT
# A directory of the new root to read or write in: its nearest existing ancestor must be
# reached through no symlink (checked before a mkdir -p could follow one).
real_dir() {
	d=$1
	while [ ! -e "$d" ] && [ ! -L "$d" ]; do d=${"$"}{d%/*}; done
	if [ "$(realpath -- "$d")" != "$(realpath -s -- "$d")" ]; then
		echo "refusing to write under ${"$"}{1#"$root"}: the new image has a symlink on the way" >&2
		exit 1
	fi
}
# Before the tree $1 is copied to $2: a symlink of the image's at any path the copy will write
# is removed, so the copy puts the carried file there instead of following the link (dangling
# ones too, such as a resolv.conf pointing at systemd-resolved's stub); one where a carried
# directory goes is refused, as merging into it would write wherever it points.
unlink_targets() {
	find "$1" -exec sh -c '
		root=$1 src=$2 dest=$3
		shift 3
		for s in "$@"; do
			d=$dest${"$"}{s#"$src"}
			[ -L "$d" ] || continue
			if [ -d "$s" ] && [ ! -L "$s" ]; then
				echo "refusing to carry $s: the new image has a symlink at ${"$"}{d#"$root"} where this directory goes" >&2
				exit 1
			fi
			rm -f -- "$d"
		done' sh "$root" "$1" "$2" {} +
}
is_account_file() {
	case $1 in ${ACCOUNT_FILES.join("|")}) [ -f "$1" ] && [ ! -L "$1" ] ;; *) false ;; esac
}
# $1 this host's database, $2 where it goes in the new root (its directory checked by real_dir):
# merged with the image's file there and the old base's, when each is a regular file of its own
# tree (the old base's directory must be no link either). An image with no such file of its own
# (none, or a link, which is never read) gets this host's, whole.
merge_into() {
	image=/dev/null base=/dev/null
	if [ -f "$2" ] && [ ! -L "$2" ]; then image=$2; fi
	if [ "$image" != /dev/null ] && [ -n "$old" ] && [ -f "$old$1" ] && [ ! -L "$old$1" ] &&
		[ "$(realpath -- "$old${"$"}{1%/*}")" = "$(realpath -s -- "$old${"$"}{1%/*}")" ]; then
		base=$old$1
	fi
	tmp=$(mktemp -- "${"$"}{2%/*}/.imgbased-merge.XXXXXX")
	if ! merge_accounts "${"$"}{1##*/}" "$base" "$1" "$image" >"$tmp"; then
		rm -f -- "$tmp"
		echo "refusing to merge $1 with the new image's" >&2
		exit 1
	fi
	ref=$1
	[ "$image" = /dev/null ] || ref=$image
	chown --reference="$ref" -- "$tmp"
	chmod --reference="$ref" -- "$tmp"
	mv -fT -- "$tmp" "$2"
	if [ "$image" = /dev/null ]; then echo "kept $1 (the image has no file of its own there)"
	elif [ "$base" = /dev/null ]; then echo "merged $1 with the image's by name (no old base to compare with)"
	else echo "merged $1 with the image's by name"; fi
}
i=0
for p in "$@"; do
	i=$((i + 1))
	[ $i -le "$n" ] || break
	real_dir "$root${"$"}{p%/*}"
	if [ -e "$root$p" ] || [ -L "$root$p" ]; then
		mkdir -p -- "$saved${"$"}{p%/*}"
		cp -a -- "$root$p" "$saved${"$"}{p%/*}/"
	fi
done
i=0
for pattern in "$@"; do
	i=$((i + 1))
	[ $i -gt "$n" ] || continue
	IFS=
	for m in $pattern; do
		unset IFS
		[ -e "$m" ] || [ -L "$m" ] || continue
		parent=$root${"$"}{m%/*}
		real_dir "$parent"
		mkdir -p -- "$parent"
		if is_account_file "$m"; then
			merge_into "$m" "$parent/${"$"}{m##*/}"
			continue
		fi
		unlink_targets "$m" "$parent/${"$"}{m##*/}"
		# --remove-destination: a file is replaced, not rewritten in place (where a hard link
		# of the image's would carry the write to another of its names).
		cp -a --remove-destination -- "$m" "$parent/"
		echo "kept $m"
	done
done
i=0
for p in "$@"; do
	i=$((i + 1))
	[ $i -le "$n" ] || break
	real_dir "$root${"$"}{p%/*}"
	rm -rf -- "$root$p"
	if [ -e "$saved$p" ] || [ -L "$saved$p" ]; then
		mkdir -p -- "$root${"$"}{p%/*}"
		cp -a -- "$saved$p" "$root${"$"}{p%/*}/"
		echo "the image's $p is kept"
	else
		echo "$p is not in the image: not kept"
	fi
done
`;

/**
 * The running layer's base, mounted read-only for the carry's account merge (accounts.ts) when the
 * whitelist carries an account database: the old side of its three-way compare. None when that
 * base is gone (the merge then goes by name alone). Left as active as it was found.
 */
function oldBaseSteps(layout: Layout, booted: Layer, persist: readonly string[], fs: FreshUuidMethod, jobId: string): { mount: Step[]; dir: string; unmount: Step[] } {
    const carries = carriedBy(persist);
    const base = layout.bases.find(b => b.name === booted.baseName)?.lv;
    if (!base || !ACCOUNT_FILES.some(f => carries(f)))
        return { mount: [], dir: "", unmount: [] };
    const lv = `${layout.vg.name}/${base.name}`;
    const dir = `${jobMountPoint(jobId)}.old`;
    // A read-only LV: no journal replay (ext4 noload, xfs norecovery), and xfs must not refuse
    // the UUID the running layer, its snapshot, shares with it.
    const options = fs === "xfs" ? "ro,norecovery,nouuid" : "ro,noload";
    const why = `the base of ${booted.name}, to merge the accounts against`;
    return {
        mount: [
            ...(base.active ? [] : [activateStep("old-base-activate", `Activate ${lv}, ${why}`, lv)]),
            mountStep("old-base-mount", `Mount /dev/${lv} read-only on ${dir}`, `/dev/${lv}`, dir, options),
        ],
        dir,
        unmount: [
            unmountStep("old-base-unmount", `Unmount ${dir}`, dir),
            ...(base.active ? [] : [deactivateStep("old-base-deactivate", `Deactivate ${lv}`, lv)]),
        ],
    };
}

function fillStep(format: ImageProbe["format"], image: string, source: string, dest: string): Step {
    const argv = format === "squashfs"
        ? ["unsquashfs", "-no-progress", "-force", "-dest", dest, image]
        : format === "tar"
            ? ["tar", "--extract", "--file", image, "--directory", dest, "--preserve-permissions", "--same-owner",
                "--numeric-owner", "--xattrs", "--xattrs-include=*", "--acls"]
            // A filesystem image (raw, or oVirt's LiveOS/rootfs.img) is mounted and its tree copied,
            // so the base gets a filesystem like the running root's rather than the image's.
            : ["cp", "-a", "--", `${source}/.`, `${dest}/`];
    return { id: "base-fill", kind: "base-fill", title: `Fill the new base from ${image}`, argv };
}

function mkfsStep(fs: FreshUuidMethod, dev: string, name: string): Step {
    // ext4 like the lab's and imgbased's bases: discard, so the thin pool gets blocks back;
    // metadata_csum_seed, so a layer's fresh UUID rewrites the superblock only.
    const argv = fs === "ext4"
        ? ["mkfs.ext4", "-q", "-E", "discard", "-O", "metadata_csum_seed", "-L", name.slice(0, 16), dev]
        : ["mkfs.xfs", "-q", "-L", name.slice(0, 12), dev];
    return { id: "base-mkfs", kind: "mkfs", title: `Make a ${fs} filesystem on ${dev}`, argv };
}

/** Mounts of the image file itself: none for squashfs and tar (read as files), one or two else. */
function imageMountSteps(args: UpgradeArgs, dir: string): { steps: Step[]; source: string; unmount: Step[] } {
    const { format } = args.image;
    if (format === "squashfs" || format === "tar")
        return { steps: [], source: "", unmount: [] };
    const outer = `${dir}.image`;
    const options = format === "xfs" ? "ro,loop,norecovery" : "ro,loop,noload";
    const steps = [mountStep("image-mount", `Mount ${args.imagePath} read-only on ${outer}`, args.imagePath, outer,
        format === "squashfs-liveos" ? "ro,loop" : options)];
    const unmount = [unmountStep("image-unmount", `Unmount ${outer}`, outer)];
    if (format !== "squashfs-liveos")
        return { steps, source: outer, unmount };
    const inner = `${dir}.rootfs`;
    steps.push(mountStep("rootfs-mount", `Mount ${outer}/LiveOS/rootfs.img read-only on ${inner}`, `${outer}/LiveOS/rootfs.img`, inner, options));
    unmount.unshift(unmountStep("rootfs-unmount", `Unmount ${inner}`, inner));
    return { steps, source: inner, unmount };
}

export function upgrade(layout: Layout, facts: HostFacts, args: UpgradeArgs): Plan | Refusal {
    const reasons = new Reasons();
    const commands = bootCommands(layout.boot.backend);
    if (!commands)
        reasons.add("unknown-backend");
    for (const check of upgradeChecks(layout, facts, args)) {
        if (!check.ok)
            reasons.addReason(check.reason);
    }
    // The paths go to unsquashfs, tar, mount and gpgv as arguments: absolute, so never an option.
    for (const path of [args.imagePath, args.image.signature?.path ?? "/"]) {
        if (!path.startsWith("/") || CONTROL.test(path))
            reasons.add("image-path-invalid", { path });
    }
    checkPersistEntries(reasons, args.persist, args.persistChecks);
    // The conflict choices name paths the carry removes from the new root and puts back from the
    // image: held to the whitelist's rules (absolute, no "..", no control characters), so none
    // can name a path outside the new root. A symlink on the way is refused by the carry itself.
    for (const path of args.takeImages ?? []) {
        const problem = validatePattern(path);
        if (problem)
            reasons.add("persist-invalid", { pattern: path, problem: problem.code, detail: problem.detail ?? "" });
    }
    const booted = bootedLayer(layout);
    if (!booted)
        reasons.add("not-found", { name: "booted layer" });
    const fs = freshUuidMethod(facts.rootFsType);
    const kernel = imageKernel(args.image);
    if (reasons.any || !commands || !fs || !kernel || !booted)
        return reasons.refusal();

    const vg = layout.vg.name;
    const base = args.name;
    const layer = layerName(base, 1);
    const lv = `${vg}/${base}`;
    const dev = `/dev/${lv}`;
    const baseDir = `${jobMountPoint(args.jobId)}.base`;
    const image = imageMountSteps(args, jobMountPoint(args.jobId));
    const steps: Step[] = [...grubIntegrationSteps(commands, args.jobId)];
    const whitelist = args.saveWhitelist ? renderPersistFile(args.saveWhitelist.entries) : null;
    if (whitelist !== null && whitelist !== args.saveWhitelist!.current)
        steps.push(writeFileStep("persist-write", "write-file", `Write ${PERSIST_FILE}`, PERSIST_FILE, whitelist, { jobId: args.jobId }));
    // Root alone can change the file (checked above); again now, before its bytes are checked.
    steps.push({ id: "image-owner", kind: "image-verify", title: `Check that only root can change ${args.imagePath}`, argv: shArgv(ROOT_ONLY, args.imagePath) });
    if (args.expectedSha256)
        steps.push({ id: "image-verify", kind: "image-verify", title: `Check the sha256 of ${args.imagePath}`, argv: shArgv(VERIFY, args.imagePath, args.expectedSha256) });
    if (args.image.signature?.result.state === "good")
        steps.push({
            id: "image-signature", kind: "image-verify", title: `Check the signature ${args.image.signature.path} of ${args.imagePath}`,
            argv: shArgv(SIGNATURE, args.imagePath, args.image.signature.path, IMAGE_KEYRING),
        });
    steps.push(
        {
            id: "base-create", kind: "lv-create", title: `Create base ${base} in ${vg}/${layout.pool!.lv.name}, as large as ${booted.name}`,
            argv: [
                "lvcreate", "--thin", "--virtualsize", `${booted.lv.size}b`, "--setactivationskip", "n",
                "--addtag", TAGS.base, "--addtag", createdByTag(args.jobId), "--name", base, `${vg}/${layout.pool!.lv.name}`,
            ],
            undo: [["lvremove", "-y", lv]],
            cleanupOnFailure: [lvremoveIfCreated(lv, args.jobId)],
        },
        mkfsStep(fs, dev, base),
        mountStep("base-mount", `Mount ${dev} on ${baseDir}`, dev, baseDir, ""),
        ...image.steps,
        fillStep(args.image.format, args.imagePath, image.source, baseDir),
        ...image.unmount,
        unmountStep("base-unmount", `Unmount ${baseDir}`, baseDir),
        readOnlyStep("base-protect", `Make ${lv} read-only`, lv),
        { id: "base-skip", kind: "lv-skip", title: `Leave ${lv} inactive at boot`, argv: ["lvchange", "--setactivationskip", "y", lv] },
        { id: "base-deactivate", kind: "lv-deactivate", title: `Deactivate ${lv}`, argv: ["lvchange", "--activate", "n", lv] },
    );
    const takeImages = args.takeImages ?? [];
    const carry = (mnt: string): Step[] => {
        const old = oldBaseSteps(layout, booted, args.persist, fs, args.jobId);
        return [...old.mount, {
            id: "persist-carry", kind: "persist-carry", title: `Copy the files kept on upgrade into ${layer}`,
            argv: shArgv(CARRY, mnt, old.dir, String(takeImages.length), ...takeImages, ...args.persist, ...OWN_CONFIG),
        }, ...old.unmount];
    };
    const trialOptions = (options: string) => args.select === "trial" ? withPanicReboot(options) : options;
    const entry = (mnt: string) => newEntrySteps(facts.boot, commands, {
        layer, vg, title: entryTitle(parseNvr(base)!, layer),
        kernel: { version: kernel.version, vmlinuz: `${mnt}${kernel.vmlinuz}`, initrd: `${mnt}${kernel.initrd}` },
        options: trialOptions(otherOptions(bootedOptions(layout) ?? facts.cmdline, imageLvs(layout))),
    }, args.jobId);
    steps.push(...newLayerSteps({
        vg, base, layer, fs, jobId: args.jobId, facts, fstabFrom: "/etc/fstab",
        inLayer: mnt => [...carry(mnt), ...grubIntegrationSteps(commands, args.jobId, mnt), ...entry(mnt)],
    }));
    const menuId = commands.menuId(entryIdForLayer(layer));
    if (args.select === "trial") {
        const trial = { job: args.jobId, layer, entry: menuId, backend: commands.backend, fallback: layout.defaultLayer ?? booted.name, planned: args.planned ?? 0 };
        steps.push(...trialSteps(facts, commands, layout.boot, trial));
    } else if (args.select) {
        steps.push(switchStep(commands, args.select, menuId, layout.boot));
    }
    return makePlan(args.jobId, "upgrade", `Upgrade to ${base} from ${args.imagePath}`, steps, layout);
}
