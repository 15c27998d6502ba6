// Documents (issue 16; docs/documents.md): the firm's requisites, DOCX templates per document type,
// the merge fields, and issued documents with their number and (for invoices) payment status.
// Imported by the web.
import { Type, type Static } from '@sinclair/typebox';
import { IdCursor, IdInt } from '../../shared/id.schemas.js';

const Str = (max: number) => Type.String({ maxLength: max });
export const firmFields = {
  legalName: Str(500),
  inn: Str(20),
  kpp: Str(20),
  ogrn: Str(20),
  address: Str(1000),
  bankName: Str(500),
  bic: Str(20),
  account: Str(40),
  corrAccount: Str(40),
  director: Str(300),
  accountant: Str(300),
  phone: Str(100),
  email: Str(254),
};
const VatRate = Type.Union([Type.Null(), Type.String({ maxLength: 6, description: 'VAT included in prices, percent ("20"); null: without VAT' })]);

export const FirmOut = Type.Object({ ...firmFields, vatRate: VatRate, version: Type.Integer(), updatedAt: Type.String() });
export const FirmIn = Type.Object(
  {
    ...Object.fromEntries(Object.entries(firmFields).map(([k, v]) => [k, Type.Optional(v)])),
    vatRate: Type.Optional(VatRate),
    version: IdInt(),
  },
  { additionalProperties: false },
);

export const DocType = Type.String({ pattern: '^[a-z][a-z0-9_-]{0,39}$', description: 'invoice, contract, act, offer, receipt or any custom key' });
export const DocLang = Type.Union([Type.Literal('en'), Type.Literal('ru'), Type.Literal('uk'), Type.Literal('ro')]);

export const TemplateOut = Type.Object({
  id: Type.Integer(),
  type: Type.String(),
  name: Type.String(),
  lang: Type.Union([Type.Null(), Type.String()]),
  size: Type.Integer(),
  createdBy: Type.Union([Type.Null(), Type.Integer()]),
  createdAt: Type.String(),
});
export const TemplateList = Type.Object({
  items: Type.Array(TemplateOut),
  shipped: Type.Array(Type.Object({ type: Type.String(), lang: Type.String() }), { description: 'the built-in defaults' }),
});
export const TemplateUploadQuery = Type.Object({ type: DocType, lang: Type.Optional(DocLang) });
export const TemplatesQuery = Type.Object({ type: Type.Optional(DocType) });
export const DefaultTemplateQuery = Type.Object({ type: DocType, lang: DocLang });

export const FieldList = Type.Object({
  items: Type.Array(Type.Object({ tag: Type.String(), description: Type.String() })),
  loops: Type.Array(Type.Object({ tag: Type.String(), fields: Type.Array(Type.String()) })),
});

export const DocumentIn = Type.Object(
  {
    type: DocType,
    templateId: Type.Optional(IdInt()),
    saleId: Type.Optional(IdInt()),
    clientId: Type.Optional(IdInt()),
    contractId: Type.Optional(IdInt()),
    lang: Type.Optional(DocLang),
  },
  { additionalProperties: false },
);

export const PaymentStatus = Type.Union([
  Type.Literal('unpaid'),
  Type.Literal('partly_paid'),
  Type.Literal('paid'),
  Type.Literal('cancelled'),
  Type.Null(),
]);
export const DocumentOut = Type.Object({
  id: Type.Integer(),
  type: Type.String(),
  number: Type.Integer(),
  year: Type.Integer(),
  displayNumber: Type.String({ description: 'number/year' }),
  lang: Type.String(),
  templateId: Type.Union([Type.Null(), Type.Integer()]),
  client: Type.Object({ id: Type.Integer(), name: Type.String() }),
  saleId: Type.Union([Type.Null(), Type.Integer()]),
  contractId: Type.Union([Type.Null(), Type.Integer()]),
  fileId: Type.Union([Type.Null(), Type.Integer()]),
  total: Type.Union([Type.Null(), Type.String()]),
  currency: Type.Union([Type.Null(), Type.String()]),
  paid: Type.Union([Type.Null(), Type.String()]),
  paymentStatus: PaymentStatus,
  authorId: Type.Union([Type.Null(), Type.Integer()]),
  authorName: Type.Union([Type.Null(), Type.String()]),
  createdAt: Type.String(),
});
export const DocumentList = Type.Object({ items: Type.Array(DocumentOut), nextBeforeId: Type.Union([Type.Integer(), Type.Null()]) });
export const DocumentsQuery = Type.Object({
  clientId: Type.Optional(IdInt()),
  saleId: Type.Optional(IdInt()),
  type: Type.Optional(DocType),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  beforeId: Type.Optional(IdCursor()),
});
export const DownloadQuery = Type.Object({ format: Type.Optional(Type.Union([Type.Literal('docx'), Type.Literal('pdf')])) });

export type TFirmOut = Static<typeof FirmOut>;
export type TFirmIn = Static<typeof FirmIn>;
export type TTemplateOut = Static<typeof TemplateOut>;
export type TDocumentIn = Static<typeof DocumentIn>;
export type TDocumentOut = Static<typeof DocumentOut>;
export type TDocumentsQuery = Static<typeof DocumentsQuery>;
export type TDocLang = Static<typeof DocLang>;
