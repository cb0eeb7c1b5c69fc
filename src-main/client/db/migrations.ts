// Numbered schema migrations for the client's local database, applied in order once each
// (PRAGMA user_version records the last one). Never edit a shipped entry: add a new one.
export const migrations: readonly string[] = [
  // 1: the outbox (survives restarts) and the offline cache of lists and recent messages.
  // Bodies are sealed (AES-GCM, key in the SecretStore): message text never sits in plain files.
  `
  CREATE TABLE outbox (
    client_id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    server TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    body BLOB NOT NULL
  );
  CREATE TABLE conversation_cache (
    account_id TEXT NOT NULL,
    conversation_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    body BLOB NOT NULL,
    PRIMARY KEY (account_id, conversation_id)
  );
  CREATE TABLE message_cache (
    account_id TEXT NOT NULL,
    conversation_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    body BLOB NOT NULL,
    PRIMARY KEY (account_id, conversation_id, message_id)
  );
  `,
  // 2: this device's mute and marked-unread choices per conversation (no text: not sealed).
  `
  CREATE TABLE conversation_prefs (
    account_id TEXT NOT NULL,
    conversation_id INTEGER NOT NULL,
    muted INTEGER NOT NULL,
    marked_unread INTEGER NOT NULL,
    PRIMARY KEY (account_id, conversation_id)
  );
  `,
]
