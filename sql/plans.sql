-- The plan of an organization (subscription_tier, max_projects,
-- max_agents_per_project) belongs to the platform: limits are never
-- negative (the statement of issue 20 that crashed the server), tenants
-- cannot change their plan, create_organization() makes BASIC
-- organizations, and set_plan() is the billing role's way in (docs/plans.md).

SET client_min_messages = warning;
INSERT INTO agentgov.users (id, email, username, password_hash) VALUES
    ('9a100000-0000-4000-8000-000000000001', 'pia@plans.example', 'plans_pia', '$2b$12$pia'),
    ('9a100000-0000-4000-8000-000000000002', 'max@plans.example', 'plans_max', '$2b$12$max');
CREATE ROLE regress_plans_app;
CREATE ROLE regress_plans_billing BYPASSRLS;
SELECT agentgov.grant_app_access('regress_plans_app');
RESET client_min_messages;

-- ---- The crash: a negative limit on an organization without agents --------
INSERT INTO agentgov.organizations (id, name, slug) VALUES ('a1000000-0000-4000-8000-000000000009', 'Crash Org', 'crash-org');
UPDATE agentgov.organizations SET max_agents_per_project = -1 WHERE id = 'a1000000-0000-4000-8000-000000000009';
UPDATE agentgov.organizations SET max_projects = -1 WHERE id = 'a1000000-0000-4000-8000-000000000009';
UPDATE agentgov.organizations SET max_projects = -2147483648, max_agents_per_project = -2147483648
 WHERE id = 'a1000000-0000-4000-8000-000000000009';
INSERT INTO agentgov.organizations (id, name, slug, max_projects) VALUES ('a1000000-0000-4000-8000-00000000000a', 'Crash Two', 'crash-two', -1);
INSERT INTO agentgov.organizations (id, name, slug, max_agents_per_project) VALUES ('a1000000-0000-4000-8000-00000000000a', 'Crash Two', 'crash-two', -1);
-- The constraints stand behind the trigger.
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
 WHERE conrelid = 'agentgov.organizations'::regclass AND conname LIKE '%range' ORDER BY conname;
-- 0 and NULL (unlimited projects) are limits; the server is still up.
UPDATE agentgov.organizations SET max_projects = NULL, max_agents_per_project = 0
 WHERE id = 'a1000000-0000-4000-8000-000000000009'
RETURNING slug, subscription_tier, max_projects, max_agents_per_project;

-- ---- Tenants cannot change their plan ----------------------------------------
INSERT INTO agentgov.organization_members (org_id, user_id, role) VALUES
    ('a1000000-0000-4000-8000-000000000009', '9a100000-0000-4000-8000-000000000001', 'ADMIN');
SET ROLE regress_plans_app;
BEGIN;
SELECT agentgov.set_actor('9a100000-0000-4000-8000-000000000001');   -- pia, ADMIN
SAVEPOINT s;
UPDATE agentgov.organizations SET subscription_tier = 'ENTERPRISE', max_projects = 1000
 WHERE id = 'a1000000-0000-4000-8000-000000000009';
ROLLBACK TO s;
UPDATE agentgov.organizations SET max_agents_per_project = 50 WHERE id = 'a1000000-0000-4000-8000-000000000009';
ROLLBACK TO s;
UPDATE agentgov.organizations SET max_projects = 3 WHERE id = 'a1000000-0000-4000-8000-000000000009';
ROLLBACK TO s;
-- The issue's crash, through the application role: refused, no crash.
UPDATE agentgov.organizations SET max_agents_per_project = -1 WHERE id = 'a1000000-0000-4000-8000-000000000009';
ROLLBACK TO s;
-- What the ADMIN may change: the name and slug; setting a plan column to
-- its own value changes nothing and passes.
UPDATE agentgov.organizations SET name = 'Crash Org renamed', max_projects = max_projects,
       subscription_tier = subscription_tier
 WHERE id = 'a1000000-0000-4000-8000-000000000009'
RETURNING name, subscription_tier, max_projects, max_agents_per_project;
-- set_plan() is not theirs.
SELECT agentgov.set_plan('a1000000-0000-4000-8000-000000000009', 'ENTERPRISE');
ROLLBACK TO s;
-- create_organization(): BASIC by default, any other tier refused.
SELECT agentgov.create_organization('Plans BASIC', 'plans-basic') IS NOT NULL AS created;
SELECT o.subscription_tier, o.max_projects, o.max_agents_per_project, m.role
  FROM agentgov.organizations o JOIN agentgov.organization_members m ON m.org_id = o.id
 WHERE o.slug = 'plans-basic';
SELECT agentgov.create_organization('Plans PRO', 'plans-pro', 'PRO');
ROLLBACK TO s;
SELECT agentgov.create_organization('Plans ENTERPRISE', 'plans-enterprise', 'ENTERPRISE');
ROLLBACK;
RESET ROLE;
SELECT slug, name, subscription_tier, max_projects, max_agents_per_project FROM agentgov.organizations
 WHERE slug LIKE 'plans-%' OR slug = 'crash-org' ORDER BY slug;

-- ---- The billing role: set_plan() once the owner grants it ----------------------
GRANT USAGE ON SCHEMA agentgov TO regress_plans_billing;
GRANT SELECT, UPDATE ON agentgov.organizations, agentgov.organization_members TO regress_plans_billing;
GRANT EXECUTE ON FUNCTION agentgov.create_organization(text, text, agentgov.subscription_tier) TO regress_plans_billing;
SET ROLE regress_plans_billing;
SELECT agentgov.set_plan('a1000000-0000-4000-8000-000000000009', 'PRO');
RESET ROLE;
GRANT EXECUTE ON FUNCTION agentgov.set_plan(uuid, agentgov.subscription_tier, jsonb) TO regress_plans_billing;
SET ROLE regress_plans_billing;
-- Tier defaults ...
SELECT slug, subscription_tier, max_projects, max_agents_per_project
  FROM agentgov.set_plan('a1000000-0000-4000-8000-000000000009', 'PRO');
