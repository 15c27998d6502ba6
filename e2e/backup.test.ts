// Scheduled backups' screen: an administrator backs up by hand and sees the result; a failed
// backup is shown on every page to administrators (not to others) until a backup succeeds.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startE2E, type E2E } from './harness.js';

let e: E2E;
const root = mkdtempSync(path.join(os.tmpdir(), 'clientela-e2e-backups-'));
const dir = path.join(root, 'backups');
before(async () => {
  e = await startE2E({ CLIENTELA_BACKUP_DIR: dir });
  await e.addUser('boss', 'admin');
  await e.addUser('mila', 'manager');
});
after(async () => {
  await e.close();
  rmSync(root, { recursive: true, force: true });
});

describe('backups in settings', () => {
  it('backs up by hand, shows a failure to administrators on every page, and clears it after a good backup', async () => {
    const { page, context, errors } = await e.page({ login: 'boss' });
    await page.goto(`${e.base}/settings`);
    await page.getByRole('tab', { name: 'Backups' }).click();
    await page.getByText('No backups yet.').waitFor();
    await page.getByRole('button', { name: 'Back up now' }).click();
    await page.getByTestId('backup-runs').getByText('written and verified').waitFor();
    await page.getByText(/^clientela-.*\.backup\.gz · /).waitFor();

    // the folder becomes unusable: the next backup fails
    rmSync(dir, { recursive: true, force: true });
    writeFileSync(dir, 'not a folder');
    await page.getByRole('button', { name: 'Back up now' }).click();
    // on a slow machine the status is polled every 1.5 s: give it time, and say what the tab showed if it never came
    await page
      .getByTestId('backup-failed')
      .waitFor({ timeout: 60_000 })
      .catch(async (err: unknown) => {
        const shown = await page
          .locator('main')
          .innerText()
          .catch(() => '(no page)');
        const status = await page.evaluate(() => fetch('/api/backups').then((r) => r.text())).catch(() => '(no status)');
        throw new Error(`no failed-backup alert: ${String(err)}\nthe tab showed:\n${shown}\nGET /api/backups: ${status}`);
      });
    await page.goto(`${e.base}/`);
    await page.getByTestId('backup-failed-banner').waitFor();

    const manager = await e.page({ login: 'mila' });
    await manager.page.getByTestId('current-user').waitFor();
    await manager.page.getByText('No clients yet').first().waitFor();
    assert.equal(await manager.page.getByTestId('backup-failed-banner').count(), 0, 'a manager is not shown the backup state');
    await manager.context.close();

    // the banner leads to the tab; a good backup clears it
    await page.getByTestId('backup-failed-banner').getByRole('link').click();
    rmSync(dir, { force: true });
    await page.getByRole('button', { name: 'Back up now' }).click();
    await page.getByTestId('backup-runs').getByText('written and verified').first().waitFor();
    await page.getByTestId('backup-failed').waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('backup-failed-banner').count(), 0);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
