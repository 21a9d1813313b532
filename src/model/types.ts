// The shared vocabulary of the model: what the host's inventory is parsed into, and the layout
// the views render. Pure data: no cockpit, no React. Sizes are bytes, times are Unix seconds.

/** One logical volume from `lvs --reportformat json --units b --nosuffix -a`. */
export interface LvRecord {
    name: string;
    vg: string;
    /** "VG/LV" */
    fullName: string;
    /** "/dev/VG/LV"; empty for hidden LVs. */
    path: string;
    /** The ten-character lv_attr string, e.g. "Vwi-aotz--". */
    attr: string;
    tags: string[];
    origin: string;
    pool: string;
    segtype: string;
    size: number;
    /** Percent of the LV's (or pool's) data in use; null when LVM reports none (inactive, not thin). */
    dataPercent: number | null;
    metadataPercent: number | null;
    /** Creation time (Unix seconds), null when unparsable. */
    created: number | null;
    uuid: string;
    active: boolean;
    /** The activation-skip flag `k`. */
    skipActivation: boolean;
    readOnly: boolean;
    /** Internal LVs shown by `-a` in brackets ([pool_tdata], [lvol0_pmspare]). */
    hidden: boolean;
}

/** One volume group from `vgs --reportformat json --units b --nosuffix`. */
export interface VgRecord {
    name: string;
    tags: string[];
    size: number;
    free: number;
    uuid: string;
}

/** A parsed NAME-VERSION-RELEASE. */
export interface Nvr {
    name: string;
    version: string;
    release: string;
}

export type BootBackendKind = "grub2-bls" | "grub-debian" | "systemd-boot" | "unknown";

/** One boot menu entry, from a BLS file, a grub.cfg menuentry or `bootctl list`. */
export interface BootEntry {
    /** The id the backend selects it by (BLS file name without .conf, or GRUB menuentry --id). */
    id: string;
    title: string;
    version: string;
    linux: string;
    initrd: string;
    options: string;
    /** "VG/LV" of the root this entry boots, from `img.bootid=`, `rd.lvm.lv=` or `root=`; null if unknown. */
    rootLv: string | null;
    /** True when the entry carries our `img.bootid=` marker (we wrote it). */
    ours: boolean;
}

export interface BootState {
    backend: BootBackendKind;
    entries: BootEntry[];
    /** The saved default, as the backend names it (an id, a title, or a menu index). */
    defaultRef: string | null;
    /** The one-time next boot (grub next_entry, systemd-boot oneshot), if set. */
    nextRef: string | null;
    /**
     * The boot switches as the loader stores them, which our jobs write: grubenv's saved_entry
     * and next_entry, systemd-boot's LoaderEntryDefault and LoaderEntryOneShot (unset: null).
     * defaultRef differs for GRUB when grub.cfg does not read saved_entry. Absent: not read.
     */
    stored?: { defaultRef: string | null; nextRef: string | null };
    /**
     * GRUB only: grub.cfg's default does not come from saved_entry (a fixed `set default="0"`
     * from GRUB_DEFAULT=0, or none), so grub-set-default changes nothing until the menu is
     * regenerated with GRUB_DEFAULT=saved. Its value is what grub.cfg sets ("" for nothing).
     */
    fixedDefault?: string;
    /**
     * GRUB only: grub.cfg never loads grubenv (no `load_env`), so neither grub-set-default nor
     * grub-reboot changes what boots. Its value is that grub.cfg's path.
     */
    grubenvNotLoaded?: string;
    /**
     * Debian GRUB only: our entry files (ids) that no menu entry of grub.cfg carries, as when
     * /etc/grub.d/42_imgbased is gone or update-grub did not run since they were written. GRUB
     * cannot boot them; the layers they are for look as if they had no entry.
     */
    entriesNotInMenu?: string[];
}

export type ProblemSeverity = "danger" | "warning" | "info";

/**
 * Something wrong with the layout. The model names the problem with a stable code and its
 * subject; the view turns that into translated words (the model does no gettext).
 */
export interface Problem {
    code:
        | "several-tagged-vgs"
        | "no-tagged-pool"
        | "several-tagged-pools"
        | "pool-data-full"
        | "pool-metadata-full"
        | "layer-without-base"
        | "entry-missing-lv"
        | "layer-without-entry"
        | "default-missing"
        | "default-not-saved"
        | "grubenv-not-loaded"
        | "entries-not-in-menu"
        | "booted-not-in-layout"
        | "base-writable"
        | "layer-read-only"
        | "layer-skips-activation";
    severity: ProblemSeverity;
    /** The VG, LV or entry the problem is about. */
    subject: string;
    /** Numbers or names the message needs (e.g. { percent: 85 }). */
    params?: Record<string, string | number>;
}

/** The thin pool that holds the images. */
export interface ThinPool {
    lv: LvRecord;
    dataPercent: number | null;
    metadataPercent: number | null;
}

export interface Layer {
    lv: LvRecord;
    name: string;
    /** N of "<base>+N". */
    index: number;
    baseName: string;
    booted: boolean;
    isDefault: boolean;
    isNextBoot: boolean;
    /** Boot entries that boot this layer. */
    entries: BootEntry[];
}

export interface Base {
    /** Null for a base that is gone while layers of it remain (see Layout.problems). */
    lv: LvRecord | null;
    name: string;
    nvr: Nvr;
    /** Layers ordered by index, lowest first. */
    layers: Layer[];
}

/** The image layout of the host: everything the page shows. */
export interface Layout {
    vg: VgRecord;
    pool: ThinPool | null;
    /** Newest first: by product name, then RPM-style version-release compare. */
    bases: Base[];
    /** The installer's original root (imgbased:init), if any. */
    init: LvRecord | null;
    /** Separate data volumes (imgbased:volume). */
    volumes: LvRecord[];
    /** LVs in the VG that are none of ours; shown read-only, never touched. */
    foreign: LvRecord[];
    /** Names of the layers in each role, if any. */
    booted: string | null;
    defaultLayer: string | null;
    nextBootLayer: string | null;
    boot: BootState;
    problems: Problem[];
}

/** The raw outputs one refresh reads from the host, exactly as the commands printed them. */
export interface RawInventory {
    /** `lvs` with LVS_FIELDS and LVS_VG_FIELDS (src/model/lvm.ts). */
    lvs: string;
    /** `vgs`, or null when not read: the VGs are then those of the lvs report (see needsVgs()). */
    vgs: string | null;
    /** /proc/self/mountinfo (src/model/mountinfo.ts). */
    mountinfo: string;
    /** Output of the boot probe script (see src/host/boot-probe.ts and src/model/boot.ts). */
    boot: string;
}

/** What one refresh found: a layout, no layout at all, or a layout we cannot manage. */
export type Discovery =
    | { kind: "layout"; layout: Layout }
    /** No VG carries imgbased:vg. `vgs` lists what is there, `rootLv` is the booted root if on LVM. */
    | { kind: "none"; vgs: VgRecord[]; rootLv: LvRecord | null; boot: BootState }
    /** Several VGs carry imgbased:vg; imgbased refuses such hosts and so do we. */
    | { kind: "ambiguous"; vgNames: string[]; problems: Problem[] };
