// Initialize: turn a host whose root is an untagged LVM thin LV into a layout (imgbased's
// `layout --init`, research/imgbased.md §3.12, without its tag reclaiming and /etc bind mount):
// the root LV becomes the init LV, a read-only snapshot of it the first base, a snapshot of that
// the first layer, which gets its own entry and becomes the default. The next boot runs the layer.
//
// The init LV is left as it is: it is the running root, so it can be neither made read-only nor
// deactivated now (imgbased's protect_init_lv did that at install time, from the installer). It
// stays as the way back until it is removed by hand.

import { entryIdForLayer, otherOptions } from "../boot-entry.ts";
import { TAGS } from "../layout.ts";
import { layerName, parseNvr } from "../nvr.ts";
import type { Plan, Step } from "../plan.ts";
import type { Discovery, LvRecord } from "../types.ts";
import { bootCommands } from "./boot-commands.ts";
import { entryTitle, grubIntegrationSteps, newEntrySteps, switchStep } from "./boot-steps.ts";
import { checkBootCopy, checkPool, makePlan } from "./common.ts";
import { addTagStep, freshUuidMethod, readOnlyStep, snapshotStep } from "./lv-steps.ts";
import { checkNewLvName, newLayerSteps } from "./new-layer.ts";
import { Reasons, type ActionArgs, type InitFacts, type Refusal } from "./types.ts";

export interface InitializeArgs extends ActionArgs {
    /** NAME-VERSION-RELEASE of the first base; default from os-release: ID-VERSION_ID-1. */
    baseName?: string;
}

/** "debian-12-1" from os-release; null when VERSION_ID is missing or makes no NVR part. */
export function defaultBaseName(osRelease: InitFacts["osRelease"]): string | null {
    const { id, versionId } = osRelease;
    if (versionId === null || !/^[A-Za-z0-9._+]+$/.test(versionId) || !/^[A-Za-z0-9._+-]+$/.test(id))
        return null;
    return `${id}-${versionId}-1`;
}

function rootOf(discovery: Discovery, reasons: Reasons): LvRecord | null {
    if (discovery.kind !== "none") {
        reasons.add("layout-exists");
        return null;
    }
    const root = discovery.rootLv;
    if (!root)
        reasons.add("root-not-lvm");
    else if (root.segtype !== "thin" || root.pool === "")
        reasons.add("root-not-thin", { lv: root.fullName });
    return root && root.segtype === "thin" && root.pool !== "" ? root : null;
}

export function initialize(discovery: Discovery, facts: InitFacts, args: InitializeArgs): Plan | Refusal {
    const reasons = new Reasons();
    const root = rootOf(discovery, reasons);
    const backend = discovery.kind === "none" ? discovery.boot.backend : "unknown";
    const commands = bootCommands(backend);
    if (!commands)
        reasons.add("unknown-backend");
    if (!facts.boot.separate)
        reasons.add("boot-not-separate", { dir: facts.boot.dir });
    else if (facts.boot.onThinLv && backend !== "systemd-boot")
        reasons.add("boot-on-thin", { dir: facts.boot.dir });
    const fs = freshUuidMethod(facts.rootFsType);
    if (!fs)
        reasons.add("root-fs-unsupported", { fsType: facts.rootFsType });
    const base = args.baseName ?? defaultBaseName(facts.osRelease);
    if (base === null || parseNvr(base) === null) {
        // A name the admin typed is theirs to fix; one made from os-release needs a typed one.
        if (args.baseName === undefined)
            reasons.add("os-release-invalid");
        else
            reasons.add("name-invalid", { name: args.baseName });
    }
    checkBootCopy(reasons, [facts.kernel.vmlinuz, facts.kernel.initrd], facts.bootFiles, facts.boot.freeBytes);
    if (!root || base === null || parseNvr(base) === null || discovery.kind !== "none" || !commands || !fs)
        return reasons.refusal();

    const inVg = facts.lvs.filter(lv => lv.vg === root.vg);
    const layer = layerName(base, 1);
    for (const name of [base, layer])
        checkNewLvName(reasons, name, inVg.map(lv => lv.name));
    const pool = inVg.find(lv => lv.name === root.pool);
    checkPool(reasons, pool ?? null);
    // Tags of an earlier install would make the new layout ambiguous. imgbased wiped every tag of
    // such LVs (its _reclaim_tags); we name them and leave the decision to the admin.
    const stale = inVg.filter(lv => lv.tags.some(tag => tag.startsWith("imgbased:")));
    if (stale.length > 0)
        reasons.add("stale-tags", { lvs: stale.map(lv => lv.name).join(", ") });
    if (reasons.any || !pool)
        return reasons.refusal();

    const vg = root.vg;
    const steps: Step[] = [
        addTagStep("tag-vg", `Tag volume group ${vg} ${TAGS.vg}`, { vg }, TAGS.vg),
        addTagStep("tag-pool", `Tag thin pool ${pool.fullName} ${TAGS.pool}`, { lv: pool.fullName }, TAGS.pool),
        addTagStep("tag-init", `Tag the installed root ${root.fullName} ${TAGS.init}`, { lv: root.fullName }, TAGS.init),
        // Before the snapshots, so that base and layer have them as well. A fresh host has
        // neither, and the menu is regenerated while they are there: undoing them regenerates it
        // again, or grub.cfg would keep GRUB_DEFAULT=saved without the drop-in (fault matrix).
        ...grubIntegrationSteps(commands, args.jobId, "", [["update-grub"]]),
        snapshotStep("base-create", `Create base ${base} as a thin snapshot of ${root.name}`, vg, root.name, base,
            { tag: TAGS.base, skipActivation: true, jobId: args.jobId }),
        readOnlyStep("base-read-only", `Make base ${base} read-only`, `${vg}/${base}`),
        ...newLayerSteps({ vg, base, layer, fs, jobId: args.jobId, facts }),
        ...newEntrySteps(facts.boot, commands, {
            layer, vg, title: entryTitle(parseNvr(base)!, layer), kernel: facts.kernel,
            options: otherOptions(facts.cmdline, new Set([root.fullName])),
        }, args.jobId),
        switchStep(commands, "default", commands.menuId(entryIdForLayer(layer)), discovery.boot),
    ];
    return makePlan(args.jobId, "initialize", `Initialize image layers: base ${base}, layer ${layer}`, steps);
}
