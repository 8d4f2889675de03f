#!/usr/bin/env bash
# ---------------------------------------------------------------------------
# agentgov.encryption_key from the server configuration.
#
# Until a library is loaded, a setting of its prefix found in the
# configuration is an undefined placeholder that any role can read with
# SHOW.  So a key from the configuration is refused unless agentgov is
# preloaded (shared_ or session_preload_libraries), and once it is, the
# key is hidden from unprivileged roles and works for them.
#
# The test changes the cluster's configuration (postgresql.auto.conf) and
# restores it on exit; nothing else runs while script tests run.
# ---------------------------------------------------------------------------
set -euo pipefail
db=$AGENTGOV_DB
app=regress_key_app
key=server-config-key-0123456789
psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
fail() { echo "encryption_key: $*"; exit 1; }

cleanup() {
    psql -X -q -d postgres -c "ALTER SYSTEM RESET ALL" -c "SELECT pg_reload_conf()" >/dev/null 2>&1 || true
    psql -X -q -d "$db" -c "DROP OWNED BY $app" >/dev/null 2>&1 || true
    psql -X -q -d postgres -c "DROP ROLE IF EXISTS $app" >/dev/null 2>&1 || true
}
trap cleanup EXIT

# Wait until new sessions see a setting with the given value (a reload is
# asynchronous); the query runs in a fresh session that loads nothing.
wait_for() {  # wait_for SETTING VALUE
    for _ in $(seq 1 100); do
        [ "$(psql -X -At -d postgres -c "SELECT current_setting('$1', true)")" = "$2" ] && return 0
        sleep 0.1
    done
    fail "setting $1 never became '$2'"
}
as_app() { psql -X -At -U "$app" -d "$db" "$@" 2>&1 || true; }

psql_q -d "$db" -c "CREATE ROLE $app LOGIN" -c "SELECT agentgov.grant_app_access('$app')"

# 1. The key in the configuration file, agentgov not preloaded.  (ALTER
#    SYSTEM refuses the setting, so the line is written into the file that
#    ALTER SYSTEM manages; RESET ALL on exit empties it again.)
datadir=$(psql -X -At -d postgres -c "SHOW data_directory")
echo "agentgov.encryption_key = '$key'" >>"$datadir/postgresql.auto.conf"
psql_q -d postgres -c "SELECT pg_reload_conf()"
wait_for agentgov.encryption_key "$key"
# The hazard: an unprivileged role reads the placeholder ...
[ "$(as_app -c "SHOW agentgov.encryption_key")" = "$key" ] \
    || fail "expected the unloaded placeholder to be readable; the refusal below guards against it"
# ... so agentgov refuses to use a key that every session exposed.
out=$(as_app -c "SELECT agentgov.encrypt_secret('sk-config')")
case "$out" in
    *"agentgov.encryption_key is set in the server configuration, but agentgov is not preloaded"*) ;;
    *) fail "a key from the configuration was used without preloading: $out" ;;
esac

# 2. The same key with agentgov preloaded into every session.
psql_q -d postgres -c "ALTER SYSTEM SET session_preload_libraries = 'agentgov'" -c "SELECT pg_reload_conf()"
wait_for session_preload_libraries agentgov
out=$(as_app -c "SHOW agentgov.encryption_key")
case "$out" in
    *"must be superuser or have privileges of pg_read_all_settings"*) ;;
    *) fail "the preloaded key is readable by the application role: $out" ;;
esac
out=$(as_app -c "SELECT agentgov.decrypt_secret(agentgov.encrypt_secret('sk-config'))")
[ "$out" = "sk-config" ] || fail "round trip with the preloaded key: $out"
# Data encrypted under the configured key opens with it, and only with it.
cipher=$(as_app -c "SELECT encode(agentgov.encrypt_secret('sk-config'), 'hex')")
out=$(psql -X -At -d "$db" -c "SELECT pgp_sym_decrypt(decode('$cipher', 'hex'), '$key')")
[ "$out" = "sk-config" ] || fail "the ciphertext does not open with the configured key: $out"
echo "encryption_key: refused without preloading, hidden and working with it"
