// The page: reads the layout (useLayout), follows admin access (useSuperuser) and shows one of
// loading / layout / no layout / ambiguous / error. The root element carries data-state and the
// last refresh's timing and process count, so tests and benchmarks can read them. Every change
// goes through one dialog flow (ActionDialogs) and one job runner; jobs that run, were
// interrupted or ran before are shown at the top and the bottom of the page (useJobs). The diff
// view (route "diff") replaces the layout below the same header.
import React, { useEffect, useMemo, useRef, useState } from "react";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Page, PageSection } from "@patternfly/react-core/dist/esm/components/Page/index.js";
import { Title } from "@patternfly/react-core/dist/esm/components/Title/index.js";
import { Flex, FlexItem } from "@patternfly/react-core/dist/esm/layouts/Flex/index.js";
import { Stack, StackItem } from "@patternfly/react-core/dist/esm/layouts/Stack/index.js";
import SyncAltIcon from "@patternfly/react-icons/dist/esm/icons/sync-alt-icon.js";
import { _, format } from "../pkg/lib/cockpit.ts";
import { useSuperuser } from "../pkg/lib/superuser.ts";
import { recoveryJobId } from "./model/plan.ts";
import { ActionButton } from "./views/ActionButton.tsx";
import { ActionsContext, useActions, type ActionRequest, type Actions } from "./views/actions-context.ts";
import { JobHistory } from "./views/JobHistory.tsx";
import { InterruptedJobs, RunningJobs } from "./views/RunningJobs.tsx";
import { StatusActions } from "./views/StatusActions.tsx";
import { useJobs, type UseJobs } from "./views/useJobs.ts";
import { useLayout, type UseLayout } from "./views/useLayout.ts";
import { usePageStatus } from "./views/usePageStatus.ts";
import { useRoute } from "./views/useRoute.ts";
import { CockpitMachine } from "./host/machine.ts";
import { MachineContext } from "./views/machine-context.ts";
import { AmbiguousState } from "./views/AmbiguousState.tsx";
import { ErrorState } from "./views/ErrorState.tsx";
import { formatRelative } from "./views/format.ts";
import { LayoutTable } from "./views/LayoutTable.tsx";
import { PersistSection } from "./views/PersistCard.tsx";
import { LoadingState } from "./views/LoadingState.tsx";
import { NoLayoutState } from "./views/NoLayoutState.tsx";
import { ReadOnlyNotice } from "./views/ReadOnlyNotice.tsx";
import { SignaturePolicy } from "./views/SignaturePolicy.tsx";
import { StatusCard } from "./views/StatusCard.tsx";
import { HealthChecks } from "./views/HealthChecks.tsx";
import { TrialNotice } from "./views/TrialNotice.tsx";
import { useTrials } from "./views/useTrials.ts";
import type { TrialState } from "./host/trials.ts";
import { passedTrials } from "./model/trial.ts";
import { lazyView } from "./views/lazy.tsx";

// The dialogs load when the first opens, the diff page when it is opened.
const ActionDialogs = lazyView(async () => (await import("./views/ActionDialogs.tsx")).ActionDialogs, true);
const DiffPage = lazyView(async () => (await import("./views/diff/DiffPage.tsx")).DiffPage);

export type PageState = "loading" | "layout" | "none" | "ambiguous" | "error";

export function pageState(data: UseLayout): PageState {
    if (data.phase === "loading")
        return "loading";
    if (data.phase === "error" || !data.discovery)
        return "error";
    return data.discovery.kind;
}

/** Interrupted jobs first: nothing else may start until they are undone. */
function JobsTop({ jobs, interrupted }: { jobs: UseJobs; interrupted: string[] }): React.ReactElement | null {
    const { adminBlocked } = useActions();
    // Without admin access no log can be followed: the jobs that run now are only named.
    const shown = adminBlocked === null ? jobs.watched.filter(id => id !== jobs.dialogJob) : jobs.running;
    if (interrupted.length === 0 && shown.length === 0)
        return null;
    return (
        <>
            {interrupted.length > 0 && <StackItem><InterruptedJobs jobs={interrupted} pastNoReturn={jobs.pastNoReturn} /></StackItem>}
            {shown.length > 0 && <StackItem><RunningJobs jobs={shown} onDismiss={jobs.dismiss} /></StackItem>}
        </>
    );
}

