// Issue 6 in the browser, on a phone: the demo retiree 刘淑珍 (60 in May
// 2024, 15 years paid) opens 我的养老金, finds the claim form, claims with
// the bank card on file, and sees the estimate on her case; a second claim
// is refused with the reason. The payroll after approval is tested through
// the API (server/tests/it/benefits.rs).
import { test, expect } from '@playwright/test';
import * as path from 'node:path';
import { agePasskeys, artifacts, authenticator, signInWithCode, switchToPasskey } from '../support/helpers';

const LIU = { name: '刘淑珍', id: '150121196405101246', email: 'liushuzhen@example.com' };
const ZHAO = { name: '赵玉兰', id: '150121196309121247', email: 'zhaoyulan@example.com' };

test('a retiree claims her pension on the phone and sees the estimate', async ({ browser }) => {
  const page = await browser.newPage({ viewport: { width: 360, height: 780 } });
  await signInWithCode(page, LIU);
  await expect(page).toHaveURL(/\/me/);
  await page.getByRole('link', { name: '我的养老金' }).click();
  await expect(page.getByRole('heading', { name: '我的养老金' })).toBeVisible();
  // Where she stands, and the way on (issue 36, 5).
  await expect(page.locator('[data-standing="claim"]')).toContainText('您已年满 60 周岁，累计缴费 15 年，可以申领养老金');
  const claim = page.locator('section#claim');
  await claim.getByLabel(/银行卡号/).fill('12345');
  await claim.getByRole('checkbox').check();
  await claim.getByRole('button', { name: '提交养老金申领' }).click();
  await expect(claim.locator('[data-form-status]')).toContainText('银行卡号应为16–19位数字');
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

  // One open claim at a time: the page no longer offers the form, it
  // leads to the claim in review; a second claim sent anyway is refused.
  const claimUrl = page.url();
  await page.goto('/me/pension');
  await expect(page.locator('[data-standing="claim_in_review"]')).toContainText('待遇申领申请正在审核中');
  await expect(page.locator('section#claim')).toHaveCount(0);
  await page.getByRole('link', { name: '查看办理进度' }).click();
  await expect(page).toHaveURL(claimUrl);
  const again = await page.request.post('/api/v1/cases/benefit-claim', { multipart: { bank_card: '' } });
  expect(again.status()).toBe(409);
  expect((await again.json()).message).toContain('已有一件正在办理的待遇申领申请');
});

// B9: the demo recipient 赵玉兰 certifies on her phone with her passkey
// (Chromium's virtual authenticator); signed in by code she is told how.
test('a recipient certifies with her passkey on the phone', async ({ browser }) => {
  const page = await browser.newPage({ viewport: { width: 360, height: 780 } });
  await authenticator(page);
  await signInWithCode(page, ZHAO);
  await expect(page).toHaveURL(/\/me/);
  await page.goto('/me/pension');
  const cert = page.locator('section#certification');
  await expect(cert.getByRole('heading', { name: '领取资格认证' })).toBeVisible();
  await expect(cert).toContainText('数据比对');
  await expect(cert).toContainText('本人认证须用通行密钥登录');
  await expect(cert.getByRole('button', { name: '本人认证' })).toHaveCount(0);

  await switchToPasskey(page);
  await page.goto('/me/pension');
  // A passkey just added does not certify yet (H3); it does a week later.
  await expect(cert).toContainText('新登记的通行密钥自 ');
  await expect(cert.getByRole('button', { name: '本人认证' })).toHaveCount(0);
  agePasskeys(ZHAO.id);
  await page.goto('/me/pension');
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  const next = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
  await cert.getByRole('checkbox', { name: '本人确认健在，仍符合领取养老金的条件' }).check();
  await cert.getByRole('button', { name: '本人认证' }).click();
  await expect(cert).toContainText(`${today}（本人自助认证（通行密钥））`);
  await expect(cert.locator('[data-cert-due]')).toHaveText(next.endsWith('-02-29') ? next.replace('-29', '-28') : next);
  await page.screenshot({ path: path.join(artifacts, 'phone-pension-certified.png'), fullPage: true });
});
