/**
 * The API's contract, in zod: requests are validated with these schemas, and the OpenAPI
 * document (/api/v1/openapi.json) is generated from the same objects.
 *
 * Each module registers its schemas in apiRegistry as it loads, and that order is the order of
 * components.schemas in the document. The bare imports below fix it (Biome does not sort them):
 * import the schemas through this file, and add a module here at the place its components belong.
 */
import './schemas/problem.js';
import './schemas/centers.js';
import './schemas/personal.js';
import './schemas/absences-waitlist.js';
import './schemas/plans.js';
import './schemas/lists.js';
import './schemas/programmes.js';

export * from './schemas/absences-waitlist.js';
export { apiRegistry, listOf } from './schemas/base.js';
export * from './schemas/centers.js';
export * from './schemas/lists.js';
export * from './schemas/personal.js';
export * from './schemas/plans.js';
export * from './schemas/problem.js';
export * from './schemas/programmes.js';
