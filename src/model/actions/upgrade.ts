// Upgrade: an OS image file becomes a new read-only base and its writable "+1" layer, with the
// whitelisted local files carried over and its own kernel in /boot/<layer>/ (DESIGN §5). The
// running layer, its base, /boot's other files and the boot default are never touched; the
// optional switch to the new layer is the last step. Pre-flight checks come with their numbers,
// so the wizard can show every one, red or green, before anything runs.

import { entryIdForLayer, otherOptions } from "../boot-entry.ts";
import { POOL_DANGER_PERCENT, TAGS } from "../layout.ts";
import { layerName, parseNvr } from "../nvr.ts";
import { CONTROL } from "../persist.ts";
import type { PersistCheck } from "../persist-probe.ts";
import type { Plan, Step } from "../plan.ts";
import type { Layout } from "../types.ts";
import type { ImageKernel, ImageProbe } from "../upgrade/image-probe.ts";
import { bootCommands } from "./boot-commands.ts";
import { entryTitle, grubIntegrationSteps, newEntrySteps, switchStep } from "./boot-steps.ts";
import { BOOT_MARGIN_BYTES, makePlan } from "./common.ts";
import { shArgv } from "./file-steps.ts";
import { checkPersistEntries } from "./persist.ts";
import { bootedLayer, bootedOptions, imageLvs, lvsInLayout } from "./layout-query.ts";
import {
    createdByTag, freshUuidMethod, jobMountPoint, lvremoveIfCreated, mountStep, readOnlyStep, unmountStep, type FreshUuidMethod,
} from "./lv-steps.ts";
import { checkNewLvName, newLayerSteps } from "./new-layer.ts";
import { Reasons, type ActionArgs, type HostFacts, type Refusal, type RefusalCode } from "./types.ts";

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
    /** Paths the whitelist matches that keep the image's version (the admin's conflict choice). */
    takeImages?: string[];
    select?: "default" | "once";
}

/** One pre-flight check: ok, or the refusal code that explains the fix; numbers for the view. */
export interface PreflightCheck {
    id: "name" | "image" | "kernel" | "pool-data" | "pool-metadata" | "boot" | "root-fs";
    ok: boolean;
    code?: RefusalCode;
    params: Record<string, string | number>;
}

/** The kernel the new layer boots: the image's newest (the last in version order). */
export function imageKernel(image: ImageProbe): ImageKernel | null {
    const sorted = [...image.kernels].sort((a, b) => a.version.localeCompare(b.version, "en", { numeric: true }));
    return sorted[sorted.length - 1] ?? null;
}

/** Every pre-flight check, in the order the wizard lists them. */
export function upgradeChecks(layout: Layout, facts: HostFacts, args: UpgradeArgs): PreflightCheck[] {
    const checks: PreflightCheck[] = [];
    const add = (id: PreflightCheck["id"], code: RefusalCode | null, params: PreflightCheck["params"]) =>
        checks.push(code ? { id, ok: false, code, params } : { id, ok: true, params });

    const names = new Reasons();
    checkNewLvName(names, args.name, lvsInLayout(layout).map(lv => lv.name));
    checkNewLvName(names, layerName(args.name, 1), lvsInLayout(layout).map(lv => lv.name));
    const nameCode = parseNvr(args.name) ? names.list[0]?.code ?? null : "name-invalid";
    add("name", nameCode, { name: args.name });

    const actual = args.image.sha256;
    add("image", args.expectedSha256 !== null && actual !== args.expectedSha256 ? "checksum-mismatch" : null,
        { expected: args.expectedSha256 ?? "", actual: actual ?? "", verified: args.expectedSha256 !== null ? 1 : 0 });

    const kernel = imageKernel(args.image);
    add("kernel", kernel ? null : "image-no-kernel", { version: kernel?.version ?? "" });

    add("root-fs", freshUuidMethod(facts.rootFsType) ? null : "root-fs-unsupported", { fsType: facts.rootFsType });

    const pool = layout.pool;
    const poolSize = pool?.lv.size ?? 0;
    const used = Math.round(poolSize * (pool?.dataPercent ?? 0) / 100);
    const needed = Math.ceil(args.image.treeBytes * FS_OVERHEAD);
    const after = poolSize > 0 ? (used + needed) * 100 / poolSize : 100;
    add("pool-data", !pool || after >= POOL_DANGER_PERCENT ? "pool-too-small" : null,
        { needed, free: poolSize - used, percentAfter: Math.round(after * 10) / 10, limit: POOL_DANGER_PERCENT });
    const metadata = pool?.metadataPercent ?? 0;
    add("pool-metadata", metadata >= POOL_DANGER_PERCENT ? "pool-full" : null, { percent: metadata, limit: POOL_DANGER_PERCENT });

    const bootNeeded = (kernel ? kernel.vmlinuzBytes + kernel.initrdBytes : 0) + BOOT_MARGIN_BYTES;
    add("boot", facts.boot.freeBytes < bootNeeded ? "boot-space" : null, { needed: bootNeeded, free: facts.boot.freeBytes });
    return checks;
}

