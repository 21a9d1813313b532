// CSS lint for src/**/*.css: stylelint's standard rules, with the naming rules taught
// PatternFly's names, which we must use as PatternFly spells them: its custom properties
// (--pf-t--global--spacer--md, --pf-v6-c-page__main-container--BackgroundColor: double dashes,
// BEM elements, camel-case property parts) and its BEM classes (.pf-v6-c-code-block__content).
// Our own names stay kebab-case under the imgbased- prefix.
const ours = "imgbased(-[a-z0-9]+)+";

export default {
    extends: ["stylelint-config-standard"],
    rules: {
        "custom-property-pattern": [`^(${ours}|pf-t--[a-z0-9-]+|pf-v6-c-[a-z0-9_-]+--[a-zA-Z0-9_-]+)$`, {
            message: name => `Custom property "${name}": ours are --imgbased-kebab-case, PatternFly's are spelled as PatternFly does`,
        }],
        "selector-class-pattern": [`^(${ours}|pf-v6-c-[a-z0-9-]+(__[a-z0-9-]+)?|pf-m-[a-z0-9-]+)$`, {
            message: name => `Class "${name}": ours are .imgbased-kebab-case, PatternFly's .pf-v6-c-block__element or .pf-m-modifier`,
        }],
    },
};
