import { test, expect } from '@playwright/test';
import * as path from 'node:path';
import { artifacts } from '../support/helpers';

// S4 (issue 8): anyone, without signing in, files a report on a phone and
// reads where it stands with the tracking number; the lookup works with
// JavaScript off. (The clerk's answer is in identity.spec.ts, with the
// township clerk's passkey.)
test('an anonymous report gets a tracking number that shows its state', async ({ page, browser }) => {
  await page.goto('/');
  await page.getByRole('navigation').getByRole('link', { name: '咨询举报' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '咨询与举报' })).toBeVisible();
  const form = page.locator('section#file form');
  await form.getByLabel('举报（冒领待遇、违规参保、工作人员违规等）').check();
  await form.getByLabel('所在旗县（区）').selectOption({ label: '土默特左旗' });
  await form.getByLabel('事项').fill('疑似冒领养老金');
  await form.getByLabel('具体内容').fill('邻村一位老人去年去世，家属仍在领取养老金。');
  // A wrong contact is refused with what to do, nothing filed.
  await form.getByLabel('手机号码或电子邮箱').fill('打电话给我');
  await form.getByRole('button', { name: '提交' }).click();
  await expect(form.getByRole('status')).toContainText('联系方式应为 11 位手机号码或电子邮箱');
  await form.getByLabel('手机号码或电子邮箱').fill('');
  await form.getByRole('button', { name: '提交' }).click();

  await expect(page).toHaveURL(/\/consult\?no=JB-\d{8}-[2-9A-Z]{8}$/);
  const tracking = new URL(page.url()).searchParams.get('no')!;
  const facts = page.locator(`[data-consultation="${tracking}"]`);
  await expect(facts).toContainText('举报');
  await expect(facts.locator('[data-state]')).toHaveText('办理中');
  await expect(page.getByText('请保存受理编号')).toBeVisible();
  await page.screenshot({ path: path.join(artifacts, 'phone-consult-filed.png'), fullPage: true });

  // Typed again later, in lower case, on a phone without JavaScript.
  const plain = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 780 }, locale: 'zh-CN' });
  const later = await plain.newPage();
  await later.goto('/consult');
  await later.getByLabel('受理编号').fill(tracking.toLowerCase());
  await later.getByRole('button', { name: '查询' }).click();
  await expect(later.locator('[data-state]')).toHaveText('办理中');
  await later.getByLabel('受理编号').fill('JB-20261130-ABCDEFGH');
  await later.getByRole('button', { name: '查询' }).click();
  await expect(later.getByRole('alert')).toContainText('没有这个受理编号');

  // Issue 34 (4): filed on that phone too. The form posts to the API as a
  // plain form and comes back: refused with the reason and what was typed,
  // then filed, on the page of its tracking number.
  await later.goto('/consult');
  const fill = async (contact: string) => {
    const plainForm = later.locator('section#file form');
    await plainForm.getByLabel('咨询（政策、办事、个人权益）').check();
    await plainForm.getByLabel('所在旗县（区）').selectOption({ label: '土默特左旗' });
    await plainForm.getByLabel('事项').fill('领取待遇要带什么材料');
    await plainForm.getByLabel('具体内容').fill('明年满六十岁，想问问领取养老金要准备什么。');
    await plainForm.getByLabel('手机号码或电子邮箱').fill(contact);
    await plainForm.getByRole('button', { name: '提交' }).click();
    return plainForm;
  };
  const refused = await fill('打电话给我');
  await expect(later).toHaveURL(/\/consult\?refused=consultations#consultations$/);
  await expect(refused.getByRole('alert')).toContainText('联系方式应为 11 位手机号码或电子邮箱');
  await expect(refused.getByLabel('事项')).toHaveValue('领取待遇要带什么材料');
  await expect(refused.getByLabel('所在旗县（区）')).toHaveValue('150121');
  await later.screenshot({ path: path.join(artifacts, 'phone-consult-refused-no-js.png'), fullPage: true });
  await fill('13847100027');
  await expect(later).toHaveURL(/\/consult\?no=ZX-\d{8}-[2-9A-Z]{8}$/);
  await expect(later.locator('[data-state]')).toHaveText('办理中');
  await plain.close();
});
