// Why a comparison (or a file, or the package lists) could not be read: what happened and what
// to do, then the tool's own words. Inline, with a retry.
import React from "react";
import { Alert, AlertActionLink } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { CodeBlock, CodeBlockCode } from "@patternfly/react-core/dist/esm/components/CodeBlock/index.js";
import { _, format } from "../../../pkg/lib/cockpit.ts";
import { DiffError } from "../../host/diff.ts";
import type { DiffFailure } from "../../model/diff/errors.ts";
import { dedent } from "../ErrorState.tsx";

export function failureText(f: DiffFailure): { title: string; hint: string } {
    switch (f.code) {
    case "no-lv":
        return { title: format(_("$0 does not exist"), f.subject), hint: _("It was removed since the page was loaded. Pick another image.") };
    case "activate":
        return { title: format(_("$0 could not be activated"), f.subject), hint: _("LVM's message is below. Check the thin pool and `lvs -a` for the cause.") };
    case "mount":
        return { title: format(_("$0 could not be mounted read-only"), f.subject), hint: _("Its filesystem may be damaged or of an unknown type; the message is below.") };
    case "job-running":
        return { title: format(_("Job $0 is running"), f.subject), hint: _("Images are compared when no job changes them. Try again when it has ended.") };
    case "busy":
        return { title: _("Another comparison is running"), hint: _("Only one runs at a time. Try again in a moment.") };
    case "bad-path":
        return { title: format(_("Refused path $0"), f.subject), hint: _("Paths are relative to the image root and may not contain \"..\".") };
    case "setup":
        return { title: format(_("Could not prepare $0"), f.subject), hint: _("/run must be writable.") };
    case "usage":
    case "failed":
        if (f.subject === "access-denied" || f.subject === "not-authorized")
            return { title: _("Administrative access required"), hint: _("Reading images needs root: turn on administrative access in the top bar.") };
        return { title: _("The comparison failed"), hint: "" };
    }
}

export function DiffFailureAlert({ error, onRetry, testId = "diff-error" }: {
    error: Error; onRetry?: () => void; testId?: string;
}): React.ReactElement {
    const failure: DiffFailure = error instanceof DiffError ? error.failure : { code: "failed", subject: "", detail: error.message };
    const { title, hint } = failureText(failure);
    return (
        <Alert
            isInline
            variant="danger"
            title={title}
            data-testid={testId}
            data-code={failure.code}
            actionLinks={onRetry ? <AlertActionLink data-testid="diff-retry" onClick={onRetry}>{_("Try again")}</AlertActionLink> : undefined}
        >
            {hint && <p>{hint}</p>}
            {failure.detail.trim() && (
                <CodeBlock className="imgbased-message"><CodeBlockCode>{dedent(failure.detail)}</CodeBlockCode></CodeBlock>
            )}
        </Alert>
    );
}
