// The diff view: what changed between two images, by default a layer against its own base.
// The pair and what the view shows come from the URL (useRoute, useDiffView); the layout from
// the page's refresh. The files are
// compared when the page opens; packages when their tab is first shown.
import React, { useState } from "react";
import { Alert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { Breadcrumb, BreadcrumbItem } from "@patternfly/react-core/dist/esm/components/Breadcrumb/index.js";
import { Card, CardBody } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { EmptyState, EmptyStateBody } from "@patternfly/react-core/dist/esm/components/EmptyState/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Tab, Tabs, TabTitleText } from "@patternfly/react-core/dist/esm/components/Tabs/index.js";
import { Stack, StackItem } from "@patternfly/react-core/dist/esm/layouts/Stack/index.js";
import LockIcon from "@patternfly/react-icons/dist/esm/icons/lock-icon.js";
import { _, format } from "../../../pkg/lib/cockpit.ts";
import { bootedLayer } from "../../model/actions/layout-query.ts";
import { imagesOf, resolvePair, type Pair, type PairProblem } from "../../model/diff/targets.ts";
import type { Discovery } from "../../model/types.ts";
import { formatBytes } from "../format.ts";
import { goToDiff, goToLayout } from "../useRoute.ts";
import { ChangesTab } from "./ChangesTab.tsx";
import { DiffFailureAlert } from "./DiffFailureAlert.tsx";
import { PackagesTab } from "./PackagesTab.tsx";
import type { DiffTab, UrlOptions } from "./diff-view-url.ts";
import { PairPicker } from "./PairPicker.tsx";
import { useDiffView } from "./useDiffView.ts";
import { useNoise } from "./useNoise.ts";
import { useTreeDiff } from "./useTreeDiff.ts";

function problemText(p: PairProblem): string {
    switch (p.code) {
    case "unknown-image": return format(_("$0 is not a base or layer of this host. Pick the images to compare."), p.id);
    case "base-removed": return format(_("The base $0 of layer $1 was removed, so the layer's own changes cannot be told apart any more. Compare it with another image: every difference from that image is shown."), p.base, p.layer);
    case "same-image": return _("Pick two different images.");
    case "pick-old": return format(_("$0 is a base: pick the image to compare it with."), p.id);
    }
}

function Compared({ pair, noise, urlOptions, oldId }: {
    pair: Pair; noise: readonly string[]; urlOptions: UrlOptions; oldId: string | null;
}): React.ReactElement {
    const [attempt, setAttempt] = useState(0);
    const [view, setView] = useDiffView(urlOptions, pair.new.id, oldId);
    const tab = view.tab;
    const [packagesSeen, setPackagesSeen] = useState(tab === "packages");
    const state = useTreeDiff(pair.old.id, pair.new.id, pair.method, attempt);
    const method = pair.method === "inode"
        ? _("Compared by inode and ctime: $0 and $1 are snapshots of one filesystem, so every touched file is found without reading contents.")
        : _("Compared by type, size, mode, owner, link target and modification time. The file view compares contents.");
    return (
        <div data-testid="diff-result" data-state={state.phase} data-method={pair.method}
             data-list-ms={state.phase === "ready" ? Math.round(state.result.listMs) : undefined}
             data-compare-ms={state.phase === "ready" ? Math.round(state.result.compareMs) : undefined}
             data-total={state.phase === "ready" ? state.result.changes.length : undefined}>
            <p className="imgbased-muted imgbased-small" data-testid="diff-method">{format(method, pair.old.name, pair.new.name)}</p>
            <Tabs activeKey={tab} onSelect={(_e, key) => { setView({ ...view, tab: key as DiffTab }); if (key === "packages") setPackagesSeen(true) }} mountOnEnter>
                <Tab eventKey="files" title={<TabTitleText>{_("Files")}</TabTitleText>} data-testid="tab-files">
                    <div className="imgbased-tab-body">
                        {state.phase === "loading" && (
                            <div className="imgbased-plan-loading" data-testid="diff-loading">
                                <Spinner size="md" aria-hidden />
                                {format(_("Listing both images… $0 received"), formatBytes(state.bytes))}
                            </div>
                        )}
                        {state.phase === "error" && <DiffFailureAlert error={state.error} onRetry={() => setAttempt(a => a + 1)} />}
                        {state.phase === "ready" && (
                            <ChangesTab pair={pair} result={state.result} noise={noise}
                                        toolbar={view.toolbar} onToolbar={toolbar => setView({ ...view, toolbar })}
                                        file={view.file} onFile={file => setView({ ...view, file })} />
                        )}
                    </div>
                </Tab>
                <Tab eventKey="packages" title={<TabTitleText>{_("Packages")}</TabTitleText>} data-testid="tab-packages">
                    <div className="imgbased-tab-body">{packagesSeen && <PackagesTab pair={pair} />}</div>
                </Tab>
            </Tabs>
        </div>
    );
}

export function DiffPage({ discovery, loadError, oldId, newId, superuser, urlOptions }: {
    discovery: Discovery | null; loadError: Error | null; oldId: string | null; newId: string | null;
    superuser: boolean | null; urlOptions: UrlOptions;
}): React.ReactElement {
    // Read once for the page: each new pair remounts Compared.
    const noise = useNoise();
    let body: React.ReactNode;
    const layout = discovery?.kind === "layout" ? discovery.layout : null;
    const images = layout ? imagesOf(layout) : [];
    const current = newId ?? (layout && bootedLayer(layout)?.lv.fullName) ?? null;
    const resolved = layout && current ? resolvePair(layout, oldId, current) : null;
    const pair = resolved && "old" in resolved ? resolved : null;
    const picker = (
        <PairPicker images={images} old={pair?.old.id ?? oldId ?? ""} current={current ?? ""}
                    onChange={(o, n) => { if (n) goToDiff(n, o || null) }} />
    );
    if (superuser === false) {
        body = (
            <EmptyState titleText={_("Administrative access required")} headingLevel="h2" icon={LockIcon} data-testid="diff-readonly">
                <EmptyStateBody>{_("Comparing images mounts them read-only, which needs root. Turn on administrative access in the top bar.")}</EmptyStateBody>
            </EmptyState>
        );
    } else if (!discovery && loadError) {
        body = <Alert isInline variant="danger" title={_("The image layout could not be read")} data-testid="diff-layout-error">{loadError.message}</Alert>;
    } else if (!discovery) {
        body = <Spinner size="lg" aria-label={_("Loading…")} />;
    } else if (!layout) {
        body = <p>{_("This host has no image layout to compare.")}</p>;
    } else if (!current) {
        body = <p>{_("Pick the images to compare.")}</p>;
    } else if (!pair) {
        body = <Alert isInline variant="info" title={problemText(resolved as PairProblem)} data-testid="diff-problem" data-code={(resolved as PairProblem).code} />;
    } else if (superuser === true) {
        body = <Compared key={`${pair.old.id} ${pair.new.id}`} pair={pair} noise={noise} urlOptions={urlOptions} oldId={oldId} />;
    } else {
        body = <Spinner size="lg" aria-label={_("Checking administrative access…")} />;
    }
    return (
        <Stack hasGutter data-testid="diff-page">
            <StackItem>
                <Breadcrumb>
                    <BreadcrumbItem to="#" onClick={e => { e.preventDefault(); goToLayout() }} data-testid="diff-back">{_("Image layers")}</BreadcrumbItem>
                    <BreadcrumbItem isActive>{_("Changes")}</BreadcrumbItem>
                </Breadcrumb>
            </StackItem>
            <StackItem>
                <Card>
                    <CardBody>
                        <Stack hasGutter>
                            {layout && <StackItem>{picker}</StackItem>}
                            <StackItem>{body}</StackItem>
                        </Stack>
                    </CardBody>
                </Card>
            </StackItem>
        </Stack>
    );
}
