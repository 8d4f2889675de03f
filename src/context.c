/*-------------------------------------------------------------------------
 *
 * context.c
 *	  Who is acting: the actor and the correlation id of a transaction.
 *
 * Two settings carry them, both holding a uuid and validated when set:
 *	agentgov.user_id			the user on whose behalf the client acts
 *	agentgov.correlation_id		the request the work belongs to
 * current_user_id() returns agentgov.user_id, else the "sub" claim of
 * request.jwt.claims (which PostgREST and Supabase set for every request),
 * else NULL.  set_actor() sets both for the current transaction, and only
 * inside a transaction block: outside one, SET LOCAL would last until the
 * end of the statement and the write that follows would have no actor.
 *
 * The application is trusted to set these: the database cannot tell who is
 * at the other end of a pooled connection.  Row-level security and the
 * audit trail build on them.
 *
 * Locking: none.  The parsed jwt claim is cached per backend, keyed by the
 * raw setting text, so a policy calling current_user_id() per row costs a
 * string comparison.
 *
 *-------------------------------------------------------------------------
 */
#include "agentgov.h"

#include "access/xact.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/uuid.h"

PG_FUNCTION_INFO_V1(current_user_id);
PG_FUNCTION_INFO_V1(current_correlation_id);
PG_FUNCTION_INFO_V1(set_actor);

/* A uuid setting after its check hook has parsed it. */
typedef struct UuidSetting
{
	bool		isset;			/* false for the empty string */
	pg_uuid_t	value;
} UuidSetting;

static char *user_id_text = NULL;
static char *correlation_id_text = NULL;
static UuidSetting *user_id_setting = NULL;
static UuidSetting *correlation_id_setting = NULL;

/* Last request.jwt.claims text seen and the sub claim parsed from it. */
static char *cached_claims = NULL;
static UuidSetting cached_sub;

/* ----------------------------------------------------------------
 * Settings
 * ----------------------------------------------------------------
 */
static bool
check_uuid_setting(char **newval, void **extra, GucSource source)
{
	UuidSetting *parsed;

	/* The GUC machinery frees *extra with free(): it must come from malloc. */
	parsed = (UuidSetting *) malloc(sizeof(UuidSetting));
	if (parsed == NULL)
	{
		GUC_check_errcode(ERRCODE_OUT_OF_MEMORY);
		GUC_check_errmsg("out of memory");
		return false;
	}
	parsed->isset = (*newval != NULL && **newval != '\0');
	if (parsed->isset && !agentgov_parse_uuid(*newval, &parsed->value))
	{
		free(parsed);
		GUC_check_errdetail("The value must be a uuid, or empty for none.");
		return false;
	}
	*extra = parsed;
	return true;
}

static void
assign_user_id(const char *newval, void *extra)
{
	user_id_setting = (UuidSetting *) extra;
}

static void
assign_correlation_id(const char *newval, void *extra)
{
	correlation_id_setting = (UuidSetting *) extra;
}

/* Called from _PG_init. */
void
agentgov_define_context_settings(void)
{
	DefineCustomStringVariable("agentgov.user_id",
							   "User on whose behalf the session acts (a uuid).",
							   "Read by agentgov.current_user_id(); set it per transaction with agentgov.set_actor().",
							   &user_id_text, "", PGC_USERSET, 0,
							   check_uuid_setting, assign_user_id, NULL);
	DefineCustomStringVariable("agentgov.correlation_id",
							   "Request the session's work belongs to (a uuid).",
							   "Recorded with governance events and audit rows.",
							   &correlation_id_text, "", PGC_USERSET, 0,
							   check_uuid_setting, assign_correlation_id, NULL);
}

/* ----------------------------------------------------------------
 * request.jwt.claims
 * ----------------------------------------------------------------
 */
static void
claims_error_context(void *arg)
{
	errcontext("while reading the \"sub\" claim of setting request.jwt.claims");
}

