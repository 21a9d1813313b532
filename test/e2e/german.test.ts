// A German session: Cockpit serves our po.js as po.de.js for it, and the page, its dialogs and its
// errors speak German. The expected texts come from po/de.po itself, so the test follows the
// translation and fails on English or on a string left untranslated. Both tests only read.
import assert from "node:assert/strict";
import { resolve } from "node:path";
import type { Frame } from "playwright-core";
import { format } from "../../pkg/lib/cockpit.ts";
import { readPo } from "../../po/po2js.js";
import { planCommands, refusalCodes, rowAction } from "./lib/actions.ts";
import { openPlugin } from "./lib/browser.ts";
import { e2e, labForThisFile } from "./lib/harness.ts";
import { pageState } from "./lib/page.ts";

const lab = labForThisFile("german");
const READ = { from: "golden", readsOnly: true };
// The golden node: one base, its +1 layer booted and the default.
const BASE = "debian-node-12.0-1";
const BOOTED = `${BASE}+1`;
// As Cockpit's own language menu stores German.
const GERMAN = "de-de";

const de = readPo(resolve(import.meta.dirname, "../../po/de.po"));

/** The German forms of msgid in po/de.po (one, or two for a plural). */
function german(msgid: string): string[] {
    const forms = de.entries.find(e => !e.context && e.msgid === msgid)?.msgstr ?? [];
    if (!forms.length || !forms.every(Boolean)) throw new Error(`po/de.po does not translate ${JSON.stringify(msgid)}`);
    return forms;
}
const t = (msgid: string) => german(msgid)[0]!;

async function text(frame: Frame, selector: string): Promise<string> {
    return (await frame.locator(selector).first().textContent())?.trim() ?? "";
}

e2e("a German session shows the page, a dialog and a refusal in German", lab, READ, async keep => {
    const { frame } = keep(await openPlugin(lab.vm.url, "admin", { admin: true, language: GERMAN }));
    // po.de.js ran: its header set the page's language (and with it Intl's number and date format).
    assert.equal(await frame.evaluate("cockpit.language"), "de");

    const page = await text(frame, '[data-testid="imgbased-page"]');
    for (const msgid of ["Booted layer", "Boot loader", "Bases and layers", "Files kept on upgrade"])
        assert.ok(page.includes(t(msgid)), `the page shows ${JSON.stringify(t(msgid))} for ${JSON.stringify(msgid)}`);
    assert.ok(!page.includes("Booted layer") && !page.includes("Files kept on upgrade"), "English left on the page");

    // A dialog: adding a layer shows its plan under a German title, with German buttons.
    await rowAction(frame, BASE, "add-layer");
    await planCommands(frame);
    assert.equal(await text(frame, "#plan-dialog-title"), format(t("Add a layer to $0"), BASE));
    assert.equal(await text(frame, '[data-testid="plan-confirm"]'), t("Add layer"));
    assert.equal(await text(frame, '[data-testid="plan-cancel"]'), t("Cancel"));
    await frame.click('[data-testid="plan-cancel"]');
    await frame.waitForSelector('[data-testid="plan-dialog"]', { state: "detached" });

    // An error: removing the booted layer is refused, with the reasons in German and the alert's
    // title in the plural form that fits their number.
    await rowAction(frame, BOOTED, "remove");
    const codes = await refusalCodes(frame);
    assert.ok(codes.includes("booted"), JSON.stringify(codes));
    assert.equal(await text(frame, '[data-testid="refusal-reason"][data-code="booted"]'),
                 format(t("$0 is the running system. Boot another layer first, then remove it."), BOOTED));
    const title = german("This cannot be done:")[codes.length === 1 ? 0 : 1]!;
    // The alert's title also holds PatternFly's screen-reader prefix ("Danger alert:").
    assert.ok((await text(frame, '[data-testid="plan-refusal"]')).includes(title), `the refusal is titled ${JSON.stringify(title)}`);
    await frame.click('[data-testid="plan-cancel"]');
});

e2e("a German admin without administrative access gets the error in German", lab, READ, async keep => {
    const { frame } = keep(await openPlugin(lab.vm.url, "admin", { admin: false, language: GERMAN }));
    assert.equal((await pageState(frame)).reason, "permission");
    assert.equal(await text(frame, '[data-testid="error-state"] h2'), t("Administrative access required"));
    assert.equal(await text(frame, '[data-testid="readonly-notice"]'),
                 t("Administrative access required to change image layers; you can view everything."));
});
