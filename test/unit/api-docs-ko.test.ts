import { describe, expect, it } from 'vitest';
import { API_DOCS_KO } from '../../src/web/developers/api-docs-ko.js';
import { apiDocsView } from '../../src/web/developers/routes.js';

describe('the API reference in Korean', () => {
  it('has Korean for every text of the OpenAPI document, so the page is not half English', () => {
    const en = apiDocsView('en');
    const texts = [
      ...en.endpoints.flatMap((e) => [
        e.summary,
        ...e.parameters.map((p) => p.description),
        ...e.responses.map((r) => r.description),
      ]),
      ...en.schemas.flatMap((s) => s.properties.map((p) => p.description)),
    ].filter((x): x is string => typeof x === 'string' && x !== '');
    const missing = [...new Set(texts)].filter((t) => API_DOCS_KO[t] === undefined);
    expect(missing).toEqual([]);
    const ko = apiDocsView('ko');
    expect(ko.endpoints[0]!.summary).toBe('모든 스마트워크센터');
    expect(ko.endpoints.flatMap((e) => e.parameters.map((p) => p.in))).not.toContain('query');
  });
});
