// The guest's own word on its state, read over ssh with plain LVM/GRUB tools. Tests compare the
// page against this, so it deliberately shares no code with src/model.
import type { LabVm } from "./vm.ts";
import { poll } from "./wait.ts";

export interface GuestLv {
    lv_name: string;
    vg_name: string;
    lv_attr: string;
    lv_tags: string;
    pool_lv: string;
    data_percent: string;
    metadata_percent: string;
}

export async function guestLvs(vm: LabVm, vg?: string): Promise<GuestLv[]> {
    const { stdout } = await vm.ssh(
        "lvs --reportformat json -o lv_name,vg_name,lv_attr,lv_tags,pool_lv,data_percent,metadata_percent " + (vg ?? ""));
    const report = JSON.parse(stdout) as { report: Array<{ lv: GuestLv[] }> };
    return report.report.flatMap(r => r.lv);
}

export const hasTag = (lv: GuestLv, tag: string) => lv.lv_tags.split(",").includes(tag);

/** Names of the LVs imgbased would call bases and layers (a "+N" suffix makes a layer). */
export async function guestImages(vm: LabVm, vg: string): Promise<{ bases: string[]; layers: string[] }> {
    const ours = (await guestLvs(vm, vg)).filter(lv => hasTag(lv, "imgbased:base") || hasTag(lv, "imgbased:layer"));
    return {
        bases: ours.filter(lv => !/\+\d+$/.test(lv.lv_name)).map(lv => lv.lv_name).sort(),
        layers: ours.filter(lv => /\+\d+$/.test(lv.lv_name)).map(lv => lv.lv_name).sort(),
    };
}

/** "VG/LV" of the mounted root, as the kernel sees it. */
export async function guestRootLv(vm: LabVm): Promise<string> {
    const { stdout } = await vm.ssh("lvs --noheadings -o vg_name,lv_name \"$(findmnt -no SOURCE /)\"");
    const [vg, lv] = stdout.trim().split(/\s+/);
    return `${vg}/${lv}`;
}

/** GRUB's saved default: grubenv's saved_entry. */
export async function guestGrubDefault(vm: LabVm): Promise<string> {
    const { stdout } = await vm.ssh("grub-editenv /boot/grub/grubenv list");
    return /^saved_entry=(.*)$/m.exec(stdout)?.[1] ?? "";
}

/** The layer a boot entry id boots, from the entry's img.bootid marker. */
export async function guestEntryLayer(vm: LabVm, id: string): Promise<string> {
    const { stdout } = await vm.ssh(`sed -n 's/^options.*img\\.bootid=\\([^ ]*\\).*/\\1/p' /boot/loader/entries/${id}.conf`);
    return stdout.trim();
}

/** GRUB's one-time next boot (grub-reboot): grubenv's next_entry, "" when none. */
export async function guestGrubNext(vm: LabVm): Promise<string> {
    const { stdout } = await vm.ssh("grub-editenv /boot/grub/grubenv list");
    return /^next_entry=(.*)$/m.exec(stdout)?.[1] ?? "";
}

/** One LV as lvs reports it, or undefined when there is none of that name. */
export async function guestLv(vm: LabVm, vg: string, name: string): Promise<GuestLv | undefined> {
    return (await guestLvs(vm, vg)).find(lv => lv.lv_name === name);
}

/** True when the path exists in the guest. */
export async function guestExists(vm: LabVm, path: string): Promise<boolean> {
    const { stdout } = await vm.ssh(`test -e '${path}' && echo yes || echo no`);
    return stdout.trim() === "yes";
}

/**
 * Waits until `command` succeeds in the guest (a state only the guest can tell: a process
 * running or gone, an LV's data written); the error names `what` and the command's last output.
 */
export async function guestWaitFor(vm: LabVm, what: string, command: string, seconds: number): Promise<void> {
    let last = "";
    await poll(what, seconds, async () => {
        try {
            await vm.ssh(command);
            return true;
        } catch (e) {
            const r = e as { stdout?: string; stderr?: string; code?: number };
            last = `exit ${r.code ?? "?"}: ${(r.stdout ?? "").trim()} ${(r.stderr ?? "").trim()}`.trim();
            return undefined;
        }
    }, async () => last);
}
