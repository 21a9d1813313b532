// Device paths of LVs. The kernel and findmnt name an LV "/dev/mapper/<dm name>" or "/dev/VG/LV";
// device-mapper joins VG and LV with "-" and doubles every "-" inside either name, so
// "nodevg/debian-node-12.0-1+1" is "nodevg-debian--node--12.0--1+1".

/** The device-mapper name of VG/LV. */
export function dmName(vg: string, lv: string): string {
    return `${escape(vg)}-${escape(lv)}`;
}

/**
 * "VG/LV" named by a device path, or null when the path names no LV this way (UUID=, LABEL=,
 * /dev/sda2, /dev/dm-3, a btrfs "/dev/x[/subvol]" source, ...). Used where no LV list is at hand
 * (kernel command lines); the split of a dm name is exact because VG and LV names cannot start
 * with "-", so the first single "-" after pairing "--" from the left is the separator.
 */
export function lvRefFromDevice(path: string): string | null {
    const mapper = /^\/dev\/mapper\/([^/]+)$/.exec(path);
    if (mapper)
        return splitDmName(mapper[1]!);
    const direct = /^\/dev\/([^/]+)\/([^/]+)$/.exec(path);
    if (direct && isLvmName(direct[1]!) && isLvmName(direct[2]!))
        return `${direct[1]}/${direct[2]}`;
    return null;
}

function escape(name: string): string {
    return name.replace(/-/g, "--");
}

function splitDmName(dm: string): string | null {
    let vg = "";
    for (let i = 0; i < dm.length; i++) {
        if (dm[i] !== "-") {
            vg += dm[i];
        } else if (dm[i + 1] === "-") {
            vg += "-";
            i++;
        } else {
            const lv = dm.slice(i + 1);
            // The LV part keeps its doubled dashes; a single one there means a dm name that LVM
            // did not make (e.g. "vg-pool-tpool", an internal layer).
            if (!/^(?:[^-]|--)+$/.test(lv))
                return null;
            const name = lv.replace(/--/g, "-");
            return isLvmName(vg) && isLvmName(name) ? `${vg}/${name}` : null;
        }
    }
    return null;
}

/** The characters LVM allows in VG and LV names; keeps "/dev/disk/by-id" and such out. */
function isLvmName(name: string): boolean {
    return /^[a-zA-Z0-9+_.][a-zA-Z0-9+_.-]*$/.test(name);
}
