// A plan is what a change to the host will do: ordered steps, each one argv with the commands
// that undo it. renderScript() turns it into the POSIX sh script that the job runner starts as a
// transient systemd unit, so it survives a closed browser. The script:
//
// - refuses to run beside another job (non-blocking flock) or before an interrupted job is undone;
// - runs the steps in order and, on the first failure or on SIGTERM/SIGINT/SIGHUP, runs the failed
//   step's cleanup and then the undo of every completed step, newest first;
// - unless the job has passed its point of no return (the first irreversible step began: an LV
//   removed cannot come back). From there on it goes forward only: a signal no longer stops it
//   between steps, a failure stops it with the rest left to do, and its recovery script finishes
//   the remaining steps instead of undoing (so those steps must be safe to run again);
// - prints one marker line per event (grammar below) and every command's output as "| " lines,
//   so output can never be mistaken for a marker (job-log.ts parses them back);
// - journals begun/completed/undone steps to a state file and writes a standalone recovery
//   ("undo") script before the first step, because SIGKILL (or a crash, or power loss) runs no
//   trap: running that script later undoes what the killed job had done, or completes it once it
//   was past its point of no return. Run with the argument "handled", the script only forgets the
//   job: the admin's way out when recovery cannot finish and they dealt with the rest by hand. imgbased left such volumes behind (§3.11 of
//   research/imgbased.md); this is why the journal exists.
//
// Marker grammar: "@@imgbased-job EVENT ARG...", single spaces; ids match [A-Za-z0-9._-]+, numbers
// are decimal; TITLE is the rest of the line.
//   start JOB COUNT ACTION TITLE        the job holds the lock and begins (COUNT steps follow)
//   recover JOB COUNT ACTION TITLE      the recovery script of JOB begins
//   handled JOB                         the admin marked interrupted job JOB as handled
//   step INDEX STEP KIND TITLE          one per step, right after start/recover
//   step-is INDEX FACT...               after a step's line: what it is (changes-boot, precondition)
//   no-return INDEX                     after the steps, when the plan has a point of no return
//   completing JOB                      the recovery completes the job instead of undoing it
//   busy SELF HOLDER                    another job holds the lock (HOLDER "unknown" if unreadable)
//   needs-recovery JOB OTHER            job OTHER was interrupted and must be undone first
//   step-begin INDEX STEP
//   step-end INDEX STEP RC ok|fail
//   signal NAME                         TERM, INT or HUP arrived; the job stops and undoes
//   cleanup-begin INDEX STEP / cleanup-end INDEX STEP RC     the failed step's own cleanup
//   undo-begin INDEX STEP / undo-end INDEX STEP RC           undo of a completed step
//   error lock|state                    the lock or the state file could not be used
//   done EXIT OUTCOME                   the script's exit status and one of JOB_OUTCOMES
import { jobSummaryFile } from "./trial.ts";
import { checkArg, quote, renderArgv } from "./shell.ts";

export interface Step {
    /** Unique within the plan, [A-Za-z0-9._-]+: it appears in marker lines. */
    id: string;
    /** What the step does ("lv-create", ...), [A-Za-z0-9._-]+; the view translates known kinds. */
    kind: string;
    /** English, for kinds the view does not know. */
    title: string;
    argv: string[];
    /** Commands that revert the step once it completed, run in order. */
    undo?: string[][];
    /**
     * Commands run when this step failed or was interrupted, before the earlier steps are undone.
     * They must be safe whether the step did nothing, part or all of its work (e.g. `lvremove` of
     * the LV that `lvcreate` may have made), since a killed job may not know which.
     */
    cleanupOnFailure?: string[][];
    /** Exit statuses besides 0 that mean success (`lvchange -p rw` exits 5 when already writable). */
    okExitCodes?: number[];
    /**
     * Cannot be undone (an LV removed, files deleted). The first such step is the plan's point of
     * no return: it and every step after it have no undo, and must be safe to run again, because
     * a recovery after a kill or failure there runs the remaining ones again to complete the job.
     */
    irreversible?: boolean;
    /** Changes what boots next (the default or the once-entry): a reboot is what it is for. */
    changesBoot?: boolean;
    /**
     * Only compares the host with what the plan assumed and changes nothing: its failure means
     * the host changed since the plan was made, not that something broke.
     */
    precondition?: boolean;
}

