// The boot menu of a generated grub.cfg: its menuentry and submenu blocks, where a BLS system's
// `blscfg` command inserts the BLS entries, and the `set default=` it boots by.
//
// Only as much of GRUB's script language as grub-mkconfig output needs: words with '...', "..."
// and \ quoting (adjacent parts join: 'It'\''s'), # comments, ";" and newlines between commands,
// { } blocks. Variables are kept as written ("${saved_entry}"), not expanded. if/fi bodies are read
// as if they were not conditional; function bodies are skipped.

export interface GrubMenuEntry {
    kind: "entry";
    title: string;
    /** From `--id X` or `$menuentry_id_option 'X'`. */
    id: string | null;
    linux: string;
    initrd: string;
    options: string;
}

export interface GrubSubmenu {
    kind: "submenu";
    title: string;
    id: string | null;
    items: GrubMenuItem[];
}

/** Where `blscfg` puts the BLS entries into the menu. */
export interface GrubBlscfg {
    kind: "blscfg";
}

export type GrubMenuItem = GrubMenuEntry | GrubSubmenu | GrubBlscfg;

export interface GrubMenu {
    items: GrubMenuItem[];
    /**
     * The value grub.cfg sets `default` to, as written ("${saved_entry}", "0", an id), or null.
     * grub-mkconfig's header first sets it to "${next_entry}" when that is set; that one-time
     * branch is not the default, so the first other `set default=` is taken. (Fedora's later
     * fallback-counting `set default=1` only applies after failed boots.)
     */
    defaultSetting: string | null;
    /**
     * grub.cfg runs `load_env` (grub-mkconfig's header does, when grubenv exists): without it
     * GRUB never reads grubenv, so neither saved_entry nor next_entry takes effect.
     */
    loadsEnv: boolean;
}

interface Word {
    text: string;
    /** No part of it was quoted or escaped: only then can it be `{`, `}` or a keyword. */
    bare: boolean;
}

export function parseGrubCfg(text: string): GrubMenu {
    const commands = splitCommands(lex(text));
    const state: BlockState = { at: 0, defaults: [], loadsEnv: false };
    const items = parseBlock(commands, state);
    return { items, defaultSetting: state.defaults.find(v => !v.includes("next_entry")) ?? null, loadsEnv: state.loadsEnv };
}

type Token = Word | "end";

