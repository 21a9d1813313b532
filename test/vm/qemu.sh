# shellcheck shell=bash
# The qemu command-line shape of the lab (sourced; part of the image cache hash).
# A saved VM state (savevm/loadvm) only restores onto the SAME device configuration, so the
# golden boot and every restore must build their command line here (vm-lab.md §3b, P13).

LAB_QEMU=${LAB_QEMU:-qemu-system-x86_64}

# lab_accel -> kvm|tcg. /dev/kvm alone is not enough: on PVM hosts (kvm_pvm) stock kernels
# hang (P1). Use KVM only with a real kvm_intel/kvm_amd module.
lab_accel() {
    if [[ -e /sys/module/kvm_intel || -e /sys/module/kvm_amd ]] && [[ -w /dev/kvm ]]; then
        echo kvm
    else
        echo tcg
    fi
}

# lab_machine_args ACCEL: sets LAB_MACHINE_ARGS. tb-size=256: the default 1 GiB TCG
# translation cache more than doubles qemu's RSS (P16). One vCPU: the e2e suite runs two VMs
# beside the browser on a 2-core host, where a second vCPU per guest only adds contention
# (update-grub in two guests at once: 36 s each with 2 vCPUs, 24 s with 1).
lab_machine_args() {
    LAB_MACHINE_ARGS=(-machine q35 -smp 1 -m 1024)
    case $1 in
        kvm) LAB_MACHINE_ARGS+=(-accel kvm -cpu host) ;;
        *) LAB_MACHINE_ARGS+=(-accel tcg,thread=multi,tb-size=256 -cpu max) ;;
    esac
}

# lab_node_args ACCEL RUNDIR DISK DATA IMAGES HTTP_PORT SSH_PORT: sets LAB_QEMU_ARGS for the
# node VM: booted by SeaBIOS -> GRUB from DISK (/dev/vda, serial "node"), DATA is a blank disk
# for scenarios (/dev/vdb, serial "data"), IMAGES the raw ext4 holding the OS images for the
# upgrade tests (/dev/vdc, serial "images"), read-only: savevm/loadvm leave read-only drives
# out, and several VMs can share the cache's one file. Host ports and file paths may differ
# between golden and restore (they are host-side only); nothing else may. restrict=on: the
# guest reaches nothing but the forwarded ports.
lab_node_args() {
    local accel=$1 rundir=$2 disk=$3 data=$4 images=$5 http=$6 ssh=$7
    lab_machine_args "$accel"
    LAB_QEMU_ARGS=(
        "$LAB_QEMU" -name imgbased-lab-node "${LAB_MACHINE_ARGS[@]}"
        -drive "if=none,id=disk0,file=$disk,format=qcow2,cache=unsafe,discard=unmap"
        -device virtio-blk-pci,drive=disk0,serial=node,bootindex=0
        -drive "if=none,id=disk1,file=$data,format=qcow2,cache=unsafe,discard=unmap"
        -device virtio-blk-pci,drive=disk1,serial=data
        -drive "if=none,id=disk2,file=$images,format=raw,readonly=on"
        -device virtio-blk-pci,drive=disk2,serial=images
        -nic "user,model=virtio-net-pci,restrict=on,hostfwd=tcp:127.0.0.1:$http-:9090,hostfwd=tcp:127.0.0.1:$ssh-:22"
        -display none
        -serial "file:$rundir/serial.log"
        -monitor "unix:$rundir/monitor.sock,server=on,wait=off"
        -pidfile "$rundir/qemu.pid" -daemonize
    )
}

# lab_helper_args ACCEL WORK: sets LAB_QEMU_ARGS for the build helper VM: direct kernel
# boot of root.img (throw-away writes: snapshot=on) with init=lab-job-init, the node disk,
# root.img again read-only as the copy source, and the job archive. No network.
lab_helper_args() {
    local accel=$1 w=$2
    lab_machine_args "$accel"
    LAB_QEMU_ARGS=(
        "$LAB_QEMU" -name imgbased-lab-helper "${LAB_MACHINE_ARGS[@]}"
        -kernel "$w/vmlinuz" -initrd "$w/initrd.img"
        -append "root=/dev/vda rw init=/usr/local/sbin/lab-job-init console=ttyS0,115200 quiet panic=-1"
        -drive "if=none,id=d0,file=$w/root.img,format=raw,snapshot=on"
        -device virtio-blk-pci,drive=d0,serial=helperroot
        -drive "if=none,id=d1,file=$w/node.raw,format=raw,cache=unsafe"
        -device virtio-blk-pci,drive=d1,serial=node
        -drive "if=none,id=d2,file=$w/root.img,format=raw,readonly=on"
        -device virtio-blk-pci,drive=d2,serial=rootimg
        -drive "if=none,id=d3,file=$w/job.tar,format=raw,readonly=on"
        -device virtio-blk-pci,drive=d3,serial=labjob
        -nic none -display none -no-reboot
        -serial "file:$w/helper.log"
    )
}
