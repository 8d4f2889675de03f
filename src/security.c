/*-------------------------------------------------------------------------
 *
 * security.c
 *	  Tenant isolation helpers and secret handling.
 *
 * Row-level security: actor_org_ids(min_role) returns the organizations in
 * which the acting user (current_user_id()) holds at least min_role.  The
 * policies of 70_security.sql call it inside a scalar subquery, so it runs
 * once per statement as an InitPlan and the per-row test is a plain
 * "org_id = ANY ($n)".  It reads organization_members directly through
 * its user_id index, as the backend reads its catalogs: no executor, so no
 * permission check and no row-level security, which matters because the
 * policy of organization_members itself calls it.  agentgov_begin_as_owner()
 * and agentgov_end_as_owner() let other C code run SPI queries as a table's
 * owner with row-level security off, as PostgreSQL's referential integrity
 * checks do, for lookups that must see every tenant's rows.
 *
 * refuse_write(table, org_id) explains a refused write: every policy's
 * WITH CHECK is "(<rule>) OR refuse_write(...)", so it runs only for a new
 * row the rule refuses, and raises AG006 when no actor is set or AG007 when
 * the actor is not a member of the row's organization; otherwise it returns
 * false and PostgreSQL's own refusal follows (a VIEWER writing, say).
 *
 * Tokens: hash_token() is the SHA-256 digest of a token's bytes, the only
 * form in which session, refresh, reset and invitation tokens are stored.
 *
 * Secrets: encrypt_secret() and decrypt_secret() wrap pgcrypto's
 * pgp_sym_encrypt() and pgp_sym_decrypt() with the key of the setting
 * agentgov.encryption_key.  The key is read from the library's own copy of
 * the setting and handed to pgcrypto as a function argument, so it never
 * appears in query text, pg_stat_activity, a plan or a log line, and the
 * copy is wiped after use.  The setting is superuser-only, hidden from
 * SHOW ALL and pg_settings, refused by ALTER SYSTEM and by every catalog
 * that stores settings (roles, databases, functions), and its check hook
 * never repeats the value it rejects.  Until the library is loaded the
 * setting is a placeholder any role can SHOW, so a key that comes from the
 * server configuration is used only when agentgov is preloaded.
 * check_secret_ciphertext() is the CHECK of the columns that hold secrets:
 * it accepts only the OpenPGP framing encrypt_secret() produces, so plain
 * or truncated values are refused; it needs no key (a restore without one
 * passes), so it cannot tell which key encrypted a value.
 *
 * Locking: none beyond AccessShareLock on organization_members, taken and
 * released by actor_org_ids() like any read.
 *
 *-------------------------------------------------------------------------
 */
#include "agentgov.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/dependency.h"
#include "catalog/indexing.h"
#include "catalog/namespace.h"
#include "catalog/pg_enum.h"
#include "catalog/pg_extension.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "commands/extension.h"
#include "common/cryptohash.h"
#include "common/sha2.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "parser/parse_func.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/regproc.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"
#include "utils/varlena.h"

PG_FUNCTION_INFO_V1(actor_org_ids);
PG_FUNCTION_INFO_V1(refuse_write);
PG_FUNCTION_INFO_V1(hash_token);
PG_FUNCTION_INFO_V1(encrypt_secret);
PG_FUNCTION_INFO_V1(decrypt_secret);
PG_FUNCTION_INFO_V1(check_secret_ciphertext);

/* Shortest key agentgov.encryption_key accepts, in bytes. */
#define MIN_KEY_LENGTH 16

/* pgcrypto options for every encryption: AES-256, iterated salted S2K. */
#define PGP_OPTIONS "cipher-algo=aes256, s2k-mode=3"

static char *encryption_key = NULL;

/* Where the current value of agentgov.encryption_key came from. */
static GucSource encryption_key_source = PGC_S_DEFAULT;

/* Whether the library was loaded at server or session start. */
static bool library_preloaded = false;

/* ----------------------------------------------------------------
 * Settings
 * ----------------------------------------------------------------
 */

/*
 * Empty (no key) or at least MIN_KEY_LENGTH bytes, and never stored where
 * every user can read it: ALTER ROLE/DATABASE ... SET and function SET
 * clauses (validated as PGC_S_TEST) keep their values in world-readable
 * catalogs.  The messages never quote the value: a rejected key is still
 * a secret.  The source is passed on to the assign hook.
 */
