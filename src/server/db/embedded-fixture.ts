// Test fixture: starts (or joins) the embedded server for a data dir, prints one READY line,
// then waits; SIGTERM stops it cleanly. Used by embedded.test.ts to kill -9 a real process.
import { startEmbedded } from './embedded.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: embedded-fixture <dataDir>');
const h = await startEmbedded({ dataDir: dir });
console.log(`READY ${h.owner ? 'owner' : 'guest'} ${h.url}`);
process.on('SIGTERM', () => void h.stop().then(() => process.exit(0)));
setInterval(() => {}, 60_000);
