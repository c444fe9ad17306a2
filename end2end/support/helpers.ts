import { expect, type Browser, type Page, type CDPSession } from '@playwright/test';
import { simpleParser } from 'mailparser';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { mailDir } from './smtp';

export const artifacts = path.join(__dirname, '..', 'artifacts', process.env.ENGINE ?? 'sqlite');
fs.mkdirSync(artifacts, { recursive: true });

export async function hydrated(page: Page) {
  await expect(page.locator('.app[data-hydrated="true"]')).toBeVisible();
}

/** The newest message to `address` once there are more than `after`,
 *  waiting for it to arrive: its subject and text. */
export async function lastMail(address: string, after = 0): Promise<{ subject: string; text: string }> {
  for (let i = 0; i < 50; i++) {
    const files = fs.readdirSync(mailDir).filter((f) => f.includes(address)).sort();
    if (files.length > after) {
      const mail = await simpleParser(fs.readFileSync(path.join(mailDir, files[files.length - 1])));
      return { subject: mail.subject ?? '', text: mail.text ?? '' };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail arrived for ${address}`);
}

/** The six-digit code in the newest message to `address` (the mail is in
 *  the language of the page the code was asked from). */
export async function codeFor(address: string, after = 0): Promise<string> {
  const { text } = await lastMail(address, after);
  const m = /(?:验证码为|ᠰᠢᠯᠭᠠᠬᠤ ᠺᠣᠳ᠋) (\d{6})/.exec(text);
  if (!m) throw new Error(`no code in the mail to ${address}: ${text}`);
  return m[1];
}

export function mailCount(address: string): number {
  return fs.readdirSync(mailDir).filter((f) => f.includes(address)).length;
}

/** The one-time links the demo server printed at start (staff and kiosk). */
export function demoLink(label: string): string {
  const log = fs.readFileSync(process.env.SERVER_LOG ?? '', 'utf8');
  const line = log.split('\n').find((l) => l.includes(label));
  if (!line) throw new Error(`no demo link for ${label} in the server log`);
  return new URL(line.trim().split(' ').pop()!).pathname + new URL(line.trim().split(' ').pop()!).hash;
}

/** Chromium's virtual authenticator: a platform passkey with user verification. */
export async function authenticator(page: Page): Promise<{ cdp: CDPSession; id: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return { cdp, id: authenticatorId };
}

/** Signs a registry person in with a one-time code read from the SMTP server. */
export async function signInWithCode(page: Page, who: { name: string; id: string; email: string }, next?: string) {
  const before = mailCount(who.email);
  await page.goto(next === undefined ? '/signin' : `/signin?next=${encodeURIComponent(next)}`);
  await page.getByLabel('姓名').fill(who.name);
  await page.getByLabel('证件号码').fill(who.id);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByRole('status')).toContainText('验证码已发送');
  await page.getByLabel('验证码（6位数字）').fill(await codeFor(who.email, before));
  await page.getByRole('button', { name: '验证并登录' }).click();
}

/** On /me after a code sign-in: registers a passkey (the page's
 *  authenticator), signs out, and signs in again with it. */
export async function switchToPasskey(page: Page) {
  await page.goto('/me');
  await page.getByRole('button', { name: '登记通行密钥' }).click();
  await expect(page.getByText('登记时间：')).toBeVisible();
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/signin');
  await page.getByRole('button', { name: '用通行密钥登录' }).click();
  await expect(page).toHaveURL(/\/me$/);
}

/** A demo staff member on a phone, first passkey registered from the
 *  one-time link the server printed. */
export async function staffPage(browser: Browser, label: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 360, height: 780 } });
  await authenticator(page);
  await page.goto(demoLink(label));
  await page.getByRole('button', { name: '登记我的通行密钥' }).click();
  await expect(page).toHaveURL(/\/staff$/);
  return page;
}

/** The weeks pass for a person's passkeys: the money gates open only for
 *  a passkey registered `passkey.money_gate_days` ago (issue 33, H3). The
 *  server's own database is changed, as time would change it. */
export function agePasskeys(idNumber: string) {
  if (!/^[0-9X]{18}$/.test(idNumber)) throw new Error(`not an ID number: ${idNumber}`);
  inServerDatabase(`UPDATE passkeys SET created_at = '2000-01-01T00:00:00Z' WHERE account_id IN (SELECT id FROM accounts WHERE id_number = '${idNumber}')`);
}

/** An hour passes for the sign-in limits: the code requests counted per
 *  person and address are forgotten (a suite signs the same demo person
 *  in more often than one person would in ten minutes). */
export function codeLimitsPass() {
  inServerDatabase('DELETE FROM auth_events');
}

function inServerDatabase(sql: string) {
  const url = process.env.DATABASE_URL ?? '';
  if (process.env.ENGINE === 'postgres') execFileSync('psql', [url, '-qc', sql]);
  else execFileSync('sqlite3', ['-cmd', '.timeout 5000', url.replace(/^sqlite:\/\//, '').replace(/\?.*$/, ''), sql]);
}
