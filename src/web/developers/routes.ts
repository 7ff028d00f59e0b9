import { type Request, Router } from 'express';
import { openApiDocument } from '../../api/openapi.js';
import { PROBLEM_SLUGS, type ProblemSlug, problemUri } from '../../api/problem-types.js';
import { CENTER_COLUMNS, OCCUPANCY_COLUMNS } from '../../api/public.js';
import { NotFoundError } from '../../errors.js';
import type { Locale } from '../../i18n/index.js';
import { type Clock, seoulDate } from '../../time/seoul.js';
import { API_DOCS_KO, PARAMETER_PLACES_KO } from './api-docs-ko.js';

type Schema = {
  type?: string | string[];
  $ref?: string;
  description?: string;
  items?: Schema;
  format?: string;
  enum?: unknown[];
  oneOf?: Schema[];
  anyOf?: Schema[];
};

function typeName(s: Schema | undefined): string {
  if (!s) return '';
  if (s.$ref) return s.$ref.split('/').at(-1) ?? '';
  if (s.oneOf ?? s.anyOf) return (s.oneOf ?? s.anyOf ?? []).map(typeName).join(' | ');
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (s.type === 'array') return `${typeName(s.items)}[]`;
  const t = Array.isArray(s.type) ? s.type.join(' | ') : (s.type ?? 'object');
  return s.format ? `${t} (${s.format})` : t;
}

/** The API reference for people, rendered on the server from the same OpenAPI document, in the page's language. */
export function apiDocsView(locale: Locale = 'en') {
  const say = (text: string | undefined) => (text && locale === 'ko' ? (API_DOCS_KO[text] ?? text) : text);
  const doc = openApiDocument();
  const endpoints = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods as Record<string, Record<string, unknown>>).map(([method, op]) => {
      const body = (op.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)?.content;
      return {
        id: String(op.operationId),
        method: method.toUpperCase(),
        path: `/api/v1${path}`,
        summary: say(op.summary as string),
        personal: Boolean(op.security),
        parameters: (
          (op.parameters as { name: string; in: string; required: boolean; description?: string; schema: Schema }[]) ??
          []
        ).map((p) => ({
          name: p.name,
          in: locale === 'ko' ? (PARAMETER_PLACES_KO[p.in] ?? p.in) : p.in,
          required: p.required,
          description: say(p.description ?? p.schema.description),
          type: typeName(p.schema),
        })),
        body: body ? typeName(Object.values(body)[0]?.schema) : undefined,
        responses: Object.entries(
          op.responses as Record<string, { description: string; content?: Record<string, { schema: Schema }> }>,
        ).map(([status, r]) => ({
          status,
          description: say(r.description),
          type: r.content ? typeName(Object.values(r.content)[0]?.schema) : '',
        })),
      };
    }),
  );
  const schemas = Object.entries(
    doc.components.schemas as Record<string, { properties?: Record<string, Schema>; required?: string[] }>,
  ).map(([name, s]) => ({
    name,
    properties: Object.entries(s.properties ?? {}).map(([prop, p]) => ({
      name: prop,
      type: typeName(p),
      required: (s.required ?? []).includes(prop),
      description: say(p.description),
    })),
  }));
  return { endpoints, schemas };
}

export function developersRouter({ clock }: { clock: Clock }): Router {
  const router = Router();
  const docs = { ko: apiDocsView('ko'), en: apiDocsView('en') };
  const problems = (req: Request) =>
    (Object.keys(PROBLEM_SLUGS) as ProblemSlug[]).map((slug) => ({
      slug,
      uri: problemUri(slug),
      status: PROBLEM_SLUGS[slug],
      title: req.t(`problem.${slug}`),
      about: req.t(`problem.${slug}.about`),
    }));
  router.get('/api/docs', (req, res) => {
    res.render('developers/api-docs', {
      title: req.t('developers.apiTitle'),
      ...docs[req.locale],
      problems: problems(req),
    });
  });
  // Each problem type's URI resolves: a page for people, JSON for programs.
  router.get('/api/problems/:slug', (req, res) => {
    const found = problems(req).find((p) => p.slug === req.params.slug);
    if (!found) throw new NotFoundError('error.notFound');
    res.set('Content-Language', req.locale).vary('Accept');
    if (req.accepts(['html', 'json']) === 'json') {
      res.json({ type: found.uri, title: found.title, status: found.status, description: found.about });
      return;
    }
    res.render('developers/problem', { title: found.title, problem: found });
  });
  router.get('/open-data', (req, res) => {
    const month = seoulDate(clock.now()).slice(0, 7);
    const describe = (prefix: string, columns: string[]) =>
      columns.map((c) => ({ name: c, description: req.t(`openData.${prefix}.${c}`) }));
    res.render('developers/open-data', {
      title: req.t('openData.title'),
      month,
      centerColumns: describe('centers', CENTER_COLUMNS),
      occupancyColumns: describe('occupancy', OCCUPANCY_COLUMNS),
    });
  });
  return router;
}