/** The facts of a step the page needs from its log, as `step-is` marker words. */
const STEP_FACTS = { changesBoot: "changes-boot", precondition: "precondition" } as const;
export type StepFact = typeof STEP_FACTS[keyof typeof STEP_FACTS];

function stepFacts(step: Step): StepFact[] {
    return (Object.keys(STEP_FACTS) as (keyof typeof STEP_FACTS)[]).filter(key => step[key]).map(key => STEP_FACTS[key]);
}

export interface Plan {
    /** The job id, [a-z0-9-]+, unique per run: the unit and its journal are found by it. */
    id: string;
    /** What the admin asked for ("add-layer", ...), [A-Za-z0-9._-]+. */
    action: string;
    title: string;
    steps: Step[];
}

/** Where jobs keep their lock and state; the defaults are the host's, tests pass a temp dir. */
export interface JobPaths {
    /** flock(1) target shared by every job. */
    lockPath: string;
    /** Holds the id of the job that holds the lock, so a refused job can name it. */
    currentPath: string;
    /** `<id>.state` and `<id>.undo.sh`; on persistent storage so recovery works after a reboot. */
    stateDir: string;
    /**
     * The host-wide job history (model/history.ts parseJobSummaries): a line per run, newest 50,
     * on the boot filesystem that every layer sees, where each layer's journal has only its own
     * jobs. Absent: none is kept (tests).
     */
    summaryPath?: string;
}

export const DEFAULT_JOB_PATHS: JobPaths = {
    lockPath: "/run/imgbased/job.lock",
    currentPath: "/run/imgbased/job.current",
    stateDir: "/var/lib/imgbased/jobs",
    summaryPath: jobSummaryFile("/boot"),
};

/**
 * Exit statuses of job and undo scripts. Any other non-zero status is the failing step's own
 * (128+N when stopped by signal N), after a complete undo; a step's 75..78 is reported as 1 so
 * these stay unambiguous (its marker keeps the real one).
 */
export const JOB_EXIT = {
    ok: 0,
    busy: 75,
    /** Undo failed somewhere: the host may be half-changed; state and undo script are kept. */
    undoIncomplete: 76,
    recoveryPending: 77,
    /** The lock or state file could not be set up; nothing ran. */
    setup: 78,
    /**
     * Stopped past its point of no return: what it did stays, the rest is to do; state and
     * recovery script are kept, and the recovery completes the job.
     */
    unfinished: 79,
} as const;

export const JOB_OUTCOMES = [
    "succeeded", "failed-undone", "failed-undo-incomplete", "refused-busy", "refused-recovery",
    "failed-setup", "recovered", "failed-unfinished", "completed", "handled",
] as const;
export type JobOutcome = typeof JOB_OUTCOMES[number];

export const MARKER = "@@imgbased-job";

const PLAN_ID = /^[a-z0-9][a-z0-9-]*$/;
const WORD = /^[A-Za-z0-9._-]+$/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\0-\x1f\x7f\u2028\u2029]/g;

export function stateFilePath(planId: string, paths: JobPaths = DEFAULT_JOB_PATHS): string {
    return `${paths.stateDir}/${planId}.state`;
}

export function undoScriptPath(planId: string, paths: JobPaths = DEFAULT_JOB_PATHS): string {
    return `${paths.stateDir}/${planId}.undo.sh`;
}

/** The job id under which the undo script of `planId` runs (and names itself when busy). */
export function recoveryJobId(planId: string): string {
    return `${planId}-recover`;
}

/** Index of the plan's first irreversible step, or -1: see Step.irreversible. */
export function pointOfNoReturn(plan: Plan): number {
    return plan.steps.findIndex(step => step.irreversible);
}

