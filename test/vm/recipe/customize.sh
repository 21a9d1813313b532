#!/bin/bash
# mmdebstrap customize hook: turn the installed rootfs into the lab guest.
# Usage: customize.sh ROOTFS PUBKEY_FILE   (runs on the host as root; /proc etc. are mounted)
set -euo pipefail
R=$1
PUBKEY=$2
here=$(cd "$(dirname "$0")" && pwd)
in_root() { chroot "$R" "$@"; }

# --- identity, fstab ---------------------------------------------------------------
echo node1 >"$R/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 node1\n::1 localhost ip6-localhost ip6-loopback\n' >"$R/etc/hosts"
# The installer root's fstab. Each layer gets its own root line when it is created.
cat >"$R/etc/fstab" <<'EOF'
/dev/nodevg/root / ext4 defaults,noatime 0 1
LABEL=boot /boot ext4 defaults 0 2
EOF
# What an image says it is: imgbased reads the NVR from this file (imgbased.md §1.2).
mkdir -p "$R/usr/share/imgbase/build/meta"
echo debian-node-12.0-1 >"$R/usr/share/imgbase/build/meta/nvr"
# A plain /etc file that the v2 image changes ("v2", recipe/make-images.sh): for upgrade tests
# of how /etc carries over.
echo v1 >"$R/etc/imgbased-lab-release"
# A Debian host would have this; the product's Debian GRUB backend expects GRUB_DEFAULT=saved.
cat >"$R/etc/default/grub" <<'EOF'
GRUB_DEFAULT=saved
GRUB_TIMEOUT=1
GRUB_DISTRIBUTOR=Debian
GRUB_CMDLINE_LINUX_DEFAULT="quiet"
GRUB_CMDLINE_LINUX="console=ttyS0,115200 net.ifnames=0"
GRUB_TERMINAL="serial console"
GRUB_SERIAL_COMMAND="serial --unit=0 --speed=115200"
GRUB_DISABLE_OS_PROBER=true
EOF

# --- network: DHCP from slirp (10.0.2.15), no wait-online ---------------------------
mkdir -p "$R/etc/systemd/network"
printf '[Match]\nName=en* eth*\n\n[Network]\nDHCP=ipv4\n' >"$R/etc/systemd/network/20-wired.network"
in_root systemctl enable systemd-networkd.service >/dev/null 2>&1

# --- mask units that cost boot time or fire on the clock jump after a snapshot restore
# (realtime timers with Persistent=true would all run right after `date -s`).
for u in systemd-networkd-wait-online.service apt-daily.timer apt-daily-upgrade.timer \
         e2scrub_all.timer e2scrub_reap.service fstrim.timer man-db.timer logrotate.timer \
         dpkg-db-backup.timer; do
    ln -sf /dev/null "$R/etc/systemd/system/$u"
done

# --- users: root/test, admin/test (sudo, NOPASSWD), viewer/test (no sudo) ----------
in_root useradd -m -s /bin/bash -G sudo admin
in_root useradd -m -s /bin/bash viewer
printf 'root:test\nadmin:test\nviewer:test\n' | in_root chpasswd
echo 'admin ALL=(ALL) NOPASSWD: ALL' >"$R/etc/sudoers.d/admin"
chmod 0440 "$R/etc/sudoers.d/admin"

# --- ssh: the harness logs in as root with the lab key ---------------------------------
install -d -m 0700 "$R/root/.ssh"
install -m 0600 "$PUBKEY" "$R/root/.ssh/authorized_keys"

# --- cockpit: root may log in (P3), plain http through the port forward (P4) ----------
: >"$R/etc/cockpit/disallowed-users"
printf '[WebService]\nAllowUnencrypted=true\n' >"$R/etc/cockpit/cockpit.conf"
in_root systemctl enable cockpit.socket >/dev/null 2>&1
# Pre-generate the self-signed certificate so the first start is cheap (P7). Non-fatal:
# cockpit makes one at start if this fails.
in_root /usr/lib/cockpit/cockpit-certificate-ensure >/dev/null 2>&1 || true

# --- serial console: autologin (debugging only) and the readiness marker -------------
mkdir -p "$R/etc/systemd/system/serial-getty@ttyS0.service.d"
cat >"$R/etc/systemd/system/serial-getty@ttyS0.service.d/autologin.conf" <<'EOF'
[Service]
ExecStart=
ExecStart=-/sbin/agetty --autologin root --keep-baud 115200,57600,38400,9600 %I $TERM
EOF
cat >"$R/etc/systemd/system/vm-ready.service" <<'EOF'
[Unit]
Description=Tell the lab host that the VM is ready
After=multi-user.target cockpit.socket ssh.service systemd-networkd.service

[Service]
Type=oneshot
ExecStart=/bin/sh -c 'echo "VM-READY $(cut -d" " -f1 /proc/uptime) $(findmnt -no SOURCE /)" > /dev/ttyS0'

[Install]
WantedBy=multi-user.target
EOF
in_root systemctl enable vm-ready.service >/dev/null 2>&1

# --- build helper entry point (inert unless booted with init=) -----------------------
install -D -m 0755 "$here/lab-job-init.sh" "$R/usr/local/sbin/lab-job-init"

# --- small image ----------------------------------------------------------------------
in_root apt-get clean
rm -rf "$R"/var/lib/apt/lists/*
