// One file's identity in one tree, as the host programs report it for the upgrade's conflict
// check: the diff program for the old base and the running layer, the image program for the new
// image. Both print the same record (NUL-terminated fields, nul-records.ts):
//   s SIDE INDEX ok SHA256 | s SIDE INDEX missing | s SIDE INDEX not-regular | s SIDE INDEX unreadable MESSAGE
// INDEX is the position of the path in the call's arguments; every side answers every path.
import { binaryToText, integer, NulRecords, RecordError } from "../nul-records.ts";

export type FileHash =
    | { state: "ok"; sha256: string }
    | { state: "missing" | "not-regular" }
    | { state: "unreadable"; message: string };

function takeHash(records: NulRecords, state: string | undefined): FileHash {
    switch (state) {
    case "ok":
        return { state, sha256: records.next() };
    case "missing":
    case "not-regular":
        return { state };
    case "unreadable":
        return { state, message: binaryToText(records.next()) };
    default:
        throw new RecordError(`unknown file state ${JSON.stringify(state)}`);
    }
}

/**
 * A whole output of "s" records: for each of `sides`, the hashes of the `count` paths in argument
 * order. An "e CODE DETAIL" record (the image program's: the image cannot be read) is thrown.
 */
export function parseHashRecords<S extends string>(data: string, count: number, sides: readonly S[]): Record<S, FileHash[]> {
    const records = new NulRecords(data);
    const found = new Map<string, FileHash[]>();
    while (!records.done) {
        const tag = records.next();
        if (tag === "e") {
            const [code, detail] = records.take(2);
            throw new Error(`${code}: ${binaryToText(detail!)}`);
        }
        if (tag !== "s")
            throw new RecordError(`unknown record ${JSON.stringify(tag)}`);
        const [side, index, state] = records.take(3);
        const at = integer(index, "index");
        if (at >= count)
            throw new RecordError(`index ${at} beyond the ${count} paths asked for`);
        if (!sides.includes(side as S))
            throw new RecordError(`unknown side ${JSON.stringify(side)}`);
        const list = found.get(side!) ?? new Array<FileHash>(count);
        list[at] = takeHash(records, state);
        found.set(side!, list);
    }
    const out = {} as Record<S, FileHash[]>;
    for (const side of sides) {
        const list = found.get(side) ?? [];
        for (let i = 0; i < count; i++) {
            if (!list[i])
                throw new RecordError(`${side}: no answer for path ${i}`);
        }
        out[side] = list;
    }
    return out;
}

export function sameFile(a: FileHash, b: FileHash): boolean {
    if (a.state === "ok" && b.state === "ok")
        return a.sha256 === b.sha256;
    return a.state === b.state && a.state === "missing";
}
