/*-------------------------------------------------------------------------
 *
 * digest.c
 *	  SHA-256, on PostgreSQL's common/cryptohash.h: the one helper every
 *	  digest of agentgov goes through (artifact content, the audit hash
 *	  chain, token hashes).
 *
 * The backend keeps one SHA-256 context, made on first use and reused by
 * every digest (pg_cryptohash_init starts it afresh): making and freeing
 * one per digest would be an eighth of the cost of hashing a small row.
 * It is remembered by a resource owner of its own, never released, so
 * that the end of the transaction that made it does not free it.  An
 * error between init and final leaves nothing to clean up: the next
 * digest initialises the context again.
 *
 * Locking: none.
 *
 *-------------------------------------------------------------------------
 */
#include "agentgov.h"
#include "digest.h"

#include "common/cryptohash.h"
#include "utils/resowner.h"

/* The backend's SHA-256 context, made on first use. */
static pg_cryptohash_ctx *
sha256_context(void)
{
	static pg_cryptohash_ctx *ctx = NULL;
	static ResourceOwner owner = NULL;
	ResourceOwner saved = CurrentResourceOwner;

	if (ctx != NULL)
		return ctx;
	if (owner == NULL)
		owner = ResourceOwnerCreate(NULL, "agentgov SHA-256");
	CurrentResourceOwner = owner;
	PG_TRY();
	{
		ctx = pg_cryptohash_create(PG_SHA256);
	}
	PG_FINALLY();
	{
		CurrentResourceOwner = saved;
	}
	PG_END_TRY();
	if (ctx == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory")));
	return ctx;
}

void
agentgov_sha256_digest(const void *data, size_t len, uint8 *digest)
{
	pg_cryptohash_ctx *ctx = sha256_context();

	if (pg_cryptohash_init(ctx) < 0 ||
		pg_cryptohash_update(ctx, (const uint8 *) data, len) < 0 ||
		pg_cryptohash_final(ctx, digest, PG_SHA256_DIGEST_LENGTH) < 0)
		elog(ERROR, "could not compute a SHA-256 digest: %s", pg_cryptohash_error(ctx));
}
