#!/bin/bash
# Build the two OS images the upgrade tests install (runs on the host as root, called by
# build-image after root.img is made):
#   debian-node-12.0-1.squashfs  v1: the node's root tree as built (= base debian-node-12.0-1),
#                                but with the kernel files in its own /boot
#   debian-node-12.1-1.squashfs  v2: v1 + package imgbased-lab-release 2.0 (dpkg-installed,
#                                /usr/share/imgbased-lab/release = "2"; its postinst adds the
#                                system user imgbased-lab, which owns /usr/share/imgbased-lab/owned
#                                and runs its enabled service imgbased-lab.service, as a new
#                                package's service account does), /etc/imgbased-lab-release
#                                = "v2" (v1: "v1"), NVR debian-node-12.1-1
# Each with NAME.sha256 beside it (sha256sum format, so `sha256sum -c NAME.sha256` works there).
# Signatures, by two keys made here and thrown away (only the public half of the first is kept):
#   lab-keys.gpg                   the "imgbased lab images" key, for the node's image keyring
#   debian-node-12.1-1.squashfs.sig  v2 signed by it (found beside the image by the wizard)
#   debian-node-12.0-1.squashfs.sig  v1 signed by it: against v2, a signature that does not match
#   unknown-signer.sig             v2 signed by a key the node does not know
# Usage: make-images.sh ROOTFS BOOT_DIR OUTDIR
#   ROOTFS is CHANGED in place (its /boot filled from BOOT_DIR, then turned into v2): pass a
#   tree that is thrown away afterwards.
# Compression zstd level 3: unpacking it in the TCG guest takes as long as lz4 (both ~17 s onto
# a thin LV) and less than gzip (23 s), the image is 29 % smaller than lz4's (235 vs 332 MB,
# so its sha256 check is faster too), and mksquashfs makes it in ~3 s (zstd's default level
# 15 takes minutes). Measurements: test/vm/README.md "OS images".
set -euo pipefail
R=$1 BOOT=$2 OUT=$3
COMP=(-comp zstd -Xcompression-level 3)
V1=debian-node-12.0-1 V2=debian-node-12.1-1
mkdir -p "$OUT"

# mksquashfs: -noappend (never add to an old file), -no-progress (log stays short).
squash() { # NAME
    mksquashfs "$R" "$OUT/$1.squashfs" -noappend -no-progress "${COMP[@]}" >/dev/null
    (cd "$OUT" && sha256sum "$1.squashfs" >"$1.sha256")
}

# --- v1: the node's tree + its kernel, initrd, config, System.map in /boot ------------
[[ $(<"$R/usr/share/imgbase/build/meta/nvr") == "$V1" ]] || { echo "rootfs is not $V1" >&2; exit 1; }
cp -a "$BOOT/." "$R/boot/"
squash "$V1"

# --- v2 ---------------------------------------------------------------------------------
# A local package (the build has network, the guest has none; dpkg-deb keeps it offline).
pkg=$(mktemp -d)
trap 'rm -rf "$pkg"' EXIT
mkdir -p "$pkg/p/DEBIAN" "$pkg/p/usr/share/imgbased-lab"
cat >"$pkg/p/DEBIAN/control" <<'EOF'
Package: imgbased-lab-release
Version: 2.0
Architecture: all
Maintainer: imgbased lab <lab@localhost>
Description: imgbased lab: marks the v2 test image
EOF
echo 2 >"$pkg/p/usr/share/imgbased-lab/release"
echo "owned by the package's own user" >"$pkg/p/usr/share/imgbased-lab/owned"
mkdir -p "$pkg/p/lib/systemd/system"
cat >"$pkg/p/lib/systemd/system/imgbased-lab.service" <<'EOF'
[Unit]
Description=imgbased lab: a service of v2's own system user

[Service]
User=imgbased-lab
ExecStart=/bin/sleep infinity

[Install]
WantedBy=multi-user.target
EOF
# A package's service account, made the way Debian's packages make theirs (the upgrade must
# merge it into the node's accounts, not lose it to the node's /etc/passwd).
cat >"$pkg/p/DEBIAN/postinst" <<'EOF'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
	getent passwd imgbased-lab >/dev/null ||
		useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin imgbased-lab
	chown imgbased-lab:imgbased-lab /usr/share/imgbased-lab/owned
	mkdir -p /etc/systemd/system/multi-user.target.wants
	ln -sf /lib/systemd/system/imgbased-lab.service /etc/systemd/system/multi-user.target.wants/imgbased-lab.service
fi
EOF
chmod 0755 "$pkg/p/DEBIAN/postinst"
dpkg-deb -Zgzip --root-owner-group --build "$pkg/p" "$R/tmp/imgbased-lab-release_2.0_all.deb" >/dev/null
# The tree's own dpkg, chrooted: it goes into v2's dpkg status like any installed package.
chroot "$R" dpkg --force-unsafe-io -i /tmp/imgbased-lab-release_2.0_all.deb >/dev/null
rm -f "$R/tmp/imgbased-lab-release_2.0_all.deb"
echo v2 >"$R/etc/imgbased-lab-release"
echo "$V2" >"$R/usr/share/imgbase/build/meta/nvr"
squash "$V2"

# --- signatures -----------------------------------------------------------------------------
export GNUPGHOME
GNUPGHOME=$(mktemp -d)
trap 'rm -rf "$pkg" "$GNUPGHOME"' EXIT
newkey() { gpg --batch --quiet --pinentry-mode loopback --passphrase '' --quick-gen-key "$1" ed25519 sign never; }
newkey 'imgbased lab images <lab@localhost>'
newkey 'unknown signer <unknown@localhost>'
gpg --batch --export lab@localhost >"$OUT/lab-keys.gpg"
sign() { gpg --batch --quiet --local-user "$1" --detach-sign --output "$OUT/$3" "$OUT/$2"; }
sign lab@localhost "$V2.squashfs" "$V2.squashfs.sig"
sign lab@localhost "$V1.squashfs" "$V1.squashfs.sig"
sign unknown@localhost "$V2.squashfs" unknown-signer.sig
