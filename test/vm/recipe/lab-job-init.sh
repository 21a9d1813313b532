#!/bin/sh
# PID 1 of the build helper VM (kernel arg init=/usr/local/sbin/lab-job-init), installed
# into the image but inert in normal boots. Why not systemd: the helper only needs udev
# (for /dev/VG/LV links) and a shell; skipping the full boot saves ~15 s under TCG.
# The job is a tar archive on the disk with serial "labjob"; its run.sh output goes to
# ttyS0 and the host reads "LAB-JOB-EXIT <rc>" from the serial log.
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs run /run
mount -t tmpfs tmp /tmp
mkdir -p /run/lock /run/job
/lib/systemd/systemd-udevd --daemon
udevadm trigger --action=add
udevadm settle --timeout=30
rc=99
if tar -C /run/job -xf /dev/disk/by-id/virtio-labjob; then
    (cd /run/job && bash ./run.sh) >/dev/ttyS0 2>&1
    rc=$?
fi
echo "LAB-JOB-EXIT $rc" >/dev/ttyS0
sync
echo o >/proc/sysrq-trigger
sleep 60
