import { test, expect, type Page, type BrowserContext, type Locator } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { artifacts, codeFor, hydrated, lastMail, mailCount, signInWithCode, staffPage } from '../support/helpers';

// Issue 9 (REQUIREMENTS §4): Mongolian in the traditional script, large
// text, accessibility, weak networks.

const MN = {
  switchTo: 'ᠮᠣᠩᠭᠣᠯ',
  homeTitle: 'ᠠᠷᠠᠳ ᠲᠤ ᠦᠵᠡᠭᠦᠯᠬᠦ ᠦᠢᠯᠡᠴᠢᠯᠡᠭᠡ',
  policyTitle: 'ᠲᠥᠯᠦᠭᠡᠰᠦ ᠶᠢᠨ ᠳᠡᠰ ᠪᠠ ᠨᠥᠬᠥᠪᠦᠷᠢ ᠶᠢᠨ ᠪᠠᠷᠢᠮᠵᠢᠶ᠎ᠠ',
  largeText: 'ᠶᠡᠬᠡ ᠦᠰᠦᠭ',
};

async function prefer(context: BrowserContext, baseURL: string, lang: 'zh-CN' | 'mn-Mong', large: boolean) {
  const url = new URL(baseURL);
  await context.addCookies([
    { name: 'lang', value: lang, domain: url.hostname, path: '/' },
    { name: 'text_size', value: large ? 'large' : 'normal', domain: url.hostname, path: '/' },
  ]);
}

/** Presses Tab (nothing else) until `target` has the focus. */
async function tabTo(page: Page, target: Locator) {
  for (let i = 0; i < 40; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

/** Signs `who` in with a code, then on /me switches to Mongolian with the
 *  keyboard (Tab to the switch, Enter). */
async function signInAndSwitchToMongolian(page: Page, who: { name: string; id: string; email: string }) {
  await signInWithCode(page, who);
  await expect(page).toHaveURL(/\/me(\?new=1)?$/);
  await page.goto('/me');
  await hydrated(page);
  await tabTo(page, page.getByRole('button', { name: 'ᠮᠣᠩᠭᠣᠯ' }));
  await page.keyboard.press('Enter');
  await expect(page.locator('html')).toHaveAttribute('lang', 'mn-Mong');
  await hydrated(page);
}

/** Every WCAG 2.1 A/AA rule axe-core checks; the list of what it found. */
async function audit(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((v) => `${page.url()} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test.describe('before the WASM arrives (JavaScript off)', () => {
  test.use({ javaScriptEnabled: false });

  test('the language switch is on every page, works as a plain form and is remembered', async ({ page }) => {
    await page.goto('/policy');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await page.getByRole('button', { name: MN.switchTo }).click();
    await expect(page).toHaveURL(/\/policy\??$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'mn-Mong');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(MN.policyTitle);
    // The table's figures are the same; the words around them are Mongolian.
    await expect(page.getByRole('table').getByRole('row', { name: /2000\.00/ })).toContainText('60.00');
    await expect(page.getByRole('button', { name: MN.largeText })).toBeVisible();

    // Another page, later: still Mongolian. Back to Chinese from there.
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(MN.homeTitle);
    await expect(page).toHaveTitle(new RegExp(MN.homeTitle));
    await page.getByRole('button', { name: '中文' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByRole('heading', { level: 1, name: '居民服务' })).toBeVisible();
  });
});

test('Mongolian is drawn with the served font, headings vertical, nothing wider than the phone; screenshots in both languages', async ({ page, context, baseURL }) => {
  for (const lang of ['zh-CN', 'mn-Mong'] as const) {
    await prefer(context, baseURL!, lang, false);
    for (const [name, url] of [['home', '/'], ['policy', '/policy'], ['signin', '/signin'], ['consult', '/consult']]) {
      await page.goto(url);
      await hydrated(page);
      await page.evaluate(() => document.fonts.ready);
      if (lang === 'mn-Mong') {
        const h1 = page.getByRole('heading', { level: 1 });
        expect(await h1.evaluate((h) => getComputedStyle(h).writingMode)).toBe('vertical-lr');
        // Drawn with the web font from public/, not boxes or a fallback.
        expect(await page.evaluate(() => [...document.fonts].some((f) => f.family.includes('Noto Sans Mongolian') && f.status === 'loaded'))).toBe(true);
        const box = (await h1.boundingBox())!;
        expect(box.height).toBeGreaterThan(box.width);
      }
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${lang} ${url} scrolls sideways`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(artifacts, `phone-${lang}-${name}.png`), fullPage: true });
    }
  }
});

