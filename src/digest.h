/*-------------------------------------------------------------------------
 *
 * digest.h
 *	  The one SHA-256 helper of agentgov (digest.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef AGENTGOV_DIGEST_H
#define AGENTGOV_DIGEST_H

#include "postgres.h"

#include "common/sha2.h"

/* SHA-256 of len bytes at data into digest (PG_SHA256_DIGEST_LENGTH bytes). */
extern void agentgov_sha256_digest(const void *data, size_t len, uint8 *digest);

#endif							/* AGENTGOV_DIGEST_H */
