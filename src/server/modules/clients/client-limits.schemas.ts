// The longest text each client field takes: the server's schemas (clients.schemas.ts) are built
// from these, and the web app's inputs stop typing at them (maxLength), so a person is told the
// limit instead of meeting a refusal. Plain numbers, no imports: the web bundles this file.
export const clientLimits = {
  surname: 200,
  firstName: 200,
  patronymic: 200,
  position: 200,
  legalName: 500,
  inn: 12,
  ogrn: 15,
  kpp: 9,
  legalAddress: 1000,
  actualAddress: 1000,
  industry: 200,
  region: 200,
  status: 100,
  source: 100,
  importance: 100,
  notes: 20_000,
  /** a phone, email, messenger or link */
  channelValue: 500,
  channelLabel: 50,
  tag: 100,
  contactName: 300,
  contactPosition: 200,
  contactNotes: 2000,
} as const;
