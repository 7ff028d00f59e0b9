import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { authorize, authorizeCenter, roleMay } from '../../auth/policy.js';
import { operatedCenterIds } from '../../centers/operators.js';
import { listCenters } from '../../centers/repository.js';
import type { Database } from '../../db/client.js';
import { type FieldErrors, ForbiddenError } from '../../errors.js';
import { checkRange, defaultRange, type ReportRange } from '../../reports/rules.js';
import { buildReport } from '../../reports/service.js';
import { type Clock, seoulDate } from '../../time/seoul.js';
import { idText } from '../../validation/input.js';
import { formErrors } from '../forms.js';
import { pick } from '../localise.js';
import { requireLogin } from '../middleware/require-login.js';
import { reportCsv, reportXlsx } from './export.js';
import { formatCell, reportTables } from './view-models.js';

/** One schema for the report screen: the query string as the form sends it. */
const querySchema = z.object({
  center: z.union([z.literal(''), idText]),
  from: z.string().max(20),
  to: z.string().max(20),
  format: z.enum(['', 'html', 'csv', 'xlsx']),
});
type Query = z.infer<typeof querySchema>;

function readQuery(req: Request): { query?: Query; input: Record<string, string>; errors: FieldErrors } {
  const input = Object.fromEntries(
    ['center', 'from', 'to', 'format'].map((k) => [
      k,
      typeof req.query[k] === 'string' ? (req.query[k] as string).trim() : '',
    ]),
  );
  const parsed = querySchema.safeParse(input);
  if (parsed.success) return { query: parsed.data, input, errors: {} };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0]);
    errors[field === 'format' ? 'format' : field] ??= {
      key:
        field === 'center'
          ? 'reports.error.center'
          : field === 'format'
            ? 'reports.error.format'
            : `reports.error.${field}`,
    };
  }
  return { input, errors };
}

/** The range asked for (the last full month when none is), or the field errors. */
function readRange(q: Query, today: string): { range?: ReportRange; errors: FieldErrors } {
  if (!q.from && !q.to) return { range: defaultRange(today), errors: {} };
  const { range, error } = checkRange(q.from, q.to);
  if (error) return { errors: { [error.field]: { key: `reports.error.${error.kind}` } } };
  return { range, errors: {} };
}

/**
 * Utilisation reports: `/operator/reports` for the centers a person runs (one or all of them),
 * `/admin/reports` for the whole network or one center. `?format=csv|xlsx` downloads the same tables.
 */
export function reportsRouter({ db, clock }: { db: Database; clock: Clock }): Router {
  const router = Router();
  router.use(['/operator/reports', '/admin/reports'], requireLogin);

  async function show(req: Request, res: Response, base: '/operator/reports' | '/admin/reports') {
    const user = req.user!;
    const network = base === '/admin/reports';
    if (network) await authorize(db, user, 'report.network');
    else if (!roleMay(user.role, 'report.center')) throw new ForbiddenError('error.forbidden');

    const { query, input, errors } = readQuery(req);
    const today = seoulDate(clock.now());
    const { range, errors: rangeErrors } = query ? readRange(query, today) : { range: undefined, errors: {} };
    const allErrors = { ...errors, ...rangeErrors };

    // Which centers: one named center (its operators, or administrators), else all of this person's.
    const mine = network ? undefined : await operatedCenterIds(db, user);
    let centers: number[] | undefined = mine;
    if (query?.center) {
      const id = Number(query.center);
      await authorizeCenter(db, user, 'report.center', id);
      centers = [id];
    }
    const choices = (await listCenters(db)).filter((c) => !mine || mine.includes(c.id));
    const format = query?.format || 'html';
    const shownRange = range ?? defaultRange(today);

    if (!range || Object.keys(allErrors).length) {
      res.set('Cache-Control', 'no-store');
      res.status(422);
      render(req, res, base, { input, choices, errors: allErrors });
      return;
    }
    const report = await buildReport(db, { range, centers });
    const tables = reportTables(report, req.locale);
    const centerTitle =
      report.centers.length === 1 ? pick(req.locale, report.centers[0]!.name, report.centers[0]!.nameEn) : undefined;
    const title = centerTitle ? req.t('reports.titleCenter', { center: centerTitle }) : req.t('reports.title');
    const period = req.t('reports.period', { from: shownRange.from, to: shownRange.to });
    res.set('Cache-Control', 'no-store');
    if (format === 'csv' || format === 'xlsx') {
      const name = `utilisation-${centers?.length === 1 ? `center-${centers[0]}` : network ? 'network' : 'centers'}-${range.from}-${range.to}`;
      if (format === 'csv') {
        res
          .attachment(`${name}.csv`)
          .type('text/csv; charset=utf-8')
          .send(reportCsv([title, period], tables));
      } else {
        res
          .attachment(`${name}.xlsx`)
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .send(await reportXlsx([title, period], tables));
      }
      return;
    }
    const qs = (f: string) =>
      `${base}?${new URLSearchParams({ center: query?.center ? String(query.center) : '', from: range.from, to: range.to, format: f })}`;
    render(req, res, base, {
      input: { ...input, from: range.from, to: range.to },
      choices,
      errors: {},
      title,
      report: {
        period,
        pending: report.pending ? req.t('reports.pending', { count: report.pending }) : undefined,
        csvHref: qs('csv'),
        xlsxHref: qs('xlsx'),
        tables: tables.map((table) => ({
          ...table,
          headers: table.columns.map((c, i) => ({ label: c.label, numeric: i > 0 && c.kind !== 'text' })),
          // A wide table goes under its chart rather than beside it.
          stacked: table.columns.length > 3,
          body: table.rows.map((row) =>
            row.map((v, i) => ({
              text: formatCell(v, table.columns[i]?.kind ?? 'text', req.locale),
              numeric: i > 0 && table.columns[i]?.kind !== 'text',
            })),
          ),
          chart: table.chart && {
            ...table.chart,
            id: `chart-${table.id}`,
          },
        })),
      },
    });
  }

  function render(
    req: Request,
    res: Response,
    base: string,
    data: {
      input: Record<string, string>;
      choices: { id: number; name: string; nameEn: string }[];
      errors: FieldErrors;
      title?: string;
      report?: unknown;
    },
  ) {
    res.render('reports/index', {
      title: data.title ?? req.t('reports.title'),
      action: base,
      network: base === '/admin/reports',
      filter: data.input,
      centers: data.choices.map((c) => ({
        id: String(c.id),
        name: pick(req.locale, c.name, c.nameEn),
        selected: String(c.id) === data.input.center,
      })),
      errors: formErrors(req.locale, data.errors),
      report: data.report,
    });
  }

  router.get('/operator/reports', (req, res) => show(req, res, '/operator/reports'));
  router.get('/admin/reports', (req, res) => show(req, res, '/admin/reports'));
  return router;
}
