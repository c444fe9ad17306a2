// Issue 4 in the browser, on a phone: a resident enrols with attachments, a
// township clerk returns it for completion, the resident resubmits, the
// clerk does the initial review, a different (county) clerk approves, and
// the resident sees it approved.
import { test, expect } from '@playwright/test';
import * as path from 'node:path';
import { artifacts, signInWithCode, staffPage } from '../support/helpers';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n');

test('a resident enrols, is returned for completion, resubmits, and is approved by two different clerks', async ({ page, browser }) => {
  const who = { name: '张桂兰', id: '150121196503081242', email: 'zhangguilan@example.com' };
  await signInWithCode(page, who);
  await expect(page).toHaveURL(/\/me/);

  await page.goto('/me/enrol');
  await expect(page.getByText('150121********1242')).toBeVisible();
  // The enrolment form (the page also holds the transfer-in application, folded).
  const enrol = page.locator('form[data-send="/api/v1/cases/enrolment"]');
  await enrol.getByLabel('现居住地址').fill('察素齐镇北只图村12号');
  await enrol.getByLabel('联系电话').fill('13847100001');
  await enrol.getByLabel('缴费档次（元/年）').selectOption('500.00');
  await enrol.getByLabel('不是在校学生').check();
  await enrol.getByLabel('银行卡号（今后发放待遇用）').fill('6228480012345678');
  await enrol.getByLabel('身份证人像面（照片或PDF）').setInputFiles({ name: 'front.jpg', mimeType: 'image/jpeg', buffer: JPEG });
  await enrol.getByLabel('身份证国徽面').setInputFiles({ name: 'back.jpg', mimeType: 'image/jpeg', buffer: JPEG });
  await enrol.getByLabel('户口簿首页').setInputFiles({ name: 'home.pdf', mimeType: 'application/pdf', buffer: PDF });
  // A text file named like a photo is refused by its content.
  await enrol.getByLabel('户口簿本人页').setInputFiles({ name: 'self.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a photo') });
  await enrol.getByLabel('本人承诺所填信息真实有效（网上声明，视同签字确认）').check();
  await enrol.getByRole('button', { name: '提交申请' }).click();
  await expect(page.getByRole('status').filter({ hasText: '只接受' })).toContainText('只接受 JPG、PNG 图片或 PDF 文件');
  // What was typed and chosen is still there: only the wrong file is replaced.
  await expect(enrol.getByLabel('银行卡号（今后发放待遇用）')).toHaveValue('6228480012345678');
  await expect(enrol.getByLabel('缴费档次（元/年）')).toHaveValue('500.00');
  await enrol.getByLabel('户口簿本人页').setInputFiles({ name: 'self.pdf', mimeType: 'application/pdf', buffer: PDF });
  await enrol.getByRole('button', { name: '提交申请' }).click();
  await expect(page).toHaveURL(/\/me\/cases\//);
  await expect(page.locator('[data-state]')).toContainText('初审中');
  await expect(page.getByText('**** 5678')).toBeVisible();
  const caseUrl = page.url();
  await page.screenshot({ path: path.join(artifacts, 'phone-case-submitted.png'), fullPage: true });

  // The township clerk returns it, saying what is missing.
  const township = await staffPage(browser, '[csq.clerk2]');
  await township.goto('/staff/queue');
  await township.getByRole('link', { name: /参保登记 · 张桂兰/ }).click();
  await township.getByLabel('退回补正').check();
  await township.getByLabel('理由（退回或终止时必填，申请人会看到）').fill('户口簿本人页不清晰，请重新拍照');
  await township.getByRole('button', { name: '提交审核结果' }).click();
  await expect(township.locator('[data-state]')).toContainText('已退回');

  await page.goto(caseUrl);
  await expect(page.getByText('需要补正：户口簿本人页不清晰，请重新拍照')).toBeVisible();
  await page.getByRole('button', { name: '已补正，重新提交' }).click();
  await expect(page.locator('[data-state]')).toContainText('初审中');

  await township.goto('/staff/queue');
  await township.getByRole('link', { name: /参保登记 · 张桂兰/ }).click();
  await township.getByLabel('通过', { exact: true }).check();
  await township.getByRole('button', { name: '提交审核结果' }).click();
  await expect(township.locator('[data-state]')).toContainText('复核中');
  // The one who did the initial review cannot review it.
  await expect(township.getByRole('button', { name: '提交审核结果' })).toHaveCount(0);

  const county = await staffPage(browser, '[tmzq.county2]');
  await county.goto('/staff/queue');
  await county.getByRole('link', { name: /参保登记 · 张桂兰/ }).click();
  await county.getByLabel('通过', { exact: true }).check();
  await county.getByRole('button', { name: '提交审核结果' }).click();
  await expect(county.locator('[data-state]')).toContainText('已办结（通过）');

  await page.goto(caseUrl);
  await expect(page.locator('[data-state]')).toContainText('已办结（通过）');
  await expect(page.getByRole('list').filter({ hasText: '退回补正' })).toContainText('审核通过');
  await page.screenshot({ path: path.join(artifacts, 'phone-case-approved.png'), fullPage: true });
  // Without signing in, the case is not shown.
  const other = await browser.newPage();
  const r = await other.goto(caseUrl);
  expect(r?.url()).toContain('/signin');
});
