// Issue 5 in the browser, on a phone: the league fund officer imports the
// tax bureau's payment details on the page (a bad line reported), the
// demo resident reads the personal account statement year by year, prints
// it (one A4 page per year), and the statement verifies on the public page.
import { test, expect } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { artifacts, authenticator, demoLink, hydrated, signInWithCode } from '../support/helpers';

const LI = { name: '李建国', id: '150102199001011134', email: 'lijianguo@example.com' };
const HEADER = '证件类型,证件号码,姓名,缴费年度,缴费档次,个人缴费,政府代缴,政府补贴,集体补助,社会资助,缴入国库日期,税票号码';

test('payments are imported, the statement adds up year by year, prints one page a year and verifies', async ({ page, browser }) => {
  // The fund officer books 2026 for 李建国; a tier that does not exist is refused.
  const fund = await browser.newPage({ viewport: { width: 360, height: 780 } });
  await authenticator(fund);
  await fund.goto(demoLink('[hhht.fund]'));
  await fund.getByRole('button', { name: '登记我的通行密钥' }).click();
  await expect(fund).toHaveURL(/\/staff$/);
  await fund.getByRole('link', { name: '基金财务' }).click();
  const file = [HEADER, `居民身份证,${LI.id},${LI.name},2026,1000,1000,0,60,0,0,2026-03-01,E2E-2026-1`, `居民身份证,${LI.id},${LI.name},2026,450,450,0,0,0,0,2026-03-01,E2E-2026-2`, ''].join('\n');
  const section = fund.locator('section#tax_payments');
  await section.getByLabel('选择文件').setInputFiles({ name: 'payments.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
  await section.getByRole('button', { name: '导入' }).click();
  await expect(fund).toHaveURL(/tax_payments_batch=/);
  const report = fund.locator('.report');
  await expect(report).toContainText('2 / 1 / 0 / 0 / 1');
  await expect(report.getByRole('row', { name: /^3 / })).toContainText('不是 2026 年度的档次');
  await fund.screenshot({ path: path.join(artifacts, 'phone-fund-import.png'), fullPage: true });

  // C5: the registration data queued since the last export (the demo
  // resident's new account) becomes a batch with its file; a second export
  // has nothing left to send.
  const exportSection = fund.locator('section#export');
  await exportSection.getByRole('button', { name: '生成报送文件' }).click();
  await expect(fund).toHaveURL(/export_batch=/);
  const download = fund.locator('section#export').getByRole('link', { name: '下载文件（CSV）' });
  await expect(download).toBeVisible();
  const csv = await (await fund.request.get((await download.getAttribute('href'))!)).text();
  expect(csv.split('\n')[0]).toContain('批次号,变更类型,证件类型,证件号码');
  await fund.locator('section#export').getByRole('button', { name: '生成报送文件' }).click();
  await expect(fund.locator('section#export [data-form-status]')).toContainText('没有需要报送的登记变更');

  // The resident's statement. Demo payments 2023–2025 with interest by the
  // policy's rates (3.97 %, 2.62 %, 1.50 %), worked by hand:
  //   2023: 560 × 3.97 % × 9/12 = 16.67 → closing 576.67
  //   2024: 576.67 × 2.62 % + 660 × 2.62 % × 8/12 = 26.64 → closing 1,263.31
  //   2025: 1,263.31 × 1.50 % + 1,110 × 1.50 % × 7/12 = 28.66 → closing 2,401.97
  //   2026: + 1,060 → 3,461.97 (no interest until the year closes)
  await signInWithCode(page, LI);
  await expect(page).toHaveURL(/\/me/);
  await page.getByRole('link', { name: '个人账户与对账单' }).click();
  await expect(page.locator('[data-balance]')).toHaveText('3461.97');
  const y2025 = page.locator('section.statement-year', { has: page.getByRole('heading', { name: '2025 年度' }) });
  await expect(y2025.locator('[data-closing]')).toHaveText('2401.97');
  await expect(y2025).toContainText('28.66');
  const y2023 = page.locator('section.statement-year', { has: page.getByRole('heading', { name: '2023 年度' }) });
  await expect(y2023.locator('[data-closing]')).toHaveText('576.67');
  await expect(page.locator('section.statement-year img').first()).toHaveJSProperty('complete', true);
  await page.screenshot({ path: path.join(artifacts, 'phone-statement.png'), fullPage: true });

  // Printed on A4 from the page as the resident has it (hydrated, issue 36
  // §4): one page per year.
  await hydrated(page);
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  fs.writeFileSync(path.join(artifacts, 'statement.pdf'), pdf);
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  expect(pages).toBe(4);
  // The same without JavaScript; one year alone, from its row of the
  // summary: one page.
  const printing = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 780 } });
  await printing.addCookies(await page.context().cookies());
  const printed = await printing.newPage();
  await printed.goto(page.url());
  await expect(printed.locator('[data-balance]')).toHaveText('3461.97');
  expect((await printed.pdf({ format: 'A4', printBackground: true })).toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length).toBe(4);
  await printed.locator('table.summary').getByRole('link', { name: '2025' }).click();
  await expect(printed.locator('section.statement-year')).toHaveCount(1);
  const one = await printed.pdf({ format: 'A4', printBackground: true });
  expect((one.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBe(1);

  // The QR code's page: genuine, the masked name and the closing balance.
  // A summary first; the years but the latest folded (issue 36, 5).
  await expect(page.locator('table.summary tr[data-year="2025"]')).toContainText('2401.97');
  await expect(page.locator('table.summary tr[data-year="2025"]')).toContainText('28.66');
  await expect(y2025.getByRole('link', { name: '在线核验' })).toBeHidden();
  await y2025.locator('summary').click();
  const printedCode = (await y2025.locator('[data-code]').textContent())!;
  expect(printedCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  await y2025.getByRole('link', { name: '在线核验' }).click();
  await expect(page).toHaveURL(/\/verify\//);
  await expect(page.locator('[data-verdict]')).toContainText('真实有效');
  await expect(page.getByText('李**')).toBeVisible();
  await expect(page.getByText('2401.97')).toBeVisible();
  await page.screenshot({ path: path.join(artifacts, 'phone-verify.png'), fullPage: true });

  // Anyone can verify; a made-up code is not genuine.
  const anon = await browser.newPage({ viewport: { width: 360, height: 780 } });
  await anon.goto(page.url());
  await expect(anon.locator('[data-verdict]')).toContainText('真实有效');
  await expect(anon.locator('[data-code]')).toHaveText(printedCode);
  // The printed code typed in, as a person would: lower case, no dashes
  // (A4, issue 36: one code, printed and in the QR, and a page to type it).
  await anon.goto('/verify');
  await anon.getByLabel('核验码', { exact: true }).fill(printedCode.replaceAll('-', ' ').toLowerCase());
  await anon.getByRole('button', { name: '核验' }).click();
  await expect(anon.locator('[data-verdict]')).toContainText('真实有效');
  await expect(anon.getByText('2401.97')).toBeVisible();
  // A code that is not one says how it should look; a well-formed one
  // that was never issued is not genuine.
  await anon.goto('/verify/made-up-code');
  await expect(anon.getByRole('alert')).toContainText('16 位字母和数字');
  const forged = (printedCode[0] === 'A' ? 'B' : 'A') + printedCode.slice(1);
  await anon.getByLabel('核验码', { exact: true }).fill(forged);
  await anon.getByRole('button', { name: '核验' }).click();
  await expect(anon.getByRole('alert')).toContainText('不是本系统出具');

  // Issue 36 §4: his 参保证明 for another office, one A4 page with his
  // name and number in full, checked by its typed code as a statement is
  // (masked there).
  await page.goto('/me/account');
  await page.getByRole('link', { name: '参保证明', exact: true }).click();
  await expect(page).toHaveURL(/\/me\/certificate\/insured$/);
  await expect(page.getByRole('heading', { name: '参保证明' })).toBeVisible();
  await expect(page.getByText(LI.id)).toBeVisible();
  const certificateCode = (await page.locator('[data-code]').textContent())!;
  expect(certificateCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  await page.screenshot({ path: path.join(artifacts, 'phone-certificate.png'), fullPage: true });
  const certificatePdf = await page.pdf({ format: 'A4', printBackground: true });
  fs.writeFileSync(path.join(artifacts, 'certificate.pdf'), certificatePdf);
  expect((certificatePdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBe(1);
  await anon.goto('/verify');
  await anon.getByLabel('核验码', { exact: true }).fill(certificateCode.toLowerCase());
  await anon.getByRole('button', { name: '核验' }).click();
  await expect(anon.locator('[data-verdict]')).toContainText('本证明由本系统出具');
  await expect(anon.getByText('150102********1134')).toBeVisible();
  await expect(anon.getByText(LI.id)).toHaveCount(0);

  // A5: the resident asks for a check of the account, with evidence; the
  // case opens at 初审 with the year and the question.
  await page.goto('/me/account');
  const check = page.locator('section#check');
  await check.getByLabel('有疑问的年度').fill('2025');
  await check.getByLabel('需要核查的事项').fill('2025 年 8 月缴费 1000 元未见记入');
  // The evidence is a phone photo of 4000 × 3000 px, several MB: it goes up
  // shrunk to at most 800 KB (issue 36, 5), with the upload's progress.
  const photo = Buffer.from(await page.evaluate(async () => {
    const c = document.createElement('canvas');
    c.width = 4000;
    c.height = 3000;
    const g = c.getContext('2d')!;
    const img = g.createImageData(4000, 3000);
    let seed = 7;
    const grain = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 24);
    for (let i = 0; i < img.data.length; i += 4) {
      const p = i / 4, x = p % 4000, y = (p / 4000) | 0;
      img.data[i] = (x / 16 + grain()) & 255;
      img.data[i + 1] = (y / 12 + grain()) & 255;
      img.data[i + 2] = ((x + y) / 28 + grain()) & 255;
      img.data[i + 3] = 255;
    }
    g.putImageData(img, 0, 0);
    const blob: Blob = await new Promise((r) => c.toBlob((b) => r(b!), 'image/jpeg', 0.9));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(bin);
  }), 'base64');
  expect(photo.length).toBeGreaterThan(2 * 1024 * 1024);
  await check.getByLabel(/证明材料/).setInputFiles({ name: 'receipt.jpg', mimeType: 'image/jpeg', buffer: photo });
  await check.getByRole('checkbox').check();
  await expect(check.locator('progress[data-upload]')).toBeHidden();
  await check.getByRole('button', { name: '提交核查申请' }).click();
  await expect(page).toHaveURL(/\/me\/cases\//);
  const caseId = page.url().split('/').pop()!;
  const filedCase = await (await page.request.get(`/api/v1/cases/${caseId}`)).json();
  const evidence = filedCase.documents[0];
  const stored = await (await page.request.get(`/api/v1/cases/${caseId}/documents/${evidence.sha256}`)).body();
  expect(stored.length).toBeLessThanOrEqual(800 * 1024);
  expect(stored.length).toBeGreaterThan(50 * 1024);
  expect(evidence.media_type).toBe('image/jpeg');
  await expect(page.locator('.lead')).toContainText('个人账户核查');
  await expect(page.getByText('2025 年 8 月缴费 1000 元未见记入')).toBeVisible();
  await page.screenshot({ path: path.join(artifacts, 'phone-account-check.png'), fullPage: true });
});