/** The state file line a job writes as it passes its point of no return (jobs.ts reads it too). */
export const PAST_NO_RETURN = "point-of-no-return";

/** Throws with a precise message if the plan cannot be rendered safely. */
export function validatePlan(plan: Plan): void {
    if (!PLAN_ID.test(plan.id))
        throw new Error(`plan id must match ${PLAN_ID}: ${JSON.stringify(plan.id)}`);
    if (!WORD.test(plan.action))
        throw new Error(`plan action must match ${WORD}: ${JSON.stringify(plan.action)}`);
    if (plan.steps.length === 0)
        throw new Error("a plan needs at least one step");
    const seen = new Set<string>();
    for (const step of plan.steps) {
        if (!WORD.test(step.id) || !WORD.test(step.kind))
            throw new Error(`step id and kind must match ${WORD}: ${JSON.stringify([step.id, step.kind])}`);
        if (seen.has(step.id))
            throw new Error(`duplicate step id ${step.id}`);
        seen.add(step.id);
        for (const argv of [step.argv, ...(step.undo ?? []), ...(step.cleanupOnFailure ?? [])])
            checkCommand(argv, step.id);
        for (const code of step.okExitCodes ?? [])
            if (!Number.isInteger(code) || code < 0 || code > 255)
                throw new Error(`step ${step.id}: exit code out of range: ${code}`);
    }
    const noReturn = pointOfNoReturn(plan);
    for (const step of noReturn < 0 ? [] : plan.steps.slice(noReturn))
        if (step.undo?.length || step.cleanupOnFailure?.length)
            throw new Error(`step ${step.id} is past the point of no return: it is completed, never undone or cleaned up`);
}

function checkCommand(argv: readonly string[], stepId: string): void {
    if (argv.length === 0 || argv[0] === "")
        throw new Error(`step ${stepId}: empty command`);
    // The shell would read a leading dash as an option of `command`, not as the program.
    if (argv[0]!.startsWith("-"))
        throw new Error(`step ${stepId}: command name starts with "-": ${argv[0]}`);
    argv.forEach(checkArg);
}

function checkPaths(paths: JobPaths): void {
    for (const path of [paths.lockPath, paths.currentPath, paths.stateDir])
        if (!path.startsWith("/") || path.replace(CONTROL, "") !== path)
            throw new Error(`job paths must be absolute, without control characters: ${JSON.stringify(path)}`);
}

/** A title on one line: it ends marker lines and script comments. */
function oneLine(text: string): string {
    return text.replace(CONTROL, " ");
}

function dirname(path: string): string {
    return path.slice(0, path.lastIndexOf("/")) || "/";
}

/** The exact commands of the plan, as the admin reviews them before confirming. */
export function describePlan(plan: Plan): string[] {
    validatePlan(plan);
    const lines = [`# ${oneLine(plan.title)}`];
    plan.steps.forEach((step, i) => {
        lines.push(`# ${i + 1}/${plan.steps.length} ${oneLine(step.title)}`, renderArgv(step.argv));
        if (step.okExitCodes?.length)
            lines.push(`#   also succeeds with exit status ${step.okExitCodes.join(", ")}`);
        if (i === pointOfNoReturn(plan))
            lines.push("#   point of no return: from here on, a failure or kill leaves the rest to be completed, not undone");
        for (const argv of step.undo ?? [])
            lines.push(`#   undo: ${renderArgv(argv)}`);
        for (const argv of step.cleanupOnFailure ?? [])
            lines.push(`#   if it fails: ${renderArgv(argv)}`);
    });
    return lines;
}

