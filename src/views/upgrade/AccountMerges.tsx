// The account databases the new image changed too, which the upgrade merges by name
// (model/actions/accounts.ts): for passwd and group, what the new layer will get against the
// image's file, or the ids two names would share, with the one way out (the image's file whole).
import React from "react";
import { Alert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { ExpandableSection } from "@patternfly/react-core/dist/esm/components/ExpandableSection/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { ToggleGroup, ToggleGroupItem } from "@patternfly/react-core/dist/esm/components/ToggleGroup/index.js";
import { _, format } from "../../../pkg/lib/cockpit.ts";
import type { AccountPreview } from "../../host/accounts.ts";
import { PASSWORD_FILE_OF } from "../../model/actions/accounts.ts";
import type { FileContent } from "../../model/diff/types.ts";
import { ContentDiff } from "../diff/ContentDiff.tsx";
import type { KeepFiles } from "./useKeepFiles.ts";
import type { PreviewState } from "./useAccountPreviews.ts";

function textContent(text: string): FileContent {
    const bytes = new TextEncoder().encode(text);
    return { state: "ok", size: bytes.length, sha256: null, bytes, truncated: false, message: "" };
}

function Clash({ preview, takeImage, onChoose }: {
    preview: Extract<AccountPreview, { state: "clash" }>; takeImage: boolean; onChoose: (take: boolean) => void;
}): React.ReactElement {
    const companion = PASSWORD_FILE_OF[preview.path] ?? "";
    return (
        <Alert isInline variant={takeImage ? "warning" : "danger"} data-testid="account-clash" data-path={preview.path}
               title={format(_("$0 cannot be merged: one id would belong to two names"), preview.path)}>
            <ul>{preview.clashes.map((c, i) => <li key={i} data-testid="account-clash-line">{c}</li>)}</ul>
            <p>{_("Give one of them another id on this host and check the image again, or take the image's file.")}</p>
            <ToggleGroup isCompact aria-label={format(_("Version of $0"), preview.path)}>
                <ToggleGroupItem text={_("Merge")} isSelected={!takeImage} data-testid="account-merge" onChange={() => onChoose(false)} />
                <ToggleGroupItem text={_("Take the image's")} isSelected={takeImage} data-testid="account-take" onChange={() => onChoose(true)} />
            </ToggleGroup>
            {takeImage && (
                <p data-testid="account-take-means">
                    {format(_("The new layer gets the image's $0 and $1 whole: the accounts added or changed here are not in it, and files owned by them show their numeric ids."),
                            preview.path, companion)}
                </p>
            )}
        </Alert>
    );
}

function Preview({ path, state, takeImage, onChoose }: {
    path: string; state: PreviewState; takeImage: boolean; onChoose: (take: boolean) => void;
}): React.ReactElement {
    const common = { "data-testid": "account-preview", "data-path": path };
    if (state.phase === "loading")
        return <div {...common} data-state="loading"><Spinner size="md" /> {format(_("Merging $0 with the image's…"), path)}</div>;
    if (state.phase === "error")
        return <Alert {...common} data-state="error" isInline variant="warning" title={format(_("The merge of $0 cannot be shown"), path)}>{state.error.message}</Alert>;
    const preview = state.preview;
    switch (preview.state) {
    case "merged":
        return (
            <div {...common} data-state="merged">
                <ExpandableSection toggleText={format(_("Show the merged $0"), path)} data-testid="account-preview-toggle">
                    <ContentDiff old={textContent(preview.image)} new={textContent(preview.merged)}
                                 oldLabel={_("The image's")} newLabel={_("The new layer's")} />
                </ExpandableSection>
            </div>
        );
    case "clash":
        return <div {...common} data-state="clash"><Clash preview={preview} takeImage={takeImage} onChoose={onChoose} /></div>;
    case "kept-whole":
        return <p {...common} data-state="kept-whole">{format(_("The image has no $0 of its own: the new layer gets this host's."), path)}</p>;
    case "unavailable":
        return <p {...common} data-state="unavailable" className="imgbased-muted">{format(_("The merge of $0 cannot be shown: $1"), path, preview.why)}</p>;
    }
}

export function AccountMerges({ keep }: { keep: KeepFiles }): React.ReactElement | null {
    if (keep.accounts.size === 0)
        return null;
    const paths = [...keep.accounts.keys()];
    // The passwords go with their accounts: taking the image's passwd takes its shadow too.
    const choose = (path: string, take: boolean) => {
        for (const p of [path, PASSWORD_FILE_OF[path]])
            if (p) keep.choose(p.slice(1), take);
    };
    return (
        <div data-testid="merged-accounts" data-paths={paths.join(" ")}>
            <p>
                {format(_("The new image changed $0 too. These are merged by name: the users, groups and passwords added or changed here are kept, and the ones the image adds come with it."),
                        paths.join(", "))}
            </p>
            {[...keep.accounts].map(([path, state]) => state && (
                <Preview key={path} path={path} state={state} takeImage={keep.takeImages.has(path.slice(1))} onChoose={take => choose(path, take)} />
            ))}
        </div>
    );
}
