#!/usr/bin/python3
"""A small application on agentgov, the example of docs/applications.md.

It connects as an application role (not the owner of the tables), runs each
request in one transaction that starts with agentgov.set_actor(), and turns
agentgov's refusals into HTTP statuses by SQLSTATE.  `make test` runs it
(test/scripts/applications.sh):

    agentgov_app.py setup OWNER_DSN ROLE     once, as the owner of the extension
    agentgov_app.py demo APP_DSN             artifacts, gates, runs, usage, errors
    agentgov_app.py two-clients APP_DSN      two actors interleaving (PgBouncer)

Add --pooled when APP_DSN goes through PgBouncer in transaction pooling mode.
"""
import sys
import uuid

import psycopg
from psycopg import sql
from psycopg.rows import dict_row


def connect(dsn, pooled=False):
    """One connection per client, in autocommit mode: every request opens its
    own transaction with conn.transaction().  Behind PgBouncer in transaction
    pooling mode, successive transactions may run on different server
    connections, and PgBouncer 1.18 cannot follow prepared statements
    there: prepare_threshold=None keeps psycopg from preparing any."""
    return psycopg.connect(dsn, autocommit=True, row_factory=dict_row,
                           prepare_threshold=None if pooled else 5)


def setup(owner_dsn, role):
    """Once, as the owner of the extension: the application role and what it
    may do, and the price of the model the demo uses."""
    with psycopg.connect(owner_dsn, autocommit=True) as conn:
        if conn.execute("SELECT FROM pg_roles WHERE rolname = %s", (role,)).fetchone() is None:
            # On a real server: ... LOGIN PASSWORD '...' and a pg_hba.conf entry.
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN NOSUPERUSER NOBYPASSRLS")
                         .format(sql.Identifier(role)))
        conn.execute("SELECT agentgov.grant_app_access(%s)", (role,))
        conn.execute("""
            INSERT INTO agentgov.model_prices
                   (provider, model, input_usd_per_mtok, output_usd_per_mtok, effective_from)
            VALUES ('anthropic', 'claude-sonnet-4', 3, 15, '2025-01-01')
            ON CONFLICT DO NOTHING""")


# SQLSTATE -> HTTP status.  agentgov's own refusals (class AG) and the
# standard codes its rules and PostgreSQL's constraints raise.
HTTP_STATUS = {
    'AG001': 409,  # approval missing: record a governance approval first
    'AG002': 402,  # budget exhausted: a run's cost limit or a block budget
    'AG003': 402,  # plan limit reached: upgrade the plan or archive projects
    'AG004': 409,  # lifecycle transition not allowed
    'AG005': 409,  # append-only table (usage events, audit log)
    'AG006': 401,  # no actor set for a write: set_actor() in the same transaction
    'AG007': 403,  # the actor is not a member of the row's organization
    '42501': 403,  # insufficient privilege (a VIEWER writing, an author approving)
    '55000': 409,  # the row's state forbids the change (e.g. a frozen artifact)
    '22023': 422,  # invalid parameter value (e.g. malformed gate indicators)
    '23514': 422,  # check violation
    '23503': 422,  # foreign key violation
    '23505': 409,  # unique violation
    '22P02': 400,  # invalid input syntax (e.g. not a uuid)
    '40001': 503,  # serialization failure, after the retries below
    '40P01': 503,  # deadlock, after the retries below
}
RETRY = ('40001', '40P01')


class Refused(Exception):
    """A refusal the application reports to its client."""

    def __init__(self, status, sqlstate, message, hint=None):
        super().__init__(f"{status} {sqlstate}: {message}")
        self.status, self.sqlstate, self.message, self.hint = status, sqlstate, message, hint


def request(conn, actor, work, attempts=3):
    """Runs work(cur) in one transaction, as `actor` (a users.id).

    set_actor() sets agentgov.user_id and agentgov.correlation_id with
    SET LOCAL: they end with the transaction, so a pooled server connection
    never carries one request's actor into the next.  An error rolls the
    whole request back; serialization failures and deadlocks are retried."""
    for attempt in range(1, attempts + 1):
        try:
            with conn.transaction(), conn.cursor() as cur:
                cur.execute("SELECT agentgov.set_actor(%s, %s)", (actor, uuid.uuid4()))
                return work(cur)
        except psycopg.Error as e:
            if e.sqlstate in RETRY and attempt < attempts:
                continue
            if e.sqlstate in HTTP_STATUS:
                raise Refused(HTTP_STATUS[e.sqlstate], e.sqlstate,
                              e.diag.message_primary, e.diag.message_hint) from e
            raise