// $1 image, $2 expected sha256: the file that is filled from is the file that was checked.
const VERIFY = String.raw`set -eu
printf '%s  %s\n' "$2" "$1" | sha256sum --check --strict -`;

// $1 mounted new root, $2 paths keeping the image's version (one a line), then the patterns.
// Each match is copied with its attributes (a directory merges into the image's); a match the
// admin left to the image is skipped. The target's directories must be real directories in the
// new root: a symlink there (the image's own) would send the copy somewhere else on this host.
const CARRY = String.raw`set -eu
root=$1 skip=$2
shift 2
for pattern in "$@"; do
	IFS=
	for m in $pattern; do
		unset IFS
		[ -e "$m" ] || [ -L "$m" ] || continue
		case "
$skip
" in *"
$m
"*) echo "the image's $m is kept"; continue ;; esac
		parent=$root${"$"}{m%/*}
		mkdir -p -- "$parent"
		if [ "$(realpath -- "$parent")" != "$(realpath -s -- "$parent")" ]; then
			echo "refusing to copy $m: the new image has a symlink on the way to ${"$"}{m%/*}" >&2
			exit 1
		fi
		cp -a -- "$m" "$parent/"
		echo "kept $m"
	done
done
`;

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
            reasons.add(check.code!, check.params);
    }
    // The path goes to unsquashfs, tar and mount as an argument: absolute, so it is never an option.
    if (!args.imagePath.startsWith("/") || CONTROL.test(args.imagePath))
        reasons.add("image-path-invalid", { path: args.imagePath });
    checkPersistEntries(reasons, args.persist, args.persistChecks);
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
    if (args.expectedSha256)
        steps.push({ id: "image-verify", kind: "image-verify", title: `Check the sha256 of ${args.imagePath}`, argv: shArgv(VERIFY, args.imagePath, args.expectedSha256) });
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
    const skip = (args.takeImages ?? []).join("\n");
    const carry = (mnt: string): Step[] => args.persist.length === 0 ? [] : [{
        id: "persist-carry", kind: "persist-carry", title: `Copy the files kept on upgrade into ${layer}`,
        argv: shArgv(CARRY, mnt, skip, ...args.persist),
    }];
    const entry = (mnt: string) => newEntrySteps(facts.boot, commands, {
        layer, vg, title: entryTitle(parseNvr(base)!, layer),
        kernel: { version: kernel.version, vmlinuz: `${mnt}${kernel.vmlinuz}`, initrd: `${mnt}${kernel.initrd}` },
        options: otherOptions(bootedOptions(layout) ?? facts.cmdline, imageLvs(layout)),
    }, args.jobId);
    steps.push(...newLayerSteps({
        vg, base, layer, fs, jobId: args.jobId, fstabFrom: "/etc/fstab",
        inLayer: mnt => [...carry(mnt), ...grubIntegrationSteps(commands, args.jobId, mnt), ...entry(mnt)],
    }));
    if (args.select)
        steps.push(switchStep(commands, args.select, commands.menuId(entryIdForLayer(layer)), layout.boot));
    return makePlan(args.jobId, "upgrade", `Upgrade to ${base} from ${args.imagePath}`, steps);
}
