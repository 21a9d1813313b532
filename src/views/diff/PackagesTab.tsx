// The "Packages" tab: packages added, removed, upgraded or downgraded between the two images,
// from their own databases (dpkg status, or rpm). Read once, when the tab is first shown.
import React, { useEffect, useMemo, useState } from "react";
import { Label } from "@patternfly/react-core/dist/esm/components/Label/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";
import { _, format } from "../../../pkg/lib/cockpit.ts";
import { readPackages } from "../../host/diff.ts";
import { diffPackages, parseDpkgStatus, parseRpmQuery, type PackageChange, type PackageChangeKind } from "../../model/diff/packages.ts";
import type { DiffStream, PackageDump } from "../../model/diff/stream.ts";
import type { Pair } from "../../model/diff/targets.ts";
import { NONE } from "../format.ts";
import { useMachine } from "../machine-context.ts";
import { DiffFailureAlert } from "./DiffFailureAlert.tsx";

type Loaded = { changes: PackageChange[]; counts: [number, number] } | { unavailable: string };

function unavailable(dump: PackageDump | undefined, name: string): string | null {
    if (!dump || dump.flavor === "none")
        return format(_("$0 has no package database (neither dpkg's nor rpm's)."), name);
    if (dump.flavor === "rpm-missing")
        return format(_("$0 has an rpm database, but this host has no rpm program to read it."), name);
    return null;
}

function load(old: PackageDump | undefined, current: PackageDump | undefined, oldName: string, newName: string): Loaded {
    const why = unavailable(old, oldName) ?? unavailable(current, newName);
    if (why)
        return { unavailable: why };
    if (old!.flavor !== current!.flavor)
        return { unavailable: _("The two images use different package managers.") };
    const flavor = old!.flavor as "dpkg" | "rpm";
    const parse = flavor === "dpkg" ? parseDpkgStatus : parseRpmQuery;
    const a = parse(old!.text);
    const b = parse(current!.text);
    return { changes: diffPackages(a, b, flavor), counts: [a.length, b.length] };
}

const KIND_TITLES: Record<PackageChangeKind, () => string> = {
    added: () => _("Added"), removed: () => _("Removed"), upgraded: () => _("Upgraded"),
    downgraded: () => _("Downgraded"), changed: () => _("Changed architecture"),
};
const KIND_COLORS = { added: "green", removed: "red", upgraded: "blue", downgraded: "orange", changed: "purple" } as const;

export function PackagesTab({ pair }: { pair: Pair }): React.ReactElement {
    const machine = useMachine();
    const [state, setState] = useState<{ dumps?: DiffStream["packages"]; error?: Error }>({});
    const [attempt, setAttempt] = useState(0);
    // By the images' ids: the page's refresh makes a new pair object for the same two images
    // every few seconds, and a read slower than that (a loaded host) would never finish.
    const oldId = pair.old.id, newId = pair.new.id;
    useEffect(() => {
        const abort = new AbortController();
        setState({});
        readPackages(machine, oldId, newId, { signal: abort.signal }).then(stream => {
            if (!abort.signal.aborted)
                setState({ dumps: stream.packages });
        }, (error: Error) => { if (!abort.signal.aborted) setState({ error }) });
        return () => abort.abort();
    }, [machine, oldId, newId, attempt]);
    const oldName = pair.old.name, newName = pair.new.name;
    const loaded = useMemo(() => state.dumps && load(state.dumps.old, state.dumps.new, oldName, newName), [state.dumps, oldName, newName]);

    if (state.error)
        return <DiffFailureAlert error={state.error} onRetry={() => setAttempt(a => a + 1)} />;
    if (!loaded)
        return <Spinner size="lg" aria-label={_("Reading the package databases…")} data-testid="packages-loading" />;
    if ("unavailable" in loaded)
        return <p className="imgbased-muted" data-testid="packages-unavailable">{loaded.unavailable}</p>;
    const { changes, counts } = loaded;
    return (
        <div data-testid="packages" data-count={changes.length}>
            <p className="imgbased-muted">
                {format(_("$0 packages in $1, $2 in $3."), counts[0], pair.old.name, counts[1], pair.new.name)}
            </p>
            {changes.length === 0
                ? <p data-testid="packages-same">{_("The same packages in the same versions.")}</p>
                : (
                    <Table aria-label={_("Package changes")} variant="compact" data-testid="package-list">
                        <Thead><Tr><Th>{_("Package")}</Th><Th>{_("Change")}</Th><Th>{pair.old.name}</Th><Th>{pair.new.name}</Th></Tr></Thead>
                        <Tbody>
                            {changes.map(c => (
                                <Tr key={`${c.name} ${c.old?.version ?? ""} ${c.new?.version ?? ""}`} data-testid="package-row" data-name={c.name} data-kind={c.kind}>
                                    <Td dataLabel={_("Package")}>{c.name}</Td>
                                    <Td dataLabel={_("Change")}><Label isCompact color={KIND_COLORS[c.kind]}>{KIND_TITLES[c.kind]()}</Label></Td>
                                    <Td dataLabel={pair.old.name}>{c.old ? c.old.version : NONE}</Td>
                                    <Td dataLabel={pair.new.name}>{c.new ? c.new.version : NONE}</Td>
                                </Tr>
                            ))}
                        </Tbody>
                    </Table>
                )}
        </div>
    );
}
