// Host scripts live as real .sh files (so shellcheck reads them); esbuild bundles them as text.
declare module "*.sh" {
    const text: string;
    export default text;
}
