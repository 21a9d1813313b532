// Flat config: TypeScript-aware recommended rules plus React hooks. Build output, the VM
// cache and node_modules are not ours to lint.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";

export default tseslint.config(
    { ignores: ["dist/", "node_modules/", "test-results/", "tmp/"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        languageOptions: { globals: { ...globals.browser, ...globals.node } },
        plugins: { "react-hooks": reactHooks },
        rules: {
            ...reactHooks.configs.recommended.rules,
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
            eqeqeq: ["error", "always", { null: "ignore" }],
            // Exact names only: the barrel is banned, the deep imports below it are the way.
            "no-restricted-imports": ["error", {
                paths: ["@patternfly/react-core", "@patternfly/react-table", "@patternfly/react-icons"].map(name => ({
                    name,
                    message: "Use deep imports (…/dist/esm/…/index.js) so the bundle stays small.",
                })),
            }],
        },
    },
    {
        // The model is pure: it must not reach the machine or the UI.
        files: ["src/model/**"],
        rules: {
            "no-restricted-imports": ["error", {
                patterns: [{ group: ["react", "react-dom", "@patternfly/*", "*/pkg/lib/*", "*/host/*", "*/views/*"], message: "src/model is pure: no cockpit, React or host code." }],
            }],
        },
    },
);
