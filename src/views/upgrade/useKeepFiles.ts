// The Keep files step's state: the whitelist as read or as edited in the wizard (with the host's
// checks of what was typed), this layer's local changes split by it, the conflicts found, and the
// admin's choices; and from these, what the upgrade's plan takes.
import { useCallback, useMemo, useState } from "react";
import type { PersistState } from "../../host/persist.ts";
import { checkPersistEntries } from "../../model/actions/persist.ts";
import { Reasons, type RefusalReason } from "../../model/actions/types.ts";
import type { UpgradeArgs } from "../../model/actions/upgrade.ts";
import type { PersistCheck } from "../../model/persist-probe.ts";
import { PERSIST_FILE_NAME, patternsWithOurs, validatePattern } from "../../model/persist.ts";
import { useWhitelistEdit, type WhitelistEdit } from "../PersistEditor.tsx";
import { PASSWORD_FILE_OF, PREVIEWED_ACCOUNT_FILES } from "../../model/actions/accounts.ts";
import type { CarriedFile } from "../../model/upgrade/local-changes.ts";
import { useAccountPreviews, type PreviewState } from "./useAccountPreviews.ts";
import { useLocalChanges, type LocalChangesState } from "./useLocalChanges.ts";

export interface KeepFiles {
    edit: WhitelistEdit;
    local: LocalChangesState;
    /** The account databases merged with the image's (absolute paths), each previewed or not. */
    accounts: ReadonlyMap<string, PreviewState | null>;
    /** Paths (binary strings) the admin chose to take from the image. */
    takeImages: ReadonlySet<string>;
    choose(path: string, take: boolean): void;
    /** Entries that must be fixed before the upgrade. */
    problems: RefusalReason[];
    /** The whitelist is valid and the conflicts are known (a listing that failed does not block). */
    ready: boolean;
    /** What the plan takes: the patterns, their checks, the choices, the list to save. Null until read. */
    args: Pick<UpgradeArgs, "persist" | "persistChecks" | "takeImages" | "saveWhitelist"> | null;
}

const NO_PATTERNS: string[] = [];

/** `base` and `layer`: "VG/LV" of the running layer and its base; `image`: the path, "" until read. */
export function useKeepFiles(persist: PersistState | null, base: string | null, layer: string | null, image: string): KeepFiles {
    const edit = useWhitelistEdit();
    const whitelist = useMemo(() => {
        if (!persist)
            return null;
        const patterns = edit.edited ? patternsWithOurs(persist, edit.edited) : persist.entries.map(e => e.pattern);
        const checks: ReadonlyMap<string, PersistCheck> = edit.checksOf(persist);
        return { patterns, valid: patterns.filter(p => validatePattern(p) === null), checks };
    }, [persist, edit]);
    const [takeImages, setTakeImages] = useState<ReadonlySet<string>>(new Set());
    const choose = useCallback((path: string, take: boolean) => setTakeImages(chosen => {
        const next = new Set(chosen);
        if (take) next.add(path); else next.delete(path);
        return next;
    }), []);
    const local = useLocalChanges(base, layer ?? "", image, whitelist?.valid ?? NO_PATTERNS, image !== "" && layer !== null);

    const problems = useMemo(() => {
        const reasons = new Reasons();
        if (whitelist)
            checkPersistEntries(reasons, whitelist.patterns, whitelist.checks);
        return reasons.list;
    }, [whitelist]);
    const judged = local.phase === "ready" && local.conflicts.phase === "ready" ? local.conflicts.files : [];
    const merged = judged.filter(f => f.verdict === "merged").map(f => f.change.display);
    const previewed = merged.filter(p => (PREVIEWED_ACCOUNT_FILES as readonly string[]).includes(p));
    const previews = useAccountPreviews(base, layer ?? "", image, useStableList(previewed));
    const accounts = new Map(merged.map(p => [p, previews.get(p) ?? null]));
    // Only the choices still offered count: an entry removed from the list takes its files along,
    // and a merged account database is offered whole only while its merge (or its accounts', for
    // a password file) clashes.
    const clashing = new Set([...previews].filter(([, st]) => st.phase === "ready" && st.preview.state === "clash").map(([path]) => path));
    const offered = (f: CarriedFile) => f.verdict === "conflict" || (f.verdict === "merged"
        && (clashing.has(f.change.display) || Object.entries(PASSWORD_FILE_OF).some(([db, pw]) => pw === f.change.display && clashing.has(db))));
    const chosen = judged.filter(f => offered(f) && takeImages.has(f.change.path))
        .map(f => f.argument).filter(p => p !== null);
    // A clash stands until the admin takes the image's file instead of the merge.
    const unsettled = [...previews].some(([path, state]) => state.phase === "loading"
        || (state.phase === "ready" && state.preview.state === "clash" && !takeImages.has(path.slice(1))));
    const chosenKey = chosen.join("\0");
    const args = useMemo(() => whitelist && persist && {
        persist: whitelist.patterns,
        persistChecks: whitelist.checks,
        ...(chosenKey === "" ? {} : { takeImages: chosenKey.split("\0") }),
        ...(edit.edited ? { saveWhitelist: { entries: edit.edited, current: persist.files.find(f => f.name === PERSIST_FILE_NAME)?.text ?? null } } : {}),
    }, [whitelist, persist, chosenKey, edit.edited]);
    const ready = problems.length === 0 && whitelist !== null && local.phase !== "loading"
        && !(local.phase === "ready" && local.conflicts.phase === "loading") && !unsettled;
    return { edit, local, accounts, takeImages, choose, problems, ready, args };
}

/** The same array while its items are the same: a hook's dependency. */
function useStableList(items: string[]): readonly string[] {
    const key = items.join("\0");
    // eslint-disable-next-line react-hooks/exhaustive-deps
    return useMemo(() => items, [key]);
}
