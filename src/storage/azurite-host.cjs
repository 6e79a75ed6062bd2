'use strict';
/*
 * Runs Azurite's Table service in a child process of the bot (embedded storage for development).
 * A separate process keeps Azurite's work off the bot's event loop, and lets Azurite flush its
 * database to disk when the bot dies, even by SIGKILL: the IPC channel closes and we shut down.
 * Arguments: the data directory and the port (0: any free one; a restart asks for the same port).
 * Reports `{ type: 'ready', port }` or `{ type: 'error', message }`.
 */
const fs = require('node:fs');
const path = require('node:path');
const TableServer = require('azurite/dist/src/table/TableServer.js').default;
const TableConfiguration = require('azurite/dist/src/table/TableConfiguration.js').default;

const dataDir = process.argv[2];
const port = Number(process.argv[3] ?? 0);
const lockFile = path.join(dataDir, 'azurite.lock');

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Two Azurite processes on one database file would overwrite each other's writes. */
function acquireLock() {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return true;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const owner = Number(fs.readFileSync(lockFile, 'utf8'));
      if (owner && isAlive(owner)) {
        process.send?.({ type: 'error', message: `DATA_DIR ${dataDir} används redan av process ${owner}` });
        return false;
      }
      fs.rmSync(lockFile, { force: true }); // left behind by a process that no longer runs
    }
  }
  return false;
}

async function main() {
  fs.mkdirSync(dataDir, { recursive: true });
  if (!acquireLock()) {
    process.exit(3);
  }
  const config = new TableConfiguration(
    '127.0.0.1',
    port,
    undefined,
    path.join(dataDir, '__azurite_db_table__.json'),
    false,
    false,
    undefined,
    undefined,
    false,
    true,
  );
  const server = new TableServer(config);
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    try {
      await server.close();
    } finally {
      fs.rmSync(lockFile, { force: true });
      process.exit(0);
    }
  };
  process.on('disconnect', shutdown);
  process.on('SIGTERM', shutdown);
  // Ctrl+C reaches the whole process group: the bot drains its turns and then stops us (or we
  // stop when it is gone), so storage stays up while the last answers are saved.
  process.on('SIGINT', () => {});
  process.on('message', (message) => {
    if (message && message.type === 'stop') shutdown();
    // Azurite saves its database every 5 s; the bot asks for a save before it acknowledges an
    // answer, so that an acknowledged answer is in the file even if this process is killed.
    if (message && message.type === 'flush') {
      server.metadataStore.db.saveDatabase((error) => {
        process.send?.({
          type: 'flushed',
          id: message.id,
          error: error ? String(error.message ?? error) : null,
        });
      });
    }
  });
  await server.start();
  const address = server.httpServer.address();
  process.send?.({ type: 'ready', port: address.port });
}

main().catch((error) => {
  fs.rmSync(lockFile, { force: true });
  process.send?.({ type: 'error', message: String(error?.message ?? error) });
  process.exit(1);
});
