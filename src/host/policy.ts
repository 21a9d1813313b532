// The image policy as the page shows it (model/policy.ts). Read as root where the admin may: a
// job makes /etc/imgbased under umask 077, so the user alone may not reach the file.
import { parsePolicy, POLICY_PATH, type ImagePolicy } from "../model/policy.ts";
import type { Machine } from "./machine.ts";

export async function readPolicy(machine: Machine): Promise<ImagePolicy> {
    return parsePolicy(await machine.readFile(POLICY_PATH, { superuser: "try" }));
}
