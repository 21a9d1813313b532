// "Hide noise": paths whose changes are machine-generated state (caches, logs, temporary files,
// random seeds) and say nothing about what an admin changed. The built-in list below applies on
// every host; /etc/imgbased/diff-noise.conf adds patterns (one a line, # comments) and can drop
// a built-in one with "!PATTERN". Patterns are absolute: "*" and "?" stay within one path
// component, "**" spans any number of them (including none: "/var/log/**" hides /var/log too).

export const NOISE_CONFIG_PATH = "/etc/imgbased/diff-noise.conf";

export const DEFAULT_NOISE: readonly string[] = [
    "/tmp/**",
    "/var/tmp/**",
    "/var/cache/**",
    "/var/log/**",
    "/var/lib/apt/lists/**",
    "/var/lib/dnf/**",
    "/var/lib/dhcp/**",
    "/var/lib/logrotate/**",
    "/var/lib/man-db/**",
    "/var/lib/systemd/random-seed",
    "/var/lib/systemd/timers/**",
    "/var/lib/systemd/linger/**",
    "/var/lib/systemd/catalog/**",
    "/var/lib/dbus/machine-id",
    "/var/lib/sudo/**",
    "/var/lib/dpkg/*-old",
    "/var/lib/rpm/__db.*",
    "/var/lib/dpkg/lock*",
    "/var/lib/dpkg/triggers/Lock",
    "/etc/ld.so.cache",
    "/etc/lvm/archive/**",
    "/etc/lvm/backup/**",
    "/root/.bash_history",
    "/root/.lesshst",
    "/home/*/.bash_history",
    "/home/*/.sudo_as_admin_successful",
];

export interface NoiseConfig {
    patterns: string[];
    /** Lines of the config file that are not valid patterns, with their 1-based line numbers. */
    invalid: { line: number; text: string }[];
}

/** The patterns in force: the built-in list, changed by the config file's text (null: no file). */
export function noisePatterns(configText: string | null): NoiseConfig {
    const patterns = [...DEFAULT_NOISE];
    const invalid: NoiseConfig["invalid"] = [];
    (configText ?? "").split("\n").forEach((raw, index) => {
        const text = raw.trim();
        if (text === "" || text.startsWith("#"))
            return;
        const drop = text.startsWith("!");
        const pattern = drop ? text.slice(1).trim() : text;
        if (!pattern.startsWith("/")) {
            invalid.push({ line: index + 1, text: raw });
            return;
        }
        if (drop) {
            const at = patterns.indexOf(pattern);
            if (at >= 0)
                patterns.splice(at, 1);
        } else if (!patterns.includes(pattern)) {
            patterns.push(pattern);
        }
    });
    return { patterns, invalid };
}

function globToRegExp(pattern: string): string {
    let re = "";
    for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i]!;
        if (c === "*" && pattern[i + 1] === "*") {
            // "/**" at a component boundary may match nothing at all: "/a/**" matches "/a".
            if (re.endsWith("/")) {
                re = re.slice(0, -1) + "(?:/.*)?";
            } else {
                re += ".*";
            }
            i++;
        } else if (c === "*") {
            re += "[^/]*";
        } else if (c === "?") {
            re += "[^/]";
        } else {
            re += c.replace(/[\\^$.|+(){}[\]]/g, "\\$&");
        }
    }
    return re;
}

/** A matcher for absolute display paths ("/var/log/syslog"). */
export function noiseMatcher(patterns: readonly string[]): (path: string) => boolean {
    if (patterns.length === 0)
        return () => false;
    const re = new RegExp(`^(?:${patterns.map(globToRegExp).join("|")})$`);
    return path => re.test(path);
}
