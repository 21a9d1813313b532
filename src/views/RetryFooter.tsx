// The "Try again" footer of the empty states that explain a failure.
import React from "react";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { EmptyStateActions, EmptyStateFooter } from "@patternfly/react-core/dist/esm/components/EmptyState/index.js";
import { _ } from "../../pkg/lib/cockpit.ts";

export function RetryFooter({ onRetry, retrying = false }: { onRetry: () => void; retrying?: boolean }): React.ReactElement {
    return (
        <EmptyStateFooter>
            <EmptyStateActions>
                <Button variant="secondary" data-testid="retry-button" onClick={onRetry} isLoading={retrying} isDisabled={retrying}>
                    {_("Try again")}
                </Button>
            </EmptyStateActions>
        </EmptyStateFooter>
    );
}