test('resident pages have no WCAG 2.1 AA violations, in both languages and both text sizes (14 pages)', async ({ page, context, baseURL }) => {
  test.setTimeout(180_000);
  const publicPages = ['/', '/policy', '/signin', '/consult', '/no-such-page'];
  // Signed in (code), the pages a resident opens about themselves.
  await signInWithCode(page, { name: '其其格', id: '150423198505201429', email: 'qiqige@example.com' });
  await expect(page).toHaveURL(/\/me(\?new=1)?$/);
  // Her enrolment, filed as the form does, so that her case page is audited too.
  const jpeg = { name: 'a.jpg', mimeType: 'image/jpeg', buffer: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]) };
  const filed = await page.request.post('/api/v1/cases/enrolment', {
    multipart: {
      household_type: '农业', residence_address: '大板镇巴彦汉嘎查7组', phone: '13847100009', tier: '500.00',
      bank_card: '6228480012345679', special_group: '', id_front: jpeg, id_back: jpeg, hukou_home: jpeg, hukou_self: jpeg,
    },
  });
  expect(filed.status(), await filed.text()).toBe(200);
  const caseId = (await filed.json()).id as string;
  const ownPages = ['/me', '/me/enrol', '/me/cases', `/me/cases/${caseId}`, '/me/account', '/me/pension', '/me/agents', '/me/key-change', '/verify/NO-SUCH-CODE'];
  const found: string[] = [];
  for (const lang of ['zh-CN', 'mn-Mong'] as const) {
    for (const large of [false, true]) {
      await prefer(context, baseURL!, lang, large);
      for (const url of [...publicPages, ...ownPages]) {
        await page.goto(url);
        await expect(page.locator('html')).toHaveAttribute('lang', lang);
        // Every page says how to get the thing done with help.
        await expect(page.locator('footer .assisted')).toBeVisible();
        found.push(...(await audit(page)).map((v) => `[${lang}${large ? ' large' : ''}] ${v}`));
      }
    }
  }
  expect(found).toEqual([]);
});

