// The facts a change needs beside the inventory, read in ONE process when the admin opens an
// action (never on the page's refresh): /proc/cmdline, the root and boot filesystems with their
// free space, the running kernel, the files in the boot dir, os-release and, for initialize, all
// LVs. The output is parsed by src/model/facts.ts.
import { PROBE_HEADER_SH } from "../model/boot.ts";
import { parseFacts, parseInitFacts } from "../model/facts.ts";
import type { HostFacts, InitFacts } from "../model/actions/types.ts";
import { lvsInLayout } from "../model/actions/layout-query.ts";
import { POLICY_PATH } from "../model/policy.ts";
import { renderArgv } from "../model/shell.ts";
import type { BootBackendKind, Layout } from "../model/types.ts";
import { inventoryCommands } from "./inventory.ts";
import HEALTH_PROGRAM from "./scripts/imgbased-health.sh";
import type { Machine } from "./machine.ts";

/**
 * $1: the boot backend ("systemd-boot" reads the boot dir from bootctl; every other loader reads
 * /boot); $2: "lvs" to add the LV report. Records as in src/host/boot-probe.ts.
 */
export function factsScript(): string {
    return String.raw`
${PROBE_HEADER_SH}
bootdir=/boot
if [ "$1" = systemd-boot ]; then
    d=$(bootctl --print-boot-path 2>/dev/null) || d=$(bootctl --print-esp-path 2>/dev/null) || d=
    case $d in /*) bootdir=$d ;; esac
fi
header info boot-dir
printf '%s\n' "$bootdir"
header file /proc/cmdline
cat /proc/cmdline
echo
header cmd findmnt-root
findmnt -J -b -o SOURCE,TARGET,FSTYPE,SIZE,AVAIL /
echo
header cmd findmnt-boot
findmnt -J -b -o SOURCE,TARGET,FSTYPE,SIZE,AVAIL -T "$bootdir"
echo
header cmd uname-r
uname -r
echo
header cmd boot-files
find "$bootdir" -maxdepth 2 -type f -printf '%s %p\n' 2>/dev/null
[ "$bootdir" = /boot ] || find /boot -maxdepth 2 -type f -printf '%s %p\n' 2>/dev/null
echo
for f in /etc/os-release /usr/lib/os-release; do
    if [ -r "$f" ]; then
        header file "$f"
        cat -- "$f"
        echo
        break
    fi
done
if [ -f ${POLICY_PATH} ]; then
    header file ${POLICY_PATH}
    cat -- ${POLICY_PATH}
    echo
fi
if [ "$2" = lvs ]; then
    header cmd lvs
    ${renderArgv(inventoryCommands().lvs)}
    echo
fi
exit 0
`;
}

/** sh -c SCRIPT with the arguments (Machine.script takes none). */
function runFacts(m: Machine, backend: BootBackendKind, withLvs: boolean): Promise<string> {
    return m.run(["sh", "-c", factsScript(), "imgbased-facts", backend, withLvs ? "lvs" : ""], { superuser: "try" });
}

/** HostFacts for the planners of a layout (one process, ~0.1 s). */
export async function readHostFacts(layout: Layout, m: Machine): Promise<HostFacts> {
    return { ...parseFacts(await runFacts(m, layout.boot.backend, false), lvsInLayout(layout)).host, healthProgram: HEALTH_PROGRAM };
}

/** InitFacts for initialize on a host without a layout (one process with lvs, ~0.3 s). */
export async function readInitFacts(backend: BootBackendKind, m: Machine): Promise<InitFacts> {
    return { ...parseInitFacts(await runFacts(m, backend, true)), healthProgram: HEALTH_PROGRAM };
}
