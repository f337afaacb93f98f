// Entry for `@ichat/widget/admin` and the `/admin.js` bundle: defines <ichat-admin>.

import { IChatAdmin } from './ichat-admin.js';

if (!customElements.get('ichat-admin')) customElements.define('ichat-admin', IChatAdmin);

export { IChatAdmin };
export type { RangePreset } from './ichat-admin.js';
export { ADMIN_STRINGS, type AdminStrings } from './admin/admin-strings.js';
