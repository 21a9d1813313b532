// The first read is on its way; later refreshes keep the old content instead of this.
import React from "react";
import { EmptyState, EmptyStateBody } from "@patternfly/react-core/dist/esm/components/EmptyState/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { _ } from "../../pkg/lib/cockpit.ts";

export function LoadingState(): React.ReactElement {
    return (
        <EmptyState data-testid="loading-state" titleText={_("Reading the image layout")} headingLevel="h2" icon={Spinner}>
            <EmptyStateBody>{_("Asking LVM and the boot loader…")}</EmptyStateBody>
        </EmptyState>
    );
}
