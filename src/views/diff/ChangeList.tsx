// The flat change list: sortable by path, change or size, one page of rows at a time (100k
// changes never reach the DOM at once). A path opens the file's comparison.
import React, { useMemo, useState } from "react";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Pagination } from "@patternfly/react-core/dist/esm/components/Pagination/index.js";
import { Table, Tbody, Td, Th, Thead, Tr, type ThProps } from "@patternfly/react-table/dist/esm/components/Table/index.js";
import { _ } from "../../../pkg/lib/cockpit.ts";
import { classOf } from "../../model/diff/compare.ts";
import { byteOrder } from "../../model/diff/paths.ts";
import { sizeOf } from "../../model/diff/tree.ts";
import type { Change } from "../../model/diff/types.ts";
import { formatBytes } from "../format.ts";
import { aspectText, ChangeLabel } from "./change-labels.tsx";

type Column = "path" | "change" | "size";
const CLASS_ORDER = { added: 0, content: 1, metadata: 2, removed: 3 };

function compareBy(column: Column): (a: Change, b: Change) => number {
    switch (column) {
    case "path": return (a, b) => byteOrder(a.path, b.path);
    case "change": return (a, b) => CLASS_ORDER[classOf(a)] - CLASS_ORDER[classOf(b)];
    case "size": return (a, b) => sizeOf(a) - sizeOf(b);
    }
}

export function ChangeList({ changes, onOpen }: { changes: Change[]; onOpen: (change: Change) => void }): React.ReactElement {
    const [sort, setSort] = useState<{ column: Column; asc: boolean }>({ column: "path", asc: true });
    const [page, setPage] = useState(1);
    const [perPage, setPerPage] = useState(100);
    const sorted = useMemo(() => {
        const cmp = compareBy(sort.column);
        // Stable sort: equal classes or sizes keep path order.
        const list = [...changes].sort(cmp);
        return sort.asc ? list : list.reverse();
    }, [changes, sort]);
    const last = Math.max(1, Math.ceil(sorted.length / perPage));
    const shownPage = Math.min(page, last);
    const rows = sorted.slice((shownPage - 1) * perPage, shownPage * perPage);
    const columns: [Column, string][] = [["path", _("Path")], ["change", _("Change")], ["size", _("Size")]];
    const sortOf = (column: Column, index: number): ThProps["sort"] => ({
        sortBy: { index: columns.findIndex(c => c[0] === sort.column), direction: sort.asc ? "asc" : "desc" },
        onSort: (_e, _i, direction) => { setSort({ column, asc: direction === "asc" }); setPage(1) },
        columnIndex: index,
    });
    const pagination = (variant: "top" | "bottom") => (
        <Pagination
            itemCount={sorted.length}
            page={shownPage}
            perPage={perPage}
            perPageOptions={[50, 100, 500, 1000].map(n => ({ title: String(n), value: n }))}
            onSetPage={(_e, p) => setPage(p)}
            onPerPageSelect={(_e, n) => { setPerPage(n); setPage(1) }}
            variant={variant}
            isCompact={variant === "top"}
            data-testid={`change-pagination-${variant}`}
        />
    );
    return (
        <>
            {pagination("top")}
            <Table aria-label={_("Changed files")} variant="compact" data-testid="change-list">
                <Thead>
                    <Tr>
                        {columns.map(([column, title], i) => <Th key={column} sort={sortOf(column, i)} data-testid={`sort-${column}`}>{title}</Th>)}
                        <Th>{_("What changed")}</Th>
                    </Tr>
                </Thead>
                <Tbody>
                    {rows.map(change => (
                        <Tr key={change.path} data-testid="change-row" data-path={change.display} data-class={classOf(change)}>
                            <Td dataLabel={_("Path")} className="imgbased-diff-path">
                                <Button variant="link" isInline onClick={() => onOpen(change)} data-testid="change-open">{change.display}</Button>
                            </Td>
                            <Td dataLabel={_("Change")}><ChangeLabel change={change} /></Td>
                            <Td dataLabel={_("Size")}>{formatBytes(sizeOf(change))}</Td>
                            <Td dataLabel={_("What changed")} className="imgbased-muted">{aspectText(change)}</Td>
                        </Tr>
                    ))}
                </Tbody>
            </Table>
            {pagination("bottom")}
        </>
    );
}
