// Rebooting the host from the page: the shell is told to expect the disconnect, then systemd
// reboots. After it the session is gone and Cockpit does not reconnect by itself (cockpit#14724),
// which the confirm dialog says.
import { hint } from "../../pkg/lib/cockpit.ts";
import { ProcessError, type Machine } from "./machine.ts";

/** Problems a spawn reports when the reboot already cut the connection: the reboot is under way. */
const GONE = new Set(["disconnected", "terminated", "no-session"]);

/** `systemctl reboot` as root. Resolves when systemd accepted it (or the connection went down). */
export async function reboot(m: Machine): Promise<void> {
    hint("restart");
    try {
        await m.run(["systemctl", "reboot"], { superuser: "require" });
    } catch (ex) {
        if (ex instanceof ProcessError && ex.problem !== null && GONE.has(ex.problem))
            return;
        throw ex;
    }
}