test('the consultation form can be completed with the keyboard alone', async ({ page }) => {
  await page.goto('/consult');
  await hydrated(page);
  // The first Tab reaches the skip link; it jumps to the page content.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: '跳到正文' })).toBeFocused();
  await page.keyboard.press('Enter');
  const form = page.locator('section#file form');
  const field = (label: string) => form.getByLabel(label, { exact: true });
  await tabTo(page, field('咨询（政策、办事、个人权益）'));
  await page.keyboard.press('Space');
  await tabTo(page, field('所在旗县（区）'));
  await page.keyboard.press('ArrowDown');
  await tabTo(page, field('事项'));
  await page.keyboard.type('缴费档次怎么选');
  await tabTo(page, field('具体内容'));
  await page.keyboard.type('我今年四十岁，想知道选哪个缴费档次合适。');
  await page.keyboard.press('Tab'); // contact name
  await page.keyboard.press('Tab'); // contact
  await page.keyboard.press('Tab'); // submit
  await expect(page.locator('section#file form').getByRole('button', { name: '提交' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/consult\?no=ZX-\d{8}-[2-9A-Z]{8}$/);
  await expect(page.getByText('请保存受理编号')).toBeVisible();
});

test('signing in with a code can be done with the keyboard alone, on a Mongolian page', async ({ page, context, baseURL }) => {
  await prefer(context, baseURL!, 'mn-Mong', false);
  const who = { name: '其其格', id: '150423198505201429', email: 'qiqige@example.com' };
  const before = mailCount(who.email);
  await page.goto('/signin');
  await hydrated(page);
  // Document kinds are named in Mongolian too (the value sent stays the code).
  await expect(page.locator('select[name=document_kind] option').first()).toHaveText('ᠠᠷᠠᠳ ᠤᠨ ᠦᠨᠡᠮᠯᠡᠬᠦ');
  await tabTo(page, page.getByLabel('ᠨᠡᠷ᠎ᠡ', { exact: true }));
  await page.keyboard.type(who.name);
  await tabTo(page, page.getByLabel('ᠦᠨᠡᠮᠯᠡᠬᠦ ᠶᠢᠨ ᠳ᠋ᠤᠭᠠᠷ', { exact: true }));
  await page.keyboard.type(who.id);
  await tabTo(page, page.getByRole('button', { name: 'ᠰᠢᠯᠭᠠᠬᠤ ᠺᠣᠳ᠋ ᠠᠪᠬᠤ' }));
  await page.keyboard.press('Enter');
  // The server's answer and the mail are in Mongolian too.
  await expect(page.getByRole('status')).toContainText('ᠰᠢᠯᠭᠠᠬᠤ ᠺᠣᠳ᠋ ᠢ ᠲᠠᠨ ᠤ ᠪᠦᠷᠢᠲᠭᠡᠭᠰᠡᠨ ᠭᠠᠷ ᠤᠲᠠᠰᠤ ᠳᠤ ᠣᠬᠣᠷ ᠮᠡᠳᠡᠭᠡ ᠪᠡᠷ');
  const code = await codeFor(who.email, before);
  await tabTo(page, page.getByLabel('ᠰᠢᠯᠭᠠᠬᠤ ᠺᠣᠳ᠋ (6 ᠣᠷᠣᠨ ᠲᠣᠭ᠎ᠠ)', { exact: true }));
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/me(\?new=1)?$/);
  await expect(page.getByText('ᠰᠠᠢᠨ ᠪᠠᠢᠨ᠎ᠠ ᠤᠤ᠂ ' + who.name)).toBeVisible();
});

test('a resident reads the statement, enlarges the text and switches to Mongolian with the keyboard alone', async ({ page }) => {
  const li = { name: '李建国', id: '150102199001011134', email: 'lijianguo@example.com' };
  await signInWithCode(page, li);
  await expect(page).toHaveURL(/\/me(\?new=1)?$/);
  await page.goto('/me');
  await hydrated(page);
  await tabTo(page, page.getByRole('link', { name: '个人账户与对账单' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/me\/account$/);
  await expect(page.locator('[data-balance]')).toBeVisible();
  await hydrated(page);
  await tabTo(page, page.getByRole('button', { name: '大字模式' }));
  await page.keyboard.press('Space');
  await expect(page.locator('.app')).toHaveClass(/large-text/);
  await tabTo(page, page.getByRole('button', { name: 'ᠮᠣᠩᠭᠣᠯ' }));
  await page.keyboard.press('Enter');
  // The same page comes back in Mongolian, still in large text.
  await expect(page.locator('html')).toHaveAttribute('lang', 'mn-Mong');
  await expect(page).toHaveURL(/\/me\/account\??$/);
  await expect(page.locator('.app')).toHaveClass(/large-text/);
  await expect(page.locator('main')).toContainText('ᠬᠤᠪᠢ ᠶᠢᠨ ᠲᠥᠯᠦᠭᠡᠰᠦ');
  // Back to Chinese and standard size, for the other tests of this person.
  await tabTo(page, page.getByRole('button', { name: '中文' }));
  await page.keyboard.press('Enter');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await hydrated(page);
  await tabTo(page, page.getByRole('button', { name: '标准字号' }));
  await page.keyboard.press('Space');
  await expect(page.locator('.app')).not.toHaveClass(/large-text/);
});

test('a resident switches to Mongolian and enrols with the keyboard alone, attachments included', async ({ page }) => {
  const wulan = { name: '乌兰', id: '150423197803161627', email: 'wulan@example.com' };
  await signInAndSwitchToMongolian(page, wulan);
  await tabTo(page, page.locator('main a[href="/me/enrol"]').first());
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/me\/enrol$/);
  await hydrated(page);
  const enrol = page.locator('form[data-send="/api/v1/cases/enrolment"]');
  const to = (name: string) => tabTo(page, enrol.locator(`[name=${name}]`));
  await to('residence_address');
  await page.keyboard.type('巴林右旗大板镇巴彦汉嘎查9组');
  await to('phone');
  await page.keyboard.type('13947600009');
  await to('tier');
  await page.keyboard.press('ArrowDown'); // the second tier
  const tier = await enrol.locator('[name=tier]').inputValue();
  expect(tier).toBe(await enrol.locator('[name=tier] option').nth(1).getAttribute('value'));
  await tabTo(page, enrol.locator('[name=full_time_student][value=false]')); // not a student
  await page.keyboard.press('Space');
  await expect(enrol.locator('[name=full_time_student][value=false]')).toBeChecked();
  await to('bank_card');
  await page.keyboard.type('6228480012349999');
  // Each attachment: Space on the focused file field opens the chooser.
  for (const name of ['id_front', 'id_back', 'hukou_home', 'hukou_self']) {
    await to(name);
    const chooser = page.waitForEvent('filechooser');
    await page.keyboard.press('Space');
    await (await chooser).setFiles({ name: `${name}.jpg`, mimeType: 'image/jpeg', buffer: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]) });
  }
  await tabTo(page, enrol.locator('input[type=checkbox]'));
  await page.keyboard.press('Space');
  await expect(enrol.locator('input[type=checkbox]')).toBeChecked();
  const before = mailCount(wulan.email);
  await tabTo(page, enrol.locator('button[type=submit]'));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/me\/cases\//);
  // Her case, its state and the mail about it are in Mongolian.
  await expect(page.locator('[data-state]')).toContainText('ᠠᠩᠬᠠᠨ ᠤ ᠬᠢᠨᠠᠯᠲᠠ ᠳᠤ ᠪᠠᠢᠨ᠎ᠠ');
  await expect(page.getByText('**** 9999')).toBeVisible();
  const mail = await lastMail(wulan.email, before);
  expect(mail.text).toContain('ᠳᠠᠭᠠᠲᠬᠠᠯ ᠳᠤ ᠪᠦᠷᠢᠲᠭᠡᠭᠦᠯᠬᠦ');
  expect(mail.text.replace(wulan.name, '')).not.toMatch(/[\u4e00-\u9fff]/);
  // And the notice on her cases page.
  await page.goto('/me/cases');
  await expect(page.locator('main')).toContainText('ᠲᠠᠨ ᠤ ᠳᠠᠭᠠᠲᠬᠠᠯ ᠳᠤ ᠪᠦᠷᠢᠲᠭᠡᠭᠦᠯᠬᠦ ᠭᠣᠶᠣᠯᠲᠠ ᠶᠢ ᠬᠦᠯᠢᠶᠡᠨ ᠠᠪᠴᠤ');
  await page.screenshot({ path: path.join(artifacts, 'phone-mn-Mong-enrolled.png'), fullPage: true });
});

