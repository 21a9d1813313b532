// A crafted image, made in the guest the way an attacker could ship one (a tar of a small root
// tree): links where the kept files go, at host secrets (absolute, relative and climbing, dangling),
// a setuid file and a node for a disk, an account of its own; in a second archive its kernel,
// initramfs and nvr are links to host secrets; a third has a member outside its tree. Each is
// either used, with nothing outside the new layer changed, or refused before anything changes,
// with the name. Checked over ssh: the files the links point at and root's ssh keys, before and
// after; /boot and the LVs gain only the new layer.
import assert from "node:assert/strict";
import { openPlugin } from "./lib/browser.ts";
import { waitForJob } from "./lib/actions.ts";
import { e2e, labForThisFile } from "./lib/harness.ts";
import { within } from "./lib/time.ts";
import { checkResults, chooseImage, imageProblem, localChanges, next } from "./lib/upgrade.ts";

const lab = labForThisFile("crafted-image");
const T = "/var/tmp/crafted";
const NAME = "debian-node-12.4-1";
const LAYER = `${NAME}+1`;
const KERNEL = "6.1.0-99-amd64";

/** The host files the image's links name, root's ssh keys, and this host's accounts. */
const SECRETS = "sha256sum /etc/shadow /etc/gshadow /etc/passwd /etc/group /etc/hostname /etc/machine-id /root/.ssh/*";
const BOOT_AND_LVS = "ls -A /boot; lvs --noheadings --separator , -o lv_name,lv_tags | sed 's/^ *//' | sort";

