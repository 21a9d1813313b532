// Words for the model's problem codes. The model only names a problem (code, subject, params);
// here each code gets a translated title, what it means, and what to do about it. Functions, not
// constants: gettext must run at render time, after Cockpit's translations are loaded.
import { _, format } from "../../pkg/lib/cockpit.ts";
import type { Problem, ProblemSeverity } from "../model/types.ts";

export interface ProblemText {
    title: string;
    explanation: string;
    /** What to do; may name a command. */
    action: string;
    /** A command that fixes it, shown in a code block (optional). */
    command?: string;
}

/** The PatternFly Alert variant for a severity. */
export function alertVariant(severity: ProblemSeverity): "danger" | "warning" | "info" {
    return severity;
}

/** "VG/LV" for commands: the subject as given, or prefixed with the VG when it is a bare LV name. */
function lvRef(subject: string, vg: string | undefined): string {
    return subject.includes("/") || !vg ? subject : `${vg}/${subject}`;
}

function param(p: Problem, key: string): string {
    const v = p.params?.[key];
    return v === undefined ? "" : String(v);
}

type Describe = (p: Problem, vg: string | undefined) => ProblemText;

const DESCRIBE: Record<Problem["code"], Describe> = {
    "several-tagged-vgs": p => ({
        title: _("Several volume groups are tagged for image layers"),
        explanation: format(_("Image layers need exactly one volume group with the tag imgbased:vg. Tagged: $0."),
                            param(p, "vgs") || p.subject),
        action: _("Remove the tag from every volume group that does not hold the images."),
        command: "vgchange --deltag imgbased:vg VG",
    }),
    "no-tagged-pool": (p, vg) => ({
        title: _("No thin pool is tagged for image layers"),
        explanation: format(_("Volume group $0 has the imgbased:vg tag, but none of its thin pools carries imgbased:pool, so new bases and layers have no place to go."), vg ?? p.subject),
        action: _("Tag the thin pool that holds the bases and layers."),
        command: `lvchange --addtag imgbased:pool ${vg ?? "VG"}/POOL`,
    }),
    "several-tagged-pools": (p, vg) => ({
        title: _("Several thin pools are tagged for image layers"),
        explanation: format(_("More than one thin pool in $0 carries imgbased:pool ($1); it is unclear where new images belong."),
                            vg ?? p.subject, param(p, "pools") || "?"),
        action: _("Keep the tag on one pool and remove it from the others."),
        command: `lvchange --deltag imgbased:pool ${vg ?? "VG"}/POOL`,
    }),
    "pool-data-full": (p, vg) => ({
        title: format(_("Thin pool data space is $0 % full"), param(p, "percent") || "?"),
        explanation: _("When the pool's data space runs out, writes to every base and layer fail and filesystems can be damaged."),
        action: _("Remove bases and layers you no longer need, or grow the pool if the volume group has free space."),
        command: `lvextend -L +SIZE ${lvRef(p.subject, vg)}`,
    }),
    "pool-metadata-full": (p, vg) => ({
        title: format(_("Thin pool metadata space is $0 % full"), param(p, "percent") || "?"),
        explanation: _("When the pool's metadata space runs out, the pool stops accepting writes and may need repair."),
        action: _("Grow the pool's metadata if the volume group has free space, or remove layers you no longer need."),
        command: `lvextend --poolmetadatasize +SIZE ${lvRef(p.subject, vg)}`,
    }),
    "layer-without-base": p => ({
        title: format(_("Layer $0 has no base"), p.subject),
        explanation: _("The base this layer was made from is gone. The layer still boots, but it can no longer be compared with its original image."),
        action: _("Keep the layer while you need it; the next upgrade creates a fresh base."),
    }),
    "entry-missing-lv": p => ({
        title: format(_("Boot entry $0 points to a missing volume"), p.subject),
        explanation: format(_("The entry boots $0, which does not exist. Choosing it in the boot menu fails."), param(p, "lv") || _("a logical volume")),
        action: _("Remove the boot entry, or make sure it is not the default."),
    }),
    "layer-without-entry": p => ({
        title: format(_("Layer $0 has no boot entry"), p.subject),
        explanation: _("Without a boot entry the layer cannot be booted or rolled back to."),
        action: _("Add a boot entry for it, or remove the layer if it is no longer needed."),
    }),
    "default-missing": p => ({
        title: _("The default boot entry does not exist"),
        explanation: format(_("The boot loader's saved default ($0) matches no boot entry; it will fall back to the first entry in the menu."), p.subject),
        action: _("Make one of the layers the default."),
    }),
    "entries-not-in-menu": p => ({
        title: _("GRUB's menu lacks boot entries"),
        explanation: format(_("These boot entries are not in /boot/grub/grub.cfg, so GRUB cannot boot their layers: $0. /etc/grub.d/42_imgbased makes them into menu entries when the menu is regenerated; it may be missing, or update-grub has not run since."), p.subject),
        action: _("Regenerate the menu. If /etc/grub.d/42_imgbased is missing, Add layer installs it again and regenerates the menu."),
        command: "update-grub",
    }),
    "grubenv-not-loaded": p => ({
        title: _("GRUB does not read its saved choices"),
        explanation: format(_("$0 never loads grubenv (it has no load_env), so neither the default chosen here nor a boot-once choice changes what boots."), p.subject),
        ...(param(p, "backend") === "grub-debian"
            ? { action: _("Make default, Roll back and Boot once fix this first: they regenerate the menu with update-grub, whose header loads grubenv.") }
            : { action: _("Regenerate the menu, whose header loads grubenv:"), command: "grub2-mkconfig -o /boot/grub2/grub.cfg" }),
    }),
    "default-not-saved": p => ({
        title: _("GRUB does not boot the default chosen here"),
        explanation: format(_("grub.cfg starts $0 by default instead of the saved default (GRUB_DEFAULT is not \"saved\"), so choosing a default layer changes nothing until the menu is regenerated."),
                            p.subject === "" ? _("the first menu entry") : p.subject),
        ...(param(p, "backend") === "grub-debian"
            ? { action: _("Make default and Roll back fix this first: they write /etc/default/grub.d/imgbased.cfg with GRUB_DEFAULT=saved and run update-grub.") }
            : { action: _("Set GRUB_DEFAULT=saved in /etc/default/grub, then regenerate the menu:"), command: "grub2-mkconfig -o /boot/grub2/grub.cfg" }),
    }),
    "booted-not-in-layout": p => ({
        title: _("The running system is not one of the layers"),
        explanation: p.subject === "/" || p.subject === ""
            ? _("The root file system is not on a logical volume, so the running system is none of the layers.")
            : format(_("The root file system is $0, which is not a layer of the image layout."), p.subject),
        action: _("Boot one of the layers before changing the layout."),
    }),
    "base-writable": (p, vg) => ({
        title: format(_("Base $0 is writable"), p.subject),
        explanation: _("Bases must stay exactly as shipped. A writable base can change, and comparing a layer with it is no longer reliable."),
        action: _("Make the base read-only."),
        command: `lvchange --permission r ${lvRef(p.subject, vg)}`,
    }),
    "layer-read-only": (p, vg) => ({
        title: format(_("Layer $0 is read-only"), p.subject),
        explanation: _("A layer is the writable system. Booted read-only, the system cannot remount its root file system for writing."),
        action: _("Make the layer writable."),
        command: `lvchange --permission rw ${lvRef(p.subject, vg)}`,
    }),
    "layer-skips-activation": (p, vg) => ({
        title: format(_("Layer $0 is not activated at boot"), p.subject),
        explanation: _("The layer carries LVM's activation-skip flag, so the initramfs does not activate it and booting it stops with \"does not exist\"."),
        action: _("Clear the activation-skip flag."),
        command: `lvchange --setactivationskip n ${lvRef(p.subject, vg)}`,
    }),
};

/** Title, explanation, action (and maybe a command) for one problem, translated. */
export function describeProblem(problem: Problem, vgName?: string): ProblemText {
    const describe = DESCRIBE[problem.code] as Describe | undefined;
    if (describe)
        return describe(problem, vgName);
    return {
        title: format(_("Problem: $0"), problem.code),
        explanation: problem.subject,
        action: "",
    };
}
