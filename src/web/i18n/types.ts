// The shape every language file has: English's keys (en.ts, commerce.en.ts), so a missing or
// misspelt key fails the type check. Plural keys are the exception: English writes `count_one` /
// `count_other`, and a language may add the plural categories of its own grammar (`_few`, `_many`
// in Russian and Ukrainian, `_few` in Romanian) — i18n.test.ts checks each language has exactly
// the categories Intl.PluralRules gives it.
type PluralExtras<T> = { [K in keyof T as K extends `${infer B}_other` ? `${B}_zero` | `${B}_two` | `${B}_few` | `${B}_many` : never]?: string };
export type Localized<T> = T extends string ? string : { [K in keyof T]: Localized<T[K]> } & PluralExtras<T>;
