// Sign-in and kiosk steps for the pages (issue 3). Plain JavaScript that
// runs before the WASM arrives: it calls /api/v1 (the same operations a
// mobile app uses) and converts passkey options between JSON (base64url)
// and the ArrayBuffers of navigator.credentials. Page forms work without
// it (app/src/pages/form.rs); it only makes them answer in place. Listeners sit on the
// document, so pages rendered later by the client router work too.
(() => {
  'use strict';
  const b64 = {
    toBuf(s) {
      const pad = '='.repeat((4 - (s.length % 4)) % 4);
      const bin = atob((s + pad).replace(/-/g, '+').replace(/_/g, '/'));
      return Uint8Array.from(bin, (c) => c.charCodeAt(0)).buffer;
    },
    fromBuf(buf) {
      const bin = String.fromCharCode(...new Uint8Array(buf));
      return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    },
  };

  // Messages in the page's language, written by the server from
  // app/src/i18n.rs (SCRIPT_TEXT) into <script id="ui-text">.
  const TEXT = (() => {
    try { return JSON.parse(document.getElementById('ui-text').textContent); } catch (_) { return {}; }
  })();
  const T = (name) => TEXT[name] || name;

  function say(text, isError) {
    const el = document.querySelector('[data-auth-status]');
    if (!el) return;
    el.textContent = text || '';
    el.classList.toggle('error', !!isError);
  }

  async function post(url, body) {
    let res;
    try {
      res = await fetch(url, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body || {}),
      });
    } catch (_) {
      throw new Error(T('network'));
    }
    const data = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(data.message || T('failed'));
    return data;
  }

  // Only a page of this site: `/\evil.example`, `/\t/evil.example` and the
  // like resolve to another origin in a browser, so the URL is resolved
  // and its origin compared, not its spelling.
  function nextPage(fallback) {
    const next = new URLSearchParams(location.search).get('next');
    if (!next || !next.startsWith('/')) return fallback;
    try {
      const url = new URL(next, location.origin);
      // The whole URL, not its path: `/.//evil.example` has the path
      // `//evil.example`, which a browser would read as another site.
      return url.origin === location.origin ? url.href : fallback;
    } catch (_) {
      return fallback;
    }
  }

  function creationOptions(o) {
    o.challenge = b64.toBuf(o.challenge);
    o.user.id = b64.toBuf(o.user.id);
    (o.excludeCredentials || []).forEach((c) => { c.id = b64.toBuf(c.id); });
    return o;
  }

  function requestOptions(o) {
    o.challenge = b64.toBuf(o.challenge);
    (o.allowCredentials || []).forEach((c) => { c.id = b64.toBuf(c.id); });
    return o;
  }

  function credentialJson(cred) {
    const r = cred.response;
    const response = { clientDataJSON: b64.fromBuf(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = b64.fromBuf(r.attestationObject);
      if (r.getTransports) response.transports = r.getTransports();
    } else {
      response.authenticatorData = b64.fromBuf(r.authenticatorData);
      response.signature = b64.fromBuf(r.signature);
      response.userHandle = r.userHandle ? b64.fromBuf(r.userHandle) : null;
    }
    return { id: cred.id, rawId: b64.fromBuf(cred.rawId), type: cred.type, response,
      extensions: cred.getClientExtensionResults ? cred.getClientExtensionResults() : {} };
  }

  function passkeyError(e) {
    if (e && e.name === 'NotAllowedError') return T('passkeyCancelled');
    if (e && e.name === 'InvalidStateError') return T('passkeyKnown');
    return (e && e.message) || T('passkeyFailed');
  }

  async function register(invite) {
    if (!window.PublicKeyCredential) throw new Error(T('noPasskeyRegister'));
    const start = await post('/api/v1/auth/passkey/register/start', { invite });
    say(T('confirmOnPhone'));
    const cred = await navigator.credentials.create({ publicKey: creationOptions(start.public_key) });
    return post('/api/v1/auth/passkey/register/finish', { ceremony_id: start.ceremony_id, invite, credential: credentialJson(cred) });
  }

  async function signIn() {
    if (!window.PublicKeyCredential) throw new Error(T('noPasskeySignIn'));
    const start = await post('/api/v1/auth/passkey/sign-in/start');
    say(T('confirmPasskey'));
    const cred = await navigator.credentials.get({ publicKey: requestOptions(start.public_key) });
    return post('/api/v1/auth/passkey/sign-in/finish', { ceremony_id: start.ceremony_id, credential: credentialJson(cred) });
  }

  function fields(form) {
    const f = new FormData(form);
    return { name: (f.get('name') || '').trim(), document_kind: f.get('document_kind') || 'resident_id',
      document_number: (f.get('document_number') || '').trim(), code: (f.get('code') || '').trim() };
  }

  const actions = {
    async passkeySignIn() {
      const r = await signIn();
      location.href = r.kiosk ? '/kiosk' : nextPage(r.staff ? '/staff' : '/me');
    },
    async passkeyRegister() {
      await register(null);
      say(T('passkeyAdded'));
      location.reload();
    },
    async passkeyEnrol() {
      const invite = location.hash.slice(1);
      if (!invite) throw new Error(T('inviteIncomplete'));
      await register(invite);
      history.replaceState(null, '', location.pathname);
      location.href = '/staff';
    },
    async requestCode(form) {
      const f = fields(form);
      const r = await post('/api/v1/auth/code', { name: f.name, document_kind: f.document_kind, document_number: f.document_number });
      say(r.message);
      form.querySelector('[name=code]').focus();
    },
    async verifyCode(form) {
      const r = await post('/api/v1/auth/code/verify', fields(form));
      location.href = r.has_passkey ? nextPage('/me') : '/me?new=1';
    },
    async kioskFinish() {
      await post('/api/v1/kiosk/finish').catch(() => {});
      document.querySelectorAll('input').forEach((i) => { i.value = ''; });
      location.replace('/kiosk');
    },
    async kioskIdentify(form) {
      const f = new FormData(form);
      await post('/api/v1/kiosk/resident', { name: (f.get('name') || '').trim(),
        document_number: (f.get('document_number') || '').trim(), attested: f.get('attested') === 'yes' });
      location.replace('/kiosk');
    },
    async kioskSetup() {
      const code = location.hash.slice(1);
      if (!code) throw new Error(T('kioskLinkIncomplete'));
      await post('/api/v1/kiosk/device', { setup_code: code });
      history.replaceState(null, '', location.pathname);
      location.replace('/kiosk');
    },
  };

  async function run(name, arg) {
    say(T('wait'));
    try {
      await actions[name](arg);
    } catch (e) {
      say(passkeyError(e), true);
    }
  }

  // The "send the code" button posts the form elsewhere without JavaScript
  // (formaction); here it only asks for the code, and Enter signs in.
  document.querySelectorAll('button[data-request-code]').forEach((b) => { b.type = 'button'; });
  // What only a page without scripts needs: a note, or the box to tick
  // before an irreversible step (here a dialog asks instead).
  document.querySelectorAll('[data-without-script]').forEach((el) => {
    el.hidden = true;
    el.querySelectorAll('input[type=checkbox]').forEach((box) => { box.checked = true; });
  });

  const clicks = {
    'data-passkey-sign-in': 'passkeySignIn', 'data-passkey-register': 'passkeyRegister',
    'data-passkey-enrol': 'passkeyEnrol', 'data-kiosk-finish': 'kioskFinish',
    'data-kiosk-setup': 'kioskSetup', 'data-request-code': 'requestCode',
  };
  document.addEventListener('click', (ev) => {
    for (const [attr, name] of Object.entries(clicks)) {
      const el = ev.target.closest(`[${attr}]`);
      if (el) {
        ev.preventDefault();
        run(name, el.closest('form'));
        return;
      }
    }
  });
  document.addEventListener('submit', (ev) => {
    if (ev.target.matches('[data-code-form]')) { ev.preventDefault(); run('verifyCode', ev.target); }
    if (ev.target.matches('[data-kiosk-identify]')) { ev.preventDefault(); run('kioskIdentify', ev.target); }
  });

  // Print buttons (no inline handlers: the Content Security Policy forbids them).
  document.addEventListener('click', (ev) => {
    if (ev.target.closest('[data-print]')) window.print();
  });

  // A plain form (it posts and opens a page) with data-confirm="…" is sent
  // only once the person confirms.
  document.addEventListener('submit', (ev) => {
    const form = ev.target.closest('form[data-confirm]:not([data-send])');
    if (form && !window.confirm(form.dataset.confirm)) ev.preventDefault();
  });

  // Photos go up small (issue 36, 5): on a slow rural link a 3 MB photo
  // takes minutes. An image is redrawn with its longest side at most
  // 2,000 px as JPEG of quality 0.85, lowered until it is at most 800 KB;
  // a PDF, or an image already small enough, goes as it is.
  const MAX_SIDE = 2000;
  const MAX_BYTES = 800 * 1024;
  async function shrink(file) {
    if (!/^image\/(jpeg|png)$/.test(file.type) || typeof createImageBitmap !== 'function') return file;
    let bitmap;
    try { bitmap = await createImageBitmap(file); } catch (_) { return file; }
    const longest = Math.max(bitmap.width, bitmap.height);
    if (longest <= MAX_SIDE && file.size <= MAX_BYTES) { bitmap.close(); return file; }
    const canvas = document.createElement('canvas');
    const g = canvas.getContext('2d');
    let blob = null;
    // Quality first, then the size, until it fits.
    for (let side = Math.min(MAX_SIDE, longest); side >= 600 && !(blob && blob.size <= MAX_BYTES); side = Math.round(side * 0.75)) {
      const scale = side / longest;
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      g.fillStyle = '#fff';
      g.fillRect(0, 0, canvas.width, canvas.height);
      g.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      for (const quality of [0.85, 0.7, 0.55]) {
        blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
        if (!blob || blob.size <= MAX_BYTES) break;
      }
      if (!blob) break;
    }
    bitmap.close();
    if (!blob) return file;
    return new File([blob], file.name.replace(/\.[^.]*$/, '') + '.jpg', { type: 'image/jpeg' });
  }

  // A multipart post with its upload progress (fetch does not report it).
  function sendWithProgress(url, body, onProgress) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', url);
      xhr.withCredentials = true;
      xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
      xhr.onload = () => {
        let json = {};
        try { json = JSON.parse(xhr.responseText); } catch (_) { /* not JSON */ }
        resolve({ ok: xhr.status >= 200 && xhr.status < 300, json: async () => json });
      };
      xhr.onerror = () => reject(new Error('network'));
      xhr.send(body);
    });
  }

  // Page forms (app/src/pages/form.rs) post and come back without
  // JavaScript. With it, the same fields (or files) go to the bare API
  // operation (data-send), so a refusal is said in place and keeps what was
  // typed and chosen; a second tap does not send twice. After success:
  // data-then (with {field} of the answer), or the answer said in place
  // (data-stay), or the page again.
  document.addEventListener('submit', async (ev) => {
    const form = ev.target.closest('form[data-send]');
    if (!form || ev.defaultPrevented) return;
    ev.preventDefault();
    if (form.dataset.sending) return;
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
    const status = form.querySelector('[data-form-status]');
    const show = (text, isError) => { if (status) { status.textContent = text; status.classList.toggle('error', !!isError); } };
    const button = form.querySelector('button[type=submit]');
    const files = form.enctype === 'multipart/form-data';
    const release = () => { delete form.dataset.sending; if (button) button.disabled = false; };
    form.dataset.sending = '1';
    if (button) button.disabled = true;
    show(T(files ? 'uploading' : 'wait'));
    const bar = form.querySelector('progress[data-upload]');
    try {
      let res;
      try {
        const fields = new FormData(form);
        if (files) {
          show(T('shrinking'));
          const sent = new FormData();
          for (const [name, value] of fields.entries()) sent.append(name, value instanceof File && value.size > 0 ? await shrink(value) : value);
          show(T('uploading'));
          if (bar) { bar.value = 0; bar.hidden = false; }
          res = await sendWithProgress(form.dataset.send, sent, (done) => {
            if (bar) bar.value = done;
            show(`${T('uploading')} ${Math.round(done * 100)}%`);
          });
        } else {
          res = await fetch(form.dataset.send, { method: 'POST', credentials: 'same-origin', body: new URLSearchParams(fields) });
        }
      } catch (_) {
        throw new Error(T('network'));
      } finally {
        if (bar) bar.hidden = true;
      }
      const answer = await res.json().catch(() => ({}));
      if (!res.ok) throw new Error(answer.message || T('submitFailed'));
      const then = form.dataset.then;
      if (then) location.href = then.replace(/\{(\w+)\}/g, (_, k) => encodeURIComponent(answer[k] ?? ''));
      else if ('stay' in form.dataset) { show(form.dataset.done || answer.message || T('submitted')); release(); }
      else location.reload();
    } catch (e) {
      show(e.message, true);
      release();
    }
  });
  // Back to a page the browser kept: its forms can be sent again.
  window.addEventListener('pageshow', (ev) => {
    if (!ev.persisted) return;
    document.querySelectorAll('form[data-sending]').forEach((form) => {
      delete form.dataset.sending;
      const button = form.querySelector('button[type=submit]');
      if (button) button.disabled = false;
    });
  });

  // A kiosk (a page marked data-kiosk): the server ends a session idle for
  // three minutes. While the person at it is active (typing a long form),
  // the session is kept alive, once a minute at most; half a minute
  // before an idle end a warning says how to stay; at the end the kiosk
  // is cleared and returns to its start screen.
  const KIOSK_IDLE_MS = 3 * 60 * 1000;
  const KIOSK_WARN_MS = 30 * 1000;
  const KIOSK_PING_MS = 60 * 1000;
  let last = Date.now();
  let pinged = Date.now();
  ['pointerdown', 'keydown', 'touchstart', 'input'].forEach((t) => document.addEventListener(t, () => { last = Date.now(); }, { passive: true }));
  let warning = null;
  setInterval(() => {
    if (!document.querySelector('[data-kiosk]')) return;
    const now = Date.now();
    const idle = now - last;
    if (idle > KIOSK_IDLE_MS) { actions.kioskFinish(); return; }
    if (idle > KIOSK_IDLE_MS - KIOSK_WARN_MS) {
      if (!warning) {
        warning = document.createElement('p');
        warning.className = 'kiosk-warning';
        warning.setAttribute('role', 'alert');
        warning.textContent = T('kioskWarn');
        document.body.prepend(warning);
      }
      return;
    }
    if (warning) { warning.remove(); warning = null; }
    if (last > pinged && now - pinged >= KIOSK_PING_MS) {
      pinged = now;
      fetch('/api/v1/me', { credentials: 'same-origin' }).catch(() => {});
    }
  }, 5000);
})();