/* Parse the sub claim of a JSON claims document; isset false when absent. */
static UuidSetting
parse_sub_claim(const char *claims)
{
	UuidSetting result = {false};
	ErrorContextCallback errcallback;
	Jsonb	   *jb;
	JsonbValue *sub;
	char	   *text;

	errcallback.callback = claims_error_context;
	errcallback.arg = NULL;
	errcallback.previous = error_context_stack;
	error_context_stack = &errcallback;

	jb = DatumGetJsonbP(DirectFunctionCall1(jsonb_in, CStringGetDatum(claims)));
	if (!JB_ROOT_IS_OBJECT(jb) || JB_ROOT_IS_SCALAR(jb))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("request.jwt.claims must be a JSON object")));
	sub = getKeyJsonValueFromContainer(&jb->root, "sub", 3, NULL);
	if (sub != NULL && sub->type != jbvNull)
	{
		if (sub->type != jbvString)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the \"sub\" claim of request.jwt.claims must be a string")));
		text = pnstrdup(sub->val.string.val, sub->val.string.len);
		if (!agentgov_parse_uuid(text, &result.value))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("the \"sub\" claim of request.jwt.claims is not a uuid: \"%s\"", text),
					 errhint("agentgov identifies users by uuid, as Supabase does.")));
		result.isset = true;
	}

	error_context_stack = errcallback.previous;
	return result;
}

/* The sub claim of the current request.jwt.claims, parsed once per value. */
static const UuidSetting *
jwt_sub_claim(void)
{
	const char *claims = GetConfigOption("request.jwt.claims", true, false);

	if (claims == NULL || *claims == '\0')
		return NULL;
	if (cached_claims == NULL || strcmp(cached_claims, claims) != 0)
	{
		UuidSetting parsed = parse_sub_claim(claims);

		if (cached_claims != NULL)
			pfree(cached_claims);
		cached_claims = MemoryContextStrdup(TopMemoryContext, claims);
		cached_sub = parsed;
	}
	return cached_sub.isset ? &cached_sub : NULL;
}

/* ----------------------------------------------------------------
 * SQL-callable
 * ----------------------------------------------------------------
 */
static Datum
uuid_datum(const pg_uuid_t *value)
{
	pg_uuid_t  *copy = (pg_uuid_t *) palloc(sizeof(pg_uuid_t));

	memcpy(copy, value, sizeof(pg_uuid_t));
	return UUIDPGetDatum(copy);
}

/* The acting user, for C callers: false when there is none. */
bool
agentgov_current_user(pg_uuid_t *user_id)
{
	const UuidSetting *sub;

	if (user_id_setting != NULL && user_id_setting->isset)
	{
		*user_id = user_id_setting->value;
		return true;
	}
	sub = jwt_sub_claim();
	if (sub == NULL)
		return false;
	*user_id = sub->value;
	return true;
}

/* The correlation id, for C callers: false when there is none. */
bool
agentgov_current_correlation(pg_uuid_t *correlation_id)
{
	if (correlation_id_setting == NULL || !correlation_id_setting->isset)
		return false;
	*correlation_id = correlation_id_setting->value;
	return true;
}

/* current_user_id() -> uuid: agentgov.user_id, else the jwt sub, else NULL. */
Datum
current_user_id(PG_FUNCTION_ARGS)
{
	pg_uuid_t	user_id;

	if (!agentgov_current_user(&user_id))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(uuid_datum(&user_id));
}

/* current_correlation_id() -> uuid: agentgov.correlation_id, else NULL. */
Datum
current_correlation_id(PG_FUNCTION_ARGS)
{
	pg_uuid_t	correlation_id;

	if (!agentgov_current_correlation(&correlation_id))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(uuid_datum(&correlation_id));
}

/* Set a uuid setting for the rest of the transaction; NULL clears it. */
static void
set_local_uuid(const char *name, FunctionCallInfo fcinfo, int argno)
{
	const char *value = "";

	if (!PG_ARGISNULL(argno))
		value = DatumGetCString(DirectFunctionCall1(uuid_out, PG_GETARG_DATUM(argno)));
	(void) set_config_option(name, value,
							 superuser() ? PGC_SUSET : PGC_USERSET,
							 PGC_S_SESSION, GUC_ACTION_LOCAL, true, 0, false);
}

/*
 * set_actor(user_id uuid, correlation_id uuid DEFAULT NULL) -> void: both
 * settings for the rest of the transaction (NULL clears).  Refused outside
 * a transaction block, where it would do nothing for the next statement.
 */
Datum
set_actor(PG_FUNCTION_ARGS)
{
	if (!IsTransactionBlock())
		ereport(ERROR,
				(errcode(ERRCODE_NO_ACTIVE_SQL_TRANSACTION),
				 errmsg("agentgov.set_actor() can only be used in transaction blocks"),
				 errdetail("It sets the actor for the rest of the transaction; outside a transaction block that ends with this statement, so the statements that follow would have no actor."),
				 errhint("Call it after BEGIN, in the transaction that does the writes.")));
	set_local_uuid("agentgov.user_id", fcinfo, 0);
	set_local_uuid("agentgov.correlation_id", fcinfo, 1);
	PG_RETURN_VOID();
}
