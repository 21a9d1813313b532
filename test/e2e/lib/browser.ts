// Logs into the lab VM's real Cockpit with Debian's Chromium and opens our page.
import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { chromium, type Browser, type Frame, type Page } from "playwright-core";
import { within } from "./time.ts";
import { RESULTS } from "./vm.ts";

export const PASSWORD = "test";
const CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    // This machine's network is closed: background requests would only fail noisily.
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

/**
 * No keyframe animations in any frame: headless Chromium paints every frame of a spinner in
 * software, and while a job ran that took more of the host's two cores than the lab VMs did
 * (seen under TCG: ~110 % CPU for the browsers, ~76 % for both VMs). What the tests look at is
 * the DOM, which is the same. (A string: tsx's helpers are not in the page.)
 */
const NO_ANIMATIONS = `(() => {
    // A constructed sheet: Cockpit's CSP refuses <style> elements in its frames.
    const add = () => {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync("*, *::before, *::after { animation: none !important; }");
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", add); else add();
})();`;

export interface Session {
    browser: Browser;
    page: Page;
    /** The plugin's iframe: everything our page renders lives in it. */
    frame: Frame;
    close(): Promise<void>;
}

export interface LoginOptions {
    /** Ask for Cockpit's administrative access (sudo) at login, as Cockpit's own tests do. */
    admin?: boolean;
    darkTheme?: boolean;
    /**
     * The session's language, as Cockpit's own language setting stores it ("de-de"): the
     * CockpitLang cookie, which the shell reads for itself and cockpit-ws turns into the
     * Accept-Language of every page file, so po.js comes as po.de.js.
     */
    language?: string;
    /** The window's size; 1280×900 unless given (pixel tests want whole views in it). */
    viewport?: { width: number; height: number };
}

export async function openPlugin(url: string, user: string, options: LoginOptions = {}): Promise<Session> {
    const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
    try {
        const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 }, reducedMotion: "reduce" });
        await context.addInitScript({ content: NO_ANIMATIONS });
        if (options.language)
            await context.addCookies([{ name: "CockpitLang", value: options.language, url }]);
        await context.addInitScript(({ user, admin, dark }) => {
            if (admin) localStorage.setItem("superuser:" + user, "any");
            if (dark) localStorage.setItem("shell:style", "dark");
        }, { user, admin: options.admin ?? false, dark: options.darkTheme ?? false });
        const page = await context.newPage();
        // A click or a wait for an element: two minutes on the reference machine.
        page.setDefaultTimeout(within(120));
        // Cockpit answers our page's address with its login form and, once logged in, opens our
        // page straight away: no overview page loaded first and no second load of the shell
        // (logging in at / and then going to /imgbased took 20-30 s more under TCG).
        await page.goto(url + "/imgbased");
        await page.fill("#login-user-input", user);
        await page.fill("#login-password-input", PASSWORD);
        await page.click("#login-button");
        const frame = await pluginFrame(page);
        // The init script does not reach Cockpit's frames: our page's gets the sheet here.
        await frame.evaluate(NO_ANIMATIONS);
        return { browser, page, frame, close: () => browser.close() };
    } catch (e) {
        await browser.close();
        throw e;
    }
}

/** Our page's iframe in the shell, once the page has read the host. */
export async function pluginFrame(page: Page): Promise<Frame> {
    const handle = await page.waitForSelector('iframe[name="cockpit1:localhost/imgbased"]', { state: "attached" });
    const frame = await handle.contentFrame();
    if (!frame) throw new Error("the plugin iframe has no content frame");
    // Not a layout saved by an earlier open in this session: the host's own, read now.
    await frame.waitForSelector('[data-testid="imgbased-page"]:not([data-state="loading"]):not([data-saved])');
    return frame;
}

/** Screenshot of the whole shell (with our iframe) for a failed test. */
export async function screenshot(session: Session | undefined, name: string): Promise<void> {
    if (!session) return;
    await mkdir(RESULTS, { recursive: true });
    await session.page.screenshot({ path: resolve(RESULTS, name + ".png"), fullPage: true }).catch(() => {});
}
