// The total in words: exact money, the gender the unit needs, the plural forms of ru/uk/en/ro.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { amountInWords, slavForm, splitAmount } from './amount-in-words.js';

describe('amountInWords', () => {
  it('Russian: feminine thousands, masculine roubles, kopecks as digits', () => {
    assert.equal(amountInWords('1000', 'RUB', 'ru'), 'Одна тысяча рублей 00 копеек');
    assert.equal(amountInWords('2000.00', 'RUB', 'ru'), 'Две тысячи рублей 00 копеек');
    assert.equal(amountInWords('21', 'RUB', 'ru'), 'Двадцать один рубль 00 копеек');
    assert.equal(amountInWords('1234.56', 'RUB', 'ru'), 'Одна тысяча двести тридцать четыре рубля 56 копеек');
    assert.equal(amountInWords('5000000.01', 'RUB', 'ru'), 'Пять миллионов рублей 01 копейка');
    assert.equal(amountInWords('11.02', 'RUB', 'ru'), 'Одиннадцать рублей 02 копейки');
    assert.equal(amountInWords('0', 'RUB', 'ru'), 'Ноль рублей 00 копеек');
    assert.equal(amountInWords('112', 'RUB', 'ru'), 'Сто двенадцать рублей 00 копеек');
    assert.equal(amountInWords('2001001', 'RUB', 'ru'), 'Два миллиона одна тысяча один рубль 00 копеек');
    // a feminine currency: одна / две гривны
    assert.equal(amountInWords('1', 'UAH', 'ru'), 'Одна гривна 00 копеек');
    assert.equal(amountInWords('22', 'UAH', 'ru'), 'Двадцать две гривны 00 копеек');
    assert.equal(amountInWords('3.5', 'USD', 'ru'), 'Три доллара США 50 центов');
  });

  it('exact to the kopeck from a decimal string, rounding the fourth decimal half away from zero', () => {
    assert.deepEqual(splitAmount('123456789012.3456'), { major: 123456789012n, minor: 35n, negative: false });
    assert.deepEqual(splitAmount('0.995'), { major: 1n, minor: 0n, negative: false });
    assert.deepEqual(splitAmount('99999999999999.99'), { major: 99999999999999n, minor: 99n, negative: false });
    assert.equal(amountInWords('0.994', 'RUB', 'ru'), 'Ноль рублей 99 копеек');
    assert.throws(() => amountInWords('1e3', 'RUB', 'ru'), RangeError);
  });

  it('the Slavic plural forms', () => {
    assert.deepEqual([1n, 2n, 4n, 5n, 11n, 12n, 14n, 21n, 22n, 25n, 101n, 111n].map(slavForm), [0, 1, 1, 2, 2, 2, 2, 0, 1, 2, 0, 2]);
  });

  it('Ukrainian: одна тисяча, дві тисячі, гривні', () => {
    assert.equal(amountInWords('1000', 'UAH', 'uk'), 'Одна тисяча гривень 00 копійок');
    assert.equal(amountInWords('2002.01', 'UAH', 'uk'), 'Дві тисячі дві гривні 01 копійка');
    assert.equal(amountInWords('21', 'UAH', 'uk'), 'Двадцять одна гривня 00 копійок');
    assert.equal(amountInWords('95', 'USD', 'uk'), "Дев'яносто п'ять доларів США 00 центів");
  });

  it('English', () => {
    assert.equal(amountInWords('1234.56', 'USD', 'en'), 'One thousand two hundred thirty-four US dollars 56 cents');
    assert.equal(amountInWords('1.01', 'EUR', 'en'), 'One euro 01 cent');
    assert.equal(amountInWords('2000000', 'RUB', 'en'), 'Two million Russian roubles 00 kopecks');
  });

  it('Romanian: un leu, două mii, "de" from twenty on', () => {
    assert.equal(amountInWords('1', 'MDL', 'ro'), 'Un leu moldovenesc 00 bani');
    assert.equal(amountInWords('2', 'RON', 'ro'), 'Doi lei 00 bani');
    assert.equal(amountInWords('19', 'RON', 'ro'), 'Nouăsprezece lei 00 bani');
    assert.equal(amountInWords('20', 'RON', 'ro'), 'Douăzeci de lei 00 bani');
    assert.equal(amountInWords('2000', 'RON', 'ro'), 'Două mii de lei 00 bani');
    assert.equal(amountInWords('1234.20', 'RON', 'ro'), 'O mie două sute treizeci și patru de lei 20 de bani');
    assert.equal(amountInWords('1', 'RUB', 'ro'), 'O rublă rusească 00 copeici');
    assert.equal(amountInWords('22', 'RUB', 'ro'), 'Douăzeci și două de ruble rusești 00 copeici');
  });

  it('an unknown currency is named by its code', () => {
    assert.equal(amountInWords('7', 'XYZ', 'ru'), 'Семь XYZ 00');
  });
});
