// A tiny Vite app in the installed app's folder: one page that imports @ichat/widget from npm and shows the chat
// inline, talking to a given server. Built and served with Vite's own API.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes the app's index.html into `dir` (inside the npm app, so `@ichat/widget` resolves from its node_modules). */
export function writeViteApp(dir: string, serverUrl: string): void {
  mkdirSync(dir, { recursive: true });
  const page = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Widget from npm</title>
    <script type="module">
      import '@ichat/widget';
    </script>
  </head>
  <body>
    <ichat-widget server="${serverUrl}" mode="inline" style="display: block; block-size: 600px"></ichat-widget>
  </body>
</html>
`;
  writeFileSync(join(dir, 'index.html'), page);
}
