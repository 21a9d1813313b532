// The persist whitelist's problems in words, each saying what to write instead. The model names
// them with codes (src/model/persist.ts validatePattern, mergePersist).
import { _, format } from "../../pkg/lib/cockpit.ts";
import type { PersistProblemCode } from "../model/persist.ts";

export function persistProblemText(code: PersistProblemCode, detail?: string): string {
    switch (code) {
    case "empty": return _("Enter a path.");
    case "too-long": return _("The path is too long (more than 4096 bytes).");
    case "control": return format(_("The path holds a control character ($0), such as a line break."), detail ?? "");
    case "relative": return _("Write an absolute path, starting with /.");
    case "trailing-slash": return _("Write a directory without the final /: it is carried with everything in it.");
    case "dot": return _("Remove the \"/./\" or \"//\": write the path as it is.");
    case "dot-dot": return _("\"..\" is not allowed: write the path it leads to.");
    case "backslash": return _("A backslash is not allowed: the shell would read it as an escape.");
    case "hash": return _("\"#\" is not allowed in a path: it starts a comment. Use ? to match it.");
    case "trailing-space": return _("Remove the space at the end.");
    case "too-broad": return _("Too broad: carrying all of this over would replace what the new image brings. Name the files or directories to keep.");
    case "double-star": return _("\"**\" is not supported: a directory is carried with everything below it.");
    case "image-owned": return format(_("$0 belongs to the image (or is made at boot): it is never carried over."), detail ?? "");
    case "duplicate": return detail ? format(_("Listed twice (first in $0)."), detail) : _("Listed twice.");
    }
}