static bool
check_encryption_key(char **newval, void **extra, GucSource source)
{
	GucSource  *origin;

	if (*newval != NULL && **newval != '\0')
	{
		if (source == PGC_S_TEST || source == PGC_S_DATABASE ||
			source == PGC_S_USER || source == PGC_S_DATABASE_USER)
		{
			GUC_check_errcode(ERRCODE_INSUFFICIENT_PRIVILEGE);
			GUC_check_errmsg("agentgov.encryption_key cannot be stored in the catalog");
			GUC_check_errdetail("Settings of roles, databases and functions are readable by every user.");
			GUC_check_errhint("Set it in the server configuration file.");
			return false;
		}
		if (strlen(*newval) < MIN_KEY_LENGTH)
		{
			GUC_check_errmsg("agentgov.encryption_key is too short");
			GUC_check_errdetail("The key must be at least %d bytes long.", MIN_KEY_LENGTH);
			return false;
		}
	}

	/* The GUC machinery frees *extra with free(): it must come from malloc. */
	origin = (GucSource *) malloc(sizeof(GucSource));
	if (origin == NULL)
	{
		GUC_check_errcode(ERRCODE_OUT_OF_MEMORY);
		GUC_check_errmsg("out of memory");
		return false;
	}
	*origin = source;
	*extra = origin;
	return true;
}

/* Remember where the value came from (the extra of the check hook). */
static void
assign_encryption_key(const char *newval, void *extra)
{
	encryption_key_source = *(GucSource *) extra;
}

/* Whether a list of libraries (a preload setting) names this library. */
static bool
library_listed_in(const char *setting)
{
	const char *value = GetConfigOption(setting, true, false);
	char	   *raw;
	List	   *libraries;
	ListCell   *lc;
	bool		found = false;

	if (value == NULL)
		return false;
	raw = pstrdup(value);
	if (SplitDirectoriesString(raw, ',', &libraries))
	{
		foreach(lc, libraries)
		{
			const char *name = (const char *) lfirst(lc);
			const char *sep = last_dir_separator(name);
			const char *base = sep ? sep + 1 : name;

			if (strcmp(base, "agentgov") == 0 || strcmp(base, "agentgov" DLSUFFIX) == 0)
				found = true;
		}
	}
	list_free_deep(libraries);
	pfree(raw);
	return found;
}

/*
 * Called from _PG_init.  Whether the library is being preloaded, before any
 * query of any session (shared_preload_libraries) or of this session
 * (session_preload_libraries) could read the key as an undefined placeholder.
 */
void
agentgov_define_security_settings(void)
{
	library_preloaded = process_shared_preload_libraries_in_progress ||
		library_listed_in("session_preload_libraries");
	DefineCustomStringVariable("agentgov.encryption_key",
							   "Key that encrypt_secret() and decrypt_secret() use.",
							   "Set it in the server configuration file, with agentgov in shared_preload_libraries.",
							   &encryption_key, "", PGC_SUSET,
							   GUC_SUPERUSER_ONLY | GUC_NO_SHOW_ALL |
							   GUC_NOT_IN_SAMPLE | GUC_DISALLOW_IN_AUTO_FILE,
							   check_encryption_key, assign_encryption_key, NULL);
}

/* ----------------------------------------------------------------
 * agentgov's tables and acting as their owner
 * ----------------------------------------------------------------
 */

/* Oid of table agentgov.relname; raises if it does not exist. */
Oid
agentgov_relid(const char *relname)
{
	Oid			relid;

	relid = get_relname_relid(relname, get_namespace_oid(AGENTGOV_SCHEMA, false));
	if (!OidIsValid(relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("relation \"%s.%s\" does not exist", AGENTGOV_SCHEMA, relname)));
	return relid;
}

/* Owner of relation relid. */
static Oid
relation_owner(Oid relid)
{
	HeapTuple	tuple;
	Oid			owner;

	tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(tuple))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	owner = ((Form_pg_class) GETSTRUCT(tuple))->relowner;
	ReleaseSysCache(tuple);
	return owner;
}

/* Switch to relid's owner, row-level security off; see agentgov.h. */
void
agentgov_begin_as_owner(Oid relid, AgentgovSavedUser *saved)
{
	agentgov_begin_as_role(relation_owner(relid), saved);
}

