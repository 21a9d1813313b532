// A button that starts an action, disabled with the reason as its tooltip when actions are
// blocked (no admin access, an interrupted job to undo first).
import React from "react";
import { Button, type ButtonProps } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Tooltip } from "@patternfly/react-core/dist/esm/components/Tooltip/index.js";

export function ActionButton({ blocked, testId, children, ...props }: ButtonProps & {
    blocked: string | null; testId: string;
}): React.ReactElement {
    const button = (
        <Button
            {...props}
            id={props.id ?? testId}
            data-testid={testId}
            data-disabled={blocked ? "true" : undefined}
            isAriaDisabled={blocked !== null || props.isAriaDisabled}
        >
            {children}
        </Button>
    );
    return blocked ? <Tooltip content={blocked}>{button}</Tooltip> : button;
}
