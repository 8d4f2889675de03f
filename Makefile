# agentgov: PGXS build, plus the harness targets of the README.
#
#   make                  build agentgov.so and the install script
#   make install          install into the PostgreSQL of $(PG_CONFIG)
#   make test             set up everything, run every test (scripts/harness.sh)
#   make demo             set up everything, load a sample, print a report
#   make bench            set up everything, run bench/ and print ratios
#   make fuzz             set up everything, run the long fuzz run (docs/fuzz.md)
#   make installcheck     pg_regress and isolation against a running server

EXTENSION = agentgov
EXTVERSION = $(shell sed -n "s/^default_version = '\(.*\)'/\1/p" $(EXTENSION).control)

MODULE_big = $(EXTENSION)
OBJS = \
	src/access.o \
	src/agentgov.o \
	src/artifact_transition.o \
	src/audit.o \
	src/audit_chain.o \
	src/audit_hash.o \
	src/budgets.o \
	src/context.o \
	src/digest.o \
	src/divergence.o \
	src/divergence_detect.o \
	src/gate_scoring.o \
	src/gates.o \
	src/governance.o \
	src/governance_rules.o \
	src/knowledge.o \
	src/limits.o \
	src/maintenance.o \
	src/membership.o \
	src/plans.o \
	src/quality.o \
	src/restore.o \
	src/schema.o \
	src/security.o \
	src/tenancy.o \
	src/usage.o \
	src/usage_derived.o \
	src/util.o \
	src/versioning.o

# The install script of the current version is assembled from the modules in
# sql/install/.  Released scripts are frozen in git (sql/agentgov--1.0.sql) and
# installed beside it, with the upgrade scripts agentgov--A--B.sql that lead
# from each release to the next.
INSTALL_MODULES = $(sort $(wildcard sql/install/*.sql))
RELEASED = 1.0
DATA_built = sql/$(EXTENSION)--$(EXTVERSION).sql
DATA = $(foreach v,$(RELEASED),sql/$(EXTENSION)--$(v).sql) \
	$(wildcard sql/$(EXTENSION)--*--*.sql)

# Tests: pg_regress files are sql/*.sql (other than the built script) with
# expected/*.out; isolation specs are test/isolation/specs/*.spec.
REGRESS = $(sort $(patsubst sql/%.sql,%,$(filter-out sql/$(EXTENSION)--%,$(wildcard sql/*.sql))))
REGRESS_OPTS = --inputdir=. --load-extension=pgcrypto --load-extension=$(EXTENSION)
ISOLATION = $(sort $(patsubst test/isolation/specs/%.spec,%,$(wildcard test/isolation/specs/*.spec)))
ISOLATION_OPTS = --inputdir=test/isolation --load-extension=pgcrypto --load-extension=$(EXTENSION)

PG_CPPFLAGS = -DAGENTGOV_VERSION=\"$(EXTVERSION)\"
EXTRA_CLEAN = $(DATA_built)

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)

ifneq ($(wildcard $(PGXS)),)
include $(PGXS)
else
# Without PostgreSQL's server headers only the harness targets below work:
# they install the build dependencies first.
all install installcheck:
	@echo "PGXS not found (is postgresql-server-dev-15 installed?); 'make test' and 'make demo' install it" >&2
	@exit 1
endif

# The library compiles the version in (agentgov.version()).
src/agentgov.o: $(EXTENSION).control

sql/$(EXTENSION)--$(EXTVERSION).sql: $(INSTALL_MODULES) $(EXTENSION).control
	cat $(INSTALL_MODULES) > $@

.PHONY: test demo bench fuzz list-regress list-isolation
test demo bench fuzz:
	@bash scripts/harness.sh $@

# Used by the harness, so that the test lists are defined once, here.
list-regress:
	@echo $(REGRESS)
list-isolation:
	@echo $(ISOLATION)