-- ... or limits of its own; a limit left out takes the tier's default.
SELECT slug, subscription_tier, max_projects, max_agents_per_project
  FROM agentgov.set_plan('a1000000-0000-4000-8000-000000000009', 'ENTERPRISE', '{"max_projects": 40}');
SELECT slug, subscription_tier, max_projects, max_agents_per_project
  FROM agentgov.set_plan('a1000000-0000-4000-8000-000000000009', 'PRO',
                         '{"max_projects": null, "max_agents_per_project": 7}');
-- Bad limits.
SELECT agentgov.set_plan('a1000000-0000-4000-8000-000000000009', 'PRO', '{"max_project": 4}');
SELECT agentgov.set_plan('a1000000-0000-4000-8000-000000000009', 'PRO', '{"max_projects": -1}');
SELECT agentgov.set_plan('a1000000-0000-4000-8000-000000000009', 'PRO', '{"max_projects": 2.5}');
SELECT agentgov.set_plan('a1000000-0000-4000-8000-000000000009', 'PRO', '{"max_projects": "4"}');
SELECT agentgov.set_plan('a1000000-0000-4000-8000-000000000009', 'PRO', '{"max_projects": 1e12}');
SELECT agentgov.set_plan('a1000000-0000-4000-8000-000000000009', 'PRO', '{"max_agents_per_project": null}');
SELECT agentgov.set_plan('a1000000-0000-4000-8000-000000000009', 'PRO', '[1]');
SELECT agentgov.set_plan('a1000000-0000-4000-8000-000000000009', NULL);
SELECT agentgov.set_plan(NULL, 'PRO');
SELECT agentgov.set_plan('a1000000-0000-4000-8000-0000000000ff', 'PRO');
-- Direct updates stay refused for the billing role too: set_plan() is the way.
UPDATE agentgov.organizations SET max_projects = 9 WHERE id = 'a1000000-0000-4000-8000-000000000009';
-- A role that may call set_plan() may also create organizations of any tier.
BEGIN;
SELECT agentgov.set_actor('9a100000-0000-4000-8000-000000000002');
SELECT agentgov.create_organization('Plans PRO', 'plans-pro', 'PRO') IS NOT NULL AS created;
COMMIT;
RESET ROLE;
SELECT slug, subscription_tier, max_projects, max_agents_per_project FROM agentgov.organizations
 WHERE slug IN ('plans-pro', 'crash-org') ORDER BY slug;

-- A downgrade below current use is refused (AG003), through set_plan() too.
INSERT INTO agentgov.projects (org_id, name)
SELECT 'a1000000-0000-4000-8000-000000000009', 'Plans project ' || i FROM generate_series(1, 4) i;
SELECT agentgov.set_plan('a1000000-0000-4000-8000-000000000009', 'BASIC');
-- An organization with no agents may still lower max_agents_per_project to
-- 0 (the busiest project has no agents): the path that crashed.
SELECT max_projects, max_agents_per_project
  FROM agentgov.set_plan('a1000000-0000-4000-8000-000000000009', 'PRO', '{"max_agents_per_project": 0}');

-- The owner (and a superuser) writes plans directly: data loading, restores.
UPDATE agentgov.organizations SET subscription_tier = 'ENTERPRISE', max_projects = NULL
 WHERE id = 'a1000000-0000-4000-8000-000000000009'
RETURNING subscription_tier, max_projects, max_agents_per_project;
INSERT INTO agentgov.organizations (name, slug, subscription_tier) VALUES ('Plans loaded', 'plans-loaded', 'ENTERPRISE')
RETURNING subscription_tier, max_projects, max_agents_per_project;
-- A role with INSERT on organizations but no plan rights inserts BASIC only.
GRANT INSERT ON agentgov.organizations TO regress_plans_billing;
SET ROLE regress_plans_billing;
INSERT INTO agentgov.organizations (id, name, slug, subscription_tier) VALUES ('a1000000-0000-4000-8000-00000000000b', 'Plans direct', 'plans-direct', 'PRO');
INSERT INTO agentgov.organizations (id, name, slug, max_projects) VALUES ('a1000000-0000-4000-8000-00000000000b', 'Plans direct', 'plans-direct', 4);
INSERT INTO agentgov.organizations (name, slug) VALUES ('Plans direct', 'plans-direct')
RETURNING subscription_tier, max_projects, max_agents_per_project;
INSERT INTO agentgov.organizations (name, slug, subscription_tier, max_projects, max_agents_per_project)
VALUES ('Plans direct 2', 'plans-direct-2', 'BASIC', 3, 1)
RETURNING subscription_tier, max_projects, max_agents_per_project;
RESET ROLE;

SELECT * FROM agentgov.plan_defaults('BASIC');
SELECT * FROM agentgov.plan_defaults('ENTERPRISE');

-- ---- Clean up -------------------------------------------------------------------
SET client_min_messages = warning;
DELETE FROM agentgov.organizations WHERE slug LIKE 'plans-%' OR slug = 'crash-org';
DELETE FROM agentgov.users WHERE username LIKE 'plans\_%';
DROP OWNED BY regress_plans_app, regress_plans_billing;
DROP ROLE regress_plans_app, regress_plans_billing;
RESET client_min_messages;
