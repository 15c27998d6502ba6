import { describe, expect, it } from 'vitest';
import { matchKeys, targets } from '../../server/modules/import/import-fields.schemas.js';
import {
  applyTemplate,
  defaultMatchBy,
  duplicateTargets,
  etaParts,
  exportUrl,
  keyUsable,
  MATCH_KEYS,
  mappingFrom,
  percent,
  PRODUCT_MATCH_KEYS,
  selectionFrom,
  stepOf,
  TARGETS,
  templateFrom,
  uploadError,
} from './plan.js';

describe('import plan', () => {
  it('knows the same targets and matching keys as the server', () => {
    expect([...TARGETS]).toEqual([...targets]);
    expect([...MATCH_KEYS, ...PRODUCT_MATCH_KEYS.filter((k) => !MATCH_KEYS.includes(k))]).toEqual([...matchKeys]);
  });

  it('turns a mapping into one target per column and back', () => {
    const mapping = [
      { column: 0, target: 'externalId' as const },
      { column: 2, target: 'phone' as const },
      { column: 3, target: 'phone' as const },
    ];
    const sel = selectionFrom(4, mapping);
    expect(sel).toEqual(['externalId', '', 'phone', 'phone']);
    expect(mappingFrom(sel)).toEqual(mapping);
    expect(selectionFrom(2, [{ column: 5, target: 'email' }])).toEqual(['', '']);
  });

  it('flags a single-column target chosen twice, not a second phone', () => {
    expect([...duplicateTargets(['legalName', 'legalName', 'phone', 'phone', ''])]).toEqual(['legalName']);
  });

  it('proposes matching keys from what the file has', () => {
    expect(defaultMatchBy(['externalId', 'legalName', 'phone'])).toEqual(['externalId']);
    expect(defaultMatchBy(['id', 'externalId'])).toEqual(['id']);
    expect(defaultMatchBy(['fullName', 'email', 'phone', 'inn'])).toEqual(['inn', 'email', 'phone']);
    expect(keyUsable('name', ['fullName'])).toBe(true);
    expect(keyUsable('email', ['phone'])).toBe(false);
  });

  it('puts a job at the right step', () => {
    expect(stepOf({ status: 'uploaded', dryRun: false }, false)).toBe('mapping');
    expect(stepOf({ status: 'previewed', dryRun: true }, false)).toBe('preview');
    expect(stepOf({ status: 'previewed', dryRun: true }, true)).toBe('mapping');
    expect(stepOf({ status: 'running', dryRun: false }, false)).toBe('run');
    expect(stepOf({ status: 'interrupted', dryRun: false }, false)).toBe('run');
    expect(stepOf({ status: 'failed', dryRun: true }, false)).toBe('preview');
    expect(stepOf({ status: 'done', dryRun: false }, false)).toBe('result');
    expect(stepOf({ status: 'undone', dryRun: false }, false)).toBe('result');
  });

  it('explains upload errors', () => {
    expect(uploadError({ status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The file is larger than 512 MB' })).toEqual({
      key: 'tooLarge',
      values: { mb: '512' },
    });
    expect(
      uploadError({
        status: 400,
        code: 'VALIDATION_FAILED',
        message: 'file: the spreadsheet unpacks to too much data (a zip bomb?)',
        details: [{ field: 'file', message: 'the spreadsheet unpacks to too much data (a zip bomb?)' }],
      }).key,
    ).toBe('zipBomb');
    expect(uploadError({ status: 400, code: 'VALIDATION_FAILED', message: 'file: a binary file, not a table (CSV, XLSX, ODS or vCard)' }).key).toBe(
      'notTable',
    );
    expect(uploadError({ status: 400, code: 'VALIDATION_FAILED', message: 'file: the file is empty' }).key).toBe('empty');
    const file = (message: string) =>
      uploadError({ status: 400, code: 'VALIDATION_FAILED', message: `file: ${message}`, details: [{ field: 'file', message }] });
    expect(file('the spreadsheet declares XML entities (a DOCTYPE), which are not allowed').key).toBe('xmlEntities');
    expect(file('a damaged zip file: its contents do not match its listed sizes').key).toBe('zipSizes');
    expect(file('a quoted value is never closed (it opens at line 3)')).toEqual({ key: 'quoteNotClosed', values: { line: '3' } });
    expect(file('a cell longer than 1,000,000 characters (line 2)')).toEqual({ key: 'cellTooLong', values: { n: '1,000,000' } });
    expect(file('more than 16,384 columns')).toEqual({ key: 'tooManyColumns', values: { n: '16,384' } });
    expect(file("the spreadsheet's XML is not valid").key).toBe('unreadable');
    expect(uploadError({ status: 0 }).key).toBe('network');
    expect(uploadError({ status: 500, message: 'boom' })).toEqual({ key: 'server', values: { message: 'boom' } });
  });

  it('splits an ETA and a percentage', () => {
    expect(etaParts(3725)).toEqual({ h: 1, min: 2, s: 5 });
    expect(percent(50, 200)).toBe(25);
    expect(percent(5, null)).toBe(0);
  });

  it('saves a template by header and applies it to another file', () => {
    const t = templateFrom('Shop', ['Code', 'Company', 'Phone'], ['externalId', 'legalName', 'phone'], { matchBy: ['externalId'], onMatch: 'skip' });
    expect(applyTemplate(t, ['phone', 'Notes', 'code', ' COMPANY '], ['externalId', 'legalName', 'phone'])).toEqual([
      'phone',
      '',
      'externalId',
      'legalName',
    ]);
    expect(applyTemplate(t, ['Phone'], ['legalName'])).toEqual(['']);
  });

  it('builds the export link from the journal query', () => {
    expect(exportUrl('csv', { q: 'ab c', sort: 'name', dir: 'asc', filters: [] })).toBe('/api/clients/export?format=csv&sort=name&dir=asc&q=ab+c');
    const url = new URL(
      exportUrl('xlsx', { q: '', sort: 'status', dir: 'desc', filters: [{ field: 'status', op: 'eq', value: 'vip' }] }),
      'http://x',
    );
    expect(JSON.parse(url.searchParams.get('filter')!)).toEqual([{ field: 'status', op: 'eq', value: 'vip' }]);
    expect(url.searchParams.has('q')).toBe(false);
  });
});
