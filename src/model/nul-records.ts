// The output format of our host programs (src/host/scripts/*.sh): NUL-terminated fields, records
// told apart by their first field, names kept as "binary strings" (one char per byte) so no byte
// is lost. This reads such output field by field and says clearly where it is broken.

export class RecordError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "RecordError";
    }
}

export class NulRecords {
    readonly #fields: string[];
    #at = 0;

    /** `data`: the whole output as a binary string; it must end with a NUL. */
    constructor(data: string) {
        if (data !== "" && !data.endsWith("\0"))
            throw new RecordError("the output ends in the middle of a record");
        this.#fields = data === "" ? [] : data.slice(0, -1).split("\0");
    }

    get done(): boolean {
        return this.#at >= this.#fields.length;
    }

    /** The next n fields. */
    take(n: number): string[] {
        if (this.#at + n > this.#fields.length)
            throw new RecordError("the output ends in the middle of a record");
        const fields = this.#fields.slice(this.#at, this.#at + n);
        this.#at += n;
        return fields;
    }

    /** The next field. */
    next(): string {
        return this.take(1)[0]!;
    }
}

/** A field that must be a non-negative integer. */
export function integer(value: string | undefined, what: string): number {
    const n = Number(value);
    if (value === undefined || !/^\d+$/.test(value) || !Number.isSafeInteger(n))
        throw new RecordError(`bad ${what} ${JSON.stringify(value)}`);
    return n;
}

// Each byte widened to one UTF-16 code unit, decoded natively: a binary string at the speed of
// a memcpy (a byte never makes a surrogate, so nothing is replaced). 10x faster than fromCharCode.
const wide = new TextDecoder(new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? "utf-16le" : "utf-16be");

/** Bytes to a binary string (one char per byte). */
export function bytesToBinary(bytes: Uint8Array): string {
    return wide.decode(new Uint16Array(bytes));
}

export function binaryToBytes(text: string): Uint8Array {
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++)
        bytes[i] = text.charCodeAt(i);
    return bytes;
}

export function base64ToBytes(text: string): Uint8Array {
    // atob gives a binary string: exactly what binaryToBytes takes.
    try {
        return binaryToBytes(atob(text));
    } catch {
        throw new RecordError("bad base64 data");
    }
}

export function bytesToBase64(bytes: Uint8Array): string {
    return btoa(bytesToBinary(bytes));
}

const utf8 = new TextDecoder("utf-8");

/** Bytes as UTF-8, bad bytes replaced: for text meant to be read. */
export function bytesToText(bytes: Uint8Array): string {
    return utf8.decode(bytes);
}

/** A binary string's bytes as UTF-8, bad bytes replaced. */
export function binaryToText(text: string): string {
    return utf8.decode(binaryToBytes(text));
}
