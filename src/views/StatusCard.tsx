// The status card: what runs now, what boots next, which boot loader we drive, and how full the
// thin pool is (the one resource whose exhaustion breaks every layer at once), plus the
// layout's problems.
import React from "react";
import { Card, CardBody, CardHeader, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import {
    DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm,
} from "@patternfly/react-core/dist/esm/components/DescriptionList/index.js";
import { Label } from "@patternfly/react-core/dist/esm/components/Label/index.js";
import { Progress } from "@patternfly/react-core/dist/esm/components/Progress/index.js";
import { _, format } from "../../pkg/lib/cockpit.ts";
import { bootsNext, POOL_DANGER_PERCENT, POOL_WARNING_PERCENT } from "../model/layout.ts";
import type { BootBackendKind, Layout, ThinPool } from "../model/types.ts";
import { formatBytes, formatPercent, NONE } from "./format.ts";
import { ProblemList } from "./ProblemList.tsx";

export function backendName(kind: BootBackendKind): string {
    switch (kind) {
    case "grub2-bls": return _("GRUB 2 with BLS");
    case "grub-debian": return _("GRUB (Debian)");
    case "systemd-boot": return _("systemd-boot");
    default: return _("Unknown");
    }
}

export function usageVariant(percent: number): "warning" | "danger" | undefined {
    if (percent >= POOL_DANGER_PERCENT)
        return "danger";
    if (percent >= POOL_WARNING_PERCENT)
        return "warning";
    return undefined;
}

/** Extra fields a pool may carry beyond the contract (metadata size), used when present. */
type PoolWithMetadataSize = ThinPool & { metadataSize?: number | null };

function UsageBar({ testId, title, percent, size }: {
    testId: string; title: string; percent: number | null; size: number | null;
}): React.ReactElement {
    if (percent == null) {
        return (
            <div className="imgbased-usage" data-testid={testId} data-value="">
                <div className="imgbased-usage-title">{title}</div>
                <div>{_("Not available (the pool is not active)")}</div>
            </div>
        );
    }
    const used = size != null ? size * percent / 100 : null;
    const label = used != null && size != null
        ? format(_("$0 of $1 ($2)"), formatBytes(used), formatBytes(size), formatPercent(percent))
        : formatPercent(percent);
    return (
        <Progress
            className="imgbased-usage"
            data-testid={testId}
            data-value={String(percent)}
            title={title}
            value={Math.min(100, Math.max(0, percent))}
            label={label}
            valueText={label}
            measureLocation="top"
            variant={usageVariant(percent)}
        />
    );
}

function Entry({ term, testId, children }: { term: string; testId?: string; children: React.ReactNode }): React.ReactElement {
    return (
        <DescriptionListGroup>
            <DescriptionListTerm>{term}</DescriptionListTerm>
            <DescriptionListDescription>
                {testId ? <span data-testid={testId}>{children}</span> : children}
            </DescriptionListDescription>
        </DescriptionListGroup>
    );
}

/** When the boot loader's choice is not one of our layers, say which entry it is. */
function NotALayer({ layer, entryRef }: { layer: string | null; entryRef: string | null }): React.ReactElement | null {
    if (layer !== null || entryRef === null)
        return null;
    return <span className="imgbased-muted"> {format(_("(entry \"$0\", not a layer)"), entryRef)}</span>;
}

/** `more`: lines read apart from the layout (the image policy, the health checks). */
export function StatusCard({ layout, actions, more }: {
    layout: Layout; actions?: React.ReactNode; more?: React.ReactNode;
}): React.ReactElement {
    const pool = layout.pool as PoolWithMetadataSize | null;
    // With a one-time entry set, the next boot is that entry's layer; otherwise the default's.
    const next = bootsNext(layout);
    const oneTime = layout.boot.nextRef !== null && next !== layout.defaultLayer;
    return (
        <Card id="status-card" data-testid="status-card" className="imgbased-status-card">
            <CardHeader actions={actions ? { actions, hasNoOffset: false } : undefined}>
                <CardTitle component="h2">{_("Status")}</CardTitle>
            </CardHeader>
            <CardBody>
                <div className="imgbased-status-grid">
                    <DescriptionList isHorizontal isCompact className="imgbased-status-list">
                        <Entry term={_("Booted layer")} testId="status-booted">{layout.booted ?? NONE}</Entry>
                        <DescriptionListGroup>
                            <DescriptionListTerm>{_("Default")}</DescriptionListTerm>
                            <DescriptionListDescription>
                                <span data-testid="status-default">{layout.defaultLayer ?? NONE}</span>
                                <NotALayer layer={layout.defaultLayer} entryRef={layout.boot.defaultRef} />
                            </DescriptionListDescription>
                        </DescriptionListGroup>
                        <DescriptionListGroup>
                            <DescriptionListTerm>{_("Next boot")}</DescriptionListTerm>
                            <DescriptionListDescription>
                                <span data-testid="status-next">{next ?? NONE}</span>
                                <NotALayer layer={next} entryRef={oneTime ? layout.boot.nextRef : layout.boot.defaultRef} />
                                {oneTime && (
                                    <>
                                        {" "}
                                        <Label isCompact color="orange" title={_("Boots once, then the default again")}>
                                            {_("once")}
                                        </Label>
                                    </>
                                )}
                            </DescriptionListDescription>
                        </DescriptionListGroup>
                        <Entry term={_("Boot loader")} testId="status-backend">{backendName(layout.boot.backend)}</Entry>
                        <Entry term={_("Volume group")} testId="status-vg">
                            {format(_("$0, $1 free of $2"), layout.vg.name, formatBytes(layout.vg.free), formatBytes(layout.vg.size))}
                        </Entry>
                        {more}
                    </DescriptionList>
                    <div className="imgbased-pool">
                        {pool
                            ? (
                                <>
                                    <UsageBar
                                        testId="pool-data"
                                        title={format(_("Thin pool $0: data"), pool.lv.name)}
                                        percent={pool.dataPercent}
                                        size={pool.lv.size}
                                    />
                                    <UsageBar
                                        testId="pool-metadata"
                                        title={format(_("Thin pool $0: metadata"), pool.lv.name)}
                                        percent={pool.metadataPercent}
                                        size={pool.metadataSize ?? null}
                                    />
                                </>
                            )
                            : <div className="imgbased-usage-title">{_("No thin pool for images")}</div>}
                    </div>
                </div>
                <ProblemList problems={layout.problems} vgName={layout.vg.name} />
            </CardBody>
        </Card>
    );
}
