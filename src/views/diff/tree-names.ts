// Names in the change tree: a directory as a path from the root, and what its toggle says.
// Apart from ChangeTree.tsx (which loads PatternFly's CSS) so unit tests can import them.
import { _, format } from "../../../pkg/lib/cockpit.ts";
import { displayPath } from "../../model/diff/paths.ts";
import type { TreeDir } from "../../model/diff/tree.ts";

/** "/" for the root, "/etc/ssh/" below it: the directory as the admin would type it (escaped). */
export function dirDisplayPath(dir: TreeDir): string {
    return dir.path === "" ? "/" : `/${displayPath(dir.path)}/`;
}

/** The name of a directory's toggle: which directory it opens or closes. */
export function toggleLabel(open: boolean, dir: TreeDir): string {
    return format(open ? _("Close $0") : _("Open $0"), dirDisplayPath(dir));
}
