-- §4: the language a resident signs in with (the `lang` cookie's tag,
-- zh-CN or mn-Mong), so that mail sent to them later is in it. NULL: not
-- signed in since; Chinese.
ALTER TABLE accounts ADD COLUMN lang TEXT;
