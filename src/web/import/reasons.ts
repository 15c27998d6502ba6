// Why a row was rejected, in the user's language. The server writes reasons in English as
// "field: message" parts joined by "; " (the same text goes into the rejected-rows file); here
// each known message and field gets its translation, and anything unknown is shown as it came.
type T = (key: string, opts?: Record<string, unknown>) => string;

const messages: [RegExp, string][] = [
  [/^is not a valid INN\b/, 'invalidInn'],
  [/^is not a valid OGRN\b/, 'invalidOgrn'],
  [/^is not a valid KPP\b/, 'invalidKpp'],
  [/^must be a real date between 1900 and today$/, 'badBirthDate'],
  [/^(is not a date\b.*|must be a date YYYY-MM-DD)$/, 'notDate'],
  [/^(is not a number|must be a number)$/, 'notNumber'],
  [/^must be an amount like 1234\.56$/, 'notAmount'],
  [/^must be true or false$/, 'notBoolean'],
  [/^must be one of: (?<list>.*)$/, 'oneOf'],
  [/^must be a list of: (?<list>.*)$/, 'listOf'],
  [/^an organization needs a name$/, 'orgNeedsName'],
  [/^a person needs a surname or a first name$/, 'personNeedsName'],
  [/^a client needs a responsible manager$/, 'needsManager'],
  [/^no such active user$/, 'noSuchUser'],
  [/^you may assign clients only to yourself$/, 'onlyYourself'],
  [/^you may assign clients only within your department$/, 'onlyDepartment'],
  [/^is read-only for your role$/, 'readOnly'],
  [/^is required$/, 'required'],
  [/^is required for a new product$/, 'requiredForNew'],
  [/^is not a field of clients$/, 'notAField'],
  [/^is not a phone number$/, 'notPhone'],
  [/^is not an email address$/, 'notEmail'],
  [/^must start with http:\/\/ or https:\/\/$/, 'notLink'],
  [/^matches a client outside your scope \(manager: (?<manager>.*)\)$/, 'outsideScope'],
  [/^the matching client is no longer visible$/, 'goneFromScope'],
  [/^no client matches the row \(by (?<keys>.*)\)$/, 'noClient'],
  [/^a contact person needs a name$/, 'contactNeedsName'],
  [/^"(?<value>.*)" is not an amount$/, 'notAmountValue'],
  [/^"(?<value>.*)" is neither a product nor a service$/, 'notKind'],
  [/^"(?<value>.*)" is neither yes nor no$/, 'notYesNo'],
  [/^you may not change the cost$/, 'costForbidden'],
  [/^"(?<value>.*)" belongs to another product$/, 'skuTaken'],
  [/^at most (?<n>\d+) characters$/, 'tooLong'],
  [/^at most (?<n>\d+) values$/, 'tooMany'],
  [/^"(?<value>.*)" repeats row (?<row>\d+) of the file$/, 'repeatsRow'],
  [/^"(?<value>.*)" matches (?<n>\d+) products of the catalog$/, 'ambiguousProduct'],
  // a sales history
  [/^is empty$/, 'isEmpty'],
  [/^"(?<value>.*)" is not a date$/, 'notDateValue'],
  [/^"(?<value>.*)" is not a quantity$/, 'notQuantityValue'],
  [/^no product with SKU "(?<sku>.*)" or named "(?<name>.*)"$/, 'noProductBoth'],
  [/^no product with SKU "(?<sku>.*)"$/, 'noProductSku'],
  [/^no product named "(?<name>.*)"$/, 'noProductName'],
  [/^no client with (?<keys>.*)$/, 'noSaleClient'],
  [/^no client column is filled$/, 'noClientColumn'],
  [/^no user with the login or name "(?<value>.*)"$/, 'noUserNamed'],
  [/^no department "(?<value>.*)"$/, 'noDepartment'],
  [/^say who made the sales\b/, 'sayEmployee'],
  [/^say which department made the sales\b/, 'sayDepartment'],
  [/^"(?<value>.*)" differs from the sale's "(?<first>.*)"$/, 'differs'],
  [/^sale "(?<value>.*)" has rows at row (?<row>\d+) and at row (?<again>\d+) \(the rows of one sale must be next to each other\)$/, 'notTogether'],
  [/^sale "(?<value>.*)" of this client is already in the base$/, 'saleExists'],
  [/^the database refused the sale: (?<reason>.*)$/, 'dbRefused'],
  [/^"(?<value>.*)" is not a discount in per cent \(0–100\)$/, 'notPercent'],
  [/^"(?<value>.*)" is not a discount as a fraction \(0–1\)$/, 'notFraction'],
  [/^"(?<value>.*)" is not a currency code \(like USD\)$/, 'notCurrency'],
  [/^"(?<value>.*)" is not cash, card, transfer or none$/, 'notPayment'],
  [/^only yourself$/, 'onlyYourselfSales'],
  [/^no such department$/, 'noSuchDepartment'],
  [/^the product is not sold any more$/, 'notSoldAnyMore'],
  [/^no rate for \w+ on or before [\d-]+$/, 'noRate'],
  // two rows of a file, one client; a manager column; warnings
  [/^matches the same client as row (?<row>\d+)$/, 'sameClient'],
  [/^no user with the login, name or e-mail "(?<value>.*)"$/, 'noManager'],
  [/^several users are called "(?<value>.*)" \(use the login or e-mail\)$/, 'manyManagers'],
  [/^"(?<value>.*)" is not a valid phone number \(kept as typed\)$/, 'phoneAsTyped'],
  [/^the file says "(?<file>.*)", the stored name "(?<stored>.*)" is kept$/, 'nameKept'],
];

const saleFields = new Set([
  'number',
  'date',
  'client',
  'employee',
  'department',
  'currency',
  'payment',
  'notes',
  'product',
  'quantity',
  'price',
  'discount',
]);

const productFields = new Set(['name', 'sku', 'group', 'kind', 'unit', 'price', 'cost', 'active', 'discontinued']);

/** "channels.1.value" -> "Contact channel"; "custom.vip" -> the field's label; unknown: as it is. */
function fieldName(field: string, t: T, customLabel: (key: string) => string | undefined, products: boolean, sales: boolean): string {
  if (field.startsWith('custom.')) return customLabel(field.slice(7)) ?? field.slice(7);
  if (sales && saleFields.has(field)) return t(`import.reasons.saleFields.${field}`);
  if (/^contacts\.\d+\.channels/.test(field)) return t('import.reasons.fields.contactChannel');
  const contact = /^contacts\.\d+\.(name|position)$/.exec(field);
  if (contact) return t(`import.targets.${contact[1] === 'name' ? 'contactName' : 'contactPosition'}`);
  if (/^tags\.\d+$/.test(field)) field = 'tags';
  if (field.startsWith('channels')) return t('import.reasons.fields.channel');
  if (products && productFields.has(field)) return t(`import.targets.product.${field}`);
  if (field === 'managerId' || field === 'manager') return t('import.reasons.fields.manager');
  if (field === 'name' || field === 'contacts') return t(`import.reasons.fields.${field}`);
  const label = t(`import.targets.${field}`);
  return label === `import.targets.${field}` ? field : label;
}

const message = (text: string, t: T): string => knownMessage(text, t) ?? text;

/** A message the server writes (in English) in the user's language, or null when it is not a known one. */
export function knownMessage(text: string, t: T): string | null {
  for (const [re, key] of messages) {
    const m = re.exec(text);
    if (!m) continue;
    const params: Record<string, unknown> = { ...m.groups };
    if (key === 'noClient')
      params.keys = String(params.keys)
        .split(', ')
        .map((k) => t(`import.matching.keys.${k}`))
        .join(', ');
    // externalId "X" or name "Y" -> External ID "X" or Name "Y"
    if (key === 'noSaleClient')
      params.keys = String(params.keys)
        .split(/ or (?=\w+ ")/)
        .map((k) => k.replace(/^(\w+) /, (_, n: string) => `${t(`import.matching.keys.${n}`)} `))
        .join(` ${t('import.reasons.or')} `);
    return t(`import.reasons.${key}`, params);
  }
  return null;
}

/** A client field's name for the preview's list of changes ("notes", "custom.vip", "managerId", …). */
export function fieldLabel(field: string, t: T, customLabel: (key: string) => string | undefined = () => undefined): string {
  return fieldName(field, t, customLabel, false, false);
}

export function translateReason(
  reason: string,
  t: T,
  opts: { customLabel?: (key: string) => string | undefined; products?: boolean; sales?: boolean } = {},
): string {
  const one = (part: string): string => {
    // a sale's reason may name the row of the line it is about: "row 12: product: …"
    const row = /^row (\d+): (.*)$/.exec(part);
    if (row) return `${t('import.reasons.row', { n: row[1] })}: ${one(row[2]!)}`;
    const m = /^([A-Za-z][\w.]*): (.*)$/.exec(part);
    if (!m) return message(part, t);
    return `${fieldName(m[1]!, t, opts.customLabel ?? (() => undefined), !!opts.products, !!opts.sales)}: ${message(m[2]!, t)}`;
  };
  return reason.split('; ').map(one).join('; ');
}