# ---- Requests: each one is one transaction ---------------------------------

def sign_up(conn, user_id, email, username):
    """A new user is his own actor: the users policy lets him insert his row."""
    def work(cur):
        cur.execute("""INSERT INTO agentgov.users (id, email, username, auth_provider, auth_provider_id)
                       VALUES (%s, %s, %s, 'github', %s)""", (user_id, email, username, 'gh-' + username))
    request(conn, user_id, work)


def create_organization(conn, actor, name, slug, members=()):
    """The actor becomes the organization's ADMIN and adds the members.  A
    new organization is on the BASIC plan; the platform changes plans."""
    def work(cur):
        cur.execute("SELECT agentgov.create_organization(%s, %s) AS id", (name, slug))
        org = cur.fetchone()['id']
        for user_id, role in members:
            cur.execute("INSERT INTO agentgov.organization_members (org_id, user_id, role) VALUES (%s, %s, %s)",
                        (org, user_id, role))
        return org
    return request(conn, actor, work)


def create_project(conn, actor, org, name):
    def work(cur):
        cur.execute("""INSERT INTO agentgov.projects (org_id, name, created_by)
                       VALUES (%s, %s, %s) RETURNING id""", (org, name, actor))
        return cur.fetchone()['id']
    return request(conn, actor, work)


def list_projects(conn, actor):
    """Row-level security: only the projects of the actor's organizations."""
    def work(cur):
        cur.execute("SELECT name FROM agentgov.projects ORDER BY name")
        return [r['name'] for r in cur]
    return request(conn, actor, work)


def draft_artifact(conn, actor, org, project, type, content):
    """agentgov numbers the version (1, 2, ... per project and type)."""
    def work(cur):
        cur.execute("""INSERT INTO agentgov.artifacts (org_id, project_id, type, content, created_by)
                       VALUES (%s, %s, %s, %s, %s) RETURNING id, version""",
                    (org, project, type, psycopg.types.json.Jsonb(content), actor))
        return cur.fetchone()
    return request(conn, actor, work)


def transition(conn, actor, artifact, to_status, rationale=None):
    """DRAFT -> REVIEW -> APPROVED -> DEPLOYED; approving as the actor."""
    def work(cur):
        cur.execute("SELECT status FROM agentgov.artifact_transition(%s, %s, rationale => %s)",
                    (artifact, to_status, rationale))
        return cur.fetchone()['status']
    return request(conn, actor, work)


def edit_artifact(conn, actor, artifact, content):
    def work(cur):
        cur.execute("UPDATE agentgov.artifacts SET content = %s WHERE id = %s",
                    (psycopg.types.json.Jsonb(content), artifact))
    request(conn, actor, work)


def decide_gate(conn, actor, project, phase, indicators, rationale):
    def work(cur):
        cur.execute("SELECT decision, score FROM agentgov.evaluate_gate(%s, %s, %s, %s, %s)",
                    (project, phase, psycopg.types.json.Jsonb(indicators), actor, rationale))
        return cur.fetchone()
    return request(conn, actor, work)


def request_run(conn, actor, org, project, agent_type, estimate, limit):
    def work(cur):
        cur.execute("""INSERT INTO agentgov.agent_runs
                              (org_id, project_id, user_id, agent_type, status, estimated_cost, max_cost_limit)
                       VALUES (%s, %s, %s, %s, 'pending_approval', %s, %s) RETURNING id""",
                    (org, project, actor, agent_type, estimate, limit))
        return cur.fetchone()['id']
    return request(conn, actor, work)


def record_approval(conn, actor, run, reason):
    """The governance decision a run needs before it may enter running."""
    def work(cur):
        cur.execute("""SELECT agentgov.record_governance_event(%s, 'pre_agent_spawn',
                                                               'sarah_three_questions', true, %s)""", (run, reason))
    request(conn, actor, work)


def set_run_status(conn, actor, run, status):
    def work(cur):
        cur.execute("UPDATE agentgov.agent_runs SET status = %s WHERE id = %s RETURNING status", (status, run))
        row = cur.fetchone()
        if row is None:
            raise Refused(404, None, 'no such run')
        return row['status']
    return request(conn, actor, work)


