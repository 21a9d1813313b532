// Entry point: theme first (so the first paint has the right colors), then PatternFly's base
// CSS and ours, then the app into #app.
import "../pkg/lib/dark-theme.ts";
import "@patternfly/patternfly/patternfly-base.css";
import "./app.css";
import { createRoot } from "react-dom/client";
import { App } from "./app.tsx";

const container = document.getElementById("app");
if (container)
    createRoot(container).render(<App />);
