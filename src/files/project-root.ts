import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's folder (views, public, drizzle, mail templates beside src). Two levels up from
 * this file, both here (src/files/) and in npm start's bundle (build/server/server.mjs), where
 * every module shares the bundle's address: keep this file, and the bundle, two levels deep.
 */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
