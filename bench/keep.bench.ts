// The upgrade's conflict check against the obvious alternative: for N locally added files under a
// whitelisted directory, our two host programs (the diff program's hashes in the base and the
// layer, the image program's in the image; both activate, mount, check every path and clean up)
// vs a bare shell that mounts the same two trees read-only and runs one sha256sum over the same
// files in each of the three, in the guest. Cold caches for both. Run through `make bench BENCH=keep`.
import { hashCarriedFiles } from "../src/host/local-changes.ts";
import { LabVm } from "../test/e2e/lib/vm.ts";
import { SshMachine, timed } from "./ssh-machine.ts";

const IMAGE = "/mnt/images/debian-node-12.1-1.squashfs";
const VG = "nodevg";
const BASE = "debian-node-12.0-1";
const DIR = "etc/bench-keep";
const DROP_CACHES = "sync; echo 3 > /proc/sys/vm/drop_caches";

export interface KeepBench { files: number; oursS: number; bareS: number }

// The same question answered by hand, as an admin would script it: both trees mounted read-only,
// then one sha256sum over the list in each of the three (xargs: no process a file).
const BARE = `set -e; m=$(mktemp -d); mkdir $m/base $m/image; cat > $m/list
lvchange -ay -K ${VG}/${BASE}; mount -o ro,noload /dev/${VG}/${BASE} $m/base; mount -o ro ${IMAGE} $m/image
for root in $m/base / $m/image; do (cd $root && xargs -d '\\n' sha256sum -- <$m/list >/dev/null 2>&1 || true); done
umount $m/base $m/image; lvchange -an ${VG}/${BASE}; rm -r $m`;

export async function run(counts: number[]): Promise<KeepBench[]> {
    const vm = await LabVm.start("bench-keep");
    const m = new SshMachine(vm);
    const results: KeepBench[] = [];
    try {
        await vm.mountImages("/mnt/images");
        for (const files of counts) {
            await vm.ssh(`rm -rf /${DIR}; mkdir -p /${DIR}; for i in $(seq ${files}); do echo "local $i" > /${DIR}/f$i.conf; done`);
            const paths = Array.from({ length: files }, (_x, i) => `${DIR}/f${i + 1}.conf`);
            await vm.ssh(DROP_CACHES);
            const t0 = performance.now();
            await hashCarriedFiles(m, `${VG}/${BASE}`, `${VG}/${BASE}+1`, IMAGE, paths);
            const oursS = (performance.now() - t0) / 1000;
            // The diff program deactivates after answering: let it finish before the bare run.
            await vm.ssh("flock /run/imgbased/diff/lock true");
            await vm.ssh(DROP_CACHES);
            const bareS = await timed(vm, BARE, paths.join("\n") + "\n");
            results.push({ files, oursS, bareS });
        }
    } finally {
        await vm.stop();
    }
    return results;
}
