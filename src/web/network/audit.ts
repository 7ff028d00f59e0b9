import { type Request, Router } from 'express';
import { z } from 'zod';
import { AUDITED_ENTITIES, type AuditFilter, listAdminChanges } from '../../admin/audit.js';
import { changedFields } from '../../admin/audit-diff.js';
import { authorize } from '../../auth/policy.js';
import type { Database } from '../../db/client.js';
import type { FieldErrors } from '../../errors.js';
import { spreadsheetCsv } from '../../files/csv.js';
import { isMessageKey } from '../../i18n/index.js';
import { addDaysToDate, seoulInstant, toSeoulIso } from '../../time/seoul.js';
import { dateText, text } from '../../validation/input.js';
import { formErrors } from '../forms.js';
import { requireLogin } from '../middleware/require-login.js';

const filterSchema = z
  .object({
    entity: z.union([z.literal(''), z.enum(AUDITED_ENTITIES)]).optional(),
    actor: text(100)
      .transform((s) => s.trim().toLowerCase())
      .optional(),
    from: z.union([z.literal(''), dateText]).optional(),
    to: z.union([z.literal(''), dateText]).optional(),
  })
  .refine((v) => !v.from || !v.to || v.to >= v.from, { path: ['to'] });

const MESSAGES: Record<string, string> = {
  entity: 'audit.error.entity',
  actor: 'audit.error.actor',
  from: 'audit.error.date',
  to: 'audit.error.to',
};

/** The query as a filter (dates are Seoul days, inclusive), or the field errors. */
function parseFilter(req: Request): { filter?: AuditFilter; errors: FieldErrors; input: Record<string, unknown> } {
  const input = Object.fromEntries(
    ['entity', 'actor', 'from', 'to'].map((k) => [k, typeof req.query[k] === 'string' ? req.query[k] : '']),
  );
  const parsed = filterSchema.safeParse(input);
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const i of parsed.error.issues) errors[String(i.path[0])] ??= { key: MESSAGES[String(i.path[0])]! };
    return { errors, input };
  }
  const v = parsed.data;
  return {
    input,
    errors: {},
    filter: {
      entity: v.entity || undefined,
      actor: v.actor || undefined,
      from: v.from ? seoulInstant(v.from, 0) : undefined,
      until: v.to ? seoulInstant(addDaysToDate(v.to, 1), 0) : undefined,
    },
  };
}

const json = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v));

/** A stored value as a person reads it: yes/no, lists and records as text, never JSON. */
function shown(req: Request, v: unknown): string {
  if (v === null || v === undefined || v === '') return req.t('audit.nothing');
  if (typeof v === 'boolean') return req.t(v ? 'audit.yes' : 'audit.no');
  if (Array.isArray(v)) {
    if (v.length === 0) return req.t('audit.nothing');
    return v
      .map((x) => (x !== null && typeof x === 'object' && !Array.isArray(x) ? `(${shown(req, x)})` : shown(req, x)))
      .join(', ');
  }
  if (typeof v === 'object')
    return Object.entries(v)
      .map(([k, x]) => `${k}: ${shown(req, x)}`)
      .join(', ');
  // Instants are stored as UTC ISO strings; people read Seoul time.
  if (typeof v === 'string' && ISO_INSTANT.test(v)) return toSeoulIso(new Date(v)).slice(0, 19).replace('T', ' ');
  return String(v);
}
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
/** The page cuts long values (a published programme's whole summary); the CSV has them in full. */
const cut = (text: string) => {
  // By characters, not UTF-16 units, so an emoji is never cut in half.
  const chars = Array.from(text);
  return chars.length > LONGEST ? `${chars.slice(0, LONGEST).join('')}…` : text;
};
const LONGEST = 200;

/** The audit log of administrative changes: filterable, and exported as CSV with the same filter. */
export function auditRouter({ db }: { db: Database }): Router {
  const router = Router();
  router.use(['/admin/audit', '/admin/audit.csv'], requireLogin);

  router.get('/admin/audit', async (req, res) => {
    await authorize(db, req.user!, 'audit.view');
    const { filter, errors, input } = parseFilter(req);
    const entries = filter ? await listAdminChanges(db, { ...filter, limit: 200 }) : [];
    const query = new URLSearchParams(input as Record<string, string>).toString();
    res.set('Cache-Control', 'no-store');
    res.status(filter ? 200 : 422).render('network/audit', {
      title: req.t('audit.title'),
      filter: input,
      entities: AUDITED_ENTITIES.map((e) => ({ value: e, label: req.t(`audit.entity.${e}`) })),
      entries: entries.map((e) => ({
        ...e,
        at: toSeoulIso(e.at).slice(0, 19).replace('T', ' '),
        entity: req.t(`audit.entity.${e.entity}`),
        // A code the catalogue does not know yet (a new kind of change) shows as it is.
        action: isMessageKey(`audit.action.${e.action}`) ? req.t(`audit.action.${e.action}`) : e.action,
        changes: changedFields(e.before, e.after).map((c) => ({
          field: c.field || req.t('audit.value'),
          // A creation has no before at all; an update from nothing says 'none -> value'.
          before: e.before == null ? undefined : cut(shown(req, c.before)),
          after: cut(shown(req, c.after)),
        })),
      })),
      csvHref: `/admin/audit.csv?${query}`,
      errors: formErrors(req.locale, errors),
    });
  });

  router.get('/admin/audit.csv', async (req, res) => {
    await authorize(db, req.user!, 'audit.view');
    const { filter } = parseFilter(req);
    const entries = filter ? await listAdminChanges(db, { ...filter, limit: 100_000 }) : [];
    const rows = entries.map((e) => [
      toSeoulIso(e.at),
      e.actor ?? '',
      e.entity,
      e.entityId ?? '',
      e.action,
      json(e.before),
      json(e.after),
    ]);
    res
      .status(filter ? 200 : 422)
      .set('Cache-Control', 'no-store')
      .attachment('admin-changes.csv')
      .type('text/csv; charset=utf-8')
      .send(spreadsheetCsv([['at', 'actor', 'entity', 'entity_id', 'action', 'before', 'after'], ...rows]));
  });
  return router;
}