/*
 * Act as `role` with row-level security off until agentgov_end_as_owner():
 * for callers that already know the owner (and cache it).
 */
void
agentgov_begin_as_role(Oid role, AgentgovSavedUser *saved)
{
	GetUserIdAndSecContext(&saved->userid, &saved->sec_context);
	SetUserIdAndSecContext(role, saved->sec_context |
						   SECURITY_LOCAL_USERID_CHANGE | SECURITY_NOFORCE_RLS);
}

/* Back to the user and context agentgov_begin_as_owner() saved. */
void
agentgov_end_as_owner(const AgentgovSavedUser *saved)
{
	SetUserIdAndSecContext(saved->userid, saved->sec_context);
}

/* Owner of table agentgov.relname. */
Oid
agentgov_table_owner(const char *relname)
{
	return relation_owner(agentgov_relid(relname));
}

/*
 * search_path = pg_catalog, pg_temp until agentgov_restore_search_path(),
 * as a SET clause on a function would: no schema on the caller's path can
 * capture an operator or function that a query names.  Returns the GUC nest
 * level to restore; an error unwinds it with the transaction.
 */
int
agentgov_safe_search_path(void)
{
	int			level = NewGUCNestLevel();

	(void) set_config_option("search_path", "pg_catalog, pg_temp",
							 PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE,
							 true, 0, false);
	return level;
}

/* Undo agentgov_safe_search_path(). */
void
agentgov_restore_search_path(int level)
{
	AtEOXact_GUC(true, level);
}

/* Become `owner` (RLS off) with a safe search_path until agentgov_end_privileged(). */
void
agentgov_begin_privileged(Oid owner, AgentgovPrivileged *saved)
{
	agentgov_begin_as_role(owner, &saved->user);
	saved->guc_nestlevel = agentgov_safe_search_path();
}

/* Undo agentgov_begin_privileged(). */
void
agentgov_end_privileged(const AgentgovPrivileged *saved)
{
	agentgov_restore_search_path(saved->guc_nestlevel);
	agentgov_end_as_owner(&saved->user);
}

/* ----------------------------------------------------------------
 * actor_org_ids(min_role agentgov.user_role) -> uuid[]
 * ----------------------------------------------------------------
 */

/* Sort position of an enum value (ADMIN < MEMBER < VIEWER for user_role). */
static float4
enum_position(Oid value)
{
	HeapTuple	tuple = SearchSysCache1(ENUMOID, ObjectIdGetDatum(value));
	float4		position;

	if (!HeapTupleIsValid(tuple))
		elog(ERROR, "cache lookup failed for enum value %u", value);
	position = ((Form_pg_enum) GETSTRUCT(tuple))->enumsortorder;
	ReleaseSysCache(tuple);
	return position;
}

/*
 * The orgs where user_id holds a role at least as strong as min_role,
 * read straight from organization_members with the statement's snapshot
 * (the transaction's, when called where no statement is active):
 * an index scan on user_id (a heap scan if that index is gone), like the
 * catalog lookups of the backend, so neither the executor's permission
 * checks nor row-level security apply.  That is the point: the policy of
 * organization_members itself calls this function.
 */
static ArrayType *
memberships(const pg_uuid_t *user_id, Oid min_role)
{
	Oid			relid = agentgov_relid("organization_members");
	Oid			indexid = get_relname_relid("idx_organization_members_user_id",
											get_rel_namespace(relid));
	float4		limit = enum_position(min_role);
	Relation	rel;
	TupleDesc	tupdesc;
	AttrNumber	org_att;
	AttrNumber	role_att;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tuple;
	Datum	   *orgs = NULL;
	int			n = 0;
	int			allocated = 0;

	rel = table_open(relid, AccessShareLock);
	tupdesc = RelationGetDescr(rel);
	org_att = agentgov_attnum(rel, "org_id");
	role_att = agentgov_attnum(rel, "role");
	ScanKeyInit(&key, agentgov_attnum(rel, "user_id"), BTEqualStrategyNumber,
				F_UUID_EQ, UUIDPGetDatum(user_id));
	scan = systable_beginscan(rel, indexid, OidIsValid(indexid),
							  ActiveSnapshotSet() ? GetActiveSnapshot() : GetTransactionSnapshot(),
							  1, &key);
	while (HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		bool		isnull;
		Datum		role = heap_getattr(tuple, role_att, tupdesc, &isnull);
		Datum		org;

		if (isnull || enum_position(DatumGetObjectId(role)) > limit)
			continue;
		org = heap_getattr(tuple, org_att, tupdesc, &isnull);
		if (isnull)
			continue;
		if (n == allocated)
		{
			allocated = Max(4, allocated * 2);
			orgs = orgs ? repalloc(orgs, sizeof(Datum) * allocated)
				: palloc(sizeof(Datum) * allocated);
		}
		orgs[n] = UUIDPGetDatum(palloc(sizeof(pg_uuid_t)));
		memcpy(DatumGetPointer(orgs[n]), DatumGetPointer(org), sizeof(pg_uuid_t));
		n++;
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);

	if (n == 0)
		return construct_empty_array(UUIDOID);
	return construct_array(orgs, n, UUIDOID, UUID_LEN, false, TYPALIGN_CHAR);
}