test('a retiree claims her pension in Mongolian with the keyboard alone', async ({ page }) => {
  // 萨仁 (demo): 60 in July 2024, fifteen years paid, no pension yet.
  const saren = { name: '萨仁', id: '150423196407202269', email: 'saren@example.com' };
  await signInAndSwitchToMongolian(page, saren);
  await tabTo(page, page.locator('main a[href="/me/pension"]').first());
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/me\/pension$/);
  await hydrated(page);
  const claim = page.locator('section#claim');
  const declare = claim.locator('input[type=checkbox]');
  // A card number too short: refused, in Mongolian, in the form.
  await tabTo(page, claim.locator('[name=bank_card]'));
  await page.keyboard.type('12345');
  await tabTo(page, declare);
  await page.keyboard.press('Space');
  await tabTo(page, claim.locator('button[type=submit]'));
  await page.keyboard.press('Enter');
  const status = claim.locator('[data-form-status]');
  await expect(status).toContainText('ᠪᠠᠩᠬᠢᠨ ᠺᠠᠷᠲ ᠤᠨ ᠳ᠋ᠤᠭᠠᠷ 16–19');
  await expect(status).not.toContainText(/[\u4e00-\u9fff]/);
  // Cleared: the card on file is used.
  await tabTo(page, claim.locator('[name=bank_card]'));
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await tabTo(page, declare);
  if (!(await declare.isChecked())) await page.keyboard.press('Space');
  await expect(declare).toBeChecked();
  const before = mailCount(saren.email);
  await tabTo(page, claim.locator('button[type=submit]'));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/me\/cases\//);
  // Her claim, its state and the first month paid (August 2024); the mail
  // about it in Mongolian.
  await expect(page.locator('.lead')).toContainText('ᠲᠡᠳᠬᠦᠯᠭᠡ ᠭᠤᠶᠤᠬᠤ');
  await expect(page.locator('[data-state]')).toContainText('ᠠᠩᠬᠠᠨ ᠤ ᠬᠢᠨᠠᠯᠲᠠ ᠳᠤ ᠪᠠᠢᠨ᠎ᠠ');
  await expect(page.getByText('2024-08')).toBeVisible();
  // Every fact of the claim (figures, the card, how it was confirmed) with
  // nothing Chinese left.
  expect(await page.locator('dl.facts').innerText()).not.toMatch(/[\u4e00-\u9fff]/);
  const mail = await lastMail(saren.email, before);
  expect(mail.text.replace(saren.name, '')).not.toMatch(/[\u4e00-\u9fff]/);
  await page.screenshot({ path: path.join(artifacts, 'phone-mn-Mong-claimed.png'), fullPage: true });
});

