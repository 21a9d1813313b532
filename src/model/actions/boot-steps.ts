// The boot half of making a layer bootable: its kernel copies in `<boot>/<layer>/`, its entry
// file, the menu refresh where the loader needs one, and the switch that must come last.

import { entryIdForLayer, renderEntry } from "../boot-entry.ts";
import { GRUB_DEFAULT_DROPIN, GRUB_DEFAULT_DROPIN_PATH, GRUB_SNIPPET, GRUB_SNIPPET_PATH } from "../grub-snippet.ts";
import type { Step } from "../plan.ts";
import type { BootEntry, Nvr } from "../types.ts";
import type { BootCommands } from "./boot-commands.ts";
import { copyIntoNewDirStep, hideFileStep, writeFileStep, writeInTreeStep } from "./file-steps.ts";
import type { BootFsFacts } from "./types.ts";

export function entriesDir(boot: BootFsFacts): string {
    return `${boot.dir}/loader/entries`;
}

/** The file an entry id is read from: BLS ids are file names without ".conf". */
export function entryFilePath(boot: BootFsFacts, entryId: string): string {
    return `${entriesDir(boot)}/${entryId}.conf`;
}

export function layerBootDir(boot: BootFsFacts, layer: string): string {
    return `${boot.dir}/${layer}`;
}

/**
 * An entry's path is relative to the filesystem holding the entries (BLS); on the host that is
 * under boot.dir when it is a filesystem of its own, else it already is the host path.
 */
export function hostPathOfBootPath(boot: BootFsFacts, path: string): string {
    return boot.separate ? `${boot.dir}${path}` : path;
}

export function bootPathOfHostPath(boot: BootFsFacts, path: string): string {
    if (!boot.separate)
        return path;
    if (!path.startsWith(`${boot.dir}/`))
        throw new Error(`${path} is not under ${boot.dir}`);
    return path.slice(boot.dir.length);
}

/** A kernel and initramfs as host paths, and their version. */
export interface KernelFiles {
    version: string;
    vmlinuz: string;
    initrd: string;
}

function baseName(path: string): string {
    return path.slice(path.lastIndexOf("/") + 1);
}

/**
 * The kernel an entry boots, or null when it names none we can copy. Of several initrd words the
 * first path counts (EL8 entries add "$tuned_initrd"); the version falls back to the kernel's
 * file name (vmlinuz-VERSION).
 */
export function kernelOfEntry(boot: BootFsFacts, entry: BootEntry): KernelFiles | null {
    const initrd = entry.initrd.split(/\s+/).find(word => word.startsWith("/"));
    if (!entry.linux.startsWith("/") || initrd === undefined)
        return null;
    const version = entry.version || /^vmlinuz-(.+)$/.exec(baseName(entry.linux))?.[1] || "";
    if (version === "")
        return null;
    return { version, vmlinuz: hostPathOfBootPath(boot, entry.linux), initrd: hostPathOfBootPath(boot, initrd) };
}

/** The menu title of a layer's entry: which image, which layer (layers of one base differ). */
export function entryTitle(nvr: Nvr, layer: string): string {
    return `${nvr.name} ${nvr.version}-${nvr.release} (${layer})`;
}

export interface NewEntry {
    layer: string;
    vg: string;
    title: string;
    kernel: KernelFiles;
    /** The host's options (a whole command line is fine: see otherOptions()). */
    options: string;
}

/**
 * Steps that make `layer` bootable without selecting it: kernel and initramfs copied to
 * `<boot>/<layer>/`, the entry file written, the menu regenerated where needed. Undoing the
 * entry regenerates the menu again, so it forgets the entry.
 */
export function newEntrySteps(boot: BootFsFacts, commands: BootCommands, entry: NewEntry, jobId: string): Step[] {
    const dir = layerBootDir(boot, entry.layer);
    const vmlinuz = baseName(entry.kernel.vmlinuz);
    const initrd = baseName(entry.kernel.initrd);
    const text = renderEntry({
        layer: entry.layer, vg: entry.vg, title: entry.title, version: entry.kernel.version,
        kernelPath: bootPathOfHostPath(boot, `${dir}/${vmlinuz}`),
        initrdPath: bootPathOfHostPath(boot, `${dir}/${initrd}`),
        options: entry.options,
    });
    const refresh = commands.refresh;
    const steps: Step[] = [
        copyIntoNewDirStep("boot-files", "boot-files", `Copy kernel ${entry.kernel.version} and its initramfs to ${dir}`, dir,
            [{ from: entry.kernel.vmlinuz, name: vmlinuz }, { from: entry.kernel.initrd, name: initrd }]),
        writeFileStep("boot-entry", "boot-entry", `Write the boot entry for ${entry.layer}`,
            entryFilePath(boot, entryIdForLayer(entry.layer)), text, { jobId, then: refresh ? [refresh] : [] }),
    ];
    if (refresh)
        steps.push(menuRefreshStep(refresh));
    return steps;
}

