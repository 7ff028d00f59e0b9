import { users } from '../../db/schema/people.js';

export const probe = users;
