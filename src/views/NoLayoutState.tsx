// No VG carries imgbased:vg: explain what an image layout is, what this host has, and how a host
// gets one: found by its tags, or made from this host's own root with Initialize.
import React from "react";
import { Content } from "@patternfly/react-core/dist/esm/components/Content/index.js";
import {
    EmptyState, EmptyStateActions, EmptyStateBody, EmptyStateFooter,
} from "@patternfly/react-core/dist/esm/components/EmptyState/index.js";
import LayerGroupIcon from "@patternfly/react-icons/dist/esm/icons/layer-group-icon.js";
import { _, format } from "../../pkg/lib/cockpit.ts";
import type { BootState, LvRecord, VgRecord } from "../model/types.ts";
import { formatBytes } from "./format.ts";
import { backendName } from "./StatusCard.tsx";

export interface NoLayoutStateProps {
    vgs: VgRecord[];
    rootLv: LvRecord | null;
    boot: BootState;
    /** The Initialize button, when the page offers it. */
    action?: React.ReactNode;
}

function RootText({ rootLv }: { rootLv: LvRecord | null }): React.ReactElement {
    if (!rootLv)
        return <>{_("The root file system is not on an LVM logical volume. Image layers need the root file system on an LVM thin pool.")}</>;
    if (rootLv.pool !== "" || rootLv.segtype === "thin") {
        return (
            <>{format(_("The root file system is on the thin logical volume $0 in pool $1, the starting point for an image layout."),
                      rootLv.fullName, rootLv.pool)}</>
        );
    }
    return (
        <>{format(_("The root file system is on the logical volume $0, which is not thinly provisioned. Image layers need the root file system on an LVM thin pool."),
                  rootLv.fullName)}</>
    );
}

export function NoLayoutState({ vgs, rootLv, boot, action }: NoLayoutStateProps): React.ReactElement {
    return (
        <EmptyState
            data-testid="empty-state"
            id="empty-state"
            titleText={_("No image layout on this host")}
            headingLevel="h2"
            icon={LayerGroupIcon}
        >
            <EmptyStateBody className="imgbased-state-body">
                <Content component="p">
                    {_("An image-based host keeps its operating system as whole images. Each image is a read-only base volume, exactly as shipped. The system boots a layer: a writable thin snapshot of a base, where local changes land.")}
                </Content>
                <Content component="p">
                    {_("An upgrade adds a new base and layer and keeps the old ones, so you can roll back by booting an older layer, and compare a layer with its base to see exactly what changed locally.")}
                </Content>
                <Content component="h3">{_("On this host")}</Content>
                <Content component="ul" data-testid="host-facts" className="imgbased-facts">
                    <li data-testid="found-vgs">
                        {vgs.length === 0
                            ? _("No LVM volume groups were found.")
                            : format(_("Volume groups: $0. None is tagged imgbased:vg."),
                                     vgs.map(vg => format(_("$0 ($1, $2 free)"), vg.name, formatBytes(vg.size), formatBytes(vg.free))).join(", "))}
                    </li>
                    <li data-testid="root-lv"><RootText rootLv={rootLv} /></li>
                    <li data-testid="status-backend-none">{format(_("Boot loader: $0"), backendName(boot.backend))}</li>
                </Content>
                <Content component="h3">{_("Getting an image layout")}</Content>
                <Content component="p">
                    {_("Hosts installed with oVirt Node (imgbased) are found automatically by their LVM tags, starting with imgbased:vg on the volume group. A host whose root file system is on an LVM thin pool can be initialized: its running system becomes the first base, read-only, and it boots a first layer on it from the next start. What stands in the way is listed before anything changes.")}
                </Content>
            </EmptyStateBody>
            {action && (
                <EmptyStateFooter>
                    <EmptyStateActions>{action}</EmptyStateActions>
                </EmptyStateFooter>
            )}
        </EmptyState>
    );
}
