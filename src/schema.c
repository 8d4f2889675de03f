/*-------------------------------------------------------------------------
 *
 * schema.c
 *	  Row triggers that keep the schema's bookkeeping columns right.
 *
 * touch_updated_at() is attached BEFORE UPDATE to every table that has an
 * updated_at column (the install script finds them in the catalog), so
 * the column says when the row last changed whichever client changed it.
 * It stamps the transaction start time, the value now() returns, so all
 * rows changed by one transaction agree.
 *
 * Locking: none beyond what the triggering statement holds.
 *
 *-------------------------------------------------------------------------
 */
#include "agentgov.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "utils/rel.h"
#include "utils/timestamp.h"

PG_FUNCTION_INFO_V1(touch_updated_at);

/* BEFORE UPDATE row trigger: updated_at := transaction start time. */
Datum
touch_updated_at(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Relation	rel;
	int			attnum;
	Datum		value;
	bool		isnull = false;

	agentgov_check_trigger(fcinfo, "touch_updated_at", AG_ON_UPDATE, true);
	rel = trigdata->tg_relation;
	attnum = agentgov_attnum(rel, "updated_at");
	if (TupleDescAttr(RelationGetDescr(rel), attnum - 1)->atttypid != TIMESTAMPTZOID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("column \"updated_at\" of relation \"%s\" must be of type timestamp with time zone",
						RelationGetRelationName(rel))));

	value = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
	return PointerGetDatum(heap_modify_tuple_by_cols(trigdata->tg_newtuple,
													 RelationGetDescr(rel),
													 1, &attnum, &value, &isnull));
}
