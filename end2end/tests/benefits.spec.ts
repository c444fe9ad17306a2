// Issue 6 in the browser, on a phone: the demo retiree 刘淑珍 (60 in May
// 2024, 15 years paid) opens 我的养老金, finds the claim form, claims with
// the bank card on file, and sees the estimate on her case; a second claim
// is refused with the reason. The payroll after approval is tested through
// the API (server/tests/benefits.rs).
import { test, expect } from '@playwright/test';
import * as path from 'node:path';
import { artifacts, signInWithCode } from '../support/helpers';

const LIU = { name: '刘淑珍', id: '150121196405101246', email: 'liushuzhen@example.com' };

test('a retiree claims her pension on the phone and sees the estimate', async ({ browser }) => {
  const page = await browser.newPage({ viewport: { width: 360, height: 780 } });
  await signInWithCode(page, LIU);
  await expect(page).toHaveURL(/\/me/);
  await page.getByRole('link', { name: '我的养老金' }).click();
  await expect(page.getByRole('heading', { name: '我的养老金' })).toBeVisible();
  await expect(page.getByText('您还没有核定养老金待遇')).toBeVisible();
  const claim = page.locator('section#claim');
  await claim.getByLabel(/银行卡号/).fill('12345');
  await claim.getByRole('checkbox').check();
  await claim.getByRole('button', { name: '提交养老金申领' }).click();
  await expect(claim.locator('[data-form-status]')).toContainText('银行卡号应为12–19位数字');
  await claim.getByLabel(/银行卡号/).fill('');
  await claim.getByRole('checkbox').check();
  await page.screenshot({ path: path.join(artifacts, 'phone-pension-claim.png'), fullPage: true });
  await claim.getByRole('button', { name: '提交养老金申领' }).click();
  await expect(page).toHaveURL(/\/me\/cases\//);
  await expect(page.locator('.lead')).toContainText('待遇申领');
  // Paid from the month after her 60th birthday; 139 months at 60; the
  // basic pension of the policy table.
  await expect(page.getByText('2024-06')).toBeVisible();
  await expect(page.getByText('139', { exact: true })).toBeVisible();
  await expect(page.getByText('197.00')).toBeVisible();
  await page.screenshot({ path: path.join(artifacts, 'phone-pension-case.png'), fullPage: true });

  // One open claim at a time.
  await page.goto('/me/pension');
  await page.locator('section#claim').getByRole('checkbox').check();
  await page.locator('section#claim').getByRole('button', { name: '提交养老金申领' }).click();
  await expect(page.locator('section#claim [data-form-status]')).toContainText('已有一件正在办理的待遇申领申请');
});
