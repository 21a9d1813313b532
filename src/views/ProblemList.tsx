// The layout's problems as inline alerts: what is wrong, what it means, what to do.
import React from "react";
import { Alert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { Stack, StackItem } from "@patternfly/react-core/dist/esm/layouts/Stack/index.js";
import type { Problem } from "../model/types.ts";
import { alertVariant, describeProblem } from "./problems.ts";

const ORDER = { danger: 0, warning: 1, info: 2 } as const;

export function ProblemList({ problems, vgName }: { problems: Problem[]; vgName?: string }): React.ReactElement | null {
    if (problems.length === 0)
        return null;
    const sorted = [...problems].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
    return (
        <Stack hasGutter className="imgbased-problems">
            {sorted.map(p => {
                const t = describeProblem(p, vgName);
                return (
                    <StackItem key={`${p.code}:${p.subject}`}>
                        <Alert
                            isInline
                            isPlain
                            variant={alertVariant(p.severity)}
                            title={t.title}
                            data-testid="problem"
                            data-code={p.code}
                            data-subject={p.subject}
                        >
                            <p>{t.explanation}</p>
                            {t.action && <p>{t.action}</p>}
                            {t.command && <code className="imgbased-command">{t.command}</code>}
                        </Alert>
                    </StackItem>
                );
            })}
        </Stack>
    );
}
