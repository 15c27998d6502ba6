// The shipped default templates (issue 16; docs/documents.md): an invoice for payment and a contract
// in every UI language (en, ru, uk, ro), assembled by code as a DOCX (WordprocessingML in a ZIP made
// with pizzip) on first use and kept in memory. They look like what a Russian small firm prints: the
// bank details of the payee, the supplier and buyer with INN/KPP, a numbered table of lines (a
// docxtemplater loop over table rows), the total, the VAT line or "Без НДС", the total in words,
// signature lines. Their labels live here (the labels of documents are data of the documents, not
// of the UI).
import PizZip from 'pizzip';

export type DocLang = 'en' | 'ru' | 'uk' | 'ro';
export const docLangs: DocLang[] = ['en', 'ru', 'uk', 'ro'];
export const shippedTypes = ['invoice', 'contract'] as const;

type Labels = {
  invoiceTitle: string;
  contractTitle: string;
  payeeBank: string;
  bic: string;
  corr: string;
  account: string;
  payee: string;
  inn: string;
  kpp: string;
  supplier: string;
  buyer: string;
  basis: string;
  no: string;
  item: string;
  qty: string;
  unit: string;
  price: string;
  amount: string;
  total: string;
  due: string;
  itemsCount: string;
  director: string;
  accountant: string;
  contractParties: string;
  contractSubject: string;
  contractPrice: string;
  contractPayment: string;
  contractTerm: string;
  requisites: string;
  executor: string;
  customer: string;
  specification: string;
};

