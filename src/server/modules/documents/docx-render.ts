// DOCX templates (issue 16; docs/documents.md): docxtemplater with its default, logic-less parser —
// a tag is a name looked up in the merge data ({firm.inn}, {#lines}…{/lines}), never an expression
// (no angular-expressions: CVE-2020-5219, CVE-2021-21277, CVE-2024-54152 are what an uploaded
// template could trigger). A template that does not parse is TEMPLATE_INVALID (400) with
// docxtemplater's reason and the tag, never a 500.
import Docxtemplater from 'docxtemplater';
import PizZip from 'pizzip';
import { AppError, type FieldIssue } from '../../shared/errors.js';

/** The most a template may hold uncompressed (a DOCX is a ZIP: a small upload could unpack to gigabytes). */
const MAX_UNCOMPRESSED = 64 * 1024 * 1024;

type DxError = { message?: string; properties?: { explanation?: string; xtag?: string; id?: string; errors?: DxError[] } };

function reasons(e: unknown): FieldIssue[] {
  const err = e as DxError;
  const list = err.properties?.errors?.length ? err.properties.errors : [err];
  return list.slice(0, 20).map((x) => ({
    field: 'template',
    message: `${x.properties?.explanation ?? x.message ?? 'invalid template'}${x.properties?.xtag ? ` (tag "${x.properties.xtag}")` : ''}`,
  }));
}

const invalid = (issues: FieldIssue[]) =>
  new AppError('TEMPLATE_INVALID', `The template cannot be used: ${issues.map((i) => i.message).join('; ')}`, issues);

function openZip(content: Buffer): PizZip {
  let zip: PizZip;
  try {
    zip = new PizZip(content);
  } catch {
    throw invalid([{ field: 'template', message: 'not a DOCX file (not a ZIP archive)' }]);
  }
  let total = 0;
  for (const f of Object.values(zip.files) as unknown as { _data?: { uncompressedSize?: number } }[]) total += f._data?.uncompressedSize ?? 0;
  if (total > MAX_UNCOMPRESSED) throw invalid([{ field: 'template', message: 'the DOCX unpacks to more than 64 MB' }]);
  if (!zip.file('word/document.xml')) throw invalid([{ field: 'template', message: 'not a DOCX file (no word/document.xml)' }]);
  return zip;
}

function compile(content: Buffer): Docxtemplater {
  const zip = openZip(content);
  try {
    return new Docxtemplater(zip, { paragraphLoop: true, linebreaks: true, nullGetter: () => '', errorLogging: false });
  } catch (e) {
    throw invalid(reasons(e));
  }
}

/** Checks that a template parses (an upload); throws TEMPLATE_INVALID with the reasons. */
export function checkTemplate(content: Buffer): void {
  compile(content);
}

/** The tags a template uses (for the list of fields it needs). */
export function templateTags(content: Buffer): string[] {
  const doc = compile(content);
  const text = doc.getFullText();
  return [...new Set([...text.matchAll(/\{([#/^]?)([^{}]+)\}/g)].map((m) => m[2]!.trim()))];
}

/** The DOCX of a template with the merge data. */
export function renderDocx(content: Buffer, data: Record<string, unknown>): Buffer {
  const doc = compile(content);
  try {
    doc.render(data);
  } catch (e) {
    throw invalid(reasons(e));
  }
  return doc.getZip().generate({ type: 'nodebuffer', compression: 'DEFLATE' });
}
