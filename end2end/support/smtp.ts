// A real SMTP server and an SMS platform on loopback, started by the test
// run (global setup): the SMTP server:
// the portal delivers one-time codes to it over SMTP, and each message is
// kept as an .eml file that the tests read.
import { SMTPServer } from 'smtp-server';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startSms } from './sms';

export const mailDir = path.join(__dirname, '..', 'artifacts', process.env.ENGINE ?? 'sqlite', 'mail');

export default async function globalSetup() {
  fs.rmSync(mailDir, { recursive: true, force: true });
  fs.mkdirSync(mailDir, { recursive: true });
  let n = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        n += 1;
        const to = session.envelope.rcptTo.map((r) => r.address).join(',');
        fs.writeFileSync(path.join(mailDir, `${String(n).padStart(4, '0')}-${to}.eml`), Buffer.concat(chunks));
        callback();
      });
    },
  });
  const port = Number(process.env.SMTP_PORT ?? 2525);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  // And the SMS platform (support/sms.ts), for residents with only a phone.
  const stopSms = await startSms(Number(process.env.SMS_PORT ?? 2526));
  return async () => {
    await stopSms();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}