// Shared by the job script and its undo script. Our functions are never confused with a step's
// program because run_logged calls it through `command`. What each function is for is written
// here, not in the scripts' text, which the page's first load carries (its budget, issue 14):
// - note: the state file is what a later recovery knows about this job, so it is synced line by
//   line.
// - run_logged: runs "$@" and sets RC to its exit status. Its stdout and stderr become "| " lines,
//   cut at 4000 characters because the journal splits long lines, so no output line can look like
//   a marker. Without pipefail the status comes back through fd 3. The command gets no stdin and
//   none of our fds: LVM warns about leaked fds, and the lock must be released when this shell
//   dies.
// - run_step INDEX ID OK_CODES COMMAND...: from the point of no return on, a signal no longer stops
//   the job between steps: it goes forward. FAIL_RC is read by the job's fail() only; the recovery
//   script has its own end.
// - undo_cmd: undo keeps going after a failed command; UNDO_STEP_RC keeps the first failing status.
// - roll_back INDEX ID UNDO_FUNCTION CLEANUP_FUNCTION: the undo function for a completed step, the
//   cleanup for one that began but did not complete ("-" for none). What to do comes from the
//   state file, so the job and a later recovery take the same decision, and a step already undone
//   is not undone twice.
// - on_signal: a signal only sets a flag: the running command ends (systemd signals the whole
//   unit), then the job undoes. Undo itself is not interrupted by further signals.
// - finish EXIT OUTCOME.
// - summarize OUTCOME: this run's line in the host-wide history (JobPaths.summaryPath),
//   tab-separated STARTED ENDED RUN ACTION OUTCOME LAYER USER TITLE, the newest 50 kept. LAYER is
//   the running one (img.bootid), USER who asked (IMGBASED_JOB_USER, from the page). Best effort
//   and in a subshell: a boot filesystem that is full or read-only costs the line, never the
//   job's result.
// - forget: also removes the copies of files the job replaced (actions/file-steps.ts jobFilesDir:
//   <id>.files beside <id>.state): once the job is done or undone, nothing will restore them. The
//   removal is synced too: after a power cut, an undo script that came back would offer to undo a
//   job that had ended.
// - take_lock: fd 9 holds the lock for the life of this shell (run_logged keeps it from the
//   commands).
const HELPERS = String.raw`
marker() {
	printf '${MARKER} %s\n' "$*"
}

note() {
	printf '%s\n' "$1" >>"$STATE" || return
	sync "$STATE" 2>/dev/null
	return 0
}

state_has() {
	grep -qx -- "$1" "$STATE" 2>/dev/null
}

run_logged() {
	{ RC=$( { { command "$@" </dev/null 2>&1 3>&- 4>&-; echo "$?" >&3; } | LC_ALL=C awk "$PREFIX_AWK" >&4; } 3>&1 9>&- ); } 4>&1
	case $RC in ''|*[!0-9]*) RC=255 ;; esac
}

# shellcheck disable=SC2034
run_step() {
	i=$1 id=$2 ok=$3
	shift 3
	[ "$SIGNALED" -eq 0 ] || past_no_return || return 1
	state_ok=1
	if [ "$i" -eq "$NO_RETURN" ] && ! past_no_return; then
		note ${PAST_NO_RETURN} || state_ok=
	fi
	if [ -z "$state_ok" ] || ! note "begin $i"; then
		marker error state
		FAIL_RC=${JOB_EXIT.setup}
		return 1
	fi
	marker step-begin "$i" "$id"
	run_logged "$@"
	case " $ok " in
	*" $RC "*)
		marker step-end "$i" "$id" "$RC" ok ;;
	*)
		marker step-end "$i" "$id" "$RC" fail
		case $RC in ${Object.values(JOB_EXIT).filter(Boolean).join("|")}) FAIL_RC=1 ;; *) FAIL_RC=$RC ;; esac
		return 1 ;;
	esac
	if ! note "done $i"; then
		marker error state
		FAIL_RC=${JOB_EXIT.setup}
		return 1
	fi
}

past_no_return() {
	state_has ${PAST_NO_RETURN}
}

undo_cmd() {
	run_logged "$@"
	[ "$RC" -eq 0 ] || [ "$UNDO_STEP_RC" -ne 0 ] || UNDO_STEP_RC=$RC
}

roll_back() {
	if state_has "undone $1"; then return 0; fi
	if state_has "done $1"; then fn=$3 what=undo
	elif state_has "begin $1"; then fn=$4 what=cleanup
	else return 0
	fi
	[ "$fn" != - ] || return 0
	marker "$what-begin" "$1" "$2"
	UNDO_STEP_RC=0
	"$fn"
	marker "$what-end" "$1" "$2" "$UNDO_STEP_RC"
	if [ "$UNDO_STEP_RC" -eq 0 ]; then
		note "undone $1"
	else
		note "undo-failed $1 $UNDO_STEP_RC"
		UNDO_RC=$UNDO_STEP_RC
	fi
}

on_signal() {
	if [ "$SIGNALED" -eq 0 ]; then
		SIGNALED=$2
		marker signal "$1"
	fi
}

finish() {
	rm -f -- "$CURRENT"
	marker "done" "$1" "$2"
	summarize "$2"
	exit "$1"
}

summarize() {
	[ -n "$SUMMARY" ] && [ -d "${"$"}{SUMMARY%/*/*}" ] || return 0
	(
		umask 022
		dir=${"$"}{SUMMARY%/*}
		mkdir -p -- "$dir" || exit
		layer=$(sed -n 's/^\(.* \)\{0,1\}img\.bootid=\([^ ]*\).*$/\2/p' /proc/cmdline 2>/dev/null)
		tmp=$(mktemp -- "$SUMMARY.XXXXXX") || exit
		if { if [ -f "$SUMMARY" ]; then tail -n 49 -- "$SUMMARY"; fi
			printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$STARTED" "$(date +%s)" "$SELF" "$ACTION" "$1" "${"$"}{layer:--}" \
				"${"$"}{IMGBASED_JOB_USER:--}" "$TITLE"; } >"$tmp" &&
			chmod 0644 -- "$tmp" && sync -- "$tmp" && mv -f -- "$tmp" "$SUMMARY"; then
			sync -- "$dir"
		else
			rm -f -- "$tmp"
		fi
	) 9>&- 2>/dev/null
	return 0
}

forget() {
	rm -rf -- "$STATE" "$UNDO" "$UNDO.tmp" "$(dirname -- "$STATE")/$(basename -- "$STATE" .state).files"
	sync -- "$STATE_DIR" 2>/dev/null
}

take_lock() {
	mkdir -p -- "$LOCK_DIR" "$CURRENT_DIR" 2>/dev/null
	if ! command exec 9>>"$LOCK"; then
		marker error lock
		marker "done" ${JOB_EXIT.setup} failed-setup
		exit ${JOB_EXIT.setup}
	fi
	flock -n 9
	case $? in
	0) ;;
	1)
		holder=$(cat -- "$CURRENT" 2>/dev/null)
		case $holder in ''|*[!A-Za-z0-9._-]*) holder=unknown ;; esac
		marker busy "$SELF" "$holder"
		marker "done" ${JOB_EXIT.busy} refused-busy
		exit ${JOB_EXIT.busy} ;;
	*)
		marker error lock
		marker "done" ${JOB_EXIT.setup} failed-setup
		exit ${JOB_EXIT.setup} ;;
	esac
	printf '%s\n' "$SELF" 2>/dev/null >"$CURRENT" || :
}

trap 'on_signal TERM 143' TERM
trap 'on_signal INT 130' INT
trap 'on_signal HUP 129' HUP
`;

