// The government SMS platform on loopback, started by the test run (global
// setup), speaking the HTTP interface the portal is a client of
// (docs/messages.md): Basic authentication, one message per client id, a
// template and the signature on each message, delivery receipts. Each text
// that reaches "the phone" is kept as a JSON file that the tests read.
import * as http from 'node:http';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const smsDir = path.join(__dirname, '..', 'artifacts', process.env.ENGINE ?? 'sqlite', 'sms');
export const SMS_ACCOUNT = 'pension';
export const SMS_SECRET = 'e2e-secret';

type Submitted = { client_id: string; mobile: string; signature: string; template_id: string; params: Record<string, string>; content: string };

export async function startSms(port: number): Promise<() => Promise<void>> {
  fs.rmSync(smsDir, { recursive: true, force: true });
  fs.mkdirSync(smsDir, { recursive: true });
  const byClient = new Map<string, string>();
  let receipts: { msg_id: string; client_id: string; status: string }[] = [];
  const auth = 'Basic ' + Buffer.from(`${SMS_ACCOUNT}:${SMS_SECRET}`).toString('base64');
  const server = http.createServer((req, res) => {
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== auth) return answer(401, { error: '鉴权失败' });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'GET' && req.url === '/api/sms/reports') return answer(200, { reports: receipts });
      if (req.method === 'POST' && req.url === '/api/sms/reports/ack') {
        const ids: string[] = JSON.parse(Buffer.concat(chunks).toString()).msg_ids;
        receipts = receipts.filter((r) => !ids.includes(r.msg_id));
        return answer(200, {});
      }
      if (req.method !== 'POST' || req.url !== '/api/sms/send') return answer(404, { error: 'no such interface' });
      const m: Submitted = JSON.parse(Buffer.concat(chunks).toString());
      const known = byClient.get(m.client_id);
      if (known) return answer(200, { msg_id: known, duplicate: true });
      if (!/^1\d{10}$/.test(m.mobile)) return answer(400, { error: '号码无效' });
      if (!m.template_id || !m.content.startsWith(`【${m.signature}】`)) return answer(400, { error: '模板或签名未报备' });
      const msgId = `M${String(byClient.size + 1).padStart(6, '0')}`;
      byClient.set(m.client_id, msgId);
      receipts.push({ msg_id: msgId, client_id: m.client_id, status: 'DELIVRD' });
      fs.writeFileSync(path.join(smsDir, `${String(byClient.size).padStart(4, '0')}-${m.mobile}.json`), JSON.stringify(m));
      answer(200, { msg_id: msgId });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return async () => new Promise<void>((resolve) => server.close(() => resolve()));
}

/** The six-digit code in the newest text to `mobile`, waiting up to 10 s. */
export async function codeTextedTo(mobile: string, since = 0): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const files = fs.readdirSync(smsDir).filter((f) => f.endsWith(`-${mobile}.json`)).sort();
    const fresh = files.filter((f) => fs.statSync(path.join(smsDir, f)).mtimeMs > since);
    const last = fresh[fresh.length - 1];
    if (last) {
      const m: Submitted = JSON.parse(fs.readFileSync(path.join(smsDir, last), 'utf8'));
      if (m.params.code) return m.params.code;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no code texted to ${mobile}`);
}
