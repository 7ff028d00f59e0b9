import Handlebars from 'handlebars';

const STATES = new Set(['closed', 'free', 'busy', 'mine']);

/**
 * {{slotStrip slots}}: a desk's day as 30-minute cells, one span each. Written as one string:
 * a busy center's day is 50 desks × 30 cells, and 1,500 template iterations were a large part
 * of rendering its page. Only the four known states are written, so the markup is safe.
 */
export function slotStrip(slots: unknown): Handlebars.SafeString {
  const cells = Array.isArray(slots) ? slots.filter((s): s is string => STATES.has(s)) : [];
  return new Handlebars.SafeString(cells.map((s) => `<span class="slot slot-${s}"></span>`).join(''));
}
