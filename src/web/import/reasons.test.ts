import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en.js';
import { ru } from '../i18n/ru.js';
import { translateReason } from './reasons.js';

/** i18next's lookup and {{interpolation}}, enough for these texts (a missing key comes back as the key). */
const tOf =
  (res: unknown) =>
  (key: string, opts: Record<string, unknown> = {}) => {
    const v = key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), res);
    return typeof v === 'string' ? v.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(opts[k] ?? '')) : key;
  };

describe('rejected-row reasons', () => {
  it('are shown in Russian, field by field, with the values kept', () => {
    const t = tOf(ru);
    expect(translateReason('channels.1.value: is not an email address', t)).toBe('Канал связи: не адрес электронной почты');
    expect(
      translateReason('surname: a person needs a surname or a first name; inn: is not a valid INN (10 or 12 digits with correct check digits)', t),
    ).toBe('Фамилия: у человека должна быть фамилия или имя; ИНН: неверный ИНН (10 или 12 цифр с правильными контрольными цифрами)');
    expect(translateReason('no client matches the row (by inn, name)', t)).toBe('ни один клиент не подходит к строке (по: ИНН, Имя)');
    expect(translateReason('matches a client outside your scope (manager: Анна Петрова)', t)).toBe(
      'совпадает с клиентом вне вашей видимости (менеджер: Анна Петрова)',
    );
    expect(translateReason('custom.vip: is not a number', t, { customLabel: (k) => (k === 'vip' ? 'VIP-статус' : undefined) })).toBe(
      'VIP-статус: не число',
    );
    expect(translateReason('price: "abc" is not an amount', t, { products: true })).toBe('Товар: цена: «abc» — не сумма');
    expect(translateReason('surname: at most 200 characters; tags.3: at most 100 characters; tags: at most 50 values', t)).toBe(
      'Фамилия: не длиннее 200 знаков; Метки: не длиннее 100 знаков; Метки: не больше 50 значений',
    );
    expect(translateReason('name: "Чай" repeats row 12 of the file', t, { products: true })).toBe(
      'Товар: наименование: «Чай» повторяет строку 12 файла (не объединено)',
    );
    expect(translateReason('contacts.0.name: at most 300 characters', t)).toBe('Контактное лицо: ФИО: не длиннее 300 знаков');
    expect(translateReason('contactName: a contact person needs a name', t)).toBe('Контактное лицо: ФИО: у контактного лица должно быть ФИО');
  });

  it('of a sales history are shown in Russian, with the row of the line', () => {
    const t = tOf(ru);
    const sales = { sales: true };
    expect(translateReason('row 4: product: no product with SKU "999"', t, sales)).toBe('строка 4: Товар: нет товара с артикулом «999»');
    expect(translateReason('client: no client with externalId "NOSUCH" or name "Иванов, ООО"', t, sales)).toBe(
      `Клиент: нет клиента с ${ru.import.matching.keys.externalId} "NOSUCH" или ${ru.import.matching.keys.name} "Иванов, ООО"`,
    );
    expect(translateReason('quantity: "two" is not a quantity; date: "31.02.2024" is not a date', t, sales)).toBe(
      'Количество: «two» — не количество; Дата: «31.02.2024» — не дата',
    );
    expect(translateReason('number: sale "R-7" has rows at row 8 and at row 10 (the rows of one sale must be next to each other)', t, sales)).toBe(
      'Номер продажи: у продажи «R-7» есть строки и в строке 8, и в строке 10 (строки одной продажи должны идти подряд)',
    );
    expect(translateReason('employee: only yourself', t, sales)).toBe('Сотрудник: вы можете записывать продажи только на себя');
  });

  it('translate the reasons and warnings of issue 13: one client from two rows, a manager column, a phone kept as typed, a kept name', () => {
    const t = tOf(ru);
    expect(translateReason('matches the same client as row 2', t)).toBe('тот же клиент, что и в строке 2');
    expect(translateReason('manager: no user with the login, name or e-mail "Никто"', t)).toBe(
      'Ответственный менеджер: нет пользователя с логином, именем или эл. почтой «Никто»',
    );
    expect(translateReason('manager: several users are called "Анна Ким" (use the login or e-mail)', t)).toBe(
      'Ответственный менеджер: несколько пользователей с именем «Анна Ким» (укажите логин или эл. почту)',
    );
    expect(translateReason('phone: "+453 3331 9991" is not a valid phone number (kept as typed)', t)).toBe(
      'Телефон: «+453 3331 9991» — не действительный номер телефона (сохранён как введён)',
    );
    expect(translateReason('name: the file says "Петрова Ивана", the stored name "Петров Иван" is kept', t)).toBe(
      'Имя: в файле — «Петрова Ивана», сохранённое имя «Петров Иван» оставлено',
    );
  });

  it("keep the server's English in English, and show an unknown reason as it came", () => {
    const t = tOf(en);
    expect(translateReason('no client matches the row (by externalId, inn)', t)).toBe('no client matches the row (by External ID, INN)');
    for (const r of ['is not an email address', 'a person needs a surname or a first name', '"x" belongs to another product']) {
      expect(translateReason(r, t)).toBe(r);
    }
    expect(translateReason('something new: the server said so', tOf(ru))).toBe('something new: the server said so');
    expect(translateReason('weird text without a field', tOf(ru))).toBe('weird text without a field');
  });
});