def record_usage(conn, actor, org, project, run, calls):
    """One INSERT statement per batch of LLM calls, the batch passed as
    arrays: agentgov prices each row and updates the rollups and the run's
    totals once per statement.  (COPY FROM is refused under row-level
    security; docs/usage.md describes bulk ingestion.)"""
    def work(cur):
        cur.execute("""INSERT INTO agentgov.usage_events
                              (org_id, project_id, run_id, provider, model, tokens_in, tokens_out)
                       SELECT %s, %s, %s, 'anthropic', c.model, c.tokens_in, c.tokens_out
                         FROM unnest(%s::text[], %s::integer[], %s::integer[]) AS c(model, tokens_in, tokens_out)""",
                    (org, project, run, [c[0] for c in calls], [c[1] for c in calls], [c[2] for c in calls]))
        cur.execute("SELECT cost_usd FROM agentgov.agent_runs WHERE id = %s", (run,))
        return cur.fetchone()['cost_usd']
    return request(conn, actor, work)


def usage_today(conn, actor, org):
    """From the rollups: one row per UTC day (here, today)."""
    def work(cur):
        cur.execute("""SELECT events, tokens_in, tokens_out, cost_usd
                         FROM agentgov.usage_report(%s, 'daily', (now() AT TIME ZONE 'UTC')::date,
                                                    (now() AT TIME ZONE 'UTC')::date)""", (org,))
        return cur.fetchall()
    return request(conn, actor, work)


def delete_usage(conn, actor, org):
    def work(cur):
        cur.execute("DELETE FROM agentgov.usage_events WHERE org_id = %s", (org,))
    request(conn, actor, work)


# ---- The demo: every request above, and the refusals -------------------------

def attempt(what, call, *args):
    """Runs a request the demo expects to be refused; prints the status."""
    try:
        call(*args)
    except Refused as r:
        print(f"{what}: refused, {r.status} (SQLSTATE {r.sqlstate})")
        return r
    raise AssertionError(f"{what}: not refused")


def demo(conn):
    tag = uuid.uuid4().hex[:8]          # lets the demo run more than once on a database
    alice, bob, carol = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    for user, name in ((alice, 'alice'), (bob, 'bob'), (carol, 'carol')):
        sign_up(conn, user, f"{name}-{tag}@example.com", f"{name}-{tag}")
    org = create_organization(conn, alice, 'Acme', f"acme-{tag}", [(bob, 'MEMBER')])
    project = create_project(conn, alice, org, 'Checkout')
    print("alice and bob are in Acme; carol signed up on her own")

    first = draft_artifact(conn, alice, org, project, 'PRD', {'title': 'Checkout'})
    second = draft_artifact(conn, alice, org, project, 'PRD', {'title': 'Checkout', 'scope': 'EU'})
    print(f"alice drafts the PRD twice: versions {first['version']} and {second['version']}")
    print(f"alice sends version 2 to review: {transition(conn, alice, second['id'], 'REVIEW')}")
    attempt("alice approves her own PRD", transition, conn, alice, second['id'], 'APPROVED')
    print(f"bob approves it: {transition(conn, bob, second['id'], 'APPROVED', 'looks right')}")
    attempt("alice edits the approved PRD", edit_artifact, conn, alice, second['id'], {'title': 'x'})

    attempt("bob scores the gate with a score of 120", decide_gate, conn, bob, project, 'VRC',
            [{'name': 'problem_clarity', 'score': 120}], 'typo')
    gate = decide_gate(conn, bob, project, 'VRC',
                       [{'name': 'problem_clarity', 'score': 82}, {'name': 'evidence_strength', 'score': 74}],
                       'problem is specific')
    print(f"bob scores the VRC gate: {gate['decision']} with {gate['score']}")

    run = request_run(conn, bob, org, project, 'coder', 0.50, 2.00)
    set_run_status(conn, bob, run, 'approved')
    attempt("bob starts the run without a governance approval", set_run_status, conn, bob, run, 'running')
    record_approval(conn, bob, run, 'scope is clear')
    print(f"bob records the approval and starts the run: {set_run_status(conn, bob, run, 'running')}")
    cost = record_usage(conn, bob, org, project, run,
                        [('claude-sonnet-4', 12000, 3000), ('claude-sonnet-4', 8000, 1000)])
    print(f"two LLM calls recorded; the run has cost {cost} USD")
    for row in usage_today(conn, alice, org):
        print(f"usage today: {row['events']} events, {row['tokens_in']} + {row['tokens_out']} tokens, "
              f"{row['cost_usd']} USD")
    attempt("alice deletes the usage events", delete_usage, conn, alice, org)
    attempt("bob sends the running run back to the queue", set_run_status, conn, bob, run, 'queued')

    expensive = request_run(conn, bob, org, project, 'coder', 3.00, 2.00)
    record_approval(conn, bob, expensive, 'worth it')
    set_run_status(conn, bob, expensive, 'approved')
    attempt("bob starts a run estimated above its cost limit", set_run_status, conn, bob, expensive, 'running')

    solo = create_organization(conn, carol, 'Solo', f"solo-{tag}")
    for name in ('One', 'Two', 'Three'):
        create_project(conn, carol, solo, name)
    attempt("carol creates a 4th project on the BASIC plan", create_project, conn, carol, solo, 'Four')
    print(f"carol sees the projects {', '.join(list_projects(conn, carol))}")
    attempt("carol creates a project in Acme", create_project, conn, carol, org, 'Intrusion')
    print(f"alice sees the projects {', '.join(list_projects(conn, alice))}")


