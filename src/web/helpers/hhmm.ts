import { formatMinute } from '../../time/seoul.js';

/** {{hhmm 570}} → 09:30 */
export function hhmm(minute: number): string {
  return formatMinute(minute);
}