const PREFIX_AWK = '{ s = $0; while (length(s) > 4000) { print "| " substr(s, 1, 4000); s = substr(s, 4001); }; print "| " s; fflush(); }';

function header(plan: Plan, paths: JobPaths, self: string, purpose: string): string {
    return [
        "#!/bin/sh",
        `# ${purpose}: ${oneLine(plan.title)}`,
        "# Generated by cockpit-imgbased (src/model/plan.ts); markers and exit statuses are described there.",
        "set -u",
        "umask 077",
        `JOB=${plan.id}`,
        `SELF=${self}`,
        `LOCK=${quote(paths.lockPath)}`,
        `LOCK_DIR=${quote(dirname(paths.lockPath))}`,
        `CURRENT=${quote(paths.currentPath)}`,
        `CURRENT_DIR=${quote(dirname(paths.currentPath))}`,
        `STATE_DIR=${quote(paths.stateDir)}`,
        `STATE=${quote(stateFilePath(plan.id, paths))}`,
        `UNDO=${quote(undoScriptPath(plan.id, paths))}`,
        `PREFIX_AWK=${quote(PREFIX_AWK)}`,
        `NO_RETURN=${pointOfNoReturn(plan)}`,
        `SUMMARY=${quote(paths.summaryPath ?? "")}`,
        `ACTION=${quote(plan.action)}`,
        `TITLE=${quote(oneLine(plan.title))}`,
        "STARTED=$(date +%s)",
        "SIGNALED=0",
        "FAIL_RC=0",
        "UNDO_RC=0",
    ].join("\n");
}

