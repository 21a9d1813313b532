#!/bin/bash
# Install the host packages the VM lab, the browser tests, the unit tests, the packages and `make pot` need (Debian 12 host, root).
# Idempotent and quick when everything is there: dpkg-query decides, apt runs only if needed.
set -euo pipefail

pkgs=(
    qemu-system-x86 qemu-utils   # the VM (TCG or KVM), qemu-img
    mmdebstrap debian-archive-keyring  # builds the guest rootfs from Debian's archive
    e2fsprogs fdisk util-linux   # mkfs.ext4 -d, sfdisk for the node disk's MBR, flock
    squashfs-tools               # mksquashfs: the OS images for the upgrade tests
    gnupg                        # gpg: signs the lab's v2 image with a throwaway key
    socat                        # talks to the qemu monitor socket
    openssh-client curl          # harness access to the guest; Cockpit readiness
    tar
    chromium                     # the e2e tests' browser (Playwright drives it)
    rpm grub-common              # unit tests check against RPM's own vercmp and grub-script-check
    appstream                    # appstreamcli validates the metainfo (unit test, package builds)
    dpkg-dev debhelper lintian   # make deb (dpkg-buildpackage, dh) and make test-package's lintian
    xz-utils                     # make dist's tarball; rpm (above) has rpmbuild for make rpm
    gettext                      # xgettext, msgmerge: make pot, make update-po, the po/ unit test
    shellcheck                   # make lint: the host programs in src/host/scripts/
)

missing=()
for p in "${pkgs[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null) || status=
    [[ $status == installed ]] || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
    echo "host-deps: all ${#pkgs[@]} packages present"
    exit 0
fi
echo "host-deps: installing ${missing[*]}"
if ((EUID != 0)); then
    echo "host-deps: must run as root" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends "${pkgs[@]}"
