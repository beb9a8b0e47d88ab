import * as fs from 'fs';
import { API_DOC, renderApiDocs } from '../scripts/api-docs';

// API.md is generated from the declarations: a public prop, method or type changed without
// `npm run docs` would leave the reference wrong, so the suite fails instead.
test('API.md matches the public declarations (run `npm run docs` after changing the public API)', () => {
  const rendered = renderApiDocs();
  expect(rendered).toContain('### class `HipaaBucket`');
  expect(rendered).toContain('## `cdk-hipaa/envelope`');
  expect(rendered).toContain('## `cdk-hipaa/testing`');
  expect(fs.readFileSync(API_DOC, 'utf8')).toBe(rendered);
}, 180_000);
