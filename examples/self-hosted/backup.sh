#!/usr/bin/env bash
# Backs up the iChat database while the server runs, keeping the last $KEEP copies.
# SQLite's online backup copies a consistent snapshot: every acknowledged message up to that moment is in it.
#
#   runuser -u ichat -- /opt/ichat/examples/self-hosted/backup.sh
#
# Run it as the service user, so the copies are its own, with the server's settings: DATABASE_URL from the
# environment, else from /etc/ichat/env (root:ichat, 640), else .env in the working directory. ICHAT_BIN,
# BACKUP_DIR (made by the install steps, owned by ichat) and KEEP below have defaults. Daily, in /etc/crontab:
#   17 3 * * * ichat /opt/ichat/examples/self-hosted/backup.sh
set -euo pipefail

ICHAT_BIN=${ICHAT_BIN:-/opt/ichat/packages/server/dist/main.js}
BACKUP_DIR=${BACKUP_DIR:-/var/backups/ichat}
KEEP=${KEEP:-14}

if [ -f /etc/ichat/env ] && [ -z "${DATABASE_URL:-}" ]; then
  set -a
  # shellcheck disable=SC1091
  . /etc/ichat/env
  set +a
fi

mkdir -p "$BACKUP_DIR"
target="$BACKUP_DIR/ichat-$(date -u +%Y%m%dT%H%M%SZ).db"
node "$ICHAT_BIN" backup "$target"

# Prove the copy opens and is intact before trusting it.
node -e '
  const Database = require(require.resolve("better-sqlite3", { paths: [require("path").dirname(process.argv[2])] }));
  const db = new Database(process.argv[1], { readonly: true });
  const result = db.pragma("integrity_check", { simple: true });
  if (result !== "ok") { console.error("integrity check failed:", result); process.exit(1); }
  console.log("verified", process.argv[1]);
' "$target" "$ICHAT_BIN"

# Keep the newest $KEEP backups.
ls -1t "$BACKUP_DIR"/ichat-*.db 2>/dev/null | tail -n +$((KEEP + 1)) | xargs -r rm --