test('a county clerk prints the 告知书 in Mongolian or in Chinese, as the reader needs', async ({ browser }) => {
  const clerk = await staffPage(browser, '[bylq.county]');
  await clerk.goto('/staff/upcoming?months=3');
  const row = clerk.locator('#upcoming tr', { hasText: '萨仁' });
  await expect(row).toContainText('2024-07-20');
  const href = await row.getByRole('link').getAttribute('href');
  await clerk.goto(`${href}?lang=mn-Mong`);
  const notice = clerk.locator('article.notice');
  await expect(notice).toHaveAttribute('lang', 'mn-Mong');
  await expect(notice.getByRole('heading', { level: 1 })).toHaveText('ᠬᠣᠲᠠ ᠬᠥᠳᠡᠭᠡ ᠶᠢᠨ ᠠᠷᠠᠳ ᠤᠨ ᠦᠨᠳᠦᠰᠦᠨ ᠲᠡᠳᠬᠦᠯᠭᠡ ᠠᠪᠬᠤ ᠮᠡᠳᠡᠭᠳᠡᠯ');
  await expect(notice).toContainText('ᠲᠡᠳᠬᠦᠯᠭᠡ ᠠᠪᠴᠤ ᠡᠬᠢᠯᠡᠬᠦ ᠰᠠᠷ᠎ᠠ');
  await expect(notice).toContainText('2024-08');
  await expect(notice).toContainText('ᠭᠣᠶᠣᠬᠤ ᠠᠷᠭ᠎ᠠ');
  // Nothing Chinese on it but her name (and the link to the Chinese one).
  expect((await notice.innerText()).replace('萨仁', '').replace('中文', '')).not.toMatch(/[\u4e00-\u9fff]/);
  await clerk.emulateMedia({ media: 'print' });
  await expect(notice.locator('.no-print')).toBeHidden();
  await clerk.screenshot({ path: path.join(artifacts, 'notice-mn-Mong-print.png'), fullPage: true });
  await clerk.emulateMedia({ media: 'screen' });
  // The same notice in Chinese, one link away.
  await notice.getByRole('link', { name: '中文' }).click();
  await expect(notice).toHaveAttribute('lang', 'zh-CN');
  await expect(notice.getByRole('heading', { level: 1 })).toHaveText('城乡居民基本养老保险待遇领取告知书');
  await expect(notice).toContainText('申领方式');
  await expect(notice).toContainText('2024-08');
});