/** Characters that mean nothing special inside a word ("#" only starts a comment before one). */
const PLAIN = /[^ \t\r\n;'"\\$]+/y;

/** Words and command ends ("end" for newline or ";"). */
function lex(text: string): Token[] {
    const tokens: Token[] = [];
    let word: Word | null = null;
    const add = (s: string, bare: boolean) => {
        word ??= { text: "", bare: true };
        word.text += s;
        word.bare &&= bare;
    };
    const finish = () => {
        if (word)
            tokens.push(word);
        word = null;
    };

    for (let i = 0; i < text.length; i++) {
        const c = text[i]!;
        if (c === " " || c === "\t" || c === "\r") {
            finish();
        } else if (c === "\n" || c === ";") {
            finish();
            tokens.push("end");
        } else if (c === "#" && word === null) {
            i = text.indexOf("\n", i) - 1;
            if (i < 0)
                break;
        } else if (c === "'") {
            const close = text.indexOf("'", i + 1);
            const end = close < 0 ? text.length : close;
            add(text.slice(i + 1, end), false);
            i = end;
        } else if (c === '"') {
            let s = "";
            for (i++; i < text.length && text[i] !== '"'; i++) {
                if (text[i] !== "\\" || i + 1 >= text.length)
                    s += text[i];
                else if (text[++i] !== "\n")
                    s += text[i];
            }
            add(s, false);
        } else if (c === "\\") {
            i++;
            if (i < text.length && text[i] !== "\n")
                add(text[i]!, false);
        } else if (c === "$" && text[i + 1] === "{") {
            const close = text.indexOf("}", i);
            const end = close < 0 ? text.length - 1 : close;
            add(text.slice(i, end + 1), true);
            i = end;
        } else {
            // A run of plain characters at once: grub.cfg is mostly these.
            PLAIN.lastIndex = i;
            const run = PLAIN.exec(text)?.[0] ?? c;
            add(run, true);
            i += run.length - 1;
        }
    }
    finish();
    return tokens;
}

/** Commands as word lists. A bare "{" ends the command it opens; a bare "}" is a command alone. */
function splitCommands(tokens: Token[]): Word[][] {
    const commands: Word[][] = [];
    let current: Word[] = [];
    const finish = () => {
        if (current.length > 0)
            commands.push(current);
        current = [];
    };
    for (const token of tokens) {
        if (token === "end") {
            finish();
        } else if (token.bare && token.text === "}") {
            finish();
            commands.push([token]);
        } else {
            current.push(token);
            if (token.bare && token.text === "{")
                finish();
        }
    }
    finish();
    return commands;
}

function opensBlock(command: Word[]): boolean {
    const last = command[command.length - 1];
    return last !== undefined && last.bare && last.text === "{";
}

function closesBlock(command: Word[]): boolean {
    return command.length === 1 && command[0]!.bare && command[0]!.text === "}";
}

/** Where the parser is, and what it saw outside menu entries. */
interface BlockState {
    at: number;
    defaults: string[];
    loadsEnv: boolean;
}

/** The items of one block, from state.at up to its closing "}" (or the end). */
function parseBlock(commands: Word[][], state: BlockState): GrubMenuItem[] {
    const items: GrubMenuItem[] = [];
    while (state.at < commands.length) {
        const command = commands[state.at++]!;
        if (closesBlock(command))
            break;
        const name = command[0]!.bare ? command[0]!.text : "";
        if (opensBlock(command)) {
            const header = parseMenuHeader(command.slice(1, -1));
            if (name === "menuentry")
                items.push({ kind: "entry", ...header, ...bootCommands(commands, state) });
            else if (name === "submenu")
                items.push({ kind: "submenu", ...header, items: parseBlock(commands, state) });
            else
                skipBlock(commands, state);
        } else if (name === "blscfg") {
            items.push({ kind: "blscfg" });
        } else if (name === "set" && command[1]?.text.startsWith("default=")) {
            state.defaults.push(command[1].text.slice("default=".length));
        } else if (name === "load_env") {
            state.loadsEnv = true;
        }
    }
    return items;
}

/** The linux and initrd commands of a menuentry body, up to its closing "}". */
function bootCommands(commands: Word[][], state: { at: number }) {
    const boot = { linux: "", initrd: "", options: "" };
    while (state.at < commands.length) {
        const command = commands[state.at++]!;
        if (closesBlock(command))
            break;
        if (opensBlock(command)) {
            skipBlock(commands, state);
            continue;
        }
        const [name, ...args] = command.map(w => w.text);
        if (name === "linux" || name === "linux16" || name === "linuxefi") {
            boot.linux = args[0] ?? "";
            boot.options = args.slice(1).map(kernelWord).join(" ");
        } else if (name === "initrd" || name === "initrd16" || name === "initrdefi") {
            boot.initrd = args.join(" ");
        }
    }
    return boot;
}

/**
 * A `linux` argument as the kernel's command line has it: GRUB puts a word with a space in double
 * quotes (grub_create_loader_cmdline), which the kernel reads as one parameter.
 */
function kernelWord(arg: string): string {
    return /\s/.test(arg) ? `"${arg}"` : arg;
}

function skipBlock(commands: Word[][], state: { at: number }) {
    let depth = 1;
    while (depth > 0 && state.at < commands.length) {
        const command = commands[state.at++]!;
        if (closesBlock(command))
            depth--;
        else if (opensBlock(command))
            depth++;
    }
}

/** OPTIONS? TITLE OPTIONS? of `menuentry` / `submenu` (GRUB allows options on either side). */
function parseMenuHeader(words: Word[]): { title: string; id: string | null } {
    // Options that take the next word as their value (grub-core/commands/menuentry.c).
    const withValue = new Set(["--class", "--users", "--hotkey", "--id"]);
    let title: string | null = null;
    let id: string | null = null;
    for (let i = 0; i < words.length; i++) {
        const word = words[i]!;
        // grub-mkconfig writes `$menuentry_id_option 'X'`; that variable holds "--id".
        const text = word.bare && /^\$\{?menuentry_id_option\}?$/.test(word.text) ? "--id" : word.text;
        if (word.bare && text.startsWith("--")) {
            const eq = text.indexOf("=");
            const option = eq < 0 ? text : text.slice(0, eq);
            const value = eq < 0 && withValue.has(option) ? words[++i]?.text : text.slice(eq + 1);
            if (option === "--id" && value !== undefined)
                id = value;
        } else {
            title ??= text;
        }
    }
    return { title: title ?? "", id };
}
