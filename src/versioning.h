/*-------------------------------------------------------------------------
 *
 * versioning.h
 *	  The artifact lifecycle (versioning.c) as artifact_transition.c uses it.
 *
 *-------------------------------------------------------------------------
 */
#ifndef AGENTGOV_VERSIONING_H
#define AGENTGOV_VERSIONING_H

#include "postgres.h"

/* Raise AG004 unless the lifecycle allows the status change from -> to. */
extern void agentgov_check_artifact_transition(const char *from, const char *to);

#endif							/* AGENTGOV_VERSIONING_H */
