// Views the first page does not need are loaded on first use: each import() here becomes a chunk
// of its own with its own CSS (build.js). Until it has arrived a spinner stands in, on the page or
// in a modal, with data-testid="lazy-loading".
import React, { Suspense } from "react";
import { Bullseye } from "@patternfly/react-core/dist/esm/layouts/Bullseye/index.js";
import { Modal, ModalBody } from "@patternfly/react-core/dist/esm/components/Modal/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { _ } from "../../pkg/lib/cockpit.ts";

function Loading({ modal }: { modal: boolean }): React.ReactElement {
    const spinner = <Bullseye data-testid="lazy-loading"><Spinner aria-label={_("Loading")} /></Bullseye>;
    // Nothing in it takes focus, which PatternFly's focus trap refuses with an error.
    return modal
        ? <Modal isOpen variant="small" aria-label={_("Loading")} disableFocusTrap><ModalBody>{spinner}</ModalBody></Modal>
        : spinner;
}

/** A component loaded when first rendered; `modal` if it is a dialog, so the spinner is one too. */
export function lazyView<P extends object>(load: () => Promise<(props: P) => React.ReactElement | null>, modal = false): (props: P) => React.ReactElement {
    // Our views take no ref: React.lazy's type, made for any component, would add one to P.
    const View = React.lazy(async () => ({ default: await load() })) as unknown as React.ComponentType<P>;
    return function LazyView(props: P) {
        return <Suspense fallback={<Loading modal={modal} />}><View {...props} /></Suspense>;
    };
}
