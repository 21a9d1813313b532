// The page: reads the layout (useLayout), follows admin access (useSuperuser) and shows one of
// loading / layout / no layout / ambiguous / error. The root element carries data-state and the
// last refresh's timing and process count, so tests and benchmarks can read them.
import React, { useEffect, useRef } from "react";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Page, PageSection } from "@patternfly/react-core/dist/esm/components/Page/index.js";
import { Title } from "@patternfly/react-core/dist/esm/components/Title/index.js";
import { Flex, FlexItem } from "@patternfly/react-core/dist/esm/layouts/Flex/index.js";
import { Stack, StackItem } from "@patternfly/react-core/dist/esm/layouts/Stack/index.js";
import SyncAltIcon from "@patternfly/react-icons/dist/esm/icons/sync-alt-icon.js";
import { _, format } from "../pkg/lib/cockpit.ts";
import { useSuperuser } from "../pkg/lib/superuser.ts";
import { useLayout, type UseLayout } from "./views/useLayout.ts";
import { AmbiguousState } from "./views/AmbiguousState.tsx";
import { ErrorState } from "./views/ErrorState.tsx";
import { formatRelative } from "./views/format.ts";
import { LayoutTable } from "./views/LayoutTable.tsx";
import { LoadingState } from "./views/LoadingState.tsx";
import { NoLayoutState } from "./views/NoLayoutState.tsx";
import { ReadOnlyNotice } from "./views/ReadOnlyNotice.tsx";
import { StatusCard } from "./views/StatusCard.tsx";

export type PageState = "loading" | "layout" | "none" | "ambiguous" | "error";

export function pageState(data: UseLayout): PageState {
    if (data.phase === "loading")
        return "loading";
    if (data.phase === "error" || !data.discovery)
        return "error";
    return data.discovery.kind;
}

function Content({ data, state, superuser }: {
    data: UseLayout; state: PageState; superuser: boolean | null;
}): React.ReactElement {
    const retry = () => { data.refresh() };
    const notice = superuser === false ? <StackItem><ReadOnlyNotice /></StackItem> : null;
    if (state === "loading")
        return <LoadingState />;
    if (state === "error" && data.error)
        return <ErrorState error={data.error} superuser={superuser} onRetry={retry} retrying={data.refreshing} />;
    const d = data.discovery;
    if (!d)
        return <LoadingState />;
    switch (d.kind) {
    case "none":
        return <Stack hasGutter>{notice}<StackItem><NoLayoutState vgs={d.vgs} rootLv={d.rootLv} boot={d.boot} /></StackItem></Stack>;
    case "ambiguous":
        return (
            <Stack hasGutter>
                {notice}
                <StackItem><AmbiguousState vgNames={d.vgNames} problems={d.problems} onRetry={retry} retrying={data.refreshing} /></StackItem>
            </Stack>
        );
    case "layout":
        return (
            <Stack hasGutter>
                {notice}
                <StackItem><StatusCard layout={d.layout} /></StackItem>
                <StackItem><LayoutTable layout={d.layout} now={data.refreshedAt ?? undefined} /></StackItem>
            </Stack>
        );
    }
}

export function App(): React.ReactElement {
    const data = useLayout();
    const superuser = useSuperuser();

    // Admin access switched in the shell: what we may read changed, so read again. The first
    // null -> known transition only counts if it may explain a permission failure.
    const previous = useRef(superuser);
    const { refresh, error } = data;
    useEffect(() => {
        const before = previous.current;
        previous.current = superuser;
        if (before !== superuser && (before !== null || error?.reason === "permission"))
            refresh();
    }, [superuser, refresh, error]);

    const state = pageState(data);
    return (
        <Page
            className="pf-m-no-sidebar imgbased-page"
            data-testid="imgbased-page"
            data-state={state}
            data-reason={state === "error" ? data.error?.reason : undefined}
            data-refreshed-at={data.refreshedAt ?? undefined}
            data-refresh-ms={data.refreshMs ?? undefined}
            data-spawns={data.spawns ?? undefined}
            data-superuser={superuser === null ? "unknown" : String(superuser)}
        >
            <PageSection hasBodyWrapper={false} className="imgbased-header">
                <Flex alignItems={{ default: "alignItemsCenter" }} justifyContent={{ default: "justifyContentSpaceBetween" }}>
                    <FlexItem>
                        <Title headingLevel="h1" size="xl">{_("Image layers")}</Title>
                    </FlexItem>
                    <FlexItem>
                        <Flex alignItems={{ default: "alignItemsCenter" }} spaceItems={{ default: "spaceItemsSm" }}>
                            {data.refreshedAt != null && (
                                <FlexItem className="imgbased-muted" data-testid="refreshed-text">
                                    {format(_("Updated $0"), formatRelative(data.refreshedAt / 1000, data.refreshedAt))}
                                </FlexItem>
                            )}
                            <FlexItem>
                                <Button
                                    variant="secondary"
                                    size="sm"
                                    id="refresh-button"
                                    data-testid="refresh-button"
                                    icon={data.refreshing ? undefined : <SyncAltIcon />}
                                    isLoading={data.refreshing}
                                    onClick={() => { data.refresh() }}
                                >
                                    {_("Refresh")}
                                </Button>
                            </FlexItem>
                        </Flex>
                    </FlexItem>
                </Flex>
            </PageSection>
            <PageSection hasBodyWrapper={false} isFilled className="imgbased-content">
                <Content data={data} state={state} superuser={superuser} />
            </PageSection>
        </Page>
    );
}