/*
 * Organizations where the actor holds min_role or a stronger one (ADMIN is
 * stronger than MEMBER, MEMBER than VIEWER); empty when there is no actor.
 */
Datum
actor_org_ids(PG_FUNCTION_ARGS)
{
	pg_uuid_t	user_id;

	if (!agentgov_current_user(&user_id))
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(UUIDOID));
	PG_RETURN_ARRAYTYPE_P(memberships(&user_id, PG_GETARG_OID(0)));
}

/* ----------------------------------------------------------------
 * refuse_write(table_name text, org_id uuid) -> boolean
 * ----------------------------------------------------------------
 */

/* The weakest role of agentgov.user_role, VIEWER: any membership counts. */
static Oid
weakest_role(void)
{
	Oid			typid = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
										CStringGetDatum("user_role"),
										ObjectIdGetDatum(get_namespace_oid(AGENTGOV_SCHEMA, false)));
	Oid			viewer = GetSysCacheOid2(ENUMTYPOIDNAME, Anum_pg_enum_oid,
										 ObjectIdGetDatum(typid), CStringGetDatum("VIEWER"));

	if (!OidIsValid(viewer))
		elog(ERROR, "enum value agentgov.user_role VIEWER is missing");
	return viewer;
}

/*
 * Called by a policy's WITH CHECK for a new row its rule refused: raise
 * the error the application can act on, or return false for PostgreSQL's.
 */
Datum
refuse_write(PG_FUNCTION_ARGS)
{
	const char *table = PG_ARGISNULL(0) ? "?" : text_to_cstring(PG_GETARG_TEXT_PP(0));
	pg_uuid_t	actor;
	ArrayType  *orgs;
	Datum	   *elems;
	int			n;

	if (!agentgov_current_user(&actor))
		ereport(ERROR,
				(errcode(ERRCODE_AG_NO_ACTOR),
				 errmsg("cannot write to agentgov.%s without an actor", table),
				 errdetail("Row-level security lets a row be written only on behalf of an acting user, and none is set in this transaction."),
				 errhint("Call agentgov.set_actor(user_id) in the same transaction, before the write.")));
	if (PG_ARGISNULL(1))
		PG_RETURN_BOOL(false);

	orgs = memberships(&actor, weakest_role());
	deconstruct_array(orgs, UUIDOID, UUID_LEN, false, TYPALIGN_CHAR, &elems, NULL, &n);
	for (int i = 0; i < n; i++)
		if (memcmp(DatumGetPointer(elems[i]), DatumGetPointer(PG_GETARG_DATUM(1)), UUID_LEN) == 0)
			PG_RETURN_BOOL(false);

	ereport(ERROR,
			(errcode(ERRCODE_AG_NOT_MEMBER),
			 errmsg("user %s is not a member of organization %s",
					agentgov_uuid_str(UUIDPGetDatum(&actor)),
					agentgov_uuid_str(PG_GETARG_DATUM(1))),
			 errdetail("The new row of agentgov.%s belongs to that organization, and the actor may write only in organizations he is a member of.", table),
			 errhint("Set the actor to a member of the row's organization with agentgov.set_actor() in the same transaction.")));
	PG_RETURN_BOOL(false);		/* keep the compiler quiet */
}

/* ----------------------------------------------------------------
 * Token digests
 * ----------------------------------------------------------------
 */

