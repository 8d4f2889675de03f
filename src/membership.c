/*-------------------------------------------------------------------------
 *
 * membership.c
 *	  Memberships of organizations: the one lookup of a user's role in an
 *	  organization, used by every rule that depends on it (approvers of
 *	  artifacts, deciders of gates, recorders of governance events ...),
 *	  and adding a member (an organization's first ADMIN).
 *
 * The role is read from the organization's membership row through the
 * access layer (access.c), by (org_id, user_id), with the latest snapshot:
 * like a foreign-key check, the rule sees the membership as last
 * committed (and this transaction's own changes), whatever the caller's
 * privileges, row-level security or isolation level.
 *
 * Locking.  AccessShareLock on the membership table and its index, kept to
 * the end of the transaction as the executor keeps them; adding a member is
 * an ordinary INSERT.
 *
 *-------------------------------------------------------------------------
 */
#include "agentgov.h"
#include "access.h"
#include "membership.h"

#include "access/table.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/fmgrprotos.h"
#include "utils/snapmgr.h"

#define MEMBERS_TABLE "organization_members"

static SPIPlanPtr add_member_plan = NULL;

char *
agentgov_member_role(Datum org_id, Datum user_id)
{
	Relation	rel = agentgov_open_tenant_table(MEMBERS_TABLE, org_id, AccessShareLock);
	TupleTableSlot *slot = table_slot_create(rel, NULL);
	Snapshot	snapshot = RegisterSnapshot(GetLatestSnapshot());
	AgentgovKey keys[2];
	char	   *role = NULL;

	keys[0].attnum = agentgov_attnum_cached(rel, "org_id");
	keys[0].eqproc = F_UUID_EQ;
	keys[0].value = org_id;
	keys[1].attnum = agentgov_attnum_cached(rel, "user_id");
	keys[1].eqproc = F_UUID_EQ;
	keys[1].value = user_id;
	if (agentgov_lookup(rel, InvalidOid, snapshot, 2, keys, slot))
	{
		bool		isnull;
		Datum		value = slot_getattr(slot, agentgov_attnum_cached(rel, "role"), &isnull);

		if (!isnull)
			role = DatumGetCString(DirectFunctionCall1(enum_out, value));
	}
	ExecDropSingleTupleTableSlot(slot);
	UnregisterSnapshot(snapshot);
	table_close(rel, NoLock);
	return role;
}

void
agentgov_add_member(Datum org_id, Datum user_id, const char *role)
{
	Oid			argtypes[3] = {UUIDOID, UUIDOID, TEXTOID};
	Datum		args[3];

	args[0] = org_id;
	args[1] = user_id;
	args[2] = CStringGetTextDatum(role);
	agentgov_spi_run(agentgov_plan(&add_member_plan,
								   "INSERT INTO agentgov." MEMBERS_TABLE " (org_id, user_id, role)"
								   " VALUES ($1, $2, $3::agentgov.user_role)",
								   3, argtypes),
					 args, NULL, false, 0, SPI_OK_INSERT);
}
