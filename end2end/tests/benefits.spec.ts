// Issue 6 in the browser, on a phone: the demo retiree 刘淑珍 (60 in May
// 2024, 15 years paid) opens 我的养老金, finds the claim form, claims with
// the bank card on file, and sees the estimate on her case; a second claim
// is refused with the reason. The payroll after approval is tested through
// the API (server/tests/it/benefits.rs).
import { test, expect } from '@playwright/test';
import * as path from 'node:path';
import { agePasskeys, artifacts, authenticator, codeLimitsPass, hydrated, signInWithCode, switchToPasskey } from '../support/helpers';

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

// Issue 36 §3: 李建国 (36, three years paid) sees what he would be paid at
// 60: the figure follows the slider, computed in the browser by the domain's
// own arithmetic; without JavaScript the same form is a GET the server
// answers with the same figure.
const LI = { name: '李建国', id: '150102199001011134', email: 'lijianguo@example.com' };

test('the pension estimate follows the slider, and works without JavaScript', async ({ browser }) => {
  const page = await browser.newPage({ viewport: { width: 360, height: 780 } });
  await signInWithCode(page, LI);
  await expect(page).toHaveURL(/\/me/);
  await page.goto('/me/pension');
  await hydrated(page);
  const estimate = page.locator('#estimate');
  await expect(estimate.getByRole('heading', { name: '待遇测算' })).toBeVisible();
  const figure = estimate.locator('[data-estimate]');
  const all = await figure.textContent();
  expect(all).toMatch(/^\d+\.\d\d$/);
  // Three years and five more: too few for a pension, and it says so.
  await estimate.getByLabel('再缴几年：').fill('5');
  await expect(estimate.locator('[data-years]')).toHaveText('5');
  await expect(figure).toContainText('不足最低年限');
  // Twelve more (fifteen in all): a pension, less than paying every year.
  await estimate.getByLabel('再缴几年：').fill('12');
  await expect(figure).toHaveText(/^\d+\.\d\d$/);
  const twelve = Number(await figure.textContent());
  expect(twelve).toBeLessThan(Number(all));
  // A higher tier pays more.
  await estimate.getByLabel('每年缴费档次（元）').selectOption('2000.00');
  await expect(figure).not.toHaveText(String(twelve.toFixed(2)));
  const higher = Number(await figure.textContent());
  expect(higher).toBeGreaterThan(twelve);
  await page.screenshot({ path: path.join(artifacts, 'phone-estimate.png'), fullPage: true });

  // Without JavaScript: the form is answered by the server, the same figure.
  const plain = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 780 }, locale: 'zh-CN' });
  await plain.addCookies(await page.context().cookies());
  const noJs = await plain.newPage();
  await noJs.goto('/me/pension?tier=2000.00&years=12');
  await expect(noJs.locator('#estimate [data-estimate]')).toHaveText(higher.toFixed(2));
  await plain.close();
  await page.close();
  // Later tests sign 李建国 in again.
  codeLimitsPass();
});
