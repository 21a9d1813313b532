// A small directory browser for the image picker: directories to walk into, files to pick.
// Symbolic links are listed but not followed (what is picked is the path that is read).
import React, { useEffect, useState } from "react";
import { Alert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";
import { _ } from "../../../pkg/lib/cockpit.ts";
import { listDirectory } from "../../host/image.ts";
import { parentDir } from "../../model/actions/file-steps.ts";
import type { DirEntry } from "../../model/upgrade/image-probe.ts";
import { formatBytes } from "../format.ts";
import { useMachine } from "../machine-context.ts";

function join(dir: string, name: string): string {
    return dir === "/" ? `/${name}` : `${dir}/${name}`;
}

export function ImageBrowser({ start, onPick }: {
    start: string; onPick: (path: string) => void;
}): React.ReactElement {
    const machine = useMachine();
    const [dir, setDir] = useState(start);
    const [entries, setEntries] = useState<DirEntry[] | null>(null);
    const [error, setError] = useState<string | null>(null);
    useEffect(() => {
        let live = true;
        setEntries(null);
        setError(null);
        listDirectory(machine, dir).then(list => { if (live) setEntries(list) },
                                         (ex: Error) => { if (live) setError(ex.message) });
        return () => { live = false };
    }, [machine, dir]);

    return (
        <div data-testid="image-browser" data-dir={dir}>
            <div className="imgbased-browser-path">
                <Button variant="link" isInline data-testid="browser-up" isDisabled={dir === "/"} onClick={() => setDir(parentDir(dir))}>
                    {_("Up")}
                </Button>{" "}<code>{dir}</code>
            </div>
            {error && <Alert isInline variant="danger" title={_("This directory cannot be listed")}>{error}</Alert>}
            {!entries && !error && <Spinner size="md" />}
            {entries && (
                <Table variant="compact" aria-label={_("Files")}>
                    <Thead><Tr><Th>{_("Name")}</Th><Th>{_("Size")}</Th></Tr></Thead>
                    <Tbody>
                        {entries.map(e => (
                            <Tr key={e.name} data-testid="browser-entry" data-name={e.name} data-kind={e.kind}>
                                <Td>
                                    {e.kind === "link"
                                        ? <span>{e.name} →</span>
                                        : (
                                            <Button variant="link" isInline
                                                    onClick={() => e.kind === "dir" ? setDir(join(dir, e.name)) : onPick(join(dir, e.name))}>
                                                {e.kind === "dir" ? `${e.name}/` : e.name}
                                            </Button>
                                        )}
                                </Td>
                                <Td>{e.size === undefined ? "" : formatBytes(e.size)}</Td>
                            </Tr>
                        ))}
                    </Tbody>
                </Table>
            )}
        </div>
    );
}
