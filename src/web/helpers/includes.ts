/** {{#if (includes list value)}}: whether a list holds the value (a favourite desk among the person's favourites). */
export function includes(list: unknown, value: unknown): boolean {
  return Array.isArray(list) && list.includes(value);
}
