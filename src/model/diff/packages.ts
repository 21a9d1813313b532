// The diff view's Packages tab: what is installed in an OS tree, read from its package database
// (dpkg's status file, or what `rpm -qa` prints), and what was added, removed, upgraded or
// downgraded between two trees. Versions are compared in the package manager's own order, since
// text order gets 1.10 < 1.9 and 1.0~rc1 > 1.0 wrong.

import { debvercmp } from "../debvercmp.ts";
import { InventoryParseError } from "../errors.ts";
import { rpmvercmp } from "../rpmvercmp.ts";

export type PackageFlavor = "dpkg" | "rpm";

/** One installed package. */
export interface PackageRecord {
    name: string;
    /** dpkg's "[epoch:]upstream[-revision]", or rpm's "[epoch:]version-release". */
    version: string;
    /** "amd64", "all", "x86_64", "noarch"...; "" when the database gives none (gpg-pubkey). */
    arch: string;
}

export type PackageChangeKind = "added" | "removed" | "upgraded" | "downgraded" | "changed";

export interface PackageChange {
    /** The package name, with its arch ("libc6:i386", "glibc.i686") when the name is installed
     *  for several arches on either side, so that each arch is its own row. */
    name: string;
    /** "changed": same version, another arch (e.g. a package that became arch "all"). */
    kind: PackageChangeKind;
    /** The package in the old tree (null when added) and in the new one (null when removed). */
    old: PackageRecord | null;
    new: PackageRecord | null;
}

/** The query format the host passes to `rpm -qa --qf` for a tree. The "\t" and "\n" are
 *  backslash escapes that rpm expands itself (checked with rpm 4.18), so the text holds no
 *  control characters. An unset epoch prints as "(none)". */
export const RPM_QUERY_FORMAT = "%{NAME}\\t%{EPOCH}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\n";

/** What rpm prints for a tag the package does not have (no epoch; no arch for gpg-pubkey). */
const RPM_NONE = "(none)";

const DPKG_STATUS = "/var/lib/dpkg/status";

/**
 * The packages whose files are on disk, from dpkg's status database: "installed", and also the
 * states a package passes through or stops in when its scripts failed or wait for triggers
 * (half-installed, unpacked, half-configured, triggers-awaited, triggers-pending), since the tree
 * holds that version's files. "not-installed" and "config-files" (removed, conffiles kept) do not
 * count: dpkg keeps their stanzas, but the package is gone.
 */
export function parseDpkgStatus(text: string): PackageRecord[] {
    const records: PackageRecord[] = [];
    // Stanzas are separated by empty lines, and the file ends with one.
    for (const stanza of text.split(/\n{2,}/)) {
        if (stanza.trim() === "")
            continue;
        const fields = stanzaFields(stanza);
        const name = fields.get("package");
        const status = fields.get("status");
        if (name === undefined || status === undefined)
            throw new InventoryParseError(DPKG_STATUS, "a stanza without Package or Status", stanza);
        const state = status.split(/\s+/)[2];
        if (state === "not-installed" || state === "config-files")
            continue;
        const version = fields.get("version");
        if (version === undefined)
            throw new InventoryParseError(DPKG_STATUS, `${name} has no Version`, stanza);
        records.push({ name, version, arch: fields.get("architecture") ?? "" });
    }
    return records;
}

/** A stanza's fields by lowercase name (deb822 names are case-insensitive), first lines only. */
function stanzaFields(stanza: string): Map<string, string> {
    const fields = new Map<string, string>();
    for (const line of stanza.split("\n")) {
        // Continuation lines (Description, Conffiles) carry nothing we read; their text may even
        // look like a field (" Package: ..."), so they must never be taken for one.
        if (line === "" || line.startsWith(" ") || line.startsWith("\t"))
            continue;
        const m = /^([^:\s]+):(.*)$/.exec(line);
        if (!m)
            throw new InventoryParseError(DPKG_STATUS, `not a field: ${JSON.stringify(line)}`, stanza);
        fields.set(m[1]!.toLowerCase(), m[2]!.trim());
    }
    return fields;
}

/** The output of `rpm -qa --qf RPM_QUERY_FORMAT`; versions as "E:V-R", "V-R" without epoch. */
export function parseRpmQuery(text: string): PackageRecord[] {
    const records: PackageRecord[] = [];
    for (const line of text.split("\n")) {
        if (line === "")
            continue;
        const parts = line.split("\t");
        if (parts.length !== 5)
            throw new InventoryParseError("rpm -qa", `${parts.length} fields, not 5, in ${JSON.stringify(line)}`, text);
        const [name, epoch, version, release, arch] = parts as [string, string, string, string, string];
        records.push({
            name,
            version: (epoch === RPM_NONE ? "" : `${epoch}:`) + `${version}-${release}`,
            arch: arch === RPM_NONE ? "" : arch,
        });
    }
    return records;
}