function commandFunction(name: string, commands: readonly string[][]): string {
    return `${name}() {\n${commands.map(argv => `\tundo_cmd ${renderArgv(argv)}\n`).join("")}}`;
}

/** Per-step undo/cleanup functions and rollback(), which visits the steps newest first. */
function rollbackCode(plan: Plan): string {
    const functions: string[] = [];
    const calls: string[] = [];
    plan.steps.forEach((step, i) => {
        const undo = step.undo?.length ? `undo_${i}` : "-";
        const cleanup = step.cleanupOnFailure?.length ? `cleanup_${i}` : "-";
        if (step.undo?.length)
            functions.push(commandFunction(undo, step.undo));
        if (step.cleanupOnFailure?.length)
            functions.push(commandFunction(cleanup, step.cleanupOnFailure));
        if (undo !== "-" || cleanup !== "-")
            calls.unshift(`\troll_back ${i} ${quote(step.id)} ${undo} ${cleanup}\n`);
    });
    return [...functions, `rollback() {\n${calls.join("") || "\t:\n"}}`].join("\n\n");
}

/**
 * complete_job(): runs the steps from the point of no return on that are not done yet, again for one
 * that began and did not end; stops the recovery with the rest to do at the first that fails.
 */
function completionCode(plan: Plan): string {
    const noReturn = pointOfNoReturn(plan);
    const runs = noReturn < 0 ? [] : plan.steps.slice(noReturn).map((step, k) => {
        const i = noReturn + k;
        return `\tstate_has "done ${i}" || run_step ${i} ${quote(step.id)} ${quote(okCodes(step))} ${renderArgv(step.argv)} ||\n` +
            `\t\tfinish ${JOB_EXIT.unfinished} failed-unfinished\n`;
    });
    return `complete_job() {\n${runs.join("") || "\t:\n"}}`;
}

function okCodes(step: Step): string {
    return [...new Set([0, ...(step.okExitCodes ?? [])])].join(" ");
}

function announce(plan: Plan, event: "start" | "recover"): string {
    const lines = [`${MARKER} ${event} ${plan.id} ${plan.steps.length} ${plan.action} ${oneLine(plan.title)}`];
    plan.steps.forEach((step, i) => {
        lines.push(`${MARKER} step ${i} ${step.id} ${step.kind} ${oneLine(step.title)}`);
        const facts = stepFacts(step);
        if (facts.length)
            lines.push(`${MARKER} step-is ${i} ${facts.join(" ")}`);
    });
    if (pointOfNoReturn(plan) >= 0)
        lines.push(`${MARKER} no-return ${pointOfNoReturn(plan)}`);
    return lines.map(line => `printf '%s\\n' ${quote(line)}`).join("\n");
}