test('a reader of Mongolian sees what the server names (entries, states, refusals) in Mongolian', async ({ page, context, baseURL }) => {
  const liu = { name: '刘淑珍', id: '150121196405101246', email: 'liushuzhen@example.com' };
  await signInWithCode(page, liu);
  await expect(page).toHaveURL(/\/me(\?new=1)?$/);
  await page.goto('/me/account');
  await expect(page.locator('main')).toContainText('个人缴费');
  await prefer(context, baseURL!, 'mn-Mong', false);
  await page.goto('/me/account');
  // Her statement's entries: personal contributions, subsidies, interest.
  const main = page.locator('main');
  await expect(main).toContainText('ᠬᠤᠪᠢ ᠶᠢᠨ ᠲᠥᠯᠦᠭᠡᠰᠦ');
  await expect(main).toContainText('ᠵᠠᠰᠠᠭ ᠤᠨ ᠭᠠᠵᠠᠷ ᠤᠨ ᠨᠥᠬᠥᠪᠦᠷᠢ');
  await expect(main).not.toContainText('个人缴费');
  await expect(main).not.toContainText('政府补贴');
  await page.screenshot({ path: path.join(artifacts, 'phone-mn-Mong-account.png'), fullPage: true });
  // A refusal from the server, shown in the form, in Mongolian: she has no
  // pension to certify.
  const r = await page.request.post('/api/v1/me/certification', { data: { confirmed: true } });
  expect(r.status()).toBeGreaterThanOrEqual(400);
  const message = (await r.json()).message as string;
  expect(message).toMatch(/[\u1800-\u18AF]/);
  expect(message).not.toMatch(/[\u4E00-\u9FFF]/);
});

// DevTools' classic "Slow 3G": 2 s round trips, 400 kbit/s each way.
test('on a slow 3G connection the first screen is readable before the WASM arrives', async ({ browser }) => {
  test.setTimeout(120_000);
  const figures: Record<string, unknown>[] = [];
  for (const url of ['/', '/consult', '/signin']) {
    // A fresh browser each time: nothing cached.
    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 2000, downloadThroughput: 50 * 1024, uploadThroughput: 50 * 1024 });
    const start = Date.now();
    const response = await page.goto(url, { waitUntil: 'commit' });
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible({ timeout: 60_000 });
    const readable = Date.now() - start;
    // Readable first: the page is not interactive yet at this moment.
    expect(await page.locator('.app[data-hydrated]').count()).toBe(0);
    await expect(page.locator('.app[data-hydrated="true"]')).toBeAttached({ timeout: 90_000 });
    const interactive = Date.now() - start;
    const html = (await response!.body()).length;
    const wasm = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.wasm')).map((e) => (e as PerformanceResourceTiming).encodedBodySize)[0]);
    figures.push({ url, html_bytes: html, readable_ms: readable, interactive_ms: interactive, wasm_bytes_on_the_wire: wasm });
    expect(html).toBeLessThan(40 * 1024);

    // The next page: the WASM, JS and CSS come from the browser's cache
    // (names carry their content hash; kept a year).
    const again = Date.now();
    await page.goto('/policy', { waitUntil: 'commit' });
    await expect(page.locator('.app[data-hydrated="true"]')).toBeAttached({ timeout: 60_000 });
    const cached = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => /\/pkg\//.test(e.name)).map((e) => (e as PerformanceResourceTiming).transferSize));
    expect(cached.length).toBeGreaterThan(0);
    expect(cached.every((size) => size === 0)).toBe(true);
    figures[figures.length - 1].next_page_interactive_ms = Date.now() - again;
    await context.close();
  }
  fs.writeFileSync(path.join(artifacts, 'slow-3g.json'), JSON.stringify(figures, null, 2));
  console.log('slow 3G:', JSON.stringify(figures));
});

// Issue 36 (5): the header and the navigation leave the first screen of a
// 360 × 780 phone to the page, in both languages and both text sizes.
test('the header leaves the first screen to the content', async ({ browser, baseURL }) => {
  for (const lang of ['zh-CN', 'mn-Mong'] as const) {
    for (const large of [false, true]) {
      const context = await browser.newContext({ viewport: { width: 360, height: 780 } });
      await prefer(context, baseURL!, lang, large);
      const page = await context.newPage();
      await page.goto('/');
      const nav = (await page.locator('nav.main-nav').boundingBox())!;
      expect(nav.y + nav.height, `${lang}${large ? ' large' : ''}`).toBeLessThanOrEqual(780 / 3);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), 'nothing wider than the screen').toBeLessThanOrEqual(360);
      if (lang === 'mn-Mong' && large) await page.screenshot({ path: path.join(artifacts, 'phone-mn-Mong-large-home.png') });
      await context.close();
    }
  }
});
