// Entry of server/out/server.js, the file the client and every test start: runs the language
// server's bundle (server/out/main.js, built from server.ts) through the V8 code cache
// (codeCache.ts). Kept tiny: it is the only code compiled without the cache.
import * as path from 'node:path';
import { runWithCodeCache } from './codeCache';

runWithCodeCache(path.join(__dirname, 'main.js'), process.argv);
