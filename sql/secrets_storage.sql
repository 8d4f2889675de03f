-- Provider API keys are stored encrypted only: api_keys.api_key_encrypted
-- accepts only the framing of encrypt_secret()'s output (an OpenPGP
-- AES-256 session key packet with iterated S2K, then one integrity-
-- protected data packet that ends where the value ends).  Plain text,
-- truncated values, other framings and trailing bytes are refused
-- (23514) with a hint to use encrypt_secret().  The check needs no key,
-- so a value encrypted under another key passes it; decrypt_secret()
-- refuses that one.

SET client_min_messages = warning;
INSERT INTO agentgov.users (id, email, password_hash) VALUES
    ('5ab00000-0000-4000-8000-000000000001', 'keys@secrets.example', 'x');
RESET client_min_messages;
SET agentgov.encryption_key = 'secrets-storage-key-0123456789';
CREATE FUNCTION pg_temp.store(value bytea, provider agentgov.llm_provider DEFAULT 'claude') RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO agentgov.api_keys (user_id, provider, api_key_encrypted)
    VALUES ('5ab00000-0000-4000-8000-000000000001', provider, value);
    DELETE FROM agentgov.api_keys WHERE user_id = '5ab00000-0000-4000-8000-000000000001';
    RETURN 'stored';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE;
END
$$;

-- ---- Accepted: encrypt_secret()'s output, short and long ---------------------------
SELECT pg_temp.store(agentgov.encrypt_secret('sk-ant-api03-short')) AS short_key,
       pg_temp.store(agentgov.encrypt_secret(repeat('k', 40000))) AS long_key_partial_lengths;
-- A ciphertext written before this check existed (release 1.0 wrote the same framing).
SELECT pg_temp.store('\xc30d040903029fb23f01fad5ab687ad24301d8c1f0c7d8e99cfc628031523f09074c2908569950fa16dd6e2717247308569d0fce0deb1a22882872feee6eb318bc9df3d1704a72b9a21f4aad61fd9f50a462bb9c') AS fixed_ciphertext;
INSERT INTO agentgov.api_keys (user_id, provider, api_key_encrypted)
VALUES ('5ab00000-0000-4000-8000-000000000001', 'openai', agentgov.encrypt_secret('sk-proj-roundtrip'));
SELECT provider, agentgov.decrypt_secret(api_key_encrypted) AS key
  FROM agentgov.api_keys WHERE user_id = '5ab00000-0000-4000-8000-000000000001';

-- ---- Refused: plain text, truncated, other framings -------------------------------------
\set VERBOSITY default
INSERT INTO agentgov.api_keys (user_id, provider, api_key_encrypted)
VALUES ('5ab00000-0000-4000-8000-000000000001', 'claude', convert_to('sk-ant-api03-plaintext', 'UTF8'));
INSERT INTO agentgov.api_keys (user_id, provider, api_key_encrypted)
VALUES ('5ab00000-0000-4000-8000-000000000001', 'claude',
        substr(agentgov.encrypt_secret('sk-ant-truncated'), 1, octet_length(agentgov.encrypt_secret('sk-ant-truncated')) - 1));
UPDATE agentgov.api_keys SET api_key_encrypted = '\x00'
 WHERE user_id = '5ab00000-0000-4000-8000-000000000001' AND provider = 'openai';
SELECT provider, agentgov.decrypt_secret(api_key_encrypted) AS key_unchanged
  FROM agentgov.api_keys WHERE user_id = '5ab00000-0000-4000-8000-000000000001';
\set VERBOSITY terse
SELECT pg_temp.store(convert_to('sk-ant-api03-plaintext', 'UTF8')) AS plain_text,
       pg_temp.store(convert_to('', 'UTF8')) AS empty,
       pg_temp.store('\x00') AS one_byte,
       pg_temp.store(agentgov.encrypt_secret('sk-ant-tail') || '\x00'::bytea) AS trailing_byte;
