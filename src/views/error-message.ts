// What a caught failure says, for an alert (the dialogs that start jobs, which load later than
// the page: a module of its own keeps this out of the page's first load).
export function errorMessage(ex: unknown): string {
    return ex instanceof Error ? ex.message : String(ex);
}
