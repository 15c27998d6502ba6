// `clientela user import FILE` as a real process (server mode): all rows or none, each problem
// named by its line.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { verifyPassword } from '../server/modules/auth/password.js';
import { cliHarness } from './cli-harness.js';

const h = cliHarness('clientela-user-import-');
const { cli, dir } = h;
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};
const users = async () =>
  await h.t.db
    .selectFrom('users')
    .innerJoin('roles', 'roles.id', 'users.roleId')
    .leftJoin('departments', 'departments.id', 'users.departmentId')
    .select(['login', 'users.name', 'email', 'roles.key', 'departments.name as department', 'passwordHash'])
    .orderBy('users.id')
    .execute();

describe('clientela user import', () => {
  it('refuses the whole file when any row is wrong, naming each problem by its line', async () => {
    assert.equal(cli('department', 'add', 'Продажи').code, 0);
    assert.equal(cli('user', 'add', '--login', 'boss', '--role', 'admin', '--password', 'long-enough-pw').code, 0);
    const bad = file(
      'bad.csv',
      [
        'login,name,email,role,department,password',
        'anna,Анна Соколова,anna@example.ru,manager,Продажи,',
        'bad login,Bad,,manager,,',
        'petr,Пётр,not-an-email,manager,,',
        'ivan,Иван,,emperor,,',
        'olga,Ольга,,manager,Склад,',
        'ANNA,Анна ещё раз,,manager,,',
        'BOSS,Другой начальник,,admin,,',
        'short,Короткий,,readonly,,abc',
        'lost,Потерянный,,manager',
        '',
      ].join('\n'),
    );
    const r = cli('user', 'import', bad);
    assert.equal(r.code, 1);
    assert.match(r.err, /^error: 1 problem in the file; no user was imported\n {2}line 10: has 4 fields, the header 6\n$/);
    // the short row fixed: now every row's problems at once
    writeFileSync(
      bad,
      `${[
        'login,name,email,role,department,password',
        'anna,Анна Соколова,anna@example.ru,manager,Продажи,',
        'bad login,Bad,,manager,,',
        'petr,Пётр,not-an-email,manager,,',
        'ivan,Иван,,emperor,,',
        'olga,Ольга,,manager,Склад,',
        'ANNA,Анна ещё раз,,manager,,',
        'BOSS,Другой начальник,,admin,,',
        'short,Короткий,,readonly,,abc',
      ].join('\n')}\n`,
    );
    const all = cli('user', 'import', bad);
    assert.equal(all.code, 1);
    assert.equal(
      all.err,
      [
        'error: 7 problems in the file; no user was imported',
        '  line 3: login: may hold only letters, digits and . _ @ -',
        '  line 4: email: is not an email address',
        '  line 5: role: no role "emperor"',
        '  line 6: department: no department "Склад"',
        '  line 7: login: repeats the login of line 2',
        '  line 8: login: already taken',
        '  line 9: password: must be at least 8 characters',
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      (await users()).map((u) => u.login),
      ['boss'],
      'nothing imported',
    );
  });

  it('checks with --dry-run, then imports every row in one go and prints the generated passwords', async () => {
    // semicolons, a BOM, Russian headers in another order, an e-mail column, a password given for one
    const good = file(
      'good.csv',
      '\uFEFFЛогин;ФИО;Роль;Отдел;E-mail;Пароль\r\nanna;Анна Соколова;Manager;продажи;anna@example.ru;\r\nivan;Иван Петров;readonly;;;a-given-password\r\n',
    );
    const dry = cli('user', 'import', good, '--dry-run');
    assert.equal(dry.code, 0, dry.err);
    assert.equal(dry.out, 'would create 2 users (dry run, nothing written): anna (manager), ivan (readonly)\n');
    assert.equal((await users()).length, 1);

    const r = cli('user', 'import', good);
    assert.equal(r.code, 0, r.err);
    const [created, heading, annaLine, ...rest] = r.out.trim().split('\n');
    assert.equal(created, 'created 2 users');
    assert.match(heading!, /generated passwords/);
    const [login, password] = annaLine!.split('\t');
    assert.equal(login, 'anna');
    assert.deepEqual(rest, [], 'no password printed for ivan, whose password was given');
    const all = await users();
    assert.deepEqual(
      all.map((u) => [u.login, u.name, u.email, u.key, u.department]),
      [
        ['boss', 'boss', null, 'admin', null],
        ['anna', 'Анна Соколова', 'anna@example.ru', 'manager', 'Продажи'],
        ['ivan', 'Иван Петров', null, 'readonly', null],
      ],
    );
    assert.ok(await verifyPassword(all[1]!.passwordHash, password!), "anna's printed password is hers");
    assert.ok(await verifyPassword(all[2]!.passwordHash, 'a-given-password'));
    const audit = await h.t.db.selectFrom('auditLog').select(['action', 'entityId']).where('action', '=', 'user.created').orderBy('id').execute();
    assert.equal(audit.length, 3);

    // the same file again: every login is taken now, nothing changes
    const again = cli('user', 'import', good);
    assert.equal(again.code, 1);
    assert.match(again.err, /line 2: login: already taken\n {2}line 3: login: already taken/);
    assert.equal((await users()).length, 3);
  });

  it('explains a file it cannot use', () => {
    assert.match(cli('user', 'import', file('cols.csv', 'login,name,rank\nx,y,z\n')).err, /unknown column "rank"/);
    assert.match(cli('user', 'import', file('norole.csv', 'login,name\nxx,y\n')).err, /the file has no role column/);
    assert.match(cli('user', 'import', file('empty.csv', 'login,name,role\n')).err, /no rows below the header/);
    assert.match(cli('user', 'import', path.join(dir, 'missing.csv')).err, /no such file/);
  });
});