/**
 * What changed from the old tree's packages to the new one's, sorted by name (then version).
 * Packages are matched by name, or by name and arch for names installed for several arches.
 * A package installed once on each side in another version is upgraded or downgraded (a new
 * arch as well shows in the records). rpm may hold several versions side by side (kernel,
 * gpg-pubkey): they are installed and removed, never upgraded, so where either side has several,
 * those on both sides are unchanged and the rest are removed or added (kernel 1, 2 → 2, 3 removes
 * 1 and adds 3).
 */
export function diffPackages(oldPackages: PackageRecord[], newPackages: PackageRecord[], flavor: PackageFlavor): PackageChange[] {
    const compare = flavor === "dpkg" ? debvercmp : rpmEvrCompare;
    const multiarch = new Set([...multiarchNames(oldPackages), ...multiarchNames(newPackages)]);
    // dpkg writes "libc6:i386", rpm "glibc.i686": the name the admin would type.
    const separator = flavor === "dpkg" ? ":" : ".";
    const shownName = (p: PackageRecord) => multiarch.has(p.name) ? `${p.name}${separator}${p.arch}` : p.name;
    // Grouped by name and arch as a pair, not by the shown text: rpm names may contain ".".
    const groupKey = (p: PackageRecord) => multiarch.has(p.name) ? `${p.name}\n${p.arch}` : p.name;
    const oldGroups = groupBy(oldPackages, groupKey);
    const newGroups = groupBy(newPackages, groupKey);

    const changes: PackageChange[] = [];
    for (const key of new Set([...oldGroups.keys(), ...newGroups.keys()])) {
        const before = oldGroups.get(key) ?? [];
        const after = newGroups.get(key) ?? [];
        // Compared by order, not text: rpm's "0:1.0-1" is the same version as "1.0-1".
        const kept = (p: PackageRecord, other: PackageRecord[]) =>
            other.some(q => q.arch === p.arch && compare(q.version, p.version) === 0);
        const gone = before.filter(p => !kept(p, after));
        const came = after.filter(p => !kept(p, before));
        // Installed once on each side, in another version or for another arch.
        if (before.length === 1 && after.length === 1 && gone.length === 1) {
            const [from, to] = [before[0]!, after[0]!];
            const diff = compare(from.version, to.version);
            const kind = diff < 0 ? "upgraded" : diff > 0 ? "downgraded" : "changed";
            changes.push({ name: shownName(to), kind, old: from, new: to });
            continue;
        }
        for (const p of gone)
            changes.push({ name: shownName(p), kind: "removed", old: p, new: null });
        for (const p of came)
            changes.push({ name: shownName(p), kind: "added", old: null, new: p });
    }

    const version = (c: PackageChange) => (c.new ?? c.old)!.version;
    return changes.sort((a, b) => {
        if (a.name !== b.name)
            return a.name < b.name ? -1 : 1;
        return compare(version(a), version(b));
    });
}

/** rpm's order for "E:V-R": epoch (none is 0), then version, then release, each with rpmvercmp. */
function rpmEvrCompare(a: string, b: string): number {
    const one = splitEvr(a);
    const two = splitEvr(b);
    return rpmvercmp(one.epoch, two.epoch)
        || rpmvercmp(one.version, two.version)
        || rpmvercmp(one.release, two.release);
}

/** rpm allows neither ":" nor "-" in a version or release, so the split is unambiguous. */
function splitEvr(evr: string): { epoch: string; version: string; release: string } {
    const colon = evr.indexOf(":");
    const epoch = colon >= 0 ? evr.slice(0, colon) : "0";
    const rest = evr.slice(colon + 1);
    const hyphen = rest.lastIndexOf("-");
    return { epoch, version: rest.slice(0, hyphen), release: rest.slice(hyphen + 1) };
}

/** Names installed for more than one arch in one tree (dpkg multiarch, rpm multilib). */
function multiarchNames(records: PackageRecord[]): string[] {
    const arches = new Map<string, Set<string>>();
    for (const p of records)
        arches.set(p.name, (arches.get(p.name) ?? new Set()).add(p.arch));
    return [...arches].filter(([, set]) => set.size > 1).map(([name]) => name);
}

function groupBy(records: PackageRecord[], key: (p: PackageRecord) => string): Map<string, PackageRecord[]> {
    const groups = new Map<string, PackageRecord[]>();
    for (const p of records) {
        const group = groups.get(key(p));
        if (group)
            group.push(p);
        else
            groups.set(key(p), [p]);
    }
    return groups;
}