/* SHA-256 of len bytes at data into digest (PG_SHA256_DIGEST_LENGTH bytes). */
void
agentgov_sha256(const void *data, size_t len, uint8 *digest)
{
	pg_cryptohash_ctx *ctx = pg_cryptohash_create(PG_SHA256);

	if (pg_cryptohash_init(ctx) < 0 ||
		pg_cryptohash_update(ctx, (const uint8 *) data, len) < 0 ||
		pg_cryptohash_final(ctx, digest, PG_SHA256_DIGEST_LENGTH) < 0)
		elog(ERROR, "could not compute SHA-256 digest: %s", pg_cryptohash_error(ctx));
	pg_cryptohash_free(ctx);
}

/* hash_token(token text) -> bytea: SHA-256 of the token's bytes. */
Datum
hash_token(PG_FUNCTION_ARGS)
{
	text	   *token = PG_GETARG_TEXT_PP(0);
	bytea	   *digest;

	if (VARSIZE_ANY_EXHDR(token) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("token must not be empty")));

	digest = (bytea *) palloc(VARHDRSZ + PG_SHA256_DIGEST_LENGTH);
	SET_VARSIZE(digest, VARHDRSZ + PG_SHA256_DIGEST_LENGTH);
	agentgov_sha256(VARDATA_ANY(token), VARSIZE_ANY_EXHDR(token),
					(uint8 *) VARDATA(digest));
	PG_RETURN_BYTEA_P(digest);
}

/* ----------------------------------------------------------------
 * Secrets (pgcrypto)
 * ----------------------------------------------------------------
 */

/* Schema pgcrypto is installed in; raises if it is not installed. */
static Oid
pgcrypto_schema(void)
{
	Oid			extoid = get_extension_oid("pgcrypto", true);
	Relation	rel;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tuple;
	Oid			schema = InvalidOid;

	if (!OidIsValid(extoid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("extension \"pgcrypto\" is not installed"),
				 errhint("agentgov requires it: CREATE EXTENSION pgcrypto.")));

	rel = table_open(ExtensionRelationId, AccessShareLock);
	ScanKeyInit(&key, Anum_pg_extension_oid, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(extoid));
	scan = systable_beginscan(rel, ExtensionOidIndexId, true, NULL, 1, &key);
	tuple = systable_getnext(scan);
	if (HeapTupleIsValid(tuple))
		schema = ((Form_pg_extension) GETSTRUCT(tuple))->extnamespace;
	systable_endscan(scan);
	table_close(rel, AccessShareLock);

	if (!OidIsValid(schema))
		elog(ERROR, "could not find the schema of extension \"pgcrypto\"");
	return schema;
}

/*
 * The pgcrypto function schema.name(argtypes), looked up by exact signature
 * in pgcrypto's own schema (never through search_path) and checked to be a
 * member of pgcrypto, so that no other function can stand in for it.
 */
static Oid
pgcrypto_function(const char *name, int nargs, const Oid *argtypes)
{
	List	   *qualified;
	Oid			funcoid;

	qualified = list_make2(makeString(get_namespace_name(pgcrypto_schema())),
						   makeString(pstrdup(name)));
	funcoid = LookupFuncName(qualified, nargs, argtypes, false);
	if (getExtensionOfObject(ProcedureRelationId, funcoid) !=
		get_extension_oid("pgcrypto", false))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("function %s is not a member of extension \"pgcrypto\"",
						format_procedure(funcoid))));
	return funcoid;
}

/*
 * The FmgrInfo of a pgcrypto function, looked up once per call site and
 * kept in fn_extra for the rest of the query (looked up anew for a direct
 * call from C, which has no FmgrInfo of its own).
 */
static FmgrInfo *
cached_pgcrypto_function(FunctionCallInfo fcinfo, const char *name,
						 int nargs, const Oid *argtypes)
{
	MemoryContext cxt = fcinfo->flinfo ? fcinfo->flinfo->fn_mcxt : CurrentMemoryContext;
	FmgrInfo   *finfo = fcinfo->flinfo ? (FmgrInfo *) fcinfo->flinfo->fn_extra : NULL;

	if (finfo == NULL)
	{
		finfo = (FmgrInfo *) MemoryContextAlloc(cxt, sizeof(FmgrInfo));
		fmgr_info_cxt(pgcrypto_function(name, nargs, argtypes), finfo, cxt);
		if (fcinfo->flinfo)
			fcinfo->flinfo->fn_extra = finfo;
	}
	return finfo;
}

