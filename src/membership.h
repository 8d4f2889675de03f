/*-------------------------------------------------------------------------
 *
 * membership.h
 *	  Who belongs to an organization, and in which role (membership.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef AGENTGOV_MEMBERSHIP_H
#define AGENTGOV_MEMBERSHIP_H

#include "postgres.h"

/*
 * The role of user_id in organization org_id (uuid Datums): "ADMIN",
 * "MEMBER" or "VIEWER" (palloc'd), or NULL when the user is not a member.
 */
extern char *agentgov_member_role(Datum org_id, Datum user_id);

/*
 * Make user_id a member of organization org_id with `role` ("ADMIN",
 * "MEMBER" or "VIEWER"): an INSERT through SPI, which the caller has
 * connected, as whoever the caller acts as.
 */
extern void agentgov_add_member(Datum org_id, Datum user_id, const char *role);

#endif							/* AGENTGOV_MEMBERSHIP_H */
