# shellcheck shell=bash
# Scenario "changed-layer": the booted layer debian-node-12.0-1+1 with known local changes
# against its base, for the diff view (tests compare the page with an independent rsync).
#   content   /etc/issue (a line edited), /etc/ssh/sshd_config (a line appended)
#   metadata  /etc/debian_version (chmod 600, content untouched)
#   added     /etc/imgbased-lab/site.conf, names with a space, a newline, non-UTF-8 bytes,
#             a FIFO, a symlink
#   removed   /etc/motd
#   package   imgbased-lab-tool 1.0 installed (a local .deb built here: the guest has no network),
#             and imgbased-lab-base upgraded from 1.0 (in the base) to 2.0 (in the layer)
# The base gets imgbased-lab-base 1.0 first (through a throwaway writable snapshot, as an image
# build would have it), so the layer shows an upgrade and not only an addition.
VG=nodevg BASE=debian-node-12.0-1

build_deb() {  # NAME VERSION DIR: a tiny package with one file, /usr/share/NAME/version
    local name=$1 version=$2 dir=$3/$1-$2
    mkdir -p "$dir/DEBIAN" "$dir/usr/share/$name"
    printf 'Package: %s\nVersion: %s\nArchitecture: all\nMaintainer: lab <lab@localhost>\nDescription: imgbased lab package\n' \
        "$name" "$version" >"$dir/DEBIAN/control"
    echo "$name $version" >"$dir/usr/share/$name/version"
    dpkg-deb -Zgzip --root-owner-group --build "$dir" "$3/$name-$version.deb" >/dev/null
}

work=$(mktemp -d)
build_deb imgbased-lab-base 1.0 "$work"
build_deb imgbased-lab-base 2.0 "$work"
build_deb imgbased-lab-tool 1.0 "$work"

# The base: make it writable for a moment, install 1.0 into it, protect it again. The layer is
# a snapshot of the base taken at build time, so re-snapshot it afterwards: give the layer the
# same package by installing 1.0 there first, then upgrading to 2.0 (dpkg's database in the
# layer then differs from the base's exactly by the upgrade and the new package).
lvchange -qq -p rw "$VG/$BASE"
lvchange -qq -ay -K "$VG/$BASE"
udevadm settle
mnt=$(mktemp -d)
mount "/dev/$VG/$BASE" "$mnt"
dpkg --root="$mnt" --force-script-chrootless -i "$work/imgbased-lab-base-1.0.deb" >/dev/null
umount "$mnt"
rmdir "$mnt"
lab_protect "$VG/$BASE"
dpkg -i "$work/imgbased-lab-base-1.0.deb" >/dev/null

# From here on, the layer only.
dpkg -i "$work/imgbased-lab-base-2.0.deb" "$work/imgbased-lab-tool-1.0.deb" >/dev/null
rm -rf "$work"

sed -i '1s/.*/Debian GNU\/Linux 12 (imgbased lab, edited)/' /etc/issue
echo "# imgbased lab: appended" >>/etc/ssh/sshd_config
chmod 600 /etc/debian_version
mkdir -p /etc/imgbased-lab
printf 'site=lab\n' >/etc/imgbased-lab/site.conf
printf 'spaces\n' >"/etc/imgbased-lab/name with spaces"
printf 'newline\n' >"/etc/imgbased-lab/line"$'\n'"break"
printf 'latin1\n' >"/etc/imgbased-lab/caf"$'\xe9'
mkfifo /etc/imgbased-lab/fifo
ln -s site.conf /etc/imgbased-lab/link
rm /etc/motd
sync
