import { test, expect } from '@playwright/test';
import * as path from 'node:path';
import { artifacts, hydrated } from '../support/helpers';

test.describe('before the WASM arrives (JavaScript off)', () => {
  test.use({ javaScriptEnabled: false });

  test('pages are rendered on the server', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveTitle('居民服务 - 内蒙古城乡居民基本养老保险');
    await expect(page.getByRole('heading', { level: 1, name: '居民服务' })).toBeVisible();

    await page.getByRole('link', { name: '查看缴费档次和政府补贴标准' }).click();
    await expect(page).toHaveURL(/\/policy$/);
    const table = page.getByRole('table');
    await expect(table.getByRole('row', { name: /2000\.00/ })).toContainText('60.00');
    await expect(table.getByRole('row', { name: /^100\.00/ })).toContainText('30.00');
  });

  // Issue 36 (5): the front door on a 360 px phone offers signing in and
  // every service on its first screen; the sign-in page starts with the
  // first-time form (a first-time visitor has no passkey).
  test('the home page leads to signing in and to each service', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 780 });
    await page.goto('/');
    const signIn = page.getByRole('link', { name: /登录办理/ });
    const box = (await signIn.boundingBox())!;
    expect(box.y + box.height).toBeLessThan(780);
    for (const name of ['参保登记', '个人账户与对账单', '我的养老金', '我的申请', '对账单核验', '咨询举报']) {
      await expect(page.locator('main').getByRole('link', { name, exact: true })).toBeVisible();
    }
    await page.screenshot({ path: path.join(artifacts, 'phone-home.png'), fullPage: true });
    await page.locator('main').getByRole('link', { name: '个人账户与对账单', exact: true }).click();
    await expect(page).toHaveURL(/\/signin\?next=(%2F|\/)me(%2F|\/)account/);
    const first = (await page.getByLabel('姓名').boundingBox())!;
    expect(first.y).toBeLessThan(780);
    expect(first.y).toBeLessThan((await page.getByRole('button', { name: '用通行密钥登录' }).boundingBox())!.y);
  });

  test('the large-text switch works as a plain form', async ({ page }) => {
    await page.goto('/policy');
    await expect(page.locator('.app')).not.toHaveClass(/large-text/);
    await page.getByRole('button', { name: '大字模式' }).click();
    await expect(page).toHaveURL(/\/policy/);
    await expect(page.locator('.app')).toHaveClass(/large-text/);
    await expect(page.getByRole('button', { name: '标准字号' })).toHaveAttribute('aria-pressed', 'true');
  });
});

test.describe('after hydration', () => {
  test('the large-text switch changes the page in place and is remembered', async ({ page }) => {
    await page.goto('/');
    await hydrated(page);
    const before = await page.getByRole('heading', { level: 1 }).evaluate((h) => parseFloat(getComputedStyle(h).fontSize));
    // A marker on window survives only if the page does not reload.
    await page.evaluate(() => ((window as any).__noReload = true));
    await page.getByRole('button', { name: '大字模式' }).click();
    await expect(page.locator('.app')).toHaveClass(/large-text/);
    expect(await page.evaluate(() => (window as any).__noReload)).toBe(true);
    const after = await page.getByRole('heading', { level: 1 }).evaluate((h) => parseFloat(getComputedStyle(h).fontSize));
    expect(after).toBeGreaterThan(before * 1.2);

    await page.reload();
    await hydrated(page);
    await expect(page.locator('.app')).toHaveClass(/large-text/);
    await page.getByRole('button', { name: '标准字号' }).click();
    await expect(page.locator('.app')).not.toHaveClass(/large-text/);
    await page.reload();
    await expect(page.locator('.app')).not.toHaveClass(/large-text/);
  });

  test('an unknown page says so and offers the way back', async ({ page }) => {
    const response = await page.goto('/no-such-page');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: '页面不存在' })).toBeVisible();
    await page.getByRole('link', { name: '返回首页' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '居民服务' })).toBeVisible();
  });

  test('phone screenshots (kept as artifacts)', async ({ page }) => {
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    for (const [name, url] of [['home', '/'], ['policy', '/policy'], ['signin', '/signin']]) {
      await page.goto(url);
      await hydrated(page);
      await page.screenshot({ path: path.join(artifacts, `phone-${name}.png`), fullPage: true });
    }
    // Nothing wider than the phone: no sideways scrolling.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
  });
});
