// The persist whitelist (DESIGN.md §6): the absolute paths and globs whose versions an upgrade
// carries from the running layer into the new one. Everything else comes from the new image, so
// local changes outside the list stay behind in the old layer (reachable by rollback and the diff).
//
// The list lives in /etc/imgbased/persist.d/*.conf, read in the shell's glob order: one pattern a
// line, "#" comments, blank lines. We own exactly one file there and never write the others
// (the admin's or another tool's). With no .conf file at all the built-in DEFAULT_PERSIST applies;
// any .conf file, even an empty one, replaces it, so our file is started from the defaults.
//
// Patterns use the shell's glob syntax ("*", "?", "[...]", never across "/"); a path that is a
// directory is carried with everything in it, a symlink as a link. Lines are parsed the shell's
// way too: "#" starts a comment at the start of a line or after blanks. A comment block directly
// above an entry (no blank line between) and a trailing comment on its line are its comment.
//
// Problems are codes, never sentences: the views translate them. This file is pure; the checks
// that need the host (no symlink in a pattern's globPrefix) are done there.

export const PERSIST_DIR = "/etc/imgbased/persist.d";
export const PERSIST_FILE_NAME = "50-cockpit-imgbased.conf";
/** The one file of PERSIST_DIR that we write. */
export const PERSIST_FILE = `${PERSIST_DIR}/${PERSIST_FILE_NAME}`;
/** The `source` of DEFAULT_PERSIST's entries. */
export const BUILT_IN = "built-in";

export interface PersistEntry {
    pattern: string;
    /** Lines joined by "\n", each without surrounding blanks; "" for none. */
    comment: string;
}

export interface PersistLine extends PersistEntry {
    /** The file's name ("50-cockpit-imgbased.conf"), or BUILT_IN. */
    source: string;
    /** 1-based. */
    line: number;
}

export type PersistProblemCode =
    | "empty"
    | "too-long" // more than PATH_MAX (4096) bytes; detail: the byte count
    | "control" // detail: the first control character as "U+000A"
    | "relative"
    | "trailing-slash"
    | "dot" // a "." component or an empty one ("//"); detail: "." or "//"
    | "dot-dot"
    | "backslash"
    | "hash"
    | "trailing-space"
    | "too-broad"
    | "double-star"
    | "image-owned" // detail: the image's top-level directory ("/usr")
    | "duplicate"; // detail: where it came first, "source:line"

export interface PersistProblem {
    code: PersistProblemCode;
    pattern?: string;
    source?: string;
    line?: number;
    detail?: string;
}

export const DEFAULT_PERSIST: readonly PersistEntry[] = [
    // Accounts and passwords: merged by name with the new image's (actions/accounts.ts), so a
    // system user the image adds comes with it.
    { pattern: "/etc/passwd", comment: "local users" },
    { pattern: "/etc/shadow", comment: "their passwords" },
    { pattern: "/etc/group", comment: "local groups" },
    { pattern: "/etc/gshadow", comment: "group passwords and administrators" },
    { pattern: "/etc/subuid", comment: "subordinate user ids of rootless containers" },
    { pattern: "/etc/subgid", comment: "subordinate group ids of rootless containers" },
    // Rules of the admin; /etc/sudoers itself is the image's (local rules belong in sudoers.d).
    { pattern: "/etc/sudoers.d/*", comment: "local sudo rules" },
    // Identity: a node that changes these is a new machine to its peers and monitoring.
    { pattern: "/etc/hostname", comment: "host name" },
    { pattern: "/etc/machine-id", comment: "machine id: the journal's and the DHCP client's identity" },
    { pattern: "/etc/ssh/ssh_host_*", comment: "ssh host keys: clients would refuse a changed key" },
    { pattern: "/etc/iscsi/initiatorname.iscsi", comment: "iSCSI initiator name: storage grants access by it (imgbased always kept it)" },
    { pattern: "/etc/localtime", comment: "time zone (a symlink, carried as one)" },
    // Access: losing these locks the admins out of a remote node.
    { pattern: "/root/.ssh", comment: "root's authorized keys and known hosts" },
    // Network, for each stack a node may use; a stack's files that do not exist are not copied.
    { pattern: "/etc/NetworkManager/system-connections/*", comment: "NetworkManager connection profiles" },
    { pattern: "/etc/sysconfig/network-scripts/ifcfg-*", comment: "EL interfaces in the legacy format" },
    { pattern: "/etc/sysconfig/network-scripts/route*", comment: "EL static routes in the legacy format" },
    { pattern: "/etc/network/interfaces", comment: "Debian's ifupdown" },
    { pattern: "/etc/network/interfaces.d/*", comment: "Debian's ifupdown, split files" },
    { pattern: "/etc/systemd/network/*", comment: "systemd-networkd" },
    { pattern: "/etc/netplan/*", comment: "netplan" },
    { pattern: "/etc/hosts", comment: "local names" },
    // Static DNS is an admin's setting and a node without it is unreachable by name. Where a
    // resolver manages it, it is a symlink into /run and is carried as that same link.
    { pattern: "/etc/resolv.conf", comment: "DNS servers" },
    // Encrypted data volumes: the image cannot know the host's disks, so its crypttab is empty.
    // Key files it names are carried only if listed too.
    { pattern: "/etc/crypttab", comment: "encrypted volumes to unlock at boot" },
    // The health checks' settings and the admin's own checks (issue 13): a trial of the new
    // layer is judged by the same checks as the old one.
    { pattern: "/etc/imgbased/health.conf", comment: "health checks: units that must run, time limits" },
    { pattern: "/etc/imgbased/health.d", comment: "the admin's own health checks (required.d, wanted.d)" },
    // Not here: /etc/fstab. Its root line is the layer's own (the upgrade writes the new layer's);
    // a carried copy would mount the old layer, or the old filesystem's UUID, as the new root.
    // Home directories: on a volume of their own (imgbased makes one), not in the layer.
];