function Content({ data, state, superuser, jobs, interrupted, trials }: {
    data: UseLayout; state: PageState; superuser: boolean | null; jobs: UseJobs; interrupted: string[]; trials: TrialState | null;
}): React.ReactElement {
    const retry = () => { data.refresh() };
    const notice = superuser === false ? <StackItem><ReadOnlyNotice /></StackItem> : null;
    const top = <JobsTop jobs={jobs} interrupted={interrupted} />;
    const history = <StackItem><JobHistory version={jobs.historyVersion} admin={superuser} /></StackItem>;
    const passed = useMemo(() => trials ? passedTrials(trials.results) : undefined, [trials]);
    if (state === "loading")
        return <LoadingState />;
    if (state === "error" && data.error)
        return <ErrorState error={data.error} superuser={superuser} onRetry={retry} retrying={data.refreshing} />;
    const d = data.discovery;
    if (!d)
        return <LoadingState />;
    switch (d.kind) {
    case "none": {
        const initialize = (
            <ActionContextButton testId="action-initialize" kind="initialize">{_("Initialize")}</ActionContextButton>
        );
        return (
            <Stack hasGutter>
                {notice}
                {top}
                <StackItem><NoLayoutState vgs={d.vgs} rootLv={d.rootLv} boot={d.boot} action={initialize} /></StackItem>
                {history}
            </Stack>
        );
    }
    case "ambiguous":
        return (
            <Stack hasGutter>
                {notice}
                {top}
                <StackItem><AmbiguousState vgNames={d.vgNames} problems={d.problems} onRetry={retry} retrying={data.refreshing} /></StackItem>
            </Stack>
        );
    case "layout":
        return (
            <Stack hasGutter>
                {notice}
                {top}
                {trials?.notice && <StackItem><TrialNotice state={trials} /></StackItem>}
                <StackItem>
                    <StatusCard layout={d.layout} actions={<StatusActions layout={d.layout} />}
                                more={<><SignaturePolicy version={jobs.historyVersion} /><HealthChecks report={trials?.booted} /></>} />
                </StackItem>
                <StackItem><LayoutTable layout={d.layout} now={data.refreshedAt ?? undefined} passedTrials={passed} /></StackItem>
                <StackItem><PersistSection version={jobs.historyVersion} /></StackItem>
                {history}
            </Stack>
        );
    }
}

/** A primary button that opens an action through the page's context. */
function ActionContextButton({ testId, kind, children }: {
    testId: string; kind: ActionRequest["kind"]; children: React.ReactNode;
}): React.ReactElement {
    const actions = useActions();
    return (
        <ActionButton variant="primary" testId={testId} blocked={actions.blocked} onClick={() => actions.open({ kind })}>
            {children}
        </ActionButton>
    );
}

function ImageLayersPage(): React.ReactElement {
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

    // A saved layout is not a read: the job check waits for the first real one.
    const jobs = useJobs({ admin: superuser, refreshedAt: data.saved ? null : data.refreshedAt, refresh: data.refresh });
    const [request, setRequest] = useState<ActionRequest | null>(null);
    // An interrupted job whose undo runs now is no longer waiting for it.
    const interrupted = jobs.interrupted.filter(id => !jobs.running.includes(recoveryJobId(id)));
    const trials = useTrials(data.discovery?.kind === "layout" ? data.discovery.layout : null, data.refreshedAt);
    // Problems, an interrupted job and a fallen-back trial also show in Cockpit's navigation,
    // seen from other pages.
    usePageStatus(data, interrupted, trials?.notice ?? null);
    const adminBlocked = superuser === true ? null
        : superuser === false ? _("Administrative access required") : _("Checking administrative access…");
    // Nothing is planned from a saved layout: it may be older than the host.
    const blocked = adminBlocked ?? (data.saved ? _("Reading the host…")
        : interrupted.length > 0
            ? format(jobs.pastNoReturn.includes(interrupted[0]!) ? _("Finish the interrupted job $0 first") : _("Undo the interrupted job $0 first"), interrupted[0]!)
            : null);
    const runningJob = jobs.running[0] ?? null;
    const { userName, started, setDialogJob, ended } = jobs;
    const actions = useMemo((): Actions => ({
        open: setRequest,
        blocked,
        adminBlocked,
        runningJob,
        startOptions: userName ? { user: userName } : {},
        jobStarted: started,
        showingJob: setDialogJob,
        jobEnded: ended,
    }), [blocked, adminBlocked, runningJob, userName, started, setDialogJob, ended]);

    const state = pageState(data);
    const route = useRoute();
    const content = route.page === "diff"
        ? <DiffPage discovery={data.discovery} loadError={data.error} oldId={route.old} newId={route.new} superuser={superuser}
                    urlOptions={route.options} />
        : <Content data={data} state={state} superuser={superuser} jobs={jobs} interrupted={interrupted} trials={trials} />;
    return (
        <ActionsContext.Provider value={actions}>
            <Page
                className="pf-m-no-sidebar imgbased-page"
                data-testid="imgbased-page"
                data-state={state}
                data-reason={state === "error" ? data.error?.reason : undefined}
                data-refreshed-at={data.saved ? undefined : data.refreshedAt ?? undefined}
                data-saved={data.saved || undefined}
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
                                        {format(data.saved ? _("Saved $0, updating…") : _("Updated $0"), formatRelative(data.refreshedAt / 1000, data.saved ? Date.now() : data.refreshedAt))}
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
                    {content}
                </PageSection>
                {request && (
                    <ActionDialogs
                        key={`${request.kind}:${request.target ?? ""}`}
                        request={request}
                        discovery={data.discovery}
                        onClose={() => setRequest(null)}
                    />
                )}
            </Page>
        </ActionsContext.Provider>
    );
}

/** The page with the one Machine that all its parts reach the host through. */
export function App(): React.ReactElement {
    const [machine] = useState(() => new CockpitMachine());
    return (
        <MachineContext.Provider value={machine}>
            <ImageLayersPage />
        </MachineContext.Provider>
    );
}
