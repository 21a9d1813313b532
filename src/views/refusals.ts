// Why an action cannot be planned, in words, each with what to do about it. The planners name
// reasons with a RefusalCode and its parameters (src/model/actions/types.ts); this is the one
// place that turns them into translated text. The switch is exhaustive: a new code does not
// compile until it has its words here.
import { _, format } from "../../pkg/lib/cockpit.ts";
import type { RefusalReason } from "../model/actions/types.ts";
import { formatBytes } from "./format.ts";
import { persistProblemText } from "./persist-text.ts";

export function refusalText(reason: RefusalReason): string {
    switch (reason.code) {
    case "unknown-backend":
        return _("The boot loader of this host was not recognized, so no boot entry can be changed. Supported are GRUB 2 with BLS, Debian's GRUB and systemd-boot.");
    case "not-found":
        return format(_("$0 is no longer there. Refresh the page and try again."), reason.params.name);
    case "base-missing":
        return format(_("The base $0 of this layer no longer exists, so no new layer can be made from it."), reason.params.base);
    case "name-invalid":
        return format(_("\"$0\" cannot be used as a name: a base is named NAME-VERSION-RELEASE (for example debian-12-1), using only letters, digits and + _ . -, at most 55 characters, not starting with a dash."), reason.params.name);
    case "name-taken":
        return format(_("A logical volume named $0 already exists in the volume group. Choose another name or remove that volume first."), reason.params.name);
    case "pool-full":
        return format(_("The thin pool is $0 % full. New volumes could exhaust it and corrupt data: remove old images (Clean up) or extend the pool first."), reason.params.percent);
    case "boot-space":
        return format(_("The boot file system has $0 free, but $1 are needed. Remove old layers or kernels to make room."), formatBytes(reason.params.free), formatBytes(reason.params.needed));
    case "kernel-missing":
        return "path" in reason.params
            ? format(_("The kernel file $0 is missing from the boot file system. Reinstall the kernel package or restore the file."), reason.params.path)
            : format(_("No kernel was found for base $0: none of its layers has a boot entry that names one, and it is not the running base."), reason.params.base);
    case "no-entry":
        return format(_("$0 has no boot entry, so it cannot be selected for booting. Add a new layer on its base instead."), reason.params.name);
    case "already-default":
        return format(_("$0 already boots by default."), reason.params.name);
    case "default-not-saved":
        return _("GRUB's menu starts a fixed entry by default (GRUB_DEFAULT is not \"saved\"), so a new default would change nothing. Set GRUB_DEFAULT=saved in /etc/default/grub and run \"grub2-mkconfig -o /boot/grub2/grub.cfg\", then try again.");
    case "grubenv-not-loaded":
        return format(_("$0 never loads grubenv, so GRUB would not read this choice. Regenerate the menu (grub2-mkconfig -o $0), whose header loads it, then try again."), reason.params.path);
    case "already-next":
        return format(_("$0 is already set to boot once at the next start."), reason.params.name);
    case "try-booted":
        return format(_("$0 is the running system: a trial boots another layer. To keep this one, make it the default."), reason.params.name);
    case "trial-not-running":
        return format(_("$0 is not running: a trial is accepted on its own boot. To boot it by default without its checks, make it the default."), reason.params.name);
    case "no-trial":
        return format(_("There is no pending trial of $0 any more: its health checks or another session ended it. Close this dialog and look again."), reason.params.name);
    case "booted":
        return format(_("$0 is the running system. Boot another layer first, then remove it."), reason.params.name);
    case "default":
        return format(_("$0 boots by default. Make another layer the default first."), reason.params.name);
    case "next-boot":
        return format(_("$0 is set to boot at the next start. Choose another layer for the next boot first."), reason.params.name);
    case "pinned":
        return format(_("$0 is pinned. Unpin it first if it really should go."), reason.params.name);
    case "last-bootable":
        return _("This would remove the last layer that a boot entry starts, leaving nothing to boot.");
    case "layer-read-only":
        return format(_("$0 is read-only; a system booted from it fails to start. Make it writable with \"lvchange -p rw\" first."), reason.params.name);
    case "layer-skips-activation":
        return format(_("$0 has the activation-skip flag; the initramfs would not activate it. Clear it with \"lvchange -k n\" first."), reason.params.name);
    case "no-older-layer":
        return _("There is no older layer with a boot entry to roll back to.");
    case "already-pinned":
        return format(_("$0 is already pinned."), reason.params.name);
    case "not-pinned":
        return format(_("$0 is not pinned."), reason.params.name);
    case "invalid-retention":
        return format(_("Keep at least one image per product (a whole number); $0 is not valid."), reason.params.retention);
    case "layout-exists":
        return _("This host already has an image layout.");
    case "root-not-lvm":
        return _("The root file system is not on an LVM logical volume. Image layers need the root file system on an LVM thin pool; reinstall with such a layout.");
    case "root-not-thin":
        return format(_("The root file system is on $0, which is not a thin volume. Image layers need the root file system on an LVM thin pool; reinstall with such a layout."), reason.params.lv);
    case "root-fs-unsupported":
        return format(_("The root file system is $0; only ext4 and XFS can be given a fresh UUID for a new layer."), reason.params.fsType);
    case "boot-not-separate":
        return format(_("$0 is not a file system of its own. Every layer must boot the same kernels, so $0 must be a separate partition."), reason.params.dir);
    case "boot-on-thin":
        return format(_("$0 is on a thin logical volume, which GRUB cannot read. Move it to a plain partition first."), reason.params.dir);
    case "stale-tags":
        return format(_("These volumes still carry imgbased tags from an earlier installation: $0. Remove the tags (lvchange --deltag) or the volumes first."), reason.params.lvs);
    case "os-release-invalid":
        return _("/etc/os-release gives no name for the first base. Type one, as NAME-VERSION-RELEASE, for example debian-12-1.");
    case "persist-invalid":
        return `${reason.params.pattern}: ${persistProblemText(reason.params.problem, reason.params.detail)}`;
    case "persist-unchecked":
        return format(_("$0 has not been checked on the host yet. Wait a moment."), reason.params.pattern);
    case "persist-symlink":
        return format(_("$0 leads through a symbolic link: $1 is really $2, so its copy could land outside the path it names. Write the real path instead."), reason.params.pattern, reason.params.path, reason.params.real);
    case "persist-unchanged":
        return _("Nothing changed: the list is saved as it is.");
    case "checksum-mismatch":
        return format(_("The image's sha256 is $0, not the $1 it should have. The file is damaged or not the one meant: download it again."), reason.params.actual, reason.params.expected);
    case "image-no-kernel":
        return _("The image has no kernel with an initramfs in its /boot, so its layer could not boot. Use an image of a whole bootable system.");
    case "image-unopened":
        return _("The image was not mounted to look for its kernel, because its checksum or signature failed, or it is not signed as this host requires: a file system image that fails its checks is never mounted. Fix that first.");
    case "image-writable": {
        const why = reason.params.why === "owner"
            ? format(_("$0 belongs to a user other than root"), reason.params.path)
            : reason.params.why === "writable"
                ? format(_("users other than root may write to $0"), reason.params.path)
                : format(_("the owner of $0 could not be read"), reason.params.path);
        return format(_("Someone other than root could change the image after its checks, before the job reads it: $0. Copy it into a directory only root can write, for example /var/lib/imgbased/images, and choose it there."), why);
    }
    case "image-path-invalid":
        return format(_("\"$0\" is not a usable path: give the image's full path, starting with /, without control characters."), reason.params.path);
    case "signature-bad":
        return reason.params.reason === "bad"
            ? format(_("The signature $0 does not match the image: the image was changed, or the signature is another file's. Download both again."), reason.params.path)
            : format(_("The signature $0 was made by $1, whose key or signature has expired or been revoked. Get an image signed with a current key."), reason.params.path, reason.params.signer);
    case "signature-unknown-key":
        return format(_("The signature $0 was made by key $1, which this host does not trust. If you trust it, add it to $2 (gpg --export $1 >> $2); else use another image."),
                      reason.params.path, reason.params.keyId, reason.params.keyring);
    case "signature-missing":
        return format(_("There is no signature file $0. Check its path, or leave the field empty."), reason.params.path);
    case "signature-no-keyring":
        return format(_("The image is signed ($0), but this host has no keys to check it against: put the signer's public key in $1 (gpg --export KEY > $1)."), reason.params.path, reason.params.keyring);
    case "signature-error":
        return format(_("The signature $0 could not be checked: $1"), reason.params.path, reason.params.detail);
    case "signature-required":
        return reason.params.problems
            ? format(_("$0 cannot be read ($1), so signatures are required. The image has no signature that can be checked: fix the policy, or give the image's signature."), reason.params.policy, reason.params.problems)
            : format(_("This host takes only signed images ($0: require-signature = yes), and the image has no signature that can be checked. Give its signature file (IMAGE.sig or IMAGE.asc beside it is found by itself) and the signer's key in $1, or change the policy."),
                     reason.params.policy, reason.params.keyring);
    case "policy-unchanged":
        return _("Nothing changed: the policy already says so.");
    case "pool-too-small":
        return format(_("The new base needs about $0, but the thin pool has $1 free, and it must stay below $2 % full. Remove old images (Clean up) or extend the pool (lvextend) first."),
                      formatBytes(reason.params.needed), formatBytes(reason.params.free), reason.params.limit);
    }
}