/**
 * On Debian's GRUB our entries reach the menu only through our /etc/grub.d snippet, with
 * GRUB_DEFAULT=saved; an update-grub without them would drop every layer from the menu. So every
 * plan that runs update-grub first makes sure the running system has them (a no-op when it does),
 * and a new layer gets them too, so that update-grub in it (a kernel update) keeps the menu.
 * `root` is "" for the running system or the mount point of a new layer; `then`: commands the
 * undo of a file runs after putting the old one back (regenerate the menu that was made with it).
 */
export function grubIntegrationSteps(commands: BootCommands, jobId: string, root = "", then: string[][] = []): Step[] {
    if (commands.backend !== "grub-debian")
        return [];
    const files = [
        { kind: "grub-snippet", path: GRUB_SNIPPET_PATH, content: GRUB_SNIPPET, mode: "0755", title: `Install ${root}${GRUB_SNIPPET_PATH}: GRUB menu entries from our boot entries` },
        { kind: "grub-default-saved", path: GRUB_DEFAULT_DROPIN_PATH, content: GRUB_DEFAULT_DROPIN, mode: "0644", title: `Write ${root}${GRUB_DEFAULT_DROPIN_PATH}: GRUB_DEFAULT=saved` },
    ];
    return files.map(({ kind, path, content, mode, title }) => root === ""
        ? writeFileStep(kind, kind, title, path, content, { jobId, mode, then })
        : writeInTreeStep(`layer-${kind}`, kind, title, root, path, content, mode));
}

/**
 * The whole menu regenerated by update-grub with our GRUB_DEFAULT=saved drop-in: for a grub.cfg
 * whose default is fixed (BootState.fixedDefault), where grub-set-default alone changes nothing.
 */
export function updateGrubStep(): Step {
    return { id: "boot-menu-saved", kind: "boot-menu", title: "Regenerate the GRUB menu with update-grub, so that it boots the saved default", argv: ["update-grub"] };
}

/**
 * The menu refresh (BootCommands.refresh): its own undo is nothing, the steps that changed entries
 * refresh again on undo.
 */
export function menuRefreshStep(refresh: string[], id = "boot-menu"): Step {
    return { id, kind: "boot-menu", title: "Regenerate our entries in the GRUB menu (all of it with update-grub where needed)", argv: refresh };
}

/** Hides one of our entry files until the job's end; undo restores it and refreshes the menu. */
export function hideEntryStep(id: string, boot: BootFsFacts, commands: BootCommands, entryId: string, jobId: string): Step {
    const refresh = commands.refresh;
    return hideFileStep(id, "boot-entry-hide", `Take boot entry ${entryId} out of the menu`, entryFilePath(boot, entryId),
        { jobId, then: refresh ? [refresh] : [] });
}

/**
 * The boot switch: by rule the last step of a job (DESIGN §4). Killed or failed half-way it may
 * have written the new choice or not: its cleanup puts the previous one back either way.
 * `previous` is the inventory's BootState: what is put back is what the switch overwrites, the
 * stored variable (grubenv's saved_entry, ...), not the default in effect, which differs when
 * grub.cfg ignores saved_entry (its fixed "0" written back as saved_entry would be a mix of
 * both; fault-matrix.test.ts).
 */
type PreviousBoot = { defaultRef: string | null; nextRef: string | null; stored?: { defaultRef: string | null; nextRef: string | null } };

export function switchStep(commands: BootCommands, how: "default" | "once", menuId: string, previous: PreviousBoot): Step {
    const stored = previous.stored ?? previous;
    const { argv, undo } = how === "default" ? commands.setDefault(menuId, stored.defaultRef) : commands.bootOnce(menuId, stored.nextRef);
    const sw = { argv, undo, cleanupOnFailure: undo, changesBoot: true };
    return how === "default"
        ? { id: "boot-default", kind: "boot-default", title: `Boot ${menuId} by default`, ...sw }
        : { id: "boot-once", kind: "boot-once", title: `Boot ${menuId} once, at the next boot only`, ...sw };
}

/** Takes back a boot-once choice (a trial given up before its boot); like a switch, it comes last. */
export function clearOnceStep(commands: BootCommands, previous: PreviousBoot): Step {
    const { argv, undo } = commands.clearOnce((previous.stored ?? previous).nextRef);
    return { id: "boot-once-clear", kind: "boot-once", title: "Boot the default at the next boot", argv, undo, cleanupOnFailure: undo, changesBoot: true };
}