e2e("a crafted image: links where kept files go are replaced, never followed; links for its kernel and nvr are not read; a member outside its tree is refused; its own account is merged", lab, { from: "golden", seconds: 1200 }, async keep => {
    await lab.vm.ssh(`set -e; rm -rf ${T}; mkdir -p ${T}; cd ${T}
        mkdir -p tree/etc tree/boot tree/usr/share/imgbase/build/meta tree/usr/bin tree/dev
        cp /etc/os-release tree/etc/os-release; echo ${NAME} >tree/usr/share/imgbase/build/meta/nvr
        head -c 1000 /dev/urandom >tree/boot/vmlinuz-${KERNEL}; head -c 3000 /dev/urandom >tree/boot/initrd.img-${KERNEL}
        # Its accounts: this node's, and a service account of its own.
        cp -p /etc/passwd /etc/group /etc/shadow /etc/gshadow /etc/login.defs tree/etc/
        useradd --prefix ${T}/tree --system --user-group --no-create-home --shell /usr/sbin/nologin craftsvc
        # Where the whitelist's files go: links at this host's secrets, and a dangling one.
        ln -s /etc/shadow tree/etc/hostname
        ln -s ../../../../../../etc/gshadow tree/etc/machine-id
        ln -s ../run/systemd/resolve/stub-resolv.conf tree/etc/resolv.conf
        # A setuid file and a node for the host's disk: the image's own business, in its own tree.
        cp /bin/true tree/usr/bin/crafted-suid && chmod 4755 tree/usr/bin/crafted-suid
        mknod tree/dev/crafted-disk b 254 0
        tar --numeric-owner -C tree -czf used.tar.gz .
        # Kernel, initramfs and nvr as links to host secrets.
        mkdir -p links/etc links/boot links/usr/share/imgbase/build/meta; cp /etc/os-release links/etc/
        ln -s /etc/shadow links/boot/vmlinuz-${KERNEL}; ln -s /etc/gshadow links/boot/initrd.img-${KERNEL}
        ln -s /etc/hostname links/usr/share/imgbase/build/meta/nvr
        tar -C links -czf links.tar.gz .
        # A member that climbs out of the tree.
        echo outside >outside; tar -C tree -cf escape.tar . && tar -C tree -rPf escape.tar ../outside
        cp used.tar.gz again.tar.gz
        # A user added here after the image was made: both sides changed the accounts. And a
        # system user, which gets the id the image gave its own: a clash, until it is gone.
        useradd --create-home --shell /bin/bash alice
        useradd --system --user-group --no-create-home localsvc`);
    const before = (await lab.vm.ssh(BOOT_AND_LVS)).stdout;
    const { frame } = keep(await openPlugin(lab.vm.url, "admin", { admin: true }));

    // Links for the kernel, initramfs and nvr: none is read, so there is no kernel and no name.
    await chooseImage(frame, `${T}/links.tar.gz`);
    await frame.waitForSelector('[data-testid="image-facts"][data-format="tar"]');
    // No nvr read: the name offered is os-release's ID-VERSION_ID-<build date>, not the host's name.
    assert.match(await frame.inputValue('[data-testid="upgrade-name"]'), /^debian-12-\d{8}$/, "the nvr link was not read");
    await frame.fill('[data-testid="upgrade-name"]', NAME);
    await next(frame);
    assert.ok((await checkResults(frame)).includes("kernel:image-no-kernel"));
    await frame.click('[data-testid="upgrade-wizard"] button:has-text("Back")');

    // A member outside the tree: refused at the look, named.
    await frame.fill('[data-testid="upgrade-path"]', `${T}/escape.tar`);
    await frame.click('[data-testid="upgrade-inspect"]');
    await frame.waitForSelector('[data-testid="image-problem"]', { timeout: within(150) });
    assert.equal(await imageProblem(frame), "unsafe-member");
    assert.match(await frame.textContent('[data-testid="image-problem"]') ?? "", /\.\.\/outside/);
    assert.equal((await lab.vm.ssh(BOOT_AND_LVS)).stdout, before, "nothing changed");

    // The one to use: its links where kept files go are replaced, its accounts merged with ours.
    // First with the clash: shown before anything is done, and Next waits for a choice.
    const keepFiles = async (path: string) => {
        await frame.fill('[data-testid="upgrade-path"]', path);
        await frame.click('[data-testid="upgrade-inspect"]');
        await frame.waitForSelector('[data-testid="image-facts"][data-format="tar"]', { timeout: within(150) });
        assert.equal(await frame.inputValue('[data-testid="upgrade-name"]'), NAME);
        await next(frame);
        assert.deepEqual((await checkResults(frame)).filter(c => !c.endsWith(":ok")), []);
        await next(frame);
        await localChanges(frame);
        assert.deepEqual((await frame.getAttribute('[data-testid="merged-accounts"]', "data-paths"))?.split(" ").sort(),
                         ["/etc/group", "/etc/gshadow", "/etc/passwd", "/etc/shadow"]);
    };
    const previewOf = (path: string, state: string) =>
        frame.waitForSelector(`[data-testid="account-preview"][data-path="${path}"][data-state="${state}"]`, { timeout: within(300) });
    await keepFiles(`${T}/used.tar.gz`);
    await previewOf("/etc/passwd", "clash");
    assert.match(await frame.textContent('[data-testid="account-clash"][data-path="/etc/passwd"]') ?? "",
                 /uid \d+ is localsvc on this host and craftsvc in the new image/);
    await previewOf("/etc/group", "clash");
    const nextButton = '[data-testid="upgrade-wizard"] [data-testid="wizard-next"]';
    assert.equal(await frame.isDisabled(nextButton), true, "a clash stands: no Next");
    await frame.click('[data-testid="account-clash"][data-path="/etc/passwd"] [data-testid="account-take"]');
    await frame.waitForSelector('[data-testid="account-take-means"]');
    await frame.click('[data-testid="account-clash"][data-path="/etc/group"] [data-testid="account-take"]');
    await frame.waitForSelector(`${nextButton}:not([disabled])`);
    // The admin would rather keep both: the system user goes from this host, and the image is read again.
    await lab.vm.ssh("userdel localsvc");
    for (let i = 0; i < 2; i++)
        await frame.click('[data-testid="upgrade-wizard"] button:has-text("Back")');
    await keepFiles(`${T}/again.tar.gz`);
    await previewOf("/etc/passwd", "merged");
    await previewOf("/etc/group", "merged");
    await frame.click('[data-testid="account-preview"][data-path="/etc/passwd"] [data-testid="account-preview-toggle"] button');
    assert.match(await frame.textContent('[data-testid="account-preview"][data-path="/etc/passwd"]') ?? "", /alice:x:\d+/,
                 "the merged file against the image's: this host's user added");
    await next(frame);
    await frame.click('[data-testid="upgrade-select-none"]');
    const secrets = (await lab.vm.ssh(SECRETS)).stdout;
    await frame.click('[data-testid="plan-confirm"]');
    assert.equal((await waitForJob(frame, 900)).state, "succeeded");

    assert.equal((await lab.vm.ssh(SECRETS)).stdout, secrets, "no file the links named was written, and no account of this host changed");
    const [was, now] = [before.split("\n"), (await lab.vm.ssh(BOOT_AND_LVS)).stdout.split("\n")];
    assert.deepEqual(was.filter(l => !now.includes(l)), [], "nothing of /boot or the LVs went or changed");
    assert.deepEqual(now.filter(l => !was.includes(l)).map(l => l.split(",")[0]).sort(), [NAME, LAYER, LAYER, "imgbased"].sort(),
                     "only the new base and layer, the layer's kernel directory and the job history's directory were added");
    const inLayer = (await lab.vm.ssh(`set -e; mkdir -p /mnt/crafted; mount -o ro /dev/nodevg/${LAYER} /mnt/crafted; cd /mnt/crafted
        stat -c '%n %F' etc/hostname etc/machine-id
        cmp etc/hostname /etc/hostname && cmp etc/machine-id /etc/machine-id && echo "same as this host's"
        grep -c -e '^craftsvc:' -e '^alice:' etc/passwd etc/shadow etc/group etc/gshadow
        stat -c '%n %a %U:%G' etc/shadow usr/bin/crafted-suid; stat -c '%n %F' dev/crafted-disk
        cd /; umount /mnt/crafted`)).stdout;
    assert.match(inLayer, /^etc\/hostname regular file$/m);
    assert.match(inLayer, /^etc\/machine-id regular file$/m);
    assert.match(inLayer, /^same as this host's$/m);
    for (const db of ["passwd", "shadow", "group", "gshadow"])
        assert.match(inLayer, new RegExp(`^etc/${db}:2$`, "m"), `${db}: the image's account and this host's`);
    assert.match(inLayer, /^etc\/shadow 640 root:shadow$/m, "root-only, as the image had it");
    assert.match(inLayer, /^usr\/bin\/crafted-suid 4755 root:root$/m, "the image's own file, in its own tree");
    assert.match(inLayer, /^dev\/crafted-disk block special file$/m);
});
