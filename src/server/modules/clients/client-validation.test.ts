import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { phoneE164, phoneSearchDigits, searchForm, validEmail, validInn, validKpp, validOgrn } from './client-validation.js';

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));

describe('tax ids', () => {
  it('accepts real INNs and OGRNs and refuses near misses', () => {
    for (const inn of ['7707083893', '7736207543', '7736050003', '500100732259', '773173084809']) assert.ok(validInn(inn), inn);
    for (const inn of ['7707083894', '500100732258', '770708389', '77070838931', 'abcdefghij', '']) assert.ok(!validInn(inn), inn);
    for (const ogrn of ['1027700132195', '1027739609391', '304500116000157']) assert.ok(validOgrn(ogrn), ogrn);
    for (const ogrn of ['1027700132194', '304500116000158', '102770013219']) assert.ok(!validOgrn(ogrn), ogrn);
    assert.ok(validKpp('773601001') && validKpp('7736AB001') && !validKpp('77360100'));
  });

  it('exactly one check digit completes any 9-digit INN body', () => {
    fc.assert(fc.property(digits(9), (body) => [...'0123456789'].filter((d) => validInn(body + d)).length === 1));
  });

  it('exactly one pair of check digits completes any 10-digit personal INN body', () => {
    fc.assert(
      fc.property(digits(10), (body) => {
        let n = 0;
        for (let a = 0; a < 10; a++) for (let b = 0; b < 10; b++) if (validInn(`${body}${a}${b}`)) n++;
        return n === 1;
      }),
      { numRuns: 50 },
    );
  });

  it('exactly one check digit completes any OGRN (12 digits) or OGRNIP (14 digits) body', () => {
    fc.assert(fc.property(fc.oneof(digits(12), digits(14)), (body) => [...'0123456789'].filter((d) => validOgrn(body + d)).length === 1));
  });
});

describe('phones', () => {
  it('normalises any formatting of the same number to one E.164', () => {
    fc.assert(
      fc.property(
        digits(7),
        fc.array(fc.constantFrom(' ', '-', ''), { minLength: 10, maxLength: 10 }),
        fc.constantFrom('+7', '8'),
        (rest, seps, prefix) => {
          const national = `912${rest}`;
          const typed =
            prefix +
            ' (' +
            [...national]
              .map((d, i) => d + seps[i])
              .join('')
              .replace(/^(\d{3})/, '$1) ');
          return phoneE164(typed) === `+7${national}`;
        },
      ),
    );
  });

  it('lets a phone be found by the digits a person would type', () => {
    const s = phoneSearchDigits('+7 (912) 345-67-89');
    assert.deepEqual(new Set(s), new Set(['79123456789', '9123456789', '89123456789']));
    assert.equal(phoneE164('12'), undefined);
  });
});

describe('text', () => {
  it('folds case in every alphabet, accents and ё to е, idempotently', () => {
    assert.equal(searchForm('  ЁЛКИН   Пётр  Ὀδυσσεύς ÄRGER Wójcik '), 'елкин петр οδυσσευσ arger wojcik');
    fc.assert(fc.property(fc.string(), (s) => searchForm(searchForm(s)) === searchForm(s)));
  });

  it('accepts ordinary and international emails, refuses broken ones', () => {
    for (const e of ['a@b.co', 'ivan.petrov+crm@mail.ru', 'пётр@почта.рф']) assert.ok(validEmail(e), e);
    for (const e of ['a@b', 'no-at.example.com', 'a b@c.de', 'a@b.c', '<x>@y.zz']) assert.ok(!validEmail(e), e);
  });
});
