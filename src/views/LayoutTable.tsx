// The layout tree: bases (newest first) that expand to their layers (+1, +2, ...), then the
// installer's original root, separate data volumes and, folded away, the LVs that are not ours.
// Bases and layers have a kebab of actions (RowActions); the other rows are never changed.
import React, { useMemo, useState } from "react";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Card, CardBody, CardHeader, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { SearchInput } from "@patternfly/react-core/dist/esm/components/SearchInput/index.js";
import { Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core/dist/esm/components/Toolbar/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";
import type { ThProps } from "@patternfly/react-table/dist/esm/components/Table/index.js";
import CaretDownIcon from "@patternfly/react-icons/dist/esm/icons/rh-microns-caret-down-icon.js";
import { _, format, ngettext } from "../../pkg/lib/cockpit.ts";
import { bootedLayer } from "../model/actions/layout-query.ts";
import type { Base, Layer, Layout, LvRecord } from "../model/types.ts";
import { formatBytes, formatDateTime, formatPercent, formatRelative, NONE } from "./format.ts";
import { isPinned, StatusLabels, type LabelKind } from "./labels.tsx";
import { RowActions } from "./RowActions.tsx";

/** Above this many bases the table offers a text filter. */
export const FILTER_THRESHOLD = 8;
/** Up to this many bases all start expanded; beyond it only those with the booted, default or next-boot layer. */
export const EXPAND_ALL_MAX = 5;

const COL = { name: 1, version: 2, created: 3 } as const;
type SortIndex = typeof COL[keyof typeof COL];
interface SortBy { index: SortIndex; direction: "asc" | "desc" }
/** The model's order (newest version first) is the default. */
const DEFAULT_SORT: SortBy = { index: COL.version, direction: "desc" };

function isThin(lv: LvRecord): boolean {
    return lv.pool !== "" || lv.segtype === "thin";
}

/** Space actually allocated in the pool: data% × virtual size, for active thin LVs only. */
function UsedCell({ lv }: { lv: LvRecord | null }): React.ReactElement {
    if (!lv || !isThin(lv) || !lv.active || lv.dataPercent == null)
        return <>{NONE}</>;
    return <span title={formatPercent(lv.dataPercent)}>{formatBytes(lv.size * lv.dataPercent / 100)}</span>;
}

function Created({ seconds, now }: { seconds: number | null | undefined; now: number }): React.ReactElement {
    if (seconds == null)
        return <>{NONE}</>;
    return (
        <time dateTime={new Date(seconds * 1000).toISOString()} title={formatDateTime(seconds)}>
            {formatRelative(seconds, now)}
        </time>
    );
}

function lvKinds(lv: LvRecord | null): LabelKind[] {
    const kinds: LabelKind[] = [];
    if (!lv)
        return kinds;
    if (lv.readOnly)
        kinds.push("readonly");
    if (!lv.active)
        kinds.push("inactive");
    if (isPinned(lv))
        kinds.push("pinned");
    return kinds;
}

function baseKinds(base: Base): LabelKind[] {
    return base.lv ? lvKinds(base.lv) : ["missing"];
}

function layerKinds(layer: Layer, layout: Layout, passed: ReadonlySet<string>): LabelKind[] {
    const kinds: LabelKind[] = [];
    if (layer.booted)
        kinds.push("booted");
    if (layer.isDefault)
        kinds.push("default");
    if (passed.has(layer.name))
        kinds.push("passed-trial");
    if (layer.isNextBoot && layout.boot.nextRef !== null && layout.nextBootLayer !== layout.defaultLayer)
        kinds.push("next");
    return [...kinds, ...lvKinds(layer.lv)];
}

function versionOf(base: Base): string {
    const { version, release } = base.nvr;
    if (!version)
        return NONE;
    return release ? `${version}-${release}` : version;
}

/** A PatternFly-styled expand toggle that carries our own id and test id. */
function ToggleCell({ id, testId, expanded, label, onToggle }: {
    id: string; testId: string; expanded: boolean; label: string; onToggle: () => void;
}): React.ReactElement {
    return (
        <Td className="pf-v6-c-table__toggle">
            <Button
                variant="plain"
                id={id}
                data-testid={testId}
                className={expanded ? "pf-m-expanded" : undefined}
                aria-expanded={expanded}
                aria-label={label}
                onClick={onToggle}
                icon={<div className="pf-v6-c-table__toggle-icon"><CaretDownIcon /></div>}
            />
        </Td>
    );
}

function LvCells({ lv, now, version }: { lv: LvRecord | null; now: number; version: string }): React.ReactElement {
    return (
        <>
            <Td dataLabel={_("Version")}>{version}</Td>
            <Td dataLabel={_("Created")}><Created seconds={lv?.created} now={now} /></Td>
            <Td dataLabel={_("Size")}>{lv ? formatBytes(lv.size) : NONE}</Td>
            <Td dataLabel={_("Used")}><UsedCell lv={lv} /></Td>
        </>
    );
}

function sortBases(bases: Base[], sort: SortBy): Base[] {
    const order = new Map(bases.map((b, i) => [b.name, i]));
    const sorted = [...bases];
    const dir = sort.direction === "asc" ? 1 : -1;
    switch (sort.index) {
    case COL.name:
        sorted.sort((a, b) => dir * a.name.localeCompare(b.name, undefined, { numeric: true }));
        break;
    case COL.created:
        sorted.sort((a, b) => dir * ((a.lv?.created ?? -Infinity) - (b.lv?.created ?? -Infinity)) ||
            order.get(a.name)! - order.get(b.name)!);
        break;
    default:
        // The model already orders by RPM version compare, newest first.
        sorted.sort((a, b) => -dir * (order.get(a.name)! - order.get(b.name)!));
    }
    return sorted;
}

/** Which bases match the filter, and which of their layers to show. */
interface BaseRow { base: Base; layers: Layer[]; byLayer: boolean }

function filterBases(bases: Base[], text: string): BaseRow[] {
    const needle = text.trim().toLowerCase();
    return bases.flatMap((base): BaseRow[] => {
        if (!needle || base.name.toLowerCase().includes(needle) || versionOf(base).toLowerCase().includes(needle))
            return [{ base, layers: base.layers, byLayer: false }];
        const layers = base.layers.filter(l => l.name.toLowerCase().includes(needle));
        return layers.length ? [{ base, layers, byLayer: true }] : [];
    });
}

export interface LayoutTableProps {
    layout: Layout;
    /** For relative times; defaults to Date.now(). */
    now?: number;
    /** Layers whose newest trial boot passed (model/trial.ts passedTrials). */
    passedTrials?: ReadonlySet<string>;
}

const NO_LAYERS: ReadonlySet<string> = new Set();

export function LayoutTable({ layout, now = Date.now(), passedTrials = NO_LAYERS }: LayoutTableProps): React.ReactElement {
    const [sort, setSort] = useState<SortBy>(DEFAULT_SORT);
    const [filter, setFilter] = useState("");
    const [expandedOverride, setExpandedOverride] = useState<Record<string, boolean>>({});
    const [foreignOpen, setForeignOpen] = useState(false);

    const bases = layout.bases;
    // Bases compare with the running layer ("what does my node have that this image has not").
    const bootedLv = bootedLayer(layout)?.lv.fullName ?? null;
    const showFilter = bases.length > FILTER_THRESHOLD;
    const rows = useMemo(
        () => filterBases(sortBases(bases, sort), showFilter ? filter : ""),
        [bases, sort, filter, showFilter],
    );

    // Few bases: all open. Many: open where the system runs now and where it boots next.
    const defaultExpanded = (base: Base) =>
        bases.length <= EXPAND_ALL_MAX || base.layers.some(l => l.booted || l.isDefault || l.isNextBoot);
    const isExpanded = (base: Base) => expandedOverride[base.name] ?? defaultExpanded(base);
    const toggle = (base: Base) => setExpandedOverride(o => ({ ...o, [base.name]: !isExpanded(base) }));

    const sortParams = (index: SortIndex): ThProps["sort"] => ({
        sortBy: { index: sort.index, direction: sort.direction },
        onSort: (_ev, i, direction) => setSort({ index: i as SortIndex, direction }),
        columnIndex: index,
    });

    const others: { lv: LvRecord; kinds: LabelKind[]; testId: string }[] = [
        ...(layout.init ? [{ lv: layout.init, kinds: ["init" as LabelKind, ...lvKinds(layout.init)], testId: "init-row" }] : []),
        ...layout.volumes.map(lv => ({ lv, kinds: ["volume" as LabelKind, ...lvKinds(lv)], testId: "volume-row" })),
    ];
    const foreign = layout.foreign;

    return (
        <Card id="layout-card" className="imgbased-layout-card">
            <CardHeader>
                <CardTitle component="h2">{_("Bases and layers")}</CardTitle>
            </CardHeader>
            <CardBody className="imgbased-layout-body">
                {showFilter && (
                    <Toolbar id="layout-toolbar" inset={{ default: "insetNone" }}>
                        <ToolbarContent>
                            <ToolbarItem>
                                <SearchInput
                                    searchInputId="layout-filter"
                                    inputProps={{ "data-testid": "layout-filter" }}
                                    placeholder={_("Filter by name or version")}
                                    aria-label={_("Filter bases and layers")}
                                    value={filter}
                                    onChange={(_ev, value) => setFilter(value)}
                                    onClear={() => setFilter("")}
                                />
                            </ToolbarItem>
                        </ToolbarContent>
                    </Toolbar>
                )}
                <Table
                    aria-label={_("Bases and layers")}
                    data-testid="layout-table"
                    id="layout-table"
                    variant="compact"
                    gridBreakPoint="grid-md"
                >
                    <Thead>
                        <Tr>
                            <Th screenReaderText={_("Show layers")} />
                            <Th sort={sortParams(COL.name)} width={30}>{_("Name")}</Th>
                            <Th sort={sortParams(COL.version)} modifier="nowrap">{_("Version")}</Th>
                            <Th sort={sortParams(COL.created)} modifier="nowrap">{_("Created")}</Th>
                            <Th modifier="nowrap">{_("Size")}</Th>
                            <Th modifier="nowrap" info={{ tooltip: _("Space the volume takes in the thin pool") }}>{_("Used")}</Th>
                            <Th>{_("Status")}</Th>
                            <Th screenReaderText={_("Actions")} />
                        </Tr>
                    </Thead>
                    {rows.map(({ base, layers, byLayer }) => {
                        const expanded = byLayer || isExpanded(base);
                        return (
                            <Tbody key={base.name} isExpanded={expanded}>
                                <Tr data-testid="base-row" data-name={base.name} className="imgbased-base-row">
                                    <ToggleCell
                                        id={`expand-${base.name}`}
                                        testId="base-toggle"
                                        expanded={expanded}
                                        label={format(expanded ? _("Hide layers of $0") : _("Show layers of $0"), base.name)}
                                        onToggle={() => toggle(base)}
                                    />
                                    <Td dataLabel={_("Name")} className="imgbased-name">{base.name}</Td>
                                    <LvCells lv={base.lv} now={now} version={versionOf(base)} />
                                    <Td dataLabel={_("Status")}><StatusLabels kinds={baseKinds(base)} /></Td>
                                    <Td isActionCell><RowActions row="base" name={base.name} lv={base.lv?.fullName ?? null} pinned={isPinned(base.lv)} compareWith={bootedLv} /></Td>
                                </Tr>
                                {/* Collapsed rows stay in the DOM, hidden, so the page's text
                                    always names every layer (as PatternFly's expandable rows do). */}
                                {layers.map(layer => (
                                    <Tr key={layer.name} data-testid="layer-row" data-name={layer.name}
                                        className="imgbased-layer-row" isHidden={!expanded}>
                                        <Td />
                                        <Td dataLabel={_("Name")} className="imgbased-name imgbased-layer-name">{layer.name}</Td>
                                        <LvCells lv={layer.lv} now={now} version={NONE} />
                                        <Td dataLabel={_("Status")}><StatusLabels kinds={layerKinds(layer, layout, passedTrials)} /></Td>
                                        <Td isActionCell><RowActions row="layer" name={layer.name} lv={layer.lv.fullName} pinned={isPinned(layer.lv)} compareWith={null} /></Td>
                                    </Tr>
                                ))}
                                {layers.length === 0 && (
                                    <Tr className="imgbased-layer-row" isHidden={!expanded}>
                                        <Td />
                                        <Td colSpan={7} className="imgbased-muted">{_("No layers")}</Td>
                                    </Tr>
                                )}
                            </Tbody>
                        );
                    })}
                    {rows.length === 0 && (
                        <Tbody>
                            <Tr>
                                <Td colSpan={8} className="imgbased-muted">
                                    {bases.length === 0 ? _("No bases yet") : _("No bases or layers match the filter")}
                                    {bases.length > 0 && (
                                        <>
                                            {" "}
                                            <Button variant="link" isInline onClick={() => setFilter("")}>{_("Clear filter")}</Button>
                                        </>
                                    )}
                                </Td>
                            </Tr>
                        </Tbody>
                    )}
                    {others.length > 0 && (
                        <Tbody>
                            {others.map(({ lv, kinds, testId }) => (
                                <Tr key={lv.fullName} data-testid={testId} data-name={lv.name}>
                                    <Td />
                                    <Td dataLabel={_("Name")} className="imgbased-name">{lv.name}</Td>
                                    <LvCells lv={lv} now={now} version={NONE} />
                                    <Td dataLabel={_("Status")}><StatusLabels kinds={kinds} /></Td>
                                    <Td />
                                </Tr>
                            ))}
                        </Tbody>
                    )}
                    {foreign.length > 0 && (
                        <Tbody isExpanded={foreignOpen}>
                            <Tr data-testid="foreign-group">
                                <ToggleCell
                                    id="expand-foreign"
                                    testId="foreign-toggle"
                                    expanded={foreignOpen}
                                    label={foreignOpen ? _("Hide volumes that are not managed") : _("Show volumes that are not managed")}
                                    onToggle={() => setForeignOpen(o => !o)}
                                />
                                <Td colSpan={7} className="imgbased-muted">
                                    {format(ngettext("$0 other volume, not managed here: $1", "$0 other volumes, not managed here: $1",
                                                     foreign.length), foreign.length, foreign.map(lv => lv.name).join(", "))}
                                </Td>
                            </Tr>
                            {foreign.map(lv => (
                                <Tr key={lv.fullName} data-testid="foreign-row" data-name={lv.name}
                                    className="imgbased-layer-row" isHidden={!foreignOpen}>
                                    <Td />
                                    <Td dataLabel={_("Name")} className="imgbased-name imgbased-layer-name">{lv.name}</Td>
                                    <LvCells lv={lv} now={now} version={NONE} />
                                    <Td dataLabel={_("Status")}><StatusLabels kinds={["foreign", ...lvKinds(lv)]} /></Td>
                                    <Td />
                                </Tr>
                            ))}
                        </Tbody>
                    )}
                </Table>
            </CardBody>
        </Card>
    );
}