/** PATH_MAX: no longer path reaches the kernel. */
const MAX_BYTES = 4096;
/** C0, DEL and C1: a newline would split the line, the others are never meant in a path. */
export const CONTROL = /[\u0000-\u001f\u007f-\u009f]/; // eslint-disable-line no-control-regex
const GLOB = /[*?[]/;
/**
 * Top-level directories that belong to the image or hold no files: /usr and /boot come whole
 * with each image (old programs in a new /usr are how nodes drift; /boot is written by the
 * upgrade itself), /proc, /sys, /dev and /run are made by the kernel and systemd at boot, and
 * /tmp is emptied at boot.
 */
const IMAGE_OWNED = new Set(["usr", "boot", "proc", "sys", "dev", "run", "tmp"]);
/**
 * All of /etc or /var (or every file in them): they hold the image's configuration and package
 * state, so carrying them whole keeps the old image's (imgbased's first /etc migration did that,
 * and config files were never updated: rhbz#1418179).
 */
const WHOLE_IMAGE_TREE = /^\/(etc|var)(\/[*?]+)*$/;

/**
 * Why `pattern` cannot be an entry, or null. Every valid pattern is one that renderPersistFile
 * can write and parsePersistFile reads back unchanged.
 */
export function validatePattern(pattern: string): PersistProblem | null {
    const problem = (code: PersistProblemCode, detail?: string): PersistProblem =>
        detail === undefined ? { code, pattern } : { code, pattern, detail };
    if (pattern === "")
        return problem("empty");
    const bytes = new TextEncoder().encode(pattern).length;
    if (bytes > MAX_BYTES)
        return problem("too-long", String(bytes));
    const control = CONTROL.exec(pattern);
    if (control)
        return problem("control", `U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`);
    if (!pattern.startsWith("/"))
        return problem("relative");
    if (pattern === "/")
        return problem("too-broad");
    if (pattern.endsWith("/"))
        return problem("trailing-slash");
    const components = pattern.slice(1).split("/");
    for (const component of components) {
        if (component === "" || component === ".")
            return problem("dot", component === "" ? "//" : ".");
        if (component === "..")
            return problem("dot-dot");
    }
    // The shell reads "\" as an escape, other tools literally: the host and this model could
    // disagree on what matches. "[*]" and "?" match a special character instead.
    if (pattern.includes("\\"))
        return problem("backslash");
    // "#" after a blank starts a comment, so only some patterns with "#" could be written; none
    // may, to keep the rule simple. "?" matches a "#" in a file name.
    if (pattern.includes("#"))
        return problem("hash");
    // Lines are trimmed when read.
    if (pattern.endsWith(" "))
        return problem("trailing-space");
    if (hasGlob(components[0]!) || WHOLE_IMAGE_TREE.test(pattern))
        return problem("too-broad");
    // The shell's "**" is just "*", but rsync, .gitignore, bash's globstar and our diff-noise
    // patterns read it as "any depth": an admin would expect a recursion that does not happen.
    // It is never needed: a directory entry carries the whole tree.
    if (pattern.includes("**"))
        return problem("double-star");
    if (IMAGE_OWNED.has(components[0]!))
        return problem("image-owned", `/${components[0]}`);
    return null;
}

export function hasGlob(pattern: string): boolean {
    return GLOB.test(pattern);
}

/**
 * The directory every match lies in or is: the leading components without a glob character
 * ("/etc/ssh/ssh_host_*" → "/etc/ssh"; "/root/.ssh" → "/root/.ssh"). The host refuses a pattern
 * when this path goes through a symlink, so a copy can never land outside it; for a pattern
 * without a glob the last component may itself be a symlink, which is carried as a link.
 * An unclosed "[" counts as a glob character: a shorter prefix is only checked more.
 */
export function globPrefix(pattern: string): string {
    const glob = pattern.search(GLOB);
    if (glob < 0)
        return pattern;
    const slash = pattern.lastIndexOf("/", glob);
    return slash <= 0 ? "/" : pattern.slice(0, slash);
}

/** Spaces, tabs and the "\r" of a CRLF line end, which no valid pattern holds. */
function trimBlanks(text: string): string {
    return text.replace(/^[ \t\r]+|[ \t\r]+$/g, "");
}

export function parsePersistFile(source: string, text: string): { entries: PersistLine[]; problems: PersistProblem[] } {
    const entries: PersistLine[] = [];
    const problems: PersistProblem[] = [];
    let above: string[] = [];
    text.split("\n").forEach((raw, index) => {
        const line = index + 1;
        const content = trimBlanks(raw);
        if (content === "") {
            above = [];
            return;
        }
        if (content.startsWith("#")) {
            above.push(trimBlanks(content.slice(1)));
            return;
        }
        const trailing = /^(.*?)[ \t]+#(.*)$/.exec(content);
        const pattern = trailing ? trailing[1]! : content;
        const comment = trailing ? [...above, trimBlanks(trailing[2]!)] : above;
        above = [];
        const problem = validatePattern(pattern);
        if (problem)
            problems.push({ ...problem, source, line });
        else
            entries.push({ pattern, comment: comment.join("\n"), source, line });
    });
    return { entries, problems };
}

const HEADER = [
    "# Persist whitelist: files an upgrade carries from the running layer into the new one.",
    "# This file is managed by cockpit-imgbased; other files in this directory are read, never written.",
    "# One absolute path or shell glob a line; a comment directly above an entry belongs to it.",
];

/** Our file's text. Throws on an invalid pattern: the views validate before they save. */
export function renderPersistFile(entries: readonly PersistEntry[]): string {
    const blocks = entries.map(({ pattern, comment }) => {
        const problem = validatePattern(pattern);
        if (problem)
            throw new Error(`persist pattern ${JSON.stringify(pattern)} is invalid: ${problem.code}`);
        const lines = comment === "" ? [] : comment.split("\n").map(trimBlanks).map(text => text === "" ? "#" : `# ${text}`);
        return [...lines, pattern].join("\n");
    });
    return [HEADER.join("\n"), ...blocks].join("\n\n") + "\n";
}

/** The order of the shell's glob in the C locale: UTF-8 byte order, which is code point order. */
function byteOrder(a: string, b: string): number {
    const x = Array.from(a, c => c.codePointAt(0)!);
    const y = Array.from(b, c => c.codePointAt(0)!);
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
        if (x[i] !== y[i])
            return x[i]! - y[i]!;
    }
    return x.length - y.length;
}