/*
 * The key as a text datum; raises when none is configured, or when it comes
 * from the server configuration while the library was not preloaded: then
 * every session held it as an undefined placeholder setting, which any user
 * can read with SHOW, until something loaded the library.
 */
static text *
key_text(void)
{
	if (encryption_key == NULL || *encryption_key == '\0')
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("no encryption key is configured"),
				 errdetail("Setting agentgov.encryption_key is empty."),
				 errhint("Set agentgov.encryption_key in the server configuration file.")));
	if (!library_preloaded && encryption_key_source < PGC_S_DATABASE)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("agentgov.encryption_key is set in the server configuration, but agentgov is not preloaded"),
				 errdetail("Until the library is loaded, the key is an undefined setting that any user can read with SHOW."),
				 errhint("Add agentgov to shared_preload_libraries or session_preload_libraries.")));
	return cstring_to_text(encryption_key);
}

/* Overwrite and free the palloc'd copy of the key. */
static void
forget_key(text *key)
{
	explicit_bzero(VARDATA(key), VARSIZE(key) - VARHDRSZ);
	pfree(key);
}

/*
 * Call a pgcrypto function as f(arg, key) or f(arg, key, PGP_OPTIONS) and
 * wipe the copy of the key afterwards, also when the call fails.
 */
static Datum
call_with_key(FmgrInfo *finfo, Datum arg, bool with_options)
{
	text	   *key = key_text();
	volatile Datum result = (Datum) 0;

	PG_TRY();
	{
		if (with_options)
			result = FunctionCall3(finfo, arg, PointerGetDatum(key),
								   CStringGetTextDatum(PGP_OPTIONS));
		else
			result = FunctionCall2(finfo, arg, PointerGetDatum(key));
	}
	PG_FINALLY();
	{
		forget_key(key);
	}
	PG_END_TRY();
	return result;
}

/* encrypt_secret(plain text) -> bytea: pgp_sym_encrypt with the configured key. */
Datum
encrypt_secret(PG_FUNCTION_ARGS)
{
	static const Oid argtypes[3] = {TEXTOID, TEXTOID, TEXTOID};
	text	   *plain = PG_GETARG_TEXT_PP(0);
	FmgrInfo   *finfo;

	if (VARSIZE_ANY_EXHDR(plain) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("secret must not be empty")));
	finfo = cached_pgcrypto_function(fcinfo, "pgp_sym_encrypt", 3, argtypes);
	PG_RETURN_DATUM(call_with_key(finfo, PointerGetDatum(plain), true));
}

/* decrypt_secret(ciphertext bytea) -> text: pgp_sym_decrypt with the configured key. */
Datum
decrypt_secret(PG_FUNCTION_ARGS)
{
	static const Oid argtypes[2] = {BYTEAOID, TEXTOID};
	FmgrInfo   *finfo;

	finfo = cached_pgcrypto_function(fcinfo, "pgp_sym_decrypt", 2, argtypes);
	PG_RETURN_DATUM(call_with_key(finfo, PG_GETARG_DATUM(0), false));
}

/* ----------------------------------------------------------------
 * check_secret_ciphertext(ciphertext bytea, what text) -> boolean
 * ----------------------------------------------------------------
 */

/* OpenPGP (RFC 4880) values that encrypt_secret()'s PGP_OPTIONS produce. */
#define PGP_NEW_FORMAT			0xC0	/* new-format packet header bit pattern */
#define PGP_TAG_SKESK			3	/* symmetric-key encrypted session key */
#define PGP_TAG_SEIPD			18	/* sym. encrypted integrity protected data */
#define PGP_SKESK_VERSION		4
#define PGP_CIPHER_AES256		9
#define PGP_S2K_ITERATED		3
#define PGP_SKESK_LENGTH		13	/* version, cipher, S2K mode, hash, salt 8, count */
#define PGP_SEIPD_VERSION		1
/* Version, AES prefix (block + 2), one-byte literal data packet, MDC packet. */
#define PGP_SEIPD_MIN_LENGTH	(1 + 18 + 9 + 22)

