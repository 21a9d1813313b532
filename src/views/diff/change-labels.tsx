// How a change looks in the lists: a colored label for its class, and the aspects of a
// "changed" file in words (content, mode, owner, link target, type; ctime only).
import React from "react";
import { Label } from "@patternfly/react-core/dist/esm/components/Label/index.js";
import { _ } from "../../../pkg/lib/cockpit.ts";
import { classOf, type ChangeClass } from "../../model/diff/compare.ts";
import type { Change } from "../../model/diff/types.ts";

export function classTitle(cls: ChangeClass): string {
    switch (cls) {
    case "added": return _("Added");
    case "removed": return _("Removed");
    case "content": return _("Changed");
    case "metadata": return _("Metadata");
    }
}

const COLORS = { added: "green", removed: "red", content: "blue", metadata: "purple" } as const;

export function ChangeLabel({ change }: { change: Change }): React.ReactElement {
    const cls = classOf(change);
    return <Label isCompact color={COLORS[cls]} data-testid="change-class" data-class={cls}>{classTitle(cls)}</Label>;
}

/** "content, mode" for a changed file; "" for added and removed ones. */
export function aspectText(change: Change): string {
    const a = change.aspects;
    if (!a)
        return "";
    const words: string[] = [];
    if (a.type) words.push(_("type"));
    if (a.content) words.push(_("content"));
    if (a.mode) words.push(_("mode"));
    if (a.owner) words.push(_("owner"));
    if (a.target) words.push(_("link target"));
    return words.length ? words.join(", ") : _("ctime only");
}
