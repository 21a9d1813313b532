// The upgrade: a real image (the lab's v2, built with the lab) through the wizard, a real fill,
// a real reboot into the new layer and back. What the admin chose to keep comes along; every
// other local change stays in the old layer. Bad input is explained before anything changes.
import assert from "node:assert/strict";
import { waitForJob } from "./lib/actions.ts";
import { openPlugin } from "./lib/browser.ts";
import { guestGrubDefault, guestImages, guestRootLv } from "./lib/guest.ts";
import { e2e, labForThisFile } from "./lib/harness.ts";
import { checkResults, chooseImage, imageProblem, next } from "./lib/upgrade.ts";

const lab = labForThisFile("upgrade");
const OLD = "debian-node-12.0-1";
const NEW = "debian-node-12.1-1";
const DIR = "/mnt/images";       // the lab's images disk, read-only
const BAD = "/var/tmp/bad";
const V2 = `${DIR}/${NEW}.squashfs`;
const admin = () => openPlugin(lab.vm.url, "admin", { admin: true });

/** The LVs, the boot entries, /boot's directories and GRUB's default: what "nothing changed" compares. */
async function hostState(): Promise<string> {
    const { stdout } = await lab.vm.ssh("lvs --noheadings -o lv_name,lv_tags | sort; ls /boot /boot/loader/entries; grub-editenv list; findmnt -rn -o TARGET | grep '^/run/imgbased' || true");
    return stdout;
}

e2e("bad images are explained before anything changes", lab, async keep => {
    await lab.vm.mountImages(DIR);
    // Damaged copies of v2, and an image of a tree without a kernel, made in the guest.
    await lab.vm.ssh(`set -e; mkdir -p ${BAD}/nokernel/etc; cd ${BAD}
        head -c 20000000 ${V2} > cut.squashfs
        cp /etc/os-release nokernel/etc/ && mksquashfs nokernel nokernel.squashfs -quiet -noappend
        printf 'not an image' > text.img`);
    const before = await hostState();
    const { frame } = keep(await admin());

    await chooseImage(frame, `${BAD}/missing.squashfs`);
    assert.equal(await imageProblem(frame), "missing");
    const cases: [string, string][] = [[`${BAD}/cut.squashfs`, "truncated"], [`${BAD}/text.img`, "unknown-format"]];
    for (const [path, code] of cases) {
        await frame.fill('[data-testid="upgrade-path"]', path);
        await frame.click('[data-testid="upgrade-inspect"]');
        await frame.waitForSelector(`[data-testid="image-problem"][data-code="${code}"]`, { timeout: 60_000 });
    }

    // A wrong checksum: the image reads fine, the check is red and nothing continues.
    await frame.fill('[data-testid="upgrade-path"]', V2);
    await frame.fill('[data-testid="upgrade-sha256"]', "0".repeat(64));
    await frame.click('[data-testid="upgrade-inspect"]');
    await frame.waitForSelector('[data-testid="image-facts"]', { timeout: 120_000 });
    await next(frame);
    assert.ok((await checkResults(frame)).includes("image:checksum-mismatch"));
    assert.equal(await frame.isDisabled('[data-testid="upgrade-wizard"] [data-testid="wizard-next"]'), true);

    // No kernel; and a name that is taken (the running base's).
    await frame.click('[data-testid="upgrade-wizard"] button:has-text("Back")');
    await frame.fill('[data-testid="upgrade-sha256"]', "");
    await frame.fill('[data-testid="upgrade-path"]', `${BAD}/nokernel.squashfs`);
    await frame.click('[data-testid="upgrade-inspect"]');
    await frame.waitForSelector('[data-testid="image-facts"]', { timeout: 60_000 });
    await frame.fill('[data-testid="upgrade-name"]', OLD);
    await next(frame);
    const checks = await checkResults(frame);
    assert.ok(checks.includes("kernel:image-no-kernel"), checks.join());
    assert.ok(checks.includes("name:name-taken"), checks.join());
    assert.equal(await hostState(), before, "nothing changed on the host");
}, 600_000);

