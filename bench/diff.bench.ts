// What the diff view costs on a real node, against the obvious alternatives in the same run: two
// plain `find` walks of the two trees (the floor: we cannot list a tree faster than find), and
// `rsync -n` with checksums (what an admin would run by hand). Each run starts with cold caches
// (drop_caches), as the first look at a layer does: the base is inactive, so nothing of it is
// cached. Ours is timed in the page (activation, both walks, transfer, parse and compare); the
// alternatives are timed in the guest on the base mounted beforehand, so they pay for neither
// the activation nor a transfer. Run through `make bench`.
import { openPlugin, type Session } from "../test/e2e/lib/browser.ts";
import { LabVm } from "../test/e2e/lib/vm.ts";
import { median } from "./stats.ts";

const REPEAT = 3;
const VG = "nodevg";
const BASE = "debian-node-12.0-1";
const LAYER = `${BASE}+1`;
const OLD_MOUNT = "/run/bench-old";
const FIND_FORMAT = String.raw`e\0x\0%y\0%i\0%C@\0%T@\0%s\0%m\0%U\0%G\0%P\0%l\0`;


export interface DiffBench {
    changedFiles: number;
    filesPerTree: number;
    changesFound: number;
    oursS: number;
    findS: number;
    rsyncS: number;
    rsyncItems: number;
}

async function dropCaches(vm: LabVm): Promise<void> {
    await vm.ssh("sync; echo 3 >/proc/sys/vm/drop_caches");
}

/** Seconds a guest command takes, measured in the guest. */
async function timed(vm: LabVm, command: string): Promise<{ s: number; stdout: string }> {
    const { stdout } = await vm.ssh(`t0=$(date +%s.%N); out=$(${command}); rc=$?; t1=$(date +%s.%N); echo "$rc $t0 $t1"; printf '%s\\n' "$out"`);
    const [head = "", ...rest] = stdout.split("\n");
    const [rc, t0, t1] = head.split(" ").map(Number);
    if (rc !== 0 && rc !== 24) throw new Error(`${command}: exit ${rc}`);
    return { s: (t1 ?? 0) - (t0 ?? 0), stdout: rest.join("\n") };
}

/** One cold run of the page's comparison; seconds and the number of changes it found. */
async function ours(vm: LabVm, session: Session): Promise<{ s: number; changes: number }> {
    // Another page first: the same URL again would keep the last result on screen.
    await session.page.goto(`${vm.url}/system`);
    await vm.ssh("mkdir -p /run/imgbased/diff && flock /run/imgbased/diff/lock true");
    await dropCaches(vm);
    await session.page.goto(`${vm.url}/imgbased#/diff?new=${encodeURIComponent(`${VG}/${LAYER}`)}`);
    const handle = await session.page.waitForSelector('iframe[name="cockpit1:localhost/imgbased"]', { state: "attached" });
    const frame = (await handle.contentFrame())!;
    const done = await frame.waitForSelector('[data-testid="diff-result"][data-state="ready"]', { timeout: 600_000 });
    const ms = Number(await done.getAttribute("data-list-ms")) + Number(await done.getAttribute("data-compare-ms"));
    return { s: ms / 1000, changes: Number(await done.getAttribute("data-total")) };
}

export async function run(changedFiles: number[]): Promise<DiffBench[]> {
    const vm = await LabVm.start("bench-diff", "changed-layer");
    const results: DiffBench[] = [];
    try {
        const session = await openPlugin(vm.url, "admin", { admin: true });
        try {
            let made = 0;
            for (const target of changedFiles) {
                // More changed files in the layer: new files, and rewritten copies of image files.
                await vm.ssh(`mkdir -p /var/lib/bench && cd /var/lib/bench && for i in $(seq ${made + 1} ${target}); do
                    if [ $((i % 2)) = 0 ]; then echo "$i" >"new-$i"; else cp /etc/passwd "copy-$i"; fi; done; test "$(ls | wc -l)" = ${target}`);
                made = target;
                const ourRuns: number[] = [];
                let changes = 0;
                for (let i = 0; i < REPEAT; i++) {
                    const r = await ours(vm, session);
                    ourRuns.push(r.s);
                    changes = r.changes;
                }
                // The same result: every file made above is among the changes found.
                if (changes < target)
                    throw new Error(`the page found ${changes} changes, fewer than the ${target} files made`);
                await vm.ssh(`lvchange -ay -K ${VG}/${BASE} && mkdir -p ${OLD_MOUNT} && mount -o ro,noload /dev/${VG}/${BASE} ${OLD_MOUNT}`);
                const findRuns: number[] = [];
                let rsyncS = 0, rsyncItems = 0, files = 0;
                try {
                    for (let i = 0; i < REPEAT; i++) {
                        await dropCaches(vm);
                        findRuns.push((await timed(vm, `find ${OLD_MOUNT} -xdev -printf '${FIND_FORMAT}' >/dev/null; find / -xdev -printf '${FIND_FORMAT}' >/dev/null`)).s);
                    }
                    files = Number((await vm.ssh("find / -xdev | wc -l")).stdout.trim());
                    await dropCaches(vm);
                    const rsync = await timed(vm, `rsync -rlpgoDcni --delete -x --exclude=${OLD_MOUNT} / ${OLD_MOUNT}/ | wc -l`);
                    rsyncS = rsync.s;
                    rsyncItems = Number(rsync.stdout.trim());
                } finally {
                    await vm.ssh(`umount ${OLD_MOUNT}; lvchange -an ${VG}/${BASE}`);
                }
                results.push({
                    changedFiles: target, filesPerTree: files, changesFound: changes,
                    oursS: median(ourRuns), findS: median(findRuns), rsyncS, rsyncItems,
                });
            }
        } finally {
            await session.close();
        }
    } finally {
        await vm.stop();
    }
    return results;
}