-- Truncated anywhere: in the session key packet, after it, in the length
-- octets, in the data (one byte short), in a long value's partial chunks.
SELECT n, pg_temp.store(substr(c, 1, n)) AS truncated
  FROM (SELECT agentgov.encrypt_secret('sk-ant-truncated') AS c) x,
       LATERAL (VALUES (2), (10), (15), (16), (17), (40), (octet_length(c) - 1)) v (n)
 ORDER BY n;
SELECT pg_temp.store(substr(c, 1, 16403)) AS long_cut_at_chunk_end,
       pg_temp.store(substr(c, 1, 16404)) AS long_cut_after_length_octet,
       pg_temp.store(substr(c, 1, octet_length(c) - 1)) AS long_one_byte_short
  FROM (SELECT agentgov.encrypt_secret(repeat('k', 40000)) AS c) x;
-- Framings encrypt_secret() does not write: pgcrypto's defaults (AES-128),
-- another S2K mode, data without integrity protection, ASCII armor.
SELECT pg_temp.store(pgp_sym_encrypt('sk', 'other-key-0123456789')) AS aes128,
       pg_temp.store(pgp_sym_encrypt('sk', 'other-key-0123456789', 'cipher-algo=aes256, s2k-mode=1')) AS s2k_salted,
       pg_temp.store(pgp_sym_encrypt('sk', 'other-key-0123456789', 'cipher-algo=aes256, s2k-mode=3, disable-mdc=1')) AS no_mdc,
       pg_temp.store(convert_to(armor(agentgov.encrypt_secret('sk')), 'UTF8')) AS armored;

-- ---- Wrong key: the format check cannot know the key, decrypt_secret() refuses ---------
SELECT pg_temp.store(pgp_sym_encrypt('sk-wrong-key', 'another-key-0123456789', 'cipher-algo=aes256, s2k-mode=3')) AS other_key;
INSERT INTO agentgov.api_keys (user_id, provider, api_key_encrypted)
VALUES ('5ab00000-0000-4000-8000-000000000001', 'gemini',
        pgp_sym_encrypt('sk-wrong-key', 'another-key-0123456789', 'cipher-algo=aes256, s2k-mode=3'));
SELECT agentgov.decrypt_secret(api_key_encrypted)
  FROM agentgov.api_keys WHERE user_id = '5ab00000-0000-4000-8000-000000000001' AND provider = 'gemini';

-- ---- Restores: data reloaded as superuser, no key, triggers off, passes -----------------
RESET agentgov.encryption_key;
BEGIN;
SET LOCAL session_replication_role = replica;
DELETE FROM agentgov.api_keys WHERE user_id = '5ab00000-0000-4000-8000-000000000001';
COPY agentgov.api_keys (user_id, provider, api_key_encrypted) FROM stdin;
5ab00000-0000-4000-8000-000000000001	claude	\\xc30d040903029fb23f01fad5ab687ad24301d8c1f0c7d8e99cfc628031523f09074c2908569950fa16dd6e2717247308569d0fce0deb1a22882872feee6eb318bc9df3d1704a72b9a21f4aad61fd9f50a462bb9c
\.
SELECT count(*) AS restored FROM agentgov.api_keys WHERE user_id = '5ab00000-0000-4000-8000-000000000001';
-- ... and plain text is refused there too.
COPY agentgov.api_keys (user_id, provider, api_key_encrypted) FROM stdin;
5ab00000-0000-4000-8000-000000000001	openai	\\x736b2d706c61696e
\.
ROLLBACK;

-- ---- The catalog: a CHECK on the column ------------------------------------------------
SELECT conname, pg_get_constraintdef(oid) AS definition
  FROM pg_constraint WHERE conrelid = 'agentgov.api_keys'::regclass AND contype = 'c';
SELECT provolatile, proisstrict, prosecdef
  FROM pg_proc WHERE oid = 'agentgov.check_secret_ciphertext(bytea, text)'::regprocedure;

SET client_min_messages = warning;
DELETE FROM agentgov.users WHERE id = '5ab00000-0000-4000-8000-000000000001';
