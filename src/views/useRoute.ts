// The page's two places, kept in Cockpit's URL (so reload, back and a shared link work):
//   (empty)                    the layout
//   diff?new=VG/LV[&old=VG/LV] the diff view: a layer against its base, or any two images, and
//                              what the view shows (diff/diff-view-url.ts)
import { useEffect, useState } from "react";
import { cockpit, hasCockpit, location } from "../../pkg/lib/cockpit.ts";

export type Route =
    | { page: "layout" }
    | { page: "diff"; old: string | null; new: string | null; options: Record<string, string | string[]> };

function option(value: string | string[] | undefined): string | null {
    const v = Array.isArray(value) ? value[0] : value;
    return v ? v : null;
}

function current(): Route {
    if (!hasCockpit())
        return { page: "layout" };
    const { path, options } = location();
    if (path[0] === "diff")
        return { page: "diff", old: option(options.old), new: option(options.new), options };
    return { page: "layout" };
}

export function useRoute(): Route {
    const [route, setRoute] = useState(current);
    useEffect(() => {
        if (!hasCockpit())
            return;
        const changed = () => setRoute(current());
        cockpit().addEventListener("locationchanged", changed);
        return () => cockpit().removeEventListener("locationchanged", changed);
    }, []);
    return route;
}

export function goToLayout(): void {
    location().go([]);
}

/**
 * Opens the diff view; without `old`, a layer is compared with its own base. `view`: what the
 * view shows (diff-view-url.ts); `replace`: change the current history entry, not add one.
 */
export function goToDiff(newId: string, oldId?: string | null, view: Record<string, string> = {}, replace = false): void {
    const options = { ...view, ...(oldId ? { new: newId, old: oldId } : { new: newId }) };
    if (replace)
        location().replace(["diff"], options);
    else
        location().go(["diff"], options);
}
