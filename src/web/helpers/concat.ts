/** {{concat "opens-" weekday}}: its arguments joined, for ids built in a loop (the options hash last). */
export function concat(...args: unknown[]): string {
  return args.slice(0, -1).map(String).join('');
}
