// The status labels of the layout table, one place for their words, colors and test ids.
// Colors follow Cockpit's usage (blue = the running one, green = default, grey = quiet facts)
// and come from PatternFly's label tokens, so they work in light and dark themes alike.
import React from "react";
import { Label, LabelGroup } from "@patternfly/react-core/dist/esm/components/Label/index.js";
import CheckCircleIcon from "@patternfly/react-icons/dist/esm/icons/check-circle-icon.js";
import ThumbtackIcon from "@patternfly/react-icons/dist/esm/icons/thumbtack-icon.js";
import ExclamationCircleIcon from "@patternfly/react-icons/dist/esm/icons/exclamation-circle-icon.js";
import { _ } from "../../pkg/lib/cockpit.ts";
import type { LvRecord } from "../model/types.ts";

export type LabelKind =
    | "booted" | "default" | "next" | "readonly" | "inactive" | "pinned" | "init" | "missing"
    | "volume" | "foreign" | "passed-trial";

export const PINNED_TAG = "imgbased:pinned";

export function isPinned(lv: LvRecord | null): boolean {
    return !!lv && lv.tags.includes(PINNED_TAG);
}

function text(kind: LabelKind): string {
    switch (kind) {
    case "booted": return _("Booted");
    case "default": return _("Default");
    case "next": return _("Next boot");
    case "readonly": return _("Read-only");
    case "inactive": return _("Inactive");
    case "pinned": return _("Pinned");
    case "init": return _("Init");
    case "missing": return _("Base missing");
    case "volume": return _("Data volume");
    case "foreign": return _("Not managed");
    case "passed-trial": return _("Passed trial");
    }
}

function tooltipText(kind: LabelKind): string {
    switch (kind) {
    case "booted": return _("The system is running from this layer now");
    case "default": return _("Boots by default");
    case "next": return _("Boots once at the next restart, then the default again");
    case "readonly": return _("The volume is read-only");
    case "inactive": return _("The volume is not activated (normal for bases)");
    case "pinned": return _("Kept when old images are cleaned up");
    case "init": return _("The original root volume from the installation");
    case "missing": return _("The base volume of these layers no longer exists");
    case "volume": return _("A separate data volume shared by all layers");
    case "foreign": return _("Not part of the image layout; shown for information, never changed");
    case "passed-trial": return _("Its last trial boot passed the health checks, which then made it the default");
    }
}

/** One status label, with data-testid="label-<kind>". */
export function StatusLabel({ kind }: { kind: LabelKind }): React.ReactElement {
    const common = {
        "data-testid": `label-${kind}`,
        isCompact: true,
        title: tooltipText(kind),
    };
    switch (kind) {
    case "booted":
        return <Label {...common} color="blue" icon={<CheckCircleIcon />}>{text(kind)}</Label>;
    case "default":
        return <Label {...common} color="green">{text(kind)}</Label>;
    case "next":
        return <Label {...common} color="orange">{text(kind)}</Label>;
    case "pinned":
        return <Label {...common} color="grey" icon={<ThumbtackIcon />}>{text(kind)}</Label>;
    case "init":
        return <Label {...common} color="purple">{text(kind)}</Label>;
    case "missing":
        return <Label {...common} status="danger" icon={<ExclamationCircleIcon />}>{text(kind)}</Label>;
    case "volume":
        return <Label {...common} color="teal">{text(kind)}</Label>;
    case "passed-trial":
        return <Label {...common} status="success">{text(kind)}</Label>;
    default:
        return <Label {...common} variant="outline">{text(kind)}</Label>;
    }
}

/** A row's labels, in a fixed order. */
export function StatusLabels({ kinds }: { kinds: LabelKind[] }): React.ReactElement | null {
    if (kinds.length === 0)
        return null;
    return (
        <LabelGroup numLabels={kinds.length} isCompact>
            {kinds.map(k => <StatusLabel key={k} kind={k} />)}
        </LabelGroup>
    );
}