/**
 * The whitelist in force from the files of PERSIST_DIR (names as listed there). Only the names
 * "*.conf" matches count: not hidden ones, as the shell's glob skips them. A pattern listed
 * again is reported and the first one kept.
 */
export function mergePersist(files: readonly { name: string; text: string }[]):
    { entries: PersistLine[]; problems: PersistProblem[]; usesDefaults: boolean } {
    const confs = files.filter(({ name }) => name.endsWith(".conf") && !name.startsWith("."))
        .sort((a, b) => byteOrder(a.name, b.name));
    if (confs.length === 0) {
        const entries = DEFAULT_PERSIST.map((entry, index) => ({ ...entry, source: BUILT_IN, line: index + 1 }));
        return { entries, problems: [], usesDefaults: true };
    }
    const entries: PersistLine[] = [];
    const problems: PersistProblem[] = [];
    const first = new Map<string, PersistLine>();
    for (const { name, text } of confs) {
        const parsed = parsePersistFile(name, text);
        const fileProblems = parsed.problems;
        for (const entry of parsed.entries) {
            const earlier = first.get(entry.pattern);
            if (earlier) {
                fileProblems.push({ code: "duplicate", pattern: entry.pattern, source: name, line: entry.line, detail: `${earlier.source}:${earlier.line}` });
            } else {
                first.set(entry.pattern, entry);
                entries.push(entry);
            }
        }
        problems.push(...fileProblems.sort((a, b) => a.line! - b.line!));
    }
    return { entries, problems, usesDefaults: false };
}

/**
 * The patterns in force once our file holds `entries`: those, and the other files' (none while
 * the built-in defaults apply). As typed: an invalid one stays, for the checks to name it.
 */
export function patternsWithOurs(merged: { entries: readonly PersistLine[]; usesDefaults: boolean }, entries: readonly PersistEntry[]): string[] {
    const others = merged.usesDefaults ? [] : merged.entries.filter(e => e.source !== PERSIST_FILE_NAME);
    return [...entries, ...others].map(e => e.pattern);
}
