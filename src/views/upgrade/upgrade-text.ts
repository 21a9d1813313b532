// The upgrade wizard's words for what the model names by code: image problems, image formats and
// pre-flight checks (each with its numbers).
import { _, format } from "../../../pkg/lib/cockpit.ts";
import type { PreflightCheck } from "../../model/actions/upgrade.ts";
import type { ImageFormat, ImageProblem, NotOpenedReason } from "../../model/upgrade/image-probe.ts";
import { IMAGE_KEYRING } from "../../model/upgrade/signature.ts";
import { formatBytes } from "../format.ts";
import { refusalText } from "../refusals.ts";

export function imageProblemText(p: ImageProblem): string {
    switch (p.problem) {
    case "missing":
        return format(_("There is no file $0. Check the path, or pick the file with Browse."), p.detail);
    case "not-file":
        return format(_("$0 is not a regular file. Pick the image file itself."), p.detail);
    case "unreadable":
        return format(_("The image cannot be read: $0. Check its permissions and the disk it is on."), p.detail);
    case "unknown-format":
        return format(_("This is not an image this page can use (it starts with $0). Use a squashfs (also with LiveOS/rootfs.img inside), an ext4 or XFS image, or a tar archive (.tar, .gz, .xz, .zst)."), p.detail);
    case "truncated": {
        const [needed, size] = p.detail.split(" ");
        return format(_("The image is cut off: its header says $0, but the file has only $1. Download it again."),
                      formatBytes(Number(needed)), formatBytes(Number(size)));
    }
    case "corrupt":
        return format(_("The image is damaged: $0. Download it again."), p.detail);
    case "mount-failed":
        return format(_("The image could not be opened read-only: $0"), p.detail);
    case "bad-path":
        return format(_("A path outside the image was asked for: $0"), p.detail);
    case "unsafe-member":
        return format(_("The archive has a member that would land outside the new tree: $0. Archives of a root tree name their members relative to it, without \"..\": this one was not made as one, or was made to escape."), p.detail);
    }
}

/** Why an image the kernel would mount was left closed (model/upgrade/open-image.ts). */
export function unopenedText(reason: NotOpenedReason): string {
    switch (reason) {
    case "checksum-mismatch":
        return _("The image's sha256 is not the one it should have, so it was not mounted to look inside. The checks show both.");
    case "signature-not-good":
        return _("The image's signature is not good, so it was not mounted to look inside. The checks say why.");
    case "signature-required":
        return _("This host takes only signed images, and this image has no good signature, so it was not mounted to look inside. The checks say what to do.");
    }
}

export function formatName(f: ImageFormat): string {
    switch (f) {
    case "squashfs": return _("squashfs of a root tree");
    case "squashfs-liveos": return _("squashfs with LiveOS/rootfs.img");
    case "ext4": return _("ext4 file system image");
    case "xfs": return _("XFS file system image");
    case "tar": return _("tar archive");
    }
}

export function checkTitle(check: PreflightCheck): string {
    switch (check.id) {
    case "name": return _("Name is free");
    case "image": return check.params.verified ? _("Image verified (sha256)") : _("Image not verified: no sha256 given");
    case "image-owner": return _("Only root can change the image");
    case "signature":
        return check.params.signed ? _("Image signed by a trusted key")
            : check.params.unchecked ? _("Image signature not checked") : _("Image not signed");
    case "kernel": return _("Image has a kernel");
    case "root-fs": return _("Root file system type");
    case "pool-data": return _("Thin pool data after the upgrade");
    case "pool-metadata": return _("Thin pool metadata");
    case "boot": return _("Room in /boot for the kernel and initramfs");
    }
}

/** The numbers of a passed check; a failed one says what is wrong and the fix. */
export function checkDetail(check: PreflightCheck): string {
    if (!check.ok)
        return refusalText(check.reason);
    const p = check.params;
    switch (check.id) {
    case "name": return String(p.name);
    case "image":
        if (p.verified)
            return String(p.actual);
        return p.mounted
            ? _("The image will be used as it is, and the kernel mounts this file system image unverified, to read it here and to fill the new base. Give its sha256 to be sure it is the file meant.")
            : _("The image will be used as it is. Give its sha256 to be sure it is the file meant.");
    case "image-owner": return String(p.path);
    case "signature":
        if (p.signed)
            return format(_("$0, key $1"), String(p.signer), String(p.fingerprint));
        return p.unchecked
            ? format(_("$0 is beside it, but this host has no image keys to check it with: put the signer's public key in $1."), String(p.path), IMAGE_KEYRING)
            : format(_("No signature was given, and none is beside it (IMAGE.sig or IMAGE.asc). Signed images are checked against $0."), IMAGE_KEYRING);
    case "kernel": return String(p.version);
    case "root-fs": return String(p.fsType);
    case "pool-data":
        return format(_("needs about $0 of $1 free; $2 % used afterwards (limit $3 %)"),
                      formatBytes(Number(p.needed)), formatBytes(Number(p.free)), String(p.percentAfter), String(p.limit));
    case "pool-metadata": return format(_("$0 % used (limit $1 %)"), String(p.percent), String(p.limit));
    case "boot": return format(_("needs $0, $1 free"), formatBytes(Number(p.needed)), formatBytes(Number(p.free)));
    }
}