const labels: Record<DocLang, Labels> = {
  ru: {
    invoiceTitle: 'Счёт на оплату № {number} от {date}',
    contractTitle: 'Договор № {number}',
    payeeBank: 'Банк получателя',
    bic: 'БИК',
    corr: 'Сч. №',
    account: 'Сч. №',
    payee: 'Получатель',
    inn: 'ИНН',
    kpp: 'КПП',
    supplier: 'Поставщик (Исполнитель)',
    buyer: 'Покупатель (Заказчик)',
    basis: 'Основание',
    no: '№',
    item: 'Товары (работы, услуги)',
    qty: 'Кол-во',
    unit: 'Ед.',
    price: 'Цена',
    amount: 'Сумма',
    total: 'Итого',
    due: 'Всего к оплате',
    itemsCount: 'Всего наименований {linesCount}, на сумму {total} {currency}',
    director: 'Руководитель',
    accountant: 'Бухгалтер',
    contractParties:
      '{firm.legalName}, в лице руководителя {firm.director}, именуемое в дальнейшем «Исполнитель», с одной стороны, и {client.name}, именуемый(ая) в дальнейшем «Заказчик», с другой стороны, заключили настоящий договор о нижеследующем:',
    contractSubject:
      '1. Исполнитель обязуется передать Заказчику товары (выполнить работы, оказать услуги), указанные в спецификации, а Заказчик обязуется принять и оплатить их.',
    contractPrice: '2. Цена договора составляет {total} {currency} ({totalInWords}), {vatLine}.',
    contractPayment:
      '3. Оплата производится безналичным перечислением на расчётный счёт Исполнителя в течение 5 (пяти) банковских дней со дня выставления счёта.',
    contractTerm: '4. Договор вступает в силу с момента подписания и действует до полного исполнения сторонами своих обязательств.',
    requisites: 'Реквизиты и подписи сторон',
    executor: 'Исполнитель',
    customer: 'Заказчик',
    specification: 'Спецификация',
  },
  uk: {
    invoiceTitle: 'Рахунок на оплату № {number} від {date}',
    contractTitle: 'Договір № {number}',
    payeeBank: 'Банк одержувача',
    bic: 'МФО / BIC',
    corr: 'Кор. рах.',
    account: 'Рах. №',
    payee: 'Одержувач',
    inn: 'ІПН / ЄДРПОУ',
    kpp: 'КПП',
    supplier: 'Постачальник (Виконавець)',
    buyer: 'Покупець (Замовник)',
    basis: 'Підстава',
    no: '№',
    item: 'Товари (роботи, послуги)',
    qty: 'К-сть',
    unit: 'Од.',
    price: 'Ціна',
    amount: 'Сума',
    total: 'Разом',
    due: 'Усього до сплати',
    itemsCount: 'Усього найменувань {linesCount}, на суму {total} {currency}',
    director: 'Керівник',
    accountant: 'Бухгалтер',
    contractParties:
      '{firm.legalName}, в особі керівника {firm.director}, що надалі іменується «Виконавець», з одного боку, та {client.name}, що надалі іменується «Замовник», з іншого боку, уклали цей договір про таке:',
    contractSubject:
      '1. Виконавець зобов’язується передати Замовнику товари (виконати роботи, надати послуги), зазначені в специфікації, а Замовник зобов’язується прийняти та оплатити їх.',
    contractPrice: '2. Ціна договору становить {total} {currency} ({totalInWords}), {vatLine}.',
    contractPayment:
      '3. Оплата здійснюється безготівковим переказом на рахунок Виконавця протягом 5 (п’яти) банківських днів від дня виставлення рахунку.',
    contractTerm: '4. Договір набирає чинності з моменту підписання і діє до повного виконання сторонами своїх зобов’язань.',
    requisites: 'Реквізити та підписи сторін',
    executor: 'Виконавець',
    customer: 'Замовник',
    specification: 'Специфікація',
  },
  en: {
    invoiceTitle: 'Invoice No. {number} of {date}',
    contractTitle: 'Contract No. {number}',
    payeeBank: 'Beneficiary bank',
    bic: 'BIC',
    corr: 'Corr. account',
    account: 'Account No.',
    payee: 'Beneficiary',
    inn: 'Tax ID (INN)',
    kpp: 'KPP',
    supplier: 'Supplier',
    buyer: 'Buyer',
    basis: 'Basis',
    no: 'No.',
    item: 'Goods (work, services)',
    qty: 'Qty',
    unit: 'Unit',
    price: 'Price',
    amount: 'Amount',
    total: 'Total',
    due: 'Total due',
    itemsCount: '{linesCount} item(s), total {total} {currency}',
    director: 'Director',
    accountant: 'Accountant',
    contractParties:
      '{firm.legalName}, represented by its director {firm.director} (the "Contractor"), and {client.name} (the "Customer") have agreed as follows:',
    contractSubject:
      '1. The Contractor shall deliver the goods (perform the work, render the services) listed in the specification, and the Customer shall accept and pay for them.',
    contractPrice: '2. The contract price is {total} {currency} ({totalInWords}), {vatLine}.',
    contractPayment: "3. Payment is made by bank transfer to the Contractor's account within 5 (five) banking days of the invoice.",
    contractTerm: '4. The contract takes effect on signature and remains in force until both parties have fulfilled their obligations.',
    requisites: 'Details and signatures of the parties',
    executor: 'Contractor',
    customer: 'Customer',
    specification: 'Specification',
  },
  ro: {
    invoiceTitle: 'Factură de plată nr. {number} din {date}',
    contractTitle: 'Contract nr. {number}',
    payeeBank: 'Banca beneficiarului',
    bic: 'BIC',
    corr: 'Cont corespondent',
    account: 'Cont nr.',
    payee: 'Beneficiar',
    inn: 'Cod fiscal',
    kpp: 'KPP',
    supplier: 'Furnizor (Executant)',
    buyer: 'Cumpărător (Beneficiar)',
    basis: 'Temei',
    no: 'Nr.',
    item: 'Bunuri (lucrări, servicii)',
    qty: 'Cant.',
    unit: 'U.M.',
    price: 'Preț',
    amount: 'Suma',
    total: 'Total',
    due: 'Total de plată',
    itemsCount: 'Total poziții {linesCount}, în sumă de {total} {currency}',
    director: 'Director',
    accountant: 'Contabil',
    contractParties:
      '{firm.legalName}, reprezentată de directorul {firm.director}, denumită în continuare „Executant”, și {client.name}, denumit(ă) în continuare „Client”, au încheiat prezentul contract după cum urmează:',
    contractSubject:
      '1. Executantul se obligă să livreze bunurile (să execute lucrările, să presteze serviciile) din specificație, iar Clientul se obligă să le accepte și să le plătească.',
    contractPrice: '2. Prețul contractului este de {total} {currency} ({totalInWords}), {vatLine}.',
    contractPayment: '3. Plata se efectuează prin virament în contul Executantului în termen de 5 (cinci) zile bancare de la emiterea facturii.',
    contractTerm: '4. Contractul intră în vigoare la semnare și este valabil până la îndeplinirea integrală a obligațiilor.',
    requisites: 'Rechizitele și semnăturile părților',
    executor: 'Executant',
    customer: 'Client',
    specification: 'Specificație',
  },
};

/** The labels the service needs beside the template (the VAT line). */
export const vatLabels: Record<DocLang, { without: string; included: string }> = {
  ru: { without: 'Без НДС', included: 'В том числе НДС' },
  uk: { without: 'Без ПДВ', included: 'У тому числі ПДВ' },
  en: { without: 'Without VAT', included: 'Including VAT' },
  ro: { without: 'Fără TVA', included: 'Inclusiv TVA' },
};

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

type RunOpts = { bold?: boolean; size?: number; align?: 'left' | 'center' | 'right' | 'both' };

function p(text: string, o: RunOpts = {}): string {
  const ppr = `<w:pPr><w:spacing w:after="60"/>${o.align ? `<w:jc w:val="${o.align}"/>` : ''}</w:pPr>`;
  const rpr = `<w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/>${o.bold ? '<w:b/>' : ''}<w:sz w:val="${o.size ?? 20}"/></w:rPr>`;
  return `<w:p>${ppr}<w:r>${rpr}<w:t xml:space="preserve">${esc(text)}</w:t></w:r></w:p>`;
}

function cell(text: string, width: number, o: RunOpts = {}): string {
  return `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="dxa"/></w:tcPr>${p(text, o)}</w:tc>`;
}

