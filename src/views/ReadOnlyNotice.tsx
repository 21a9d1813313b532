// Shown to sessions without administrative access: they may look, not change.
import React from "react";
import { Alert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { _ } from "../../pkg/lib/cockpit.ts";

/** The notice's sentence, shared with the permission error state. */
export function readOnlyText(): string {
    return _("Administrative access required to change image layers; you can view everything.");
}

export function ReadOnlyNotice(): React.ReactElement {
    return (
        <Alert
            isInline
            variant="info"
            id="readonly-notice"
            data-testid="readonly-notice"
            title={readOnlyText()}
        >
            {_("Use the \"Limited access\" button in Cockpit's top bar to turn on administrative access.")}
        </Alert>
    );
}