# ---- Two clients, two actors, one pool ---------------------------------------

def two_clients(dsn, pooled):
    """Dana and Erin, each in an organization of her own, use two clients
    whose requests interleave.  Through PgBouncer in transaction pooling mode
    their transactions share server connections; each must still see only
    her own organization's rows, and no transaction may start with the
    previous one's actor."""
    tag = uuid.uuid4().hex[:8]
    clients = {}
    for name in ('dana', 'erin'):
        conn = connect(dsn, pooled)
        user = uuid.uuid4()
        sign_up(conn, user, f"{name}-{tag}@example.com", f"{name}-{tag}")
        org = create_organization(conn, user, name.title(), f"{name}-{tag}")
        clients[name] = (conn, user, org)

    def step(name, i):
        """One request: a conversation of her own, then everything she can
        see, and which server process ran the transaction."""
        conn, user, org = clients[name]
        with conn.transaction(), conn.cursor() as cur:
            cur.execute("SELECT agentgov.current_user_id() AS actor, pg_backend_pid() AS pid")
            before = cur.fetchone()
            assert before['actor'] is None, f"{name}'s transaction started as {before['actor']}"
            cur.execute("SELECT agentgov.set_actor(%s)", (user,))
            cur.execute("INSERT INTO agentgov.conversations (org_id, title, created_by_user_id) VALUES (%s, %s, %s)",
                        (org, f"{name} {i}", user))
            cur.execute("SELECT DISTINCT org_id FROM agentgov.conversations")
            seen = [r['org_id'] for r in cur]
            assert seen == [org], f"{name} sees the conversations of {seen}"
            return before['pid']

    pids = {'dana': set(), 'erin': set()}
    for i in range(1, 11):                      # dana, erin, dana, erin, ...
        for name in ('dana', 'erin'):
            pids[name].add(step(name, i))

    # Overlapping: dana's transaction stays open while erin's runs.
    dana_conn, dana, dana_org = clients['dana']
    with dana_conn.transaction(), dana_conn.cursor() as cur:
        cur.execute("SELECT agentgov.set_actor(%s)", (dana,))
        cur.execute("INSERT INTO agentgov.conversations (org_id, title, created_by_user_id) VALUES (%s, 'dana open', %s)",
                    (dana_org, dana))
        pids['erin'].add(step('erin', 11))
        cur.execute("SELECT count(*) AS n FROM agentgov.conversations")
        assert cur.fetchone()['n'] == 11, "dana's open transaction lost sight of her conversations"
    pids['dana'].add(step('dana', 12))

    for name, (conn, user, org) in clients.items():
        titles = request(conn, user, lambda cur: [r['title'] for r in cur.execute(
            "SELECT title FROM agentgov.conversations ORDER BY title")])
        assert sorted(titles) == sorted(
            [f"{name} {i}" for i in range(1, 11)] + [f"{name} {11 if name == 'erin' else 12}"]
            + (['dana open'] if name == 'dana' else [])), f"{name}'s conversations are wrong: {titles}"
        conn.close()
    shared = pids['dana'] & pids['erin']
    print(f"dana and erin: 23 interleaved requests, each saw only her own organization"
          + (f"; {len(shared)} server connection(s) served both" if pooled else ""))
    if pooled:
        assert shared, "no server connection served both clients: is this really going through PgBouncer?"


def main(argv):
    pooled = '--pooled' in argv
    args = [a for a in argv[1:] if a != '--pooled']
    if len(args) == 3 and args[0] == 'setup':
        setup(args[1], args[2])
    elif len(args) == 2 and args[0] == 'demo':
        with connect(args[1], pooled) as conn:
            demo(conn)
    elif len(args) == 2 and args[0] == 'two-clients':
        two_clients(args[1], pooled)
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main(sys.argv)