/**
 * The standalone script that undoes what job `plan` completed, reading its state file, or, when
 * the job had passed its point of no return, completes it. The job writes it before its first
 * step; run it (as job recoveryJobId(plan.id)) after the job was killed, stopped unfinished or its
 * undo was incomplete. Safe to re-run: steps already undone or done are skipped. With the
 * argument "handled" it only forgets the job (its state and this script).
 */
export function renderUndoScript(plan: Plan, paths: JobPaths = DEFAULT_JOB_PATHS): string {
    validatePlan(plan);
    checkPaths(paths);
    return [
        header(plan, paths, recoveryJobId(plan.id), "Undo of imgbased job " + plan.id),
        HELPERS,
        rollbackCode(plan),
        "",
        completionCode(plan),
        "",
        "take_lock",
        announce(plan, "recover"),
        `if [ "\${1:-}" = handled ]; then\n\tmarker handled "$JOB"\n\tforget\n\tfinish 0 handled\nfi`,
        // Without its state there is no telling what the job did; "recovered" would be a lie.
        `[ -e "$STATE" ] || { marker error state; finish ${JOB_EXIT.setup} failed-setup; }`,
        "if past_no_return; then\n\tmarker completing \"$JOB\"\n\tcomplete_job\n\tforget\n\tfinish 0 completed\nfi",
        "rollback",
        `[ "$UNDO_RC" -eq 0 ] || finish ${JOB_EXIT.undoIncomplete} failed-undo-incomplete`,
        "forget",
        "finish 0 recovered",
        "",
    ].join("\n");
}

// The job script's main part (its words here, as HELPERS'):
// - refuse_if_interrupted: a job that was killed left its undo script behind; running on top of
//   its half-done changes could make them worse, so that job must be undone first.
// - Then the undo script is synced before it is renamed into place, and the directory after:
//   after a power cut it is whole or absent, never empty beside a state file that says steps were
//   done. A job whose undo cannot be made durable does not start.
const JOB_MAIN = String.raw`
fail() {
	past_no_return && finish ${JOB_EXIT.unfinished} failed-unfinished
	rollback
	[ "$UNDO_RC" -eq 0 ] || finish ${JOB_EXIT.undoIncomplete} failed-undo-incomplete
	forget
	[ "$SIGNALED" -eq 0 ] || finish "$SIGNALED" failed-undone
	finish "$FAIL_RC" failed-undone
}

refuse_if_interrupted() {
	for f in "$STATE_DIR"/*.undo.sh; do
		[ -e "$f" ] || continue
		other=${"$"}{f##*/}
		other=${"$"}{other%.undo.sh}
		case $other in ''|*[!A-Za-z0-9._-]*) other=unknown ;; esac
		marker needs-recovery "$JOB" "$other"
		finish ${JOB_EXIT.recoveryPending} refused-recovery
	done
}

take_lock
refuse_if_interrupted
if ! { mkdir -p -- "$STATE_DIR" && printf '' >"$STATE" && write_undo_script && sync -- "$UNDO.tmp" &&
	mv -f -- "$UNDO.tmp" "$UNDO" && sync -- "$STATE_DIR"; }; then
	forget
	marker error state
	finish ${JOB_EXIT.setup} failed-setup
fi
`;

/** The job script: run it with /bin/sh (dash, or bash as sh); see the top of this file. */
export function renderScript(plan: Plan, paths: JobPaths = DEFAULT_JOB_PATHS): string {
    const undoScript = renderUndoScript(plan, paths);
    const steps = plan.steps.map((step, i) => `run_step ${i} ${quote(step.id)} ${quote(okCodes(step))} ${renderArgv(step.argv)}`);
    return [
        header(plan, paths, plan.id, "imgbased job " + plan.id),
        HELPERS,
        rollbackCode(plan),
        "",
        `write_undo_script() {\n\tprintf '%s' ${quote(undoScript)} >"$UNDO.tmp"\n}`,
        JOB_MAIN,
        announce(plan, "start"),
        `if ${steps.join(" &&\n\t")}\nthen\n\tforget\n\tfinish 0 succeeded\nfi`,
        "fail",
        "",
    ].join("\n");
}
