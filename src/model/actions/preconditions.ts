// What a plan assumed of the host, checked again when its job runs. A plan is made from the
// layout the page read when its dialog opened; meanwhile another session (or an admin at the
// shell) may pin a layer, make it the default or set it to boot next, or another job may add or
// remove one. The first step of such a plan compares, under the job lock, our LVs' imgbased tags
// and the stored boot switches with what the plan saw, and stops the job before anything changes
// if they differ, naming what changed.

import { SYSTEMD_BOOT_VENDOR } from "../boot.ts";
import type { Step } from "../plan.ts";
import type { Layout, LvRecord } from "../types.ts";
import { shArgv } from "./file-steps.ts";

/**
 * How the step reads the stored boot switches: "grubenv:FILE" (grub-editenv's file, as text:
 * saved_entry=, next_entry=), "efivars:DIR" (systemd-boot's EFI variables), or not at all ("-")
 * when the page could not read them either.
 */
function bootSource(layout: Layout): string {
    switch (layout.boot.backend) {
    case "grub-debian": return "grubenv:/boot/grub/grubenv";
    case "grub2-bls": return "grubenv:/boot/grub2/grubenv";
    case "systemd-boot": return "efivars:/sys/firmware/efi/efivars";
    case "unknown": return "-";
    }
}

function allLvs(layout: Layout): LvRecord[] {
    return [
        ...(layout.pool ? [layout.pool.lv] : []),
        ...layout.bases.flatMap(base => [...(base.lv ? [base.lv] : []), ...base.layers.map(layer => layer.lv)]),
        ...(layout.init ? [layout.init] : []),
        ...layout.volumes,
        ...layout.foreign,
    ];
}

/**
 * The state the check compares, one fact a line, in any order: "tag LV TAG" for each imgbased:
 * tag of an LV in the layout's VG, "default REF" and "next REF" for the stored boot switches
 * that are set. The step prints the same from the host.
 */
export function assumedState(layout: Layout): string[] {
    const lines = new Set<string>();
    for (const lv of allLvs(layout))
        if (lv.vg === layout.vg.name)
            for (const tag of lv.tags)
                if (tag.startsWith("imgbased:"))
                    lines.add(`tag ${lv.name} ${tag}`);
    if (bootSource(layout) !== "-") {
        const stored = layout.boot.stored;
        if (stored?.defaultRef)
            lines.add(`default ${stored.defaultRef}`);
        if (stored?.nextRef)
            lines.add(`next ${stored.nextRef}`);
    }
    return [...lines].sort();
}

// $1 VG, $2 where the boot switches are (see bootSource), $3 the assumed state (assumedState,
// newline-separated). Prints the host's state the same way, compares the two as sets, and fails
// naming each difference. LVM names have no spaces; a GRUB saved_entry may (a menu title), so
// the rest of a line after its second word is the value.
const CHECK_UNCHANGED = String.raw`set -u
vg=$1 boot=$2 assumed=$3
lvs_out=$(lvs --noheadings --separator ' ' -o lv_name,lv_tags -- "$vg") || {
	echo "the LVs of $vg cannot be listed" >&2
	exit 1
}
now=$(
	printf '%s\n' "$lvs_out" | awk '{ n = split($2, t, ","); for (i = 1; i <= n; i++) if (t[i] ~ /^imgbased:/) print "tag " $1 " " t[i] }'
	case $boot in
	grubenv:*)
		sed -n 's/^saved_entry=\(..*\)$/default \1/p; s/^next_entry=\(..*\)$/next \1/p' "${"$"}{boot#grubenv:}" 2>/dev/null ;;
	efivars:*)
		for var in LoaderEntryDefault:default LoaderEntryOneShot:next; do
			f=${"$"}{boot#efivars:}/${"$"}{var%%:*}-${SYSTEMD_BOOT_VENDOR}
			[ -r "$f" ] || continue
			v=$(tail -c +5 "$f" | tr -d '\000')
			[ -z "$v" ] || printf '%s %s\n' "${"$"}{var#*:}" "$v"
		done ;;
	esac
)
changes=$({ printf '%s\n' "$assumed"; echo @@now; printf '%s\n' "$now"; } | awk '
function value(line) { sub(/^[^ ]* /, "", line); return line }
function say(line, added,   w) {
	split(line, w, " ")
	if (w[1] == "tag") print w[2] (added ? " now has tag " : " no longer has tag ") w[3]
	else if (w[1] == "default") print "the boot default " (added ? "is now " : "was ") value(line)
	else print "the next boot " (added ? "is now " : "was ") value(line)
}
$0 == "@@now" { now = 1; next }
$0 == "" { next }
!now { was[$0] = 1; next }
{ is[$0] = 1 }
END {
	for (l in was) if (!(l in is)) say(l, 0)
	for (l in is) if (!(l in was)) say(l, 1)
}' | LC_ALL=C sort)
[ -n "$changes" ] || exit 0
echo "The host changed since this plan was made; nothing was changed. What differs:" >&2
printf '%s\n' "$changes" | sed 's/^/  /' >&2
exit 1
`;

/**
 * The first step of a plan made from `layout`: fails, before anything changes, when our LVs'
 * tags or the stored boot switches are no longer what the plan saw. Changes nothing.
 */
export function unchangedStep(layout: Layout): Step {
    return {
        id: "check-unchanged", kind: "precondition", precondition: true,
        title: "Check that the images and the boot choice are as this plan saw them",
        argv: shArgv(CHECK_UNCHANGED, layout.vg.name, bootSource(layout), assumedState(layout).join("\n")),
    };
}
