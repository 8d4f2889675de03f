/*-------------------------------------------------------------------------
 *
 * restore.c
 *	  Recognising pg_restore's data load, so that a restore takes the
 *	  dumped rows as they are.
 *
 * A dump holds agentgov's rows as they were after every rule had run:
 * approved artifacts with their versions, finished runs, the audit log with
 * its hash chain, the counters, rollups and chain heads that go with them.
 * Loading them through the rules would refuse most of them (a new artifact
 * must be a DRAFT, a run cannot start cancelled) and write rows of the
 * restore's own (audit rows, rollups, counters).  So agentgov's triggers
 * let a restore's rows through untouched, and only a restore's.
 *
 * A restore is recognised by what pg_restore (and a plain pg_dump script
 * run by psql) always does, taken together:
 *	- the statement running is COPY ... FROM STDIN (the top-level portal's
 *	  statement, so nothing a function does can look like one);
 *	- row_security is off (pg_restore sets it unless --enable-row-security);
 *	- search_path is empty (pg_restore sets it to '');
 *	- the session user and the current user are both superusers.
 * The first three are settings any role may make, so they only tell a
 * restore from a superuser's everyday COPY; the security rests on the last
 * one.  A non-superuser cannot become a superuser session user (SET SESSION
 * AUTHORIZATION needs one) and a SECURITY DEFINER function owned by a
 * superuser changes only the current user.  A superuser can switch every
 * trigger off anyway (session_replication_role), so the rules lose nothing
 * they had against him.  When the first three hold and the user is not a
 * superuser, agentgov_restoring() raises: the restore cannot be done right,
 * and saying so at its first row is better than refusing rows one by one.
 *
 * Nothing is remembered: every call looks at the statement running, so the
 * mode ends with the COPY and cannot outlive the restore.
 *
 * gate_policy_restore() is the one trigger with work to do in a restore:
 * CREATE EXTENSION seeds the default gate policies (org_id NULL), the dump
 * holds the defaults as they were (possibly edited), so a dumped default
 * replaces the seeded one of its phase.
 *
 * Locking: none of its own; the DELETE of a seeded default takes the row
 * lock any DELETE takes.
 *
 *-------------------------------------------------------------------------
 */
#include "agentgov.h"

#include "catalog/namespace.h"
#include "commands/trigger.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "nodes/plannodes.h"
#include "utils/builtins.h"
#include "tcop/pquery.h"
#include "utils/portal.h"
#include "utils/rls.h"

PG_FUNCTION_INFO_V1(gate_policy_restore);

/* True when the top-level statement is COPY ... FROM STDIN. */
static bool
copy_from_stdin_running(void)
{
	Portal		portal = ActivePortal;
	PlannedStmt *pstmt;
	CopyStmt   *copy;

	if (portal == NULL || portal->commandTag != CMDTAG_COPY ||
		list_length(portal->stmts) != 1)
		return false;
	pstmt = linitial_node(PlannedStmt, portal->stmts);
	if (pstmt->commandType != CMD_UTILITY || !IsA(pstmt->utilityStmt, CopyStmt))
		return false;
	copy = (CopyStmt *) pstmt->utilityStmt;
	return copy->is_from && copy->filename == NULL && !copy->is_program;
}

/*
 * True while pg_restore loads rows (see the file header); raises when a
 * statement has the shape of a restore but the user is not a superuser.
 * Cheap enough for every trigger call: outside a COPY it is two tests.
 */
bool
agentgov_restoring(void)
{
	if (!copy_from_stdin_running() || row_security ||
		namespace_search_path == NULL || namespace_search_path[0] != '\0')
		return false;

	if (superuser_arg(GetSessionUserId()) && superuser())
		return true;

	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("agentgov data can be restored only by a superuser"),
			 errdetail("This COPY FROM STDIN runs with row_security off and an empty search_path, as pg_restore does, but role \"%s\" is not a superuser.",
					   GetUserNameFromId(GetUserId(), false)),
			 errhint("Run pg_restore as a superuser, for example pg_restore -U postgres -d DATABASE FILE; "
					 "to load rows through agentgov's rules instead, keep row_security on.")));
	return false;				/* keep the compiler quiet */
}

/*
 * What a trigger returns when agentgov_restoring() lets a row through: the
 * row as given for a BEFORE ROW trigger, nothing otherwise.
 */
Datum
agentgov_restore_passthrough(FunctionCallInfo fcinfo)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (TRIGGER_FIRED_FOR_ROW(trigdata->tg_event) &&
		TRIGGER_FIRED_BEFORE(trigdata->tg_event))
		return PointerGetDatum(TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event)
							   ? trigdata->tg_newtuple : trigdata->tg_trigtuple);
	return PointerGetDatum(NULL);
}

/*
 * gate_policies BEFORE INSERT: in a restore, a default policy (org_id NULL)
 * replaces the one CREATE EXTENSION seeded for its phase.  Does nothing
 * otherwise.
 */
Datum
gate_policy_restore(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata;
	HeapTuple	row;
	TupleDesc	tupdesc;
	bool		org_null;
	bool		id_null;
	char	   *phase;
	Datum		args[2];

	agentgov_check_trigger(fcinfo, "gate_policy_restore", AG_ON_INSERT, true);
	trigdata = (TriggerData *) fcinfo->context;
	row = trigdata->tg_trigtuple;
	if (!agentgov_restoring())
		return PointerGetDatum(row);

	tupdesc = RelationGetDescr(trigdata->tg_relation);
	(void) agentgov_column(row, tupdesc, "org_id", &org_null);
	args[1] = agentgov_column(row, tupdesc, "id", &id_null);
	phase = SPI_getvalue(row, tupdesc, agentgov_attnum(trigdata->tg_relation, "phase"));
	if (!org_null || id_null || phase == NULL)
		return PointerGetDatum(row);
	args[0] = CStringGetTextDatum(phase);

	/* Restores are rare: no plan is kept. */
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute_with_args("DELETE FROM agentgov.gate_policies"
							  " WHERE org_id IS NULL"
							  " AND phase::pg_catalog.text OPERATOR(pg_catalog.=) $1"
							  " AND id OPERATOR(pg_catalog.<>) $2",
							  2, (Oid[]) {TEXTOID, UUIDOID}, args, NULL,
							  false, 0) != SPI_OK_DELETE)
		elog(ERROR, "could not replace the seeded default gate policy");
	SPI_finish();
	return PointerGetDatum(row);
}