function table(widths: number[], rows: { cells: string[]; o?: RunOpts[] }[], borders = true): string {
  const b = borders
    ? '<w:tblBorders><w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/><w:right w:val="single" w:sz="4"/><w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders>'
    : '';
  const grid = `<w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>`;
  const trs = rows.map((r) => `<w:tr>${r.cells.map((c, i) => cell(c, widths[i]!, r.o?.[i] ?? {})).join('')}</w:tr>`).join('');
  return `<w:tbl><w:tblPr><w:tblW w:w="${widths.reduce((a, x) => a + x, 0)}" w:type="dxa"/>${b}</w:tblPr>${grid}${trs}</w:tbl>`;
}

const R: RunOpts = { align: 'right' };
const B: RunOpts = { bold: true };
const C: RunOpts = { align: 'center' };

/** The numbered table of lines: one row of the template, repeated per line by the {#lines}…{/lines} loop. */
function linesTable(l: Labels): string {
  return table(
    [500, 4300, 1000, 700, 1500, 1600],
    [
      { cells: [l.no, l.item, l.qty, l.unit, l.price, l.amount], o: [{ ...B, ...C }, B, B, B, B, B] },
      { cells: ['{#lines}{n}', '{name}', '{quantity}', '{unit}', '{price}', '{amount}{/lines}'], o: [C, {}, R, {}, R, R] },
    ],
  );
}

function totals(l: Labels): string {
  return [
    p(`${l.total}: {total}`, { bold: true, align: 'right' }),
    p('{vatLine}', { bold: true, align: 'right' }),
    p(`${l.due}: {total}`, { bold: true, align: 'right' }),
    p(l.itemsCount),
    p('{totalInWords}', { bold: true }),
  ].join('');
}

function invoiceBody(l: Labels): string {
  return [
    table(
      [5000, 1200, 3400],
      [
        { cells: ['{firm.bankName}', l.bic, '{firm.bic}'] },
        { cells: [l.payeeBank, l.corr, '{firm.corrAccount}'] },
        { cells: [`${l.inn} {firm.inn}    ${l.kpp} {firm.kpp}`, l.account, '{firm.account}'] },
        { cells: [`{firm.legalName}\n${l.payee}`, '', ''] },
      ],
    ),
    p(''),
    p(l.invoiceTitle, { bold: true, size: 28 }),
    p(''),
    table(
      [2200, 7400],
      [
        { cells: [l.supplier, `{firm.legalName}, ${l.inn} {firm.inn}, ${l.kpp} {firm.kpp}, {firm.address}, {firm.phone}`], o: [{}, B] },
        { cells: [l.buyer, `{client.name}, ${l.inn} {client.inn}, ${l.kpp} {client.kpp}, {client.address}, {client.phone}`], o: [{}, B] },
        { cells: [l.basis, '{basis}'] },
      ],
      false,
    ),
    p(''),
    linesTable(l),
    totals(l),
    p(''),
    p(`${l.director} ____________________ {firm.director}        ${l.accountant} ____________________ {firm.accountant}`),
  ].join('');
}

function contractBody(l: Labels): string {
  return [
    p(l.contractTitle, { bold: true, size: 28, align: 'center' }),
    p('{date}', { align: 'right' }),
    p(l.contractParties, { align: 'both' }),
    p(l.contractSubject, { align: 'both' }),
    p(l.contractPrice, { align: 'both' }),
    p(l.contractPayment, { align: 'both' }),
    p(l.contractTerm, { align: 'both' }),
    p(''),
    p(l.specification, { bold: true }),
    linesTable(l),
    totals(l),
    p(''),
    p(l.requisites, { bold: true, align: 'center' }),
    table(
      [4800, 4800],
      [
        { cells: [l.executor, l.customer], o: [B, B] },
        { cells: ['{firm.legalName}', '{client.name}'] },
        { cells: [`${l.inn} {firm.inn}, ${l.kpp} {firm.kpp}`, `${l.inn} {client.inn}, ${l.kpp} {client.kpp}`] },
        { cells: ['{firm.address}', '{client.address}'] },
        { cells: [`${l.account} {firm.account}, {firm.bankName}, ${l.bic} {firm.bic}`, '{client.phone} {client.email}'] },
        { cells: ['____________________ {firm.director}', '____________________'] },
      ],
      false,
    ),
  ].join('');
}

const NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/** A minimal, valid DOCX around a body of WordprocessingML. */
export function docxOf(body: string): Buffer {
  const zip = new PizZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${NS}"><w:body>${body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="850" w:right="850" w:bottom="850" w:left="1134" w:header="0" w:footer="0" w:gutter="0"/></w:sectPr></w:body></w:document>`,
  );
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const cache = new Map<string, Buffer>();

/** The shipped template of a type in a language, or undefined when none is shipped for the type. */
export function defaultTemplate(type: string, lang: DocLang): Buffer | undefined {
  if (type !== 'invoice' && type !== 'contract') return undefined;
  const key = `${type}:${lang}`;
  let b = cache.get(key);
  if (!b) {
    b = docxOf(type === 'invoice' ? invoiceBody(labels[lang]) : contractBody(labels[lang]));
    cache.set(key, b);
  }
  return b;
}