/*
 * Whether value has the framing of encrypt_secret()'s output: a
 * symmetric-key session packet for AES-256 with iterated and salted S2K
 * (no encrypted session key), then one integrity-protected data packet,
 * version 1, whose body lengths (partial lengths included) end exactly at
 * the end of the value.  Otherwise *why says what is wrong.
 */
static bool
secret_framing_ok(const uint8 *p, Size len, const char **why)
{
	Size		pos;
	Size		body = 0;

	if (len >= 2 && len < 2 + PGP_SKESK_LENGTH &&
		p[0] == (PGP_NEW_FORMAT | PGP_TAG_SKESK) && p[1] == PGP_SKESK_LENGTH)
	{
		*why = "It ends inside the OpenPGP session key packet (truncated).";
		return false;
	}
	if (len < 2 + PGP_SKESK_LENGTH ||
		p[0] != (PGP_NEW_FORMAT | PGP_TAG_SKESK) || p[1] != PGP_SKESK_LENGTH)
	{
		*why = "It does not start with the OpenPGP session key packet encrypt_secret() writes, so it is not a ciphertext of it (plain text, or another format).";
		return false;
	}
	if (p[2] != PGP_SKESK_VERSION || p[3] != PGP_CIPHER_AES256 || p[4] != PGP_S2K_ITERATED)
	{
		*why = "Its OpenPGP session key packet is not version 4 with AES-256 and an iterated, salted S2K, as encrypt_secret() writes.";
		return false;
	}
	pos = 2 + PGP_SKESK_LENGTH;
	if (pos >= len || p[pos] != (PGP_NEW_FORMAT | PGP_TAG_SEIPD))
	{
		*why = pos >= len
			? "It ends after the session key packet: the encrypted data is missing (truncated)."
			: "The session key packet is not followed by an integrity-protected data packet.";
		return false;
	}
	pos++;

	/* Body length octets: partial lengths, then one final length. */
	for (;;)
	{
		Size		chunk;
		bool		partial = false;

		if (pos >= len)
			goto truncated;
		if (p[pos] < 192)
			chunk = p[pos++];
		else if (p[pos] < 224)
		{
			if (pos + 2 > len)
				goto truncated;
			chunk = ((Size) (p[pos] - 192) << 8) + p[pos + 1] + 192;
			pos += 2;
		}
		else if (p[pos] < 255)
		{
			chunk = (Size) 1 << (p[pos] & 0x1F);
			partial = true;
			pos++;
		}
		else
		{
			if (pos + 5 > len)
				goto truncated;
			chunk = ((Size) p[pos + 1] << 24) | ((Size) p[pos + 2] << 16) |
				((Size) p[pos + 3] << 8) | p[pos + 4];
			pos += 5;
		}
		if (chunk > len - pos)
			goto truncated;
		if (body == 0 && chunk > 0 && p[pos] != PGP_SEIPD_VERSION)
		{
			*why = "Its encrypted data packet is not version 1.";
			return false;
		}
		body += chunk;
		pos += chunk;
		if (!partial)
			break;
	}
	if (pos != len)
	{
		*why = "Bytes follow the end of the OpenPGP message.";
		return false;
	}
	if (body < PGP_SEIPD_MIN_LENGTH)
	{
		*why = "Its encrypted data packet is too short to hold a secret.";
		return false;
	}
	return true;

truncated:
	*why = "The OpenPGP message ends before its encrypted data packet does (truncated).";
	return false;
}

/*
 * The CHECK of a column holding secrets: true when the value is framed as
 * encrypt_secret() frames its output; raises check_violation otherwise,
 * naming `what` (the column) and hinting at encrypt_secret().
 */
Datum
check_secret_ciphertext(PG_FUNCTION_ARGS)
{
	bytea	   *value = PG_GETARG_BYTEA_PP(0);
	char	   *what = text_to_cstring(PG_GETARG_TEXT_PP(1));
	const char *why = NULL;

	if (!secret_framing_ok((const uint8 *) VARDATA_ANY(value),
						   VARSIZE_ANY_EXHDR(value), &why))
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("%s must hold a ciphertext of agentgov.encrypt_secret()", what),
				 errdetail("%s", why),
				 errhint("Store agentgov.encrypt_secret(<the secret>), never the secret itself.")));
	PG_RETURN_BOOL(true);
}