e2e("upgrade v1 → v2 in the wizard, reboot into v2 with the kept files, then roll back", lab, async keep => {
    await lab.vm.mountImages(DIR);
    // Local changes: one the whitelist keeps (/etc/hostname), one it does not (/etc/motd).
    await lab.vm.ssh("echo node-seven > /etc/hostname; echo 'local motd' > /etc/motd");
    const { frame } = keep(await admin());
    await chooseImage(frame, V2);
    assert.equal(await frame.inputValue('[data-testid="upgrade-name"]'), NEW, "the name comes from the image's nvr");
    assert.match(await frame.textContent('[data-testid="upgrade-wizard"]') ?? "", new RegExp(`From ${DIR}/${NEW}\\.sha256`));
    await next(frame);
    assert.deepEqual((await checkResults(frame)).filter(c => !c.endsWith(":ok")), []);
    await next(frame);
    await frame.waitForSelector('[data-testid="keep-row"][data-pattern="/etc/hostname"]');
    await next(frame);
    await frame.click('[data-testid="upgrade-select-default"]');
    const commands = await frame.textContent('[data-testid="plan-commands"]') ?? "";
    assert.match(commands, /unsquashfs/);
    await frame.click('[data-testid="plan-confirm"]');
    const { state } = await waitForJob(frame, 900_000);
    assert.equal(state, "succeeded");
    assert.equal(await guestGrubDefault(lab.vm), `imgbased-${NEW}_1`);

    await lab.vm.rebootVia(async () => {
        await frame.click('[data-testid="job-reboot"]');
        await frame.click('[data-testid="reboot-confirm"]');
    });
    assert.equal(await guestRootLv(lab.vm), `nodevg/${NEW}+1`);
    const read = async (command: string) => (await lab.vm.ssh(command)).stdout.trim();
    assert.equal(await read("cat /etc/hostname"), "node-seven", "the whitelisted file carries the local value");
    assert.doesNotMatch(await read("cat /etc/motd"), /local motd/, "a local change outside the whitelist stays behind");
    assert.equal(await read("cat /etc/imgbased-lab-release"), "v2", "the image's own /etc file is the image's");
    assert.equal(await read("dpkg-query -W -f='${Version}' imgbased-lab-release"), "2.0", "the image's package");
    const old = await lab.vm.ssh(`mkdir -p /mnt/old && mount -o ro /dev/nodevg/${OLD}+1 /mnt/old && cat /mnt/old/etc/motd; umount /mnt/old`);
    assert.equal(old.stdout.trim(), "local motd", "it is still in the old layer");
    assert.deepEqual((await guestImages(lab.vm, "nodevg")).bases.sort(), [OLD, NEW]);

    // Roll back from the page, and boot the old layer again.
    const page = keep(await admin());
    await page.frame.click('[data-testid="action-rollback"]');
    await page.frame.click('[data-testid="plan-confirm"]');
    assert.equal((await waitForJob(page.frame)).state, "succeeded");
    await lab.vm.reboot();
    assert.equal(await guestRootLv(lab.vm), `nodevg/${OLD}+1`);
}, 1_500_000);

e2e("kill -9 in the middle of the fill: the recovery leaves nothing behind", lab, async keep => {
    await lab.vm.mountImages(DIR);
    const before = await hostState();
    let { frame } = keep(await admin());
    await chooseImage(frame, V2);
    await frame.fill('[data-testid="upgrade-name"]', "debian-node-12.1-2");
    await next(frame);
    await next(frame);
    await next(frame);
    await frame.click('[data-testid="plan-confirm"]');
    const progress = frame.locator('[data-testid="job-progress"]').first();
    await progress.waitFor();
    const jobId = await progress.getAttribute("data-job-id");
    await frame.waitForSelector('[data-testid="job-step"][data-step-id="base-fill"][data-status="running"]', { timeout: 300_000 });
    await lab.vm.ssh(`sleep 3; systemctl kill --signal=KILL imgbased-job-${jobId}.service`);
    ({ frame } = keep(await admin()));
    await frame.click('[data-testid="recover-button"]');
    assert.equal((await waitForJob(frame)).state, "recovered");
    assert.equal(await hostState(), before, "nothing of the killed upgrade is left");
}, 900_000);
