/*-------------------------------------------------------------------------
 *
 * audit_chain.h
 *	  The audit hash chain: what audit_chain.c and audit_hash.c share.
 *
 *-------------------------------------------------------------------------
 */
#ifndef AGENTGOV_AUDIT_CHAIN_H
#define AGENTGOV_AUDIT_CHAIN_H

#include "postgres.h"

#include "access/tupdesc.h"
#include "common/sha2.h"
#include "lib/stringinfo.h"

#define HASH_LEN			PG_SHA256_DIGEST_LENGTH

/*
 * The columns of audit_log the hash covers, in the order they are encoded
 * (chain_columns in audit_chain.c): indexes into ChainLayout.attnums.
 */
#define NUM_CHAIN_COLUMNS 16
#define CHAIN_PREV_HASH	0		/* indexes into chain_columns */
#define CHAIN_ID		1
#define CHAIN_SEQ		2
#define CHAIN_ORG_ID	3
#define CHAIN_ACTOR_ID	4
#define CHAIN_CORRELATION_ID 14

/* Where the chain columns of audit_log are in a tuple descriptor. */
typedef struct ChainLayout
{
	AttrNumber	attnums[NUM_CHAIN_COLUMNS];
	AttrNumber	row_hash;
} ChainLayout;


/*
 * row_hash of an audit_log row given as deformed values (indexed by
 * position - 1): SHA-256 of the tag and every chain column, prev_hash
 * first, encoded into `buf` (scratch space, reset here).
 */
extern void agentgov_audit_row_hash(StringInfo buf, const ChainLayout *layout,
									TupleDesc desc, const Datum *values,
									const bool *nulls, uint8 *hash);

#endif							/* AGENTGOV_AUDIT_CHAIN_H */
