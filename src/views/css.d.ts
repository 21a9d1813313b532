// Stylesheets are imported for their side effect; esbuild bundles them into index.css.
declare module "*.css";
