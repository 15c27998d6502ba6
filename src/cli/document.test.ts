import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import PizZip from 'pizzip';
import { findSoffice } from '../server/modules/documents/pdf-converter.js';
import { saveProduct } from '../server/modules/catalog/catalog.service.js';
import { createClient } from '../server/modules/clients/clients.service.js';
import { createSale } from '../server/modules/sales/sales.service.js';
import { findRoleByKey } from '../server/modules/users/users.repository.js';
import { createUser } from '../server/modules/users/users.service.js';
import { cliActor } from './actor.js';
import { cliHarness } from './cli-harness.js';

// `clientela document issue|list` as real processes (server mode).
const h = cliHarness('clientela-document-', (d) => ({ CLIENTELA_DATA_DIR: d, CLIENTELA_FILES_DIR: path.join(d, 'files') }));

describe('clientela document', () => {
  it('issues an invoice of a sale to a DOCX (and a PDF), numbered, and lists it', async () => {
    // a client, a product and a sale, written in-process by the services as the CLI's administrator
    const db = h.t.db;
    const dept = (await db.insertInto('departments').values({ name: 'Shop' }).returning('id').executeTakeFirstOrThrow()).id;
    const roleId = (await findRoleByKey(db, 'admin'))!.id;
    const user = await createUser(db, null, { login: 'seller', name: 'Seller', password: 'correct-horse-battery', roleId, departmentId: dept });
    const seller = { ...cliActor, userId: user.id, departmentId: dept, via: 'token' as const };
    const client = (await createClient(db, seller, { kind: 'person', surname: 'Петров', firstName: 'Пётр' })).client.id;
    const product = (await saveProduct(db, seller, { name: 'Кофе', price: '321.00' })) as { id: number };
    const sale = await createSale(db, seller, { clientId: client, departmentId: dept, items: [{ productId: product.id, quantity: '3' }] });
    const out = path.join(h.dir, 'invoice.docx');
    const r = h.cli('document', 'issue', '--sale', String(sale.id), '--type', 'invoice', '--lang', 'ru', '--out', out);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^invoice 1\/\d{4} \(document \d+, client \d+\) written to /);
    const xml = new PizZip(readFileSync(out)).file('word/document.xml')!.asText();
    assert.match(xml, /Счёт на оплату № 1/);
    assert.match(xml, /Девятьсот шестьдесят три рубля 00 копеек/);
    const doc = await h.t.db.selectFrom('documents').selectAll().executeTakeFirstOrThrow();
    assert.equal(Number(doc.saleId), Number(sale.id));
    assert.notEqual(doc.fileId, null, 'stored on the client files');

    if (findSoffice()) {
      const pdf = path.join(h.dir, 'invoice.pdf');
      const p = h.cli('document', 'issue', '--sale', String(sale.id), '--type', 'invoice', '--pdf', '--out', pdf);
      assert.equal(p.code, 0, p.err);
      assert.match(p.out, /^invoice 2\//);
      assert.equal(readFileSync(pdf).subarray(0, 5).toString(), '%PDF-');
    }

    const list = h.cli('document', 'list', '--type', 'invoice');
    assert.equal(list.code, 0, list.err);
    assert.match(list.out.split('\n')[0]!, /^id\s+type\s+number/);
    assert.match(list.out, /invoice\s+1\/\d{4}/);
    const bad = h.cli('document', 'issue', '--type', 'invoice', '--out', out);
    assert.notEqual(bad.code, 0);
    assert.match(bad.err, /--sale N or --client N/);
  });
});
