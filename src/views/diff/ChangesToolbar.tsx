// Filters and outputs of the change list: path filter, one toggle per change class (with its
// count), "hide noise", tree or list, and export.
import React, { useState } from "react";
import { Dropdown, DropdownItem, DropdownList } from "@patternfly/react-core/dist/esm/components/Dropdown/index.js";
import { MenuToggle } from "@patternfly/react-core/dist/esm/components/MenuToggle/index.js";
import { SearchInput } from "@patternfly/react-core/dist/esm/components/SearchInput/index.js";
import { Switch } from "@patternfly/react-core/dist/esm/components/Switch/index.js";
import { ToggleGroup, ToggleGroupItem } from "@patternfly/react-core/dist/esm/components/ToggleGroup/index.js";
import { Toolbar, ToolbarContent, ToolbarGroup, ToolbarItem } from "@patternfly/react-core/dist/esm/components/Toolbar/index.js";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Popover } from "@patternfly/react-core/dist/esm/components/Popover/index.js";
import HelpIcon from "@patternfly/react-icons/dist/esm/icons/help-icon.js";
import { _, format } from "../../../pkg/lib/cockpit.ts";
import type { ChangeClass } from "../../model/diff/compare.ts";
import type { ExportFormat } from "../../model/diff/export.ts";
import { NOISE_CONFIG_PATH } from "../../model/diff/noise.ts";
import type { ClassCounts } from "../../model/diff/tree.ts";
import { classTitle } from "./change-labels.tsx";
import { CLASSES, type ToolbarState } from "./diff-view-url.ts";


export function ChangesToolbar({ state, onChange, counts, noisy, noise, onExport }: {
    state: ToolbarState; onChange: (s: ToolbarState) => void; counts: ClassCounts; noisy: number;
    noise: readonly string[]; onExport: (f: ExportFormat) => void;
}): React.ReactElement {
    const [exportOpen, setExportOpen] = useState(false);
    const toggle = (cls: ChangeClass) => {
        const classes = new Set(state.classes);
        if (classes.has(cls)) classes.delete(cls); else classes.add(cls);
        onChange({ ...state, classes });
    };
    return (
        <Toolbar data-testid="changes-toolbar">
            <ToolbarContent>
                <ToolbarItem>
                    <SearchInput
                        placeholder={_("Filter by path or glob")}
                        value={state.text}
                        onChange={(_e, text) => onChange({ ...state, text })}
                        onClear={() => onChange({ ...state, text: "" })}
                        data-testid="path-filter"
                        aria-label={_("Filter by path")}
                    />
                </ToolbarItem>
                <ToolbarItem>
                    <ToggleGroup aria-label={_("Change types")}>
                        {CLASSES.map(cls => (
                            <ToggleGroupItem
                                key={cls}
                                text={`${classTitle(cls)} ${counts[cls]}`}
                                isSelected={state.classes.has(cls)}
                                onChange={() => toggle(cls)}
                                data-testid={`class-${cls}`}
                                data-count={counts[cls]}
                            />
                        ))}
                    </ToggleGroup>
                </ToolbarItem>
                <ToolbarItem alignSelf="center">
                    <Switch
                        id="hide-noise"
                        data-testid="hide-noise"
                        label={format(_("Hide noise ($0)"), noisy)}
                        isChecked={state.hideNoise}
                        onChange={(_e, hideNoise) => onChange({ ...state, hideNoise })}
                    />
                    <Popover
                        headerContent={_("Noise")}
                        bodyContent={(
                            <>
                                <p>{format(_("Caches, logs and machine-generated state. Add patterns in $0, or drop one with a leading \"!\"."), NOISE_CONFIG_PATH)}</p>
                                <ul className="imgbased-noise-list" data-testid="noise-patterns">{noise.map(p => <li key={p}><code>{p}</code></li>)}</ul>
                            </>
                        )}
                    >
                        <Button variant="plain" size="sm" aria-label={_("What is noise?")} icon={<HelpIcon />} data-testid="noise-help" />
                    </Popover>
                </ToolbarItem>
                <ToolbarGroup align={{ default: "alignEnd" }}>
                    <ToolbarItem>
                        <ToggleGroup aria-label={_("View")}>
                            <ToggleGroupItem text={_("Tree")} isSelected={state.view === "tree"} onChange={() => onChange({ ...state, view: "tree" })} data-testid="view-tree" />
                            <ToggleGroupItem text={_("List")} isSelected={state.view === "list"} onChange={() => onChange({ ...state, view: "list" })} data-testid="view-list" />
                        </ToggleGroup>
                    </ToolbarItem>
                    <ToolbarItem>
                        <Dropdown
                            isOpen={exportOpen}
                            onOpenChange={setExportOpen}
                            onSelect={() => setExportOpen(false)}
                            // As the rows' menus: the keyboard lands on the first format.
                            shouldFocusFirstItemOnOpen
                            shouldFocusToggleOnSelect
                            toggle={ref => (
                                <MenuToggle ref={ref} onClick={() => setExportOpen(o => !o)} isExpanded={exportOpen} data-testid="export-toggle">
                                    {_("Export")}
                                </MenuToggle>
                            )}
                        >
                            <DropdownList>
                                <DropdownItem data-testid="export-text" onClick={() => onExport("text")}>{_("Text")}</DropdownItem>
                                <DropdownItem data-testid="export-csv" onClick={() => onExport("csv")}>{_("CSV")}</DropdownItem>
                                <DropdownItem data-testid="export-json" onClick={() => onExport("json")}>{_("JSON")}</DropdownItem>
                            </DropdownList>
                        </Dropdown>
                    </ToolbarItem>
                </ToolbarGroup>
            </ToolbarContent>
        </Toolbar>
    );
}
