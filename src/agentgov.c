/*-------------------------------------------------------------------------
 *
 * agentgov.c
 *	  Module entry point of the agentgov extension.
 *
 * Declares the module magic, defines the extension's settings when the
 * library is loaded, and exports agentgov.version(), which reports the
 * version compiled into the library from agentgov.control.
 *
 * Locking: none.
 *
 *-------------------------------------------------------------------------
 */
#include "agentgov.h"
#include "gates.h"

#include "utils/builtins.h"
#include "utils/guc.h"

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(agentgov_version);

void		_PG_init(void);

/*
 * Define every setting of the extension; each concern registers its own.
 * The agentgov prefix is reserved, so a misspelt agentgov.* setting is an
 * error instead of a silently ignored placeholder.
 */
void
_PG_init(void)
{
	agentgov_define_context_settings();
	agentgov_define_divergence_settings();
	agentgov_define_quality_settings();
	agentgov_define_maintenance_settings();
	agentgov_define_security_settings();
	MarkGUCPrefixReserved("agentgov");
}

/* agentgov.version() -> text: the version this library was built as. */
Datum
agentgov_version(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(AGENTGOV_VERSION));
}
