// Follows the Cockpit shell's light/dark choice inside our iframe. The shell stores it in
// localStorage["shell:style"] ("light", "dark" or "auto" = follow the OS); other same-origin
// windows (our page) learn about changes through the `storage` event. PatternFly 6 switches to
// dark when <html> carries `pf-v6-theme-dark` (Cockpit 287's own pages use the PF4 class, which
// would do nothing for our PF6 CSS). Import this module once, first thing in the entry point.

const STORAGE_KEY = "shell:style";
const DARK_CLASS = "pf-v6-theme-dark";

function wantsDark(): boolean {
    let style: string | null = null;
    try {
        style = window.localStorage.getItem(STORAGE_KEY);
    } catch {
        // Storage can be blocked (privacy settings): fall back to the OS preference.
    }
    if (style === "dark")
        return true;
    if (style === "light")
        return false;
    return window.matchMedia?.("(prefers-color-scheme: dark)").matches ?? false;
}

/** Applies the current choice to <html>. */
export function applyTheme(): void {
    document.documentElement.classList.toggle(DARK_CLASS, wantsDark());
}

/** Starts following the shell's setting and the OS preference; returns a function that stops it. */
export function followShellTheme(): () => void {
    applyTheme();
    const onStorage = (ev: StorageEvent) => {
        if (ev.key === null || ev.key === STORAGE_KEY)
            applyTheme();
    };
    const media = window.matchMedia?.("(prefers-color-scheme: dark)");
    window.addEventListener("storage", onStorage);
    // The shell sends this to its own window; harmless here, and useful when we run top-level.
    window.addEventListener("cockpit-style", applyTheme);
    media?.addEventListener("change", applyTheme);
    return () => {
        window.removeEventListener("storage", onStorage);
        window.removeEventListener("cockpit-style", applyTheme);
        media?.removeEventListener("change", applyTheme);
    };
}

if (typeof window !== "undefined" && typeof document !== "undefined")
    followShellTheme();
