// Flat config: TypeScript-aware recommended rules, React hooks and jsx-a11y's recommended
// accessibility rules for JSX. Build output, the VM cache and node_modules are not ours to lint.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import jsxA11y from "eslint-plugin-jsx-a11y";
import globals from "globals";

export default tseslint.config(
    { ignores: ["dist/", "node_modules/", "test-results/", "tmp/"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        files: ["**/*.tsx", "**/*.jsx"],
        ...jsxA11y.flatConfigs.recommended,
        // The PatternFly components that render one native control: so the rules check them as
        // that element (a Button with a click handler is fine, a TextInput needs a label, ...).
        settings: { "jsx-a11y": { components: { Button: "button", TextInput: "input", TextArea: "textarea", FormSelect: "select" } } },
    },
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
        // Every limit of the e2e suite is in seconds on the reference machine, stretched by the
        // measured speed factor (test/e2e/lib/time.ts), and every wait is for a state.
        files: ["test/e2e/**"],
        rules: {
            "no-restricted-syntax": ["error",
                { selector: "Property[key.name='timeout'] > Literal", message: "A fixed limit turns red on a slower machine: timeout: within(SECONDS)." },
                { selector: "Literal[raw=/^[0-9]+_000$/]", message: "A limit in milliseconds: write seconds and stretch them with within()." },
                { selector: "CallExpression[callee.name='setTimeout'], CallExpression[callee.property.name='waitForTimeout']", message: "No sleeps: wait for the state itself (a page element, guestWaitFor, poll)." },
                { selector: "Literal[value=/\\bsleep [0-9]/], TemplateElement[value.raw=/\\bsleep [0-9]/]", message: "No sleeps in the guest: wait for the state itself (guestWaitFor)." },
            ],
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
