// @ts-check
// The host site's pages. Everything from a user goes through `escape`: this site renders HTML on the server.

/**
 * @param {string} text
 * @returns {string}
 */
export function escape(text) {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * @param {string} title
 * @param {string} body
 * @returns {string}
 */
function layout(title, body) {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escape(title)} · Northwind Shop</title>
    <link rel="stylesheet" href="/site.css" />
  </head>
  <body>
    <header><strong>Northwind Shop</strong></header>
    <main>${body}</main>
  </body>
</html>`;
}

/**
 * The site's own login form: iChat has no part in it.
 * @param {{ error?: string | undefined, logins: readonly string[] }} options
 * @returns {string}
 */
export function loginPage({ error, logins }) {
  return layout(
    'Log in',
    `<h1>Log in to the shop</h1>
    ${error === undefined ? '' : `<p class="error" role="alert">${escape(error)}</p>`}
    <form method="post" action="/login">
      <label>Account <input name="login" autocomplete="username" required /></label>
      <label>Password <input name="password" type="password" autocomplete="current-password" required /></label>
      <button type="submit">Log in</button>
    </form>
    <p class="hint">Demo accounts: ${logins.map((login) => `<code>${escape(login)}</code>`).join(', ')}.</p>`,
  );
}

/**
 * The signed-in page: the widget signs in with the token the site's /ichat-token route signs, so it never shows a
 * form of its own.
 * @param {{ name: string, ichatUrl: string, notice?: string | undefined }} options
 * @returns {string}
 */
export function appPage({ name, ichatUrl, notice }) {
  return layout(
    'Community',
    `<div class="bar">
      <span>Signed in to the shop as <strong data-testid="host-user">${escape(name)}</strong></span>
      <form method="post" action="/logout"><button type="submit">Log out</button></form>
    </div>
    <h1>Shop community</h1>
    <p>Everyone who logs in to the shop is in the <em>Shop community</em> room. No second account, no second password.</p>
    <ichat-widget server="${escape(ichatUrl)}" token-url="/ichat-token"></ichat-widget>
    <section aria-labelledby="announce-title">
      <h2 id="announce-title">Shop announcement</h2>
      <p>Posted by the shop's backend through the iChat server API, as a system message in the community room.</p>
      ${notice === undefined ? '' : `<p class="notice" role="status">${escape(notice)}</p>`}
      <form method="post" action="/announce">
        <label>Text <input name="text" required maxlength="500" /></label>
        <button type="submit">Post announcement</button>
      </form>
    </section>
    <script type="module" src="${escape(ichatUrl)}/widget.js"></script>`,
  );
}
