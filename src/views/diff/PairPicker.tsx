// The two images being compared, each a select of every base and layer. Changing one navigates,
// so the URL always names what is shown.
import React from "react";
import { Flex, FlexItem } from "@patternfly/react-core/dist/esm/layouts/Flex/index.js";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";
import { _ } from "../../../pkg/lib/cockpit.ts";
import type { Image } from "../../model/diff/targets.ts";

function ImageSelect({ id, label, value, images, onChange }: {
    id: string; label: string; value: string; images: Image[]; onChange: (id: string) => void;
}): React.ReactElement {
    return (
        <FormSelect id={id} data-testid={id} aria-label={label} value={value} onChange={(_e, v) => onChange(v)}>
            {value === "" && <FormSelectOption value="" label={_("Pick an image…")} isPlaceholder />}
            {images.map(i => (
                <FormSelectOption key={i.id} value={i.id} label={`${i.name} (${i.kind === "base" ? _("base") : _("layer")})`} />
            ))}
        </FormSelect>
    );
}

export function PairPicker({ images, old, current, onChange }: {
    images: Image[]; old: string; current: string; onChange: (old: string, current: string) => void;
}): React.ReactElement {
    return (
        <Flex alignItems={{ default: "alignItemsCenter" }} spaceItems={{ default: "spaceItemsSm" }}>
            <FlexItem>{_("Changes from")}</FlexItem>
            <FlexItem><ImageSelect id="diff-old" label={_("Old image")} value={old} images={images} onChange={v => onChange(v, current)} /></FlexItem>
            <FlexItem>{_("to")}</FlexItem>
            <FlexItem><ImageSelect id="diff-new" label={_("New image")} value={current} images={images} onChange={v => onChange(old, v)} /></FlexItem>
        </Flex>
    );
}
