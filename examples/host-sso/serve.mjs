// @ts-check
// Starts the host site from environment variables (see README.md).

import { startHostSite } from './site.mjs';

/**
 * @param {string} name
 * @returns {string}
 */
function required(name) {
  const value = process.env[name];
  if (value === undefined || value === '') {
    console.error(`Set ${name} (see examples/host-sso/README.md)`);
    process.exit(2);
  }
  return value;
}

const site = await startHostSite({
  port: Number(process.env.PORT ?? 5190),
  ichatUrl: process.env.ICHAT_URL ?? 'http://localhost:5000',
  jwtSecret: required('ICHAT_JWT_SECRET'),
  jwtIssuer: process.env.ICHAT_JWT_ISSUER ?? 'https://shop.example',
  jwtAudience: process.env.ICHAT_JWT_AUDIENCE ?? 'ichat',
  apiKey: required('ICHAT_API_KEY'),
  webhookSecret: required('ICHAT_WEBHOOK_SECRET'),
  avatarBase: process.env.AVATAR_BASE_URL ?? 'https://avatars.shop.example/',
  stateFile: process.env.STATE_FILE ?? 'host-sso-state.json',
});
console.log(`Host site on http://localhost:${site.port} (iChat server: ${process.env.ICHAT_URL ?? 'http://localhost:5000'})`);
