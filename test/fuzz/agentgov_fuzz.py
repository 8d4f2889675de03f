#!/usr/bin/env python3
# ---------------------------------------------------------------------------
# agentgov_fuzz.py: the fuzz suite of issue 20 (docs/fuzz.md).
#
# Drives hostile statements against a database holding agentgov and the demo
# sample (scripts/demo/sample.sql), then checks invariants that no statement
# may break.  Everything it touches is found in the catalog, so new tables,
# columns, enum labels and C functions are covered without editing this file:
#   - tables: every table of schema agentgov (those with a C trigger, found
#     through pg_trigger joined to pg_proc with a C prolang, are chosen twice
#     as often);
#   - functions: every function of schema agentgov (C ones, trigger functions
#     included, twice as often), called with hostile arguments;
#   - values: generated per column type (NULL, empty, huge, malformed jsonb,
#     NaN/Infinity/negative numerics, boundary integers, wrong enum labels,
#     unknown ids and ids of another organization's rows).
# Statements run on one connection, in autocommit or in small transactions
# that commit (so commit-time rules run) or roll back, as the owner or as an
# application role (grant_app_access() + set_actor) acting for members of
# every role, non-members and nobody.
#
# Checks afterwards (each printed with its count; any failure -> exit 1):
#   restart        pg_postmaster_start_time unchanged, connection never lost
#   XX000          no statement raised an internal error
#   rollups        every *_rollups table equals the GROUP BY over usage_events
#   audit chain    agentgov.verify_audit_chain() is intact for every org
#   cross-tenant   no foreign key and no polymorphic reference column points
#                  at a row of another organization
#   plan           [issue 20 #2] no tenant (application role) changed a plan
#                  column or created a non-BASIC organization
#   rollup writes  [issue 20 #4] no direct write to a rollup table succeeded
#   NaN            [issue 20 #6] NaN/Infinity into usage_events refused as 22023
#                  naming the column, and no NaN or infinity stored in any
#                  numeric column of any table
#
# Deterministic from --seed: the statements depend only on the seed and on
# earlier outcomes (ids are generated here, pools are read in a fixed order).
# Every statement is appended to --log with its SQLSTATE, so a failure can
# also be replayed from the log with psql.
# ---------------------------------------------------------------------------
import argparse
import collections
import json
import random
import sys
import time
import uuid

import psycopg

APP_ROLE = "agentgov_fuzz_app"
NIL = "00000000-0000-0000-0000-000000000000"
# Functions that destroy the data the checks compare are only ever called in
# a transaction that is rolled back.  Purging usage events keeps their
# rollups by design, so after a committed purge rollups no longer equal a
# GROUP BY over the remaining events; apply_retention() purges too.
DESTRUCTIVE = {"purge_usage_events", "cleanup_old_data", "apply_retention"}
# Never called: they change the fuzz set-up itself, not the data.
SKIP_FUNCS = {"grant_app_access", "enable_row_security"}
PLAN_COLUMNS_PREFIX = "max_"


def lit(s):
    """A SQL string literal (standard_conforming_strings is on)."""
    return "'" + str(s).replace("'", "''") + "'"


class Column:
    def __init__(self, name, typ, typoid, notnull, hasdef, generated, identity, elemtype, typtype, maxlen):
        self.name, self.typ, self.typoid = name, typ, typoid
        self.notnull, self.hasdef = notnull, hasdef
        self.generated, self.identity = generated, identity
        self.elemtype, self.typtype, self.maxlen = elemtype, typtype, maxlen


class Table:
    def __init__(self, name):
        self.name = name
        self.qname = "agentgov." + name
        self.cols = []
        self.pk = []
        self.fks = []          # (cols, reftable, refcols)
        self.uniques = []      # column lists
        self.c_triggers = []
        self.pool = []         # primary key tuples (text), deterministic order
        self.templates = []    # a few rows, every column as text

    def col(self, name):
        for c in self.cols:
            if c.name == name:
                return c
        return None

    @property
    def has_org(self):
        return self.col("org_id") is not None


class Fuzzer:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.dsn = args.dsn
        self.log = open(args.log, "w") if args.log else None
        self.counts = collections.Counter()       # SQLSTATE -> n
        self.kinds = collections.Counter()        # statement kind -> n
        self.kind_time = collections.Counter()    # statement kind -> seconds
        self.statements = 0                       # generated statements
        self.sent = 0                             # everything sent
        self.internal = []                        # (stmt, message)
        self.lost = []                            # statements that lost the connection
        self.violations = collections.defaultdict(list)
        self.transitions = collections.Counter()  # (table, from, to, ok)
        self.swept = set()                        # (table, from status) swept
        self.nan_probes = collections.Counter()   # (table, column, sqlstate)
        self.connect()

    # ---- connection --------------------------------------------------------
    def connect(self):
        self.conn = psycopg.connect(self.dsn, autocommit=True, prepare_threshold=None)
        self.conn.add_notice_handler(lambda n: None)
        self.cur = self.conn.cursor()
        self.cur.execute("SET statement_timeout = '30s'")
        self.cur.execute("SET client_min_messages = warning")

    def reconnect(self):
        deadline = time.time() + 120
        while True:
            try:
                self.connect()
                return
            except psycopg.OperationalError:
                if time.time() > deadline:
                    raise
                time.sleep(1)

    def q(self, sql):
        """A query of the fuzzer itself (not counted), as the owner.  A connection
        lost meanwhile (another session crashed the server) is recorded, and the
        query retried on a new connection."""
        try:
            self.cur.execute(sql)
        except psycopg.OperationalError as e:
            if not (self.conn.broken or self.conn.closed):
                raise
            self.lost.append(("(a query of the fuzzer) " + sql[:200], str(e).split("\n")[0]))
            self.reconnect()
            self.cur.execute(sql)
        return self.cur.fetchall() if self.cur.description else []

    def emit(self, line):
        if self.log:
            self.log.write(line + "\n")

    def run(self, stmt, kind, copy_rows=None, prefix=""):
        """Sends one statement (after prefix, control statements sent in the
        same round trip); returns (sqlstate, rowcount)."""
        self.sent += 1
        if kind != "control":
            self.statements += 1
            self.kinds[kind] += 1
        state, rowcount, msg = "00000", 0, ""
        t0 = time.time()
        try:
            if copy_rows is not None:
                with self.cur.copy(stmt) as cp:
                    cp.write("".join(r + "\n" for r in copy_rows))
            else:
                self.cur.execute(prefix + stmt)
                while self.cur.nextset():
                    pass
            rowcount = self.cur.rowcount
        except psycopg.Error as e:
            state = e.sqlstate or "CONN"
            msg = str(e).split("\n")[0]
            if self.conn.broken or self.conn.closed:
                state = "CONN"
                self.lost.append((stmt, msg))
                self.emit("-- CONNECTION LOST: " + msg)
                self.reconnect()
            elif state == "XX000":
                self.internal.append((stmt, msg))
        self._last_msg = msg
        self.kind_time[kind] += time.time() - t0
        if kind != "control":
            self.counts[state] += 1
        if copy_rows is not None:
            self.emit(stmt + ";\n" + "".join(r + "\n" for r in copy_rows) + "\\.")
        else:
            self.emit(prefix + stmt + ";")
        self.emit("-- %s %s" % (state, msg[:200]))
        return state, rowcount

    # ---- catalog -----------------------------------------------------------
    def load_catalog(self):
        self.tables = {}
        for (name,) in self.q("""
                SELECT c.relname FROM pg_class c
                 WHERE c.relnamespace = 'agentgov'::regnamespace AND c.relkind IN ('r', 'p')
                 ORDER BY 1"""):
            self.tables[name] = Table(name)
        for row in self.q("""
                SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.atttypid::int,
                       a.attnotnull, a.atthasdef, a.attgenerated <> '', a.attidentity <> '',
                       format_type(t.typelem, NULL), t.typtype,
                       CASE WHEN a.atttypid IN (1043, 1042) AND a.atttypmod > 4 THEN a.atttypmod - 4 END
                  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                  JOIN pg_type t ON t.oid = a.atttypid
                 WHERE c.relnamespace = 'agentgov'::regnamespace AND c.relkind IN ('r', 'p')
                   AND a.attnum > 0 AND NOT a.attisdropped
                 ORDER BY c.relname, a.attnum"""):
            t = self.tables[row[0]]
            elem = row[8] if row[8] not in (None, "-") else None
            t.cols.append(Column(row[1], row[2], row[3], row[4], row[5], row[6], row[7], elem, row[9], row[10]))
        for rel, contype, cols, ref, refcols in self.q("""
                SELECT c.relname, k.contype,
                       array(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(n, o)
                              JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.o),
                       r.relname,
                       array(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(n, o)
                              JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.o)
                  FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
                  LEFT JOIN pg_class r ON r.oid = k.confrelid
                 WHERE c.relnamespace = 'agentgov'::regnamespace AND k.contype IN ('p', 'u', 'f')
                 ORDER BY c.relname, k.conname"""):
            t = self.tables[rel]
            if contype == "p":
                t.pk = cols
            elif contype == "u":
                t.uniques.append(cols)
            elif ref in self.tables:
                t.fks.append((cols, ref, refcols))
        for rel, fn in self.q("""
                SELECT DISTINCT c.relname, p.proname
                  FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid
                  JOIN pg_proc p ON p.oid = tg.tgfoid JOIN pg_language l ON l.oid = p.prolang
                 WHERE c.relnamespace = 'agentgov'::regnamespace AND NOT tg.tgisinternal
                   AND l.lanname = 'c'
                 ORDER BY 1, 2"""):
            self.tables[rel].c_triggers.append(fn)
        self.enums = collections.defaultdict(list)
        for typ, label in self.q("""
                SELECT format_type(e.enumtypid, NULL), e.enumlabel FROM pg_enum e
                  JOIN pg_type t ON t.oid = e.enumtypid
                 WHERE t.typnamespace = 'agentgov'::regnamespace ORDER BY 1, e.enumsortorder"""):
            self.enums[typ].append(label)
        self.funcs = []
        for name, lang, argtypes, proretset, trig in self.q("""
                SELECT p.proname, l.lanname,
                       array(SELECT format_type(x, NULL) FROM unnest(p.proargtypes) x),
                       p.proretset, p.prorettype = 'trigger'::regtype
                  FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
                 WHERE p.pronamespace = 'agentgov'::regnamespace AND p.prokind = 'f'
                 ORDER BY 1, 3"""):
            if name in SKIP_FUNCS:
                continue
            self.funcs.append((name, lang, argtypes, proretset, trig))
        self.table_names = sorted(self.tables)
        self.weighted_tables = []
        for n in self.table_names:
            self.weighted_tables += [n] * (2 if self.tables[n].c_triggers else 1)
        self.weighted_funcs = []
        for f in self.funcs:
            # C functions called from SQL most, trigger functions (which only
            # check that they are fired as triggers) least.
            self.weighted_funcs += [f] * (1 if f[4] else 4 if f[1] == "c" else 2)
        self.rollup_tables = [n for n in self.table_names if n.endswith("_rollups")]

    def refresh_pools(self):
        """Primary keys of up to 400 rows per table: a window at a random offset, in physical order."""
        counts = self.q("SELECT " + ", ".join("(SELECT count(*) FROM %s)" % self.tables[n].qname
                                              for n in self.table_names))[0]
        for name, n in zip(self.table_names, counts):
            t = self.tables[name]
            if not t.pk:
                continue
            cols = ", ".join("%s::text" % c for c in t.pk)
            off = self.rng.randrange(n - 399) if n > 400 else 0
            t.pool = [tuple(r) for r in self.q("SELECT %s FROM %s ORDER BY ctid LIMIT 400 OFFSET %d" % (
                cols, t.qname, off))]
            off = self.rng.randrange(n - 11) if n > 12 else 0
            t.templates = [tuple(r) for r in self.q("SELECT %s FROM %s ORDER BY ctid LIMIT 12 OFFSET %d" % (
                ", ".join("%s::text" % c.name for c in t.cols), t.qname, off))]
        self.orgs = [r[0] for r in self.q("SELECT id::text FROM agentgov.organizations ORDER BY ctid")]
        self.members = [tuple(r) for r in self.q(
            "SELECT org_id::text, user_id::text, role::text FROM agentgov.organization_members ORDER BY ctid")]
        self.users = [r[0] for r in self.q("SELECT id::text FROM agentgov.users ORDER BY ctid")]
        # id -> org of every tenant row, to pick same-org or foreign ids.
        self.by_org = {}
        for name in self.table_names:
            t = self.tables[name]
            if "id" in t.pk and t.col("id").typ == "uuid":
                org_of = collections.defaultdict(list)
                has_org = t.has_org
                if has_org and "org_id" not in t.pk:
                    for oid, rid in self.q("SELECT org_id::text, id::text FROM %s ORDER BY ctid LIMIT 400" % t.qname):
                        org_of[oid].append(rid)
                else:
                    for key in t.pool:
                        row = dict(zip(t.pk, key))
                        org_of[row.get("org_id") if has_org else None].append(row["id"])
                self.by_org[t.name] = org_of

    # ---- values ------------------------------------------------------------
    def pick(self, seq):
        return seq[self.rng.randrange(len(seq))] if seq else None

    def ref_id(self, table, org, foreign=False):
        """An id of a row of table in org (or, foreign, in another org)."""
        org_of = self.by_org.get(table, {})
        if table in self.tables and not self.tables[table].has_org:
            return self.pick(org_of.get(None, []))
        if foreign:
            keys = [k for k in sorted(org_of, key=lambda x: x or "") if k != org]
        else:
            keys = [org] if org in org_of else []
        if not keys:
            return None
        return self.pick(org_of[self.pick(keys)])

    def any_id(self):
        """An id of any row of any table."""
        org_of = self.by_org[self.pick(sorted(self.by_org))]
        ids = [i for k in sorted(org_of, key=lambda x: x or "") for i in org_of[k]]
        return self.pick(ids)

    def new_uuid(self):
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def hostile(self, col, org=None, template=None):
        """A SQL expression for a hostile (or plausible) value of col."""
        r = self.rng.random()
        typ = col.typ
        if r < 0.07:
            return "NULL"
        if r < 0.30 and template is not None:
            return template
        if typ in self.enums:
            labels = self.enums[typ]
            r = self.rng.random()
            if r < 0.75:
                return "%s::%s" % (lit(self.pick(labels)), typ)
            if r < 0.85:
                return "%s::%s" % (lit(self.pick(labels).lower() if self.pick([0, 1]) else self.pick(labels).upper()), typ)
            if r < 0.95:
                other = self.pick(sorted(self.enums))
                return "%s::%s" % (lit(self.pick(self.enums[other])), typ)
            return "%s::%s" % (lit(self.pick(["", "bogus", " " + labels[0], labels[0] + "\t"])), typ)
        if typ == "uuid":
            r = self.rng.random()
            if r < 0.35:
                v = self.ref_id(self.ref_table_of(col), org)
            elif r < 0.65:
                v = self.ref_id(self.ref_table_of(col), org, foreign=True)
            elif r < 0.80:
                v = self.any_id()
            elif r < 0.90:
                v = self.new_uuid()
            else:
                v = self.pick([NIL, "ffffffff-ffff-ffff-ffff-ffffffffffff"])
            return "%s::uuid" % lit(v) if v else "NULL"
        if typ in ("integer", "smallint", "bigint"):
            vals = ["0", "1", "-1", "2", "3", "5", "20", "100", "2147483647", "-2147483648",
                    "2147483648", "-2147483649", str(self.rng.randint(-10, 1000))]
            if typ == "bigint":
                vals += ["9223372036854775807", "-9223372036854775808", str(self.rng.randint(0, 10**7))]
            return "%s::numeric" % lit(self.pick(vals))
        if typ.startswith("numeric"):
            vals = ["NaN", "Infinity", "-Infinity", "-1", "0", "0.5", "1", "0.99", "1.01", "100",
                    "100.5", "99999999", "1e30", "-0.000001", "1e-30",
                    "%.4f" % self.rng.uniform(0, 50)]
            return "%s::numeric" % lit(self.pick(vals))
        if typ in ("real", "double precision"):
            return "%s::%s" % (lit(self.pick(["NaN", "Infinity", "-Infinity", "-0", "0", "1e38", "0.5", "-1"])), typ)
        if typ == "boolean":
            return self.pick(["true", "false"])
        if typ in ("text",) or typ.startswith("character varying"):
            n = col.maxlen or 1000
            vals = ["''", "' '", "repeat('x', %d)" % n, "repeat('x', %d)" % (n + 1),
                    "repeat('x', 100000)", lit("'); DROP TABLE agentgov.users; --"),
                    lit("\u00ff\u20ac\U0001F600 caf\u00e9"), lit("NULL"), lit("%s%n%x"),
                    lit("a@b.c"), lit("UPPER@Case.Example"), lit("not an email"), lit("-bad-slug-"),
                    lit("z%05d" % self.rng.randrange(100000)), lit("\\x00")]
            return self.pick(vals)
        if typ in ("jsonb", "json"):
            vals = ["'{}'", "'[]'", "'null'", "'\"s\"'", "'0'", "'-1'", "'true'", "'{\"a\": null}'",
                    "(repeat('[', 3000) || repeat(']', 3000))",
                    "(SELECT jsonb_agg(g) FROM generate_series(1, 20000) g)",
                    "(SELECT jsonb_object_agg('k' || g, g) FROM generate_series(1, 5000) g)",
                    "'[{\"name\": \"a\", \"score\": \"NaN\"}]'",
                    "'[{\"name\": \"a\", \"score\": 1e400}]'",
                    "'[{\"name\": \"a\", \"score\": -1, \"weight\": 0}]'",
                    "'[{\"name\": \"a\", \"score\": 50}, {\"name\": \"a\", \"score\": 60}]'",
                    "'[{\"name\": \"a\", \"score\": 101, \"min\": -5}]'",
                    "'[{\"score\": 80, \"weight\": 1e308}]'",
                    "'[null, 1, \"x\", {}]'",
                    "'{\"assumptions\": [{\"metric\": \"latency\", \"value\": \"NaN\", \"evidence_tier\": \"T9\"}]}'",
                    "'{\"assumptions\": \"nope\"}'",
                    "'{\"\\u0000\": 1}'"]
            return "(%s)::%s" % (self.pick(vals), typ)
        if typ.startswith("timestamp"):
            return self.pick(["now()", "'infinity'::timestamptz", "'-infinity'::timestamptz",
                              "'4713-01-01 00:00+00 BC'::timestamptz", "'294276-12-31 00:00+00'::timestamptz",
                              "'2000-01-01 00:00+00'::timestamptz", "now() - interval '400 days'",
                              "now() + interval '1 hour'", "now() - interval '1 hour'"])
        if typ == "date":
            return self.pick(["current_date", "'infinity'::date", "'-infinity'::date", "'4713-01-01 BC'::date",
                              "'5874897-12-31'::date", "current_date - 400", "current_date + 1"])
        if typ == "interval":
            return self.pick(["'1 day'::interval", "'-1 day'::interval", "'0'::interval",
                              "'178000000 years'::interval", "'1 microsecond'::interval"])
        if typ == "bytea":
            return self.pick(["''::bytea", "'\\x00ff'::bytea", "decode(repeat('ab', 100000), 'hex')",
                              "agentgov.hash_token('x')", "decode(repeat('00', 32), 'hex')"])
        if typ == "inet":
            return self.pick(["'::1'::inet", "'10.0.0.1/8'::inet", "'255.255.255.255'::inet"])
        if typ.endswith("[]"):
            elem = col.elemtype or typ[:-2]
            if elem == "uuid":
                ids = [self.any_id() or NIL for _ in range(self.rng.randrange(0, 4))]
                return self.pick(["'{}'::uuid[]", "'{NULL}'::uuid[]",
                                  "ARRAY[%s]::uuid[]" % ", ".join(lit(i) for i in ids) if ids else "'{}'::uuid[]"])
            if elem == "real":
                return self.pick(["'{}'::real[]", "array_fill(0.5::real, ARRAY[384])",
                                  "array_fill(0.5::real, ARRAY[385])", "'{NaN, Infinity}'::real[]",
                                  "'{{1,2},{3,4}}'::real[]", "array_fill(NULL::real, ARRAY[384])"])
            return "'{}'::%s" % typ
        return "NULL"

    def ref_table_of(self, col):
        """The table a uuid column refers to (by foreign key, else by name)."""
        t = self.cur_table
        for cols, ref, refcols in t.fks:
            if col.name in cols and col.name != "org_id":
                return ref
        if col.name == "org_id":
            return "organizations"
        base = col.name[:-3] if col.name.endswith("_id") else col.name
        for cand in (base + "s", base.split("_")[-1] + "s"):
            if cand in self.tables:
                return cand
        return self.pick(sorted(self.by_org))

    # ---- rows --------------------------------------------------------------
    def where(self, t, key):
        return " AND ".join("%s = %s" % (c, lit(v)) for c, v in zip(t.pk, key))

    def template(self, t):
        """The columns of a random existing row as SQL literals, or None."""
        if not t.pool:
            return None
        if not t.templates:
            return None
        row = self.pick(t.templates)
        return {c.name: ("NULL" if v is None else "%s::%s" % (lit(v), c.typ)) for c, v in zip(t.cols, row)}

    def insert_values(self, t, rehome):
        """Column -> expression for a new row of t: a mutated copy of an existing one."""
        self.cur_table = t
        tpl = self.template(t) or {}
        org = None
        if t.has_org:
            org = tpl.get("org_id", "NULL")
            org = org.split("'")[1] if org != "NULL" else None
            if rehome or org is None:
                org = self.pick(self.orgs)
        vals = {}
        for c in t.cols:
            if c.generated or c.identity:
                continue
            if c.name in tpl:
                vals[c.name] = tpl[c.name]
        if t.has_org and org:
            vals["org_id"] = "%s::uuid" % lit(org)
        if "id" in vals and t.col("id").typ == "uuid":
            vals["id"] = "%s::uuid" % lit(self.new_uuid())
        if rehome and org:
            for cols, ref, refcols in t.fks:
                for c in cols:
                    if c != "org_id" and t.col(c).typ == "uuid":
                        v = self.ref_id(ref, org)
                        vals[c] = "%s::uuid" % lit(v) if v else "NULL"
        # Unique text columns get a fresh prefix, so copies are not all duplicates.
        for u in t.uniques:
            for c in u:
                col = t.col(c)
                if c in vals and vals[c] != "NULL" and (col.typ == "text" or col.typ.startswith("character varying")):
                    if self.rng.random() < 0.9:
                        vals[c] = "(%s || %s)::%s" % (lit("z%06d" % self.rng.randrange(10**6)), vals[c], col.typ)
                if col and col.typ == "bytea" and c in vals and self.rng.random() < 0.9:
                    vals[c] = "agentgov.hash_token(%s)" % lit(self.new_uuid())
        # Drop server-maintained columns now and then, so defaults and triggers fill them.
        for c in list(vals):
            col = t.col(c)
            if col.hasdef and c not in ("org_id",) and self.rng.random() < 0.5:
                del vals[c]
        for _ in range(self.rng.choice([0, 0, 1, 1, 2, 3])):
            col = self.pick([c for c in t.cols if not c.generated and not c.identity])
            vals[col.name] = self.hostile(col, org, tpl.get(col.name))
        return vals

    # ---- statement kinds ----------------------------------------------------
    def pick_table(self):
        return self.tables[self.pick(self.weighted_tables)]

    def gen_insert(self):
        t = self.pick_table()
        vals = self.insert_values(t, rehome=self.rng.random() < 0.4)
        if not vals:
            return "INSERT INTO %s DEFAULT VALUES" % t.qname, t
        nrows = 1 if self.rng.random() < 0.85 else self.rng.randint(2, 4)
        rows = [vals] + [self.insert_values(t, rehome=False) for _ in range(nrows - 1)]
        cols = sorted(set().union(*[set(r) for r in rows]), key=lambda c: [x.name for x in t.cols].index(c))
        body = ", ".join("(" + ", ".join(r.get(c, "DEFAULT") for c in cols) + ")" for r in rows)
        return "INSERT INTO %s (%s) VALUES %s" % (t.qname, ", ".join(cols), body), t

    def gen_update(self, t=None, columns=None):
        t = t or self.pick_table()
        self.cur_table = t
        if not t.pool:
            return None, t
        key = self.pick(t.pool)
        row = dict(zip(t.pk, key))
        org = row.get("org_id") or self.pick(self.orgs)
        cands = [c for c in t.cols if not c.generated and not c.identity]
        if columns is None:
            columns = [self.pick(cands) for _ in range(self.rng.choice([1, 1, 1, 2, 3]))]
        sets = {}
        for c in columns:
            sets[c.name] = self.hostile(c, org)
        where = self.where(t, key) if self.rng.random() < 0.9 else "%s = %s" % (t.pk[0], lit(key[0]))
        return "UPDATE %s SET %s WHERE %s" % (
            t.qname, ", ".join("%s = %s" % kv for kv in sets.items()), where), t

    def gen_delete(self):
        t = self.pick_table()
        if not t.pool:
            return None, t
        key = self.pick(t.pool)
        return "DELETE FROM %s WHERE %s" % (t.qname, self.where(t, key)), t

    def gen_copy(self):
        t = self.pick_table()
        vals = self.insert_values(t, rehome=self.rng.random() < 0.4)
        cols = list(vals)
        if not cols:
            return None, None, t
        # COPY takes text: evaluate the expressions first, as the owner.
        try:
            row = self.q("SELECT %s" % ", ".join("(%s)::text" % vals[c] for c in cols))[0]
        except psycopg.Error:
            return None, None, t
        def enc(v):
            if v is None:
                return "\\N"
            return v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        lines = ["\t".join(enc(v) for v in row)]
        if self.rng.random() < 0.2:
            lines.append(self.pick(["garbage", "\t".join(["x"] * (len(cols) + 1)), "\\N"]))
        return "COPY %s (%s) FROM STDIN" % (t.qname, ", ".join(cols)), lines, t

    def gen_status(self):
        """A status transition of a row of a table with a status enum (artifacts, agent_runs ...)."""
        names = [n for n in self.table_names if self.tables[n].col("status") is not None
                 and self.tables[n].col("status").typ in self.enums and self.tables[n].pool]
        prefer = [n for n in ("artifacts", "agent_runs") if n in names]
        name = self.pick(prefer) if prefer and self.rng.random() < 0.7 else self.pick(names)
        t = self.tables[name]
        key = self.pick(t.pool)
        cur = self.q("SELECT status::text FROM %s WHERE %s" % (t.qname, self.where(t, key)))
        if not cur:
            return None, None, t
        to = self.pick(self.enums[t.col("status").typ])
        if name == "artifacts" and self.rng.random() < 0.4:
            actor = self.pick(self.users)
            return ("SELECT agentgov.artifact_transition(%s, %s, %s, %s)" % (
                lit(key[t.pk.index("id")]) + "::uuid", lit(to) + "::agentgov.artifact_status",
                lit(actor) + "::uuid" if actor else "NULL", lit("fuzz"))), (name, cur[0][0], to), t
        extra = ""
        if self.rng.random() < 0.3:
            self.cur_table = t
            c = self.pick([c for c in t.cols if c.name not in ("status",) and not c.generated and not c.identity])
            extra = ", %s = %s" % (c.name, self.hostile(c, dict(zip(t.pk, key)).get("org_id")))
        return "UPDATE %s SET status = %s%s WHERE %s" % (
            t.qname, lit(to) + "::" + t.col("status").typ, extra, self.where(t, key)), (name, cur[0][0], to), t

    def gen_plan(self):
        t = self.tables["organizations"]
        self.cur_table = t
        key = self.pick(t.pool)
        cols = [c for c in t.cols if c.name.startswith(PLAN_COLUMNS_PREFIX) or c.name == "subscription_tier"]
        chosen = {self.pick(cols).name: None for _ in range(self.rng.choice([1, 1, 2]))}
        sets = []
        for c in [t.col(n) for n in chosen]:
            if c.typ == "integer" and self.rng.random() < 0.6:
                sets.append("%s = %s" % (c.name, self.pick(["-1", "-2147483648", "0", "1", "1000", "NULL", "2147483647"])))
            else:
                sets.append("%s = %s" % (c.name, self.hostile(c)))
        return "UPDATE %s SET %s WHERE %s" % (t.qname, ", ".join(sets), self.where(t, key)), t

    def gen_cross(self):
        """Points a reference column at another organization's row, or moves a row to another org."""
        names = [n for n in self.table_names if self.tables[n].has_org and self.tables[n].pool]
        referenced = sorted({ref for n in names for _, ref, _ in self.tables[n].fks} & set(names))
        t = self.tables[self.pick(referenced if referenced and self.rng.random() < 0.5 else names)]
        self.cur_table = t
        key = self.pick(t.pool)
        row = dict(zip(t.pk, key))
        org = row.get("org_id")
        refcols = [c for cols, ref, rc in t.fks for c in cols if c != "org_id"]
        polymorphic = [c.name for c in t.cols if c.name in ("scope_id", "entity_id", "record_id")]
        if self.rng.random() < 0.4 or not refcols + polymorphic:
            other = self.pick([o for o in self.orgs if o != org] or self.orgs)
            sets = "org_id = %s::uuid" % lit(other)
        else:
            c = t.col(self.pick(refcols + polymorphic))
            ref = self.ref_table_of(c)
            if c.name == "scope_id":
                ref = self.pick(["projects", "agents"])
            v = self.ref_id(ref, org, foreign=True)
            if v is None:
                return None, t
            sets = "%s = %s::uuid" % (c.name, lit(v))
        return "UPDATE %s SET %s WHERE %s" % (t.qname, sets, self.where(t, key)), t

    def gen_call(self):
        name, lang, argtypes, retset, _ = self.pick(self.weighted_funcs)
        args = []
        org = self.pick(self.orgs)
        self.cur_table = self.tables["organizations"]
        for a in argtypes:
            fake = Column("x", a, 0, False, False, False, False, None, "b", None)
            if a == "uuid":
                ref = self.pick(["projects", "artifacts", "agent_runs", "phase_gate_decisions",
                                 "divergence_reports", "organizations", "users", "budget_limits",
                                 "specifications", "agents"])
                r = self.rng.random()
                v = (self.ref_id(ref, org) if r < 0.5 else self.ref_id(ref, org, foreign=True) if r < 0.7
                     else self.any_id() if r < 0.8 else self.new_uuid() if r < 0.93 else None)
                if ref in ("organizations",) and r < 0.7:
                    v = self.pick(self.orgs)
                if ref == "users" and r < 0.7:
                    v = self.pick(self.users)
                args.append("%s::uuid" % lit(v) if v else "NULL::uuid")
            elif a == "regrole":
                args.append(self.pick(["'postgres'::regrole", "NULL::regrole", "'%s'::regrole" % APP_ROLE]))
            elif a == "regclass":
                args.append(self.pick(["'agentgov.usage_events'::regclass", "'pg_class'::regclass",
                                       "NULL::regclass", "0::regclass"]))
            elif a == "text[]":
                args.append(self.pick(["'{}'::text[]", "'{project}'::text[]", "'{agent,model,project}'::text[]",
                                       "'{bogus}'::text[]", "'{NULL}'::text[]", "NULL::text[]",
                                       "'{model,model}'::text[]", "'{{project}}'::text[]"]))
            else:
                v = self.hostile(fake)
                args.append("NULL::%s" % a if v == "NULL" else "(%s)::%s" % (v, a))
        call = "agentgov.%s(%s)" % (name, ", ".join(args))
        stmt = ("SELECT * FROM %s" % call) if retset else ("SELECT %s" % call)
        return stmt, name

    # ---- units -------------------------------------------------------------
    def begin_sql(self, actor):
        """BEGIN, and for the application role (actor not False) SET ROLE and set_actor."""
        if actor is False:
            return "BEGIN; "
        return "BEGIN; SET LOCAL ROLE %s; SELECT agentgov.set_actor(%s); " % (
            APP_ROLE, lit(actor) + "::uuid" if actor else "NULL")

    def begin(self, actor):
        self.run(self.begin_sql(actor).rstrip("; "), "control")

    def actor(self):
        """An actor for the application role: a member of some role, a stranger, nobody."""
        r = self.rng.random()
        if r < 0.8 and self.members:
            m = self.pick(self.members)
            return m[1]
        if r < 0.9:
            return self.pick(self.users)
        if r < 0.95:
            return self.new_uuid()
        return None

    def statement(self):
        """One generated statement: (sql, kind, copy_rows, table, extra)."""
        r = self.rng.random()
        if r < 0.30:
            s, t = self.gen_insert()
            return s, "insert", None, t, None
        if r < 0.50:
            s, t = self.gen_update()
            return s, "update", None, t, None
        if r < 0.60:
            s, tr, t = self.gen_status()
            return s, "status", None, t, tr
        if r < 0.64:
            s, t = self.gen_plan()
            return s, "plan", None, t, None
        if r < 0.71:
            s, t = self.gen_cross()
            return s, "cross", None, t, None
        if r < 0.75:
            s, t = self.gen_delete()
            return s, "delete", None, t, None
        if r < 0.80:
            s, rows, t = self.gen_copy()
            return s, "copy", rows, t, None
        if r < 0.81:
            t = self.pick_table()
            return "TRUNCATE %s" % t.qname, "truncate", None, t, None
        s, fn = self.gen_call()
        return s, "call", None, None, fn

    def plan_of(self, org):
        cols = [c.name for c in self.tables["organizations"].cols
                if c.name.startswith(PLAN_COLUMNS_PREFIX) or c.name == "subscription_tier"]
        rows = self.q("SELECT %s FROM agentgov.organizations WHERE id = %s" % (
            ", ".join("%s::text" % c for c in cols), lit(org)))
        return tuple(rows[0]) if rows else None

    def unit(self):
        """One autocommit statement or a small transaction, as the owner or the app role."""
        app = self.rng.random() < self.args.app_share
        ntx = 1 if self.rng.random() < 0.55 else self.rng.randint(2, 5)
        stmts = [self.statement() for _ in range(ntx)]
        stmts = [s for s in stmts if s[0]]
        if not stmts:
            return
        destructive = any(s[1] == "truncate" or (s[1] == "call" and s[4] in DESTRUCTIVE) for s in stmts)
        in_tx = app or len(stmts) > 1 or destructive
        commit = not destructive and self.rng.random() < 0.85
        actor = self.actor() if app else None
        # Plan oracle: the plans of the organizations an app unit may touch.
        watch = app and any(s[3] is not None and s[3].name == "organizations" for s in stmts)
        before = {o: self.plan_of(o) for o in self.orgs} if watch else None
        rollup_writes = 0
        prefix = ""
        if in_tx:
            if stmts[0][2] is None:
                prefix = self.begin_sql(actor if app else False)
            else:
                self.begin(actor if app else False)
        unit_log = []
        failed = False
        for s, kind, rows, t, extra in stmts:
            state, n = self.run(s, kind, rows, prefix)
            prefix = ""
            unit_log.append((s, state, self.last_message))
            if kind == "status":
                self.transitions[(extra[0], extra[1], extra[2], state == "00000")] += 1
            if t is not None and t.name in self.rollup_tables and state == "00000" and n and n > 0 \
                    and kind in ("insert", "update", "delete", "copy", "status", "cross", "truncate"):
                rollup_writes += 1
            if t is not None and t.name in self.rollup_tables and kind == "truncate" and state == "00000":
                rollup_writes += 1
            if state != "00000":
                failed = True
                if state == "CONN":
                    return
                break
        if in_tx:
            if failed or not commit:
                self.run("ROLLBACK", "control")
                committed = False
            else:
                state, _ = self.run("COMMIT", "commit")
                committed = state == "00000"
        else:
            committed = not failed
        if committed and rollup_writes:
            self.violations["rollup writes"].append([(st, s[:300]) for s, st, m in unit_log
                                                     if any("agentgov.%s " % r in s for r in self.rollup_tables)])
        if watch and committed:
            after = {o: self.plan_of(o) for o in self.orgs if o in before}
            # A deleted organization (an ADMIN may delete its own) has no plan left to change.
            changed = [o for o in after if after[o] is not None and after[o] != before[o]]
            if changed:
                self.violations["plan"].append(("actor " + str(actor), [s[:300] for s, st, m in unit_log],
                                                {o: (before[o], after[o]) for o in changed}))

    # ---- dedicated probes --------------------------------------------------
    def nan_probe(self):
        """[issue 20 #6] A copy of a usage event with one numeric column NaN or infinite."""
        t = self.tables.get("usage_events")
        if t is None or not t.pool:
            return
        self.cur_table = t
        numerics = [c for c in t.cols if c.typ.startswith("numeric") and not c.generated]
        if not numerics:
            return
        c = self.pick(numerics)
        vals = self.insert_values_clean(t)
        if not vals:
            return
        value = self.pick(["NaN", "Infinity", "-Infinity"])
        vals[c.name] = "%s::numeric" % lit(value)
        cols = list(vals)
        stmt = "INSERT INTO %s (%s) VALUES (%s)" % (t.qname, ", ".join(cols), ", ".join(vals[x] for x in cols))
        state, _ = self.run(stmt, "nan")
        self.nan_probes[(t.name, c.name, state)] += 1
        # An infinity never reaches a column declared with a precision:
        # PostgreSQL's own type modifier refuses it (22003, "numeric field
        # overflow") before any trigger runs; NaN passes the modifier and
        # must be refused by agentgov as 22023 naming the column.
        if value != "NaN" and "(" in c.typ and state == "22003":
            return
        if state != "22023" or c.name not in (self.last_message or ""):
            self.violations["NaN"].append((state, self.last_message, stmt[:300]))

    def tenant_org_probe(self):
        """[issue 20 #2] create_organization() by a tenant with a paid tier."""
        actor = self.pick(self.users)
        tier = self.pick(self.enums.get("agentgov.subscription_tier", ["BASIC"]))
        slug = "fz%08d" % self.rng.randrange(10**8)
        self.begin(actor)
        state, _ = self.run("SELECT agentgov.create_organization(%s, %s, %s::agentgov.subscription_tier)" % (
            lit("Fuzz " + slug), lit(slug), lit(tier)), "call")
        if state != "00000":
            self.run("ROLLBACK", "control")
            return
        state, _ = self.run("COMMIT", "commit")
        if state == "00000":
            got = self.q("SELECT subscription_tier::text FROM agentgov.organizations WHERE slug = %s" % lit(slug))
            if got and got[0][0] != "BASIC":
                self.violations["plan"].append((actor, "create_organization tier %s" % tier, got[0][0]))

    def transition_sweep(self):
        """Every status transition of artifacts and agent_runs: from each status
        first seen in the data, an UPDATE to every label, each under a savepoint
        of a transaction that is rolled back (the row keeps its status)."""
        for name in ("artifacts", "agent_runs"):
            t = self.tables.get(name)
            if t is None or t.col("status") is None:
                continue
            labels = self.enums[t.col("status").typ]
            reached, moved = {}, set()
            rows = self.q("SELECT DISTINCT ON (status) status::text, %s FROM %s ORDER BY status, ctid" % (
                ", ".join("%s::text" % c for c in t.pk), t.qname))
            for row in rows:
                frm, key = row[0], tuple(row[1:])
                if (name, frm) in self.swept:
                    continue
                self.swept.add((name, frm))
                prefix = "BEGIN; SAVEPOINT sweep; "
                for to in labels:
                    state, _ = self.run("UPDATE %s SET status = %s::%s WHERE %s" % (
                        t.qname, lit(to), t.col("status").typ, self.where(t, key)), "status", prefix=prefix)
                    prefix = "ROLLBACK TO SAVEPOINT sweep; "
                    if state == "CONN":
                        return
                    self.transitions[(name, frm, to, state == "00000")] += 1
                    if state == "00000" and to not in reached:
                        reached[to] = (key, frm)
                self.run("ROLLBACK", "control")
            # Move one row for real into each status reached for the first time,
            # so that the next sweep starts from there too.
            present = {r[0] for r in rows}
            # A status no row has yet: a copy of a row inserted in it.
            for to in labels:
                if to not in present and to not in reached and (name, to) not in self.swept and t.pool:
                    vals = self.insert_values_clean(t)
                    if vals:
                        vals["status"] = "%s::%s" % (lit(to), t.col("status").typ)
                        self.run("INSERT INTO %s (%s) VALUES (%s)" % (
                            t.qname, ", ".join(vals), ", ".join(vals.values())), "insert")
            for to, (key, frm) in sorted(reached.items()):
                if to not in present and (name, to) not in self.swept and to not in moved:
                    moved.add(to)
                    self.run("UPDATE %s SET status = %s::%s WHERE %s AND status = %s::%s" % (
                        t.qname, lit(to), t.col("status").typ, self.where(t, key),
                        lit(frm), t.col("status").typ), "status")

    # ---- main loop ---------------------------------------------------------
    def setup(self):
        self.q("SELECT agentgov.enable_row_security()")
        if not self.q("SELECT 1 FROM pg_roles WHERE rolname = %s" % lit(APP_ROLE)):
            self.q("CREATE ROLE %s NOLOGIN NOSUPERUSER NOBYPASSRLS" % APP_ROLE)
        self.q("SELECT agentgov.grant_app_access(%s)" % lit(APP_ROLE))
        self.start_time = self.q("SELECT pg_postmaster_start_time()::text")[0][0]
        self.load_catalog()
        self.refresh_pools()
        # A third organization, and rows of every table in the others: copies
        # of the sample's rows moved there (children after parents, twice).
        self.run("INSERT INTO agentgov.organizations (id, name, slug, subscription_tier) VALUES "
                 "('a1000000-0000-4000-8000-0000000000f3', 'Fuzz Three', 'fuzz-three', 'PRO')", "control")
        self.run("INSERT INTO agentgov.organization_members (org_id, user_id, role) SELECT "
                 "'a1000000-0000-4000-8000-0000000000f3', id, (ARRAY['ADMIN','MEMBER','VIEWER'])[1 + (row_number() OVER (ORDER BY id))::int % 3]::agentgov.user_role "
                 "FROM agentgov.users", "control")
        self.run("INSERT INTO agentgov.organization_members (org_id, user_id, role) SELECT "
                 "'a1000000-0000-4000-8000-000000000002', id, 'MEMBER' FROM agentgov.users "
                 "ON CONFLICT DO NOTHING", "control")
        self.refresh_pools()
        for _ in range(3):
            for name in self.table_names:
                t = self.tables[name]
                if not t.has_org:
                    continue
                for _ in range(2):
                    vals = self.insert_values_clean(t)
                    if vals:
                        cols = list(vals)
                        self.run("INSERT INTO %s (%s) VALUES (%s)" % (
                            t.qname, ", ".join(cols), ", ".join(vals[c] for c in cols)), "control")
            self.refresh_pools()

    def insert_values_clean(self, t):
        """A copy of an existing row of t moved to another org, without hostile values."""
        self.cur_table = t
        tpl = self.template(t)
        if tpl is None:
            return None
        org = self.pick(self.orgs)
        vals = {c.name: tpl[c.name] for c in t.cols if not c.generated and not c.identity and c.name in tpl}
        vals["org_id"] = "%s::uuid" % lit(org)
        if "id" in vals and t.col("id").typ == "uuid":
            vals["id"] = "%s::uuid" % lit(self.new_uuid())
        for cols, ref, refcols in t.fks:
            for c in cols:
                if c != "org_id" and t.col(c).typ == "uuid" and vals.get(c, "NULL") != "NULL":
                    v = self.ref_id(ref, org)
                    vals[c] = "%s::uuid" % lit(v) if v else "NULL"
        for u in t.uniques:
            for c in u:
                col = t.col(c)
                if c in vals and vals[c] != "NULL" and (col.typ == "text" or col.typ.startswith("character varying")):
                    vals[c] = "(%s || %s)::%s" % (lit("z%06d" % self.rng.randrange(10**6)), vals[c], col.typ)
                if col and col.typ == "bytea" and c in vals:
                    vals[c] = "agentgov.hash_token(%s)" % lit(self.new_uuid())
        for c in list(vals):
            if c in ("version", "status", "created_at", "updated_at", "content_sha256") and t.col(c).hasdef:
                del vals[c]
        return vals

    @property
    def last_message(self):
        return getattr(self, "_last_msg", "")

    def fuzz(self):
        n = self.args.statements
        t0 = time.time()
        next_refresh = 0
        next_report = 0
        while self.statements < n:
            if self.statements >= next_refresh:
                self.refresh_pools()
                self.transition_sweep()
                next_refresh = self.statements + self.args.refresh
            r = self.rng.random()
            if r < 0.01:
                self.nan_probe()
            elif r < 0.015:
                self.tenant_org_probe()
            else:
                self.unit()
            if self.statements >= next_report:
                el = time.time() - t0
                print("  %d statements, %.0f s, %.0f statements/s" % (
                    self.statements, el, self.statements / el if el else 0), flush=True)
                next_report = self.statements + max(1000, n // 10)
        self.elapsed = time.time() - t0

    # ---- checks ------------------------------------------------------------
    def checks(self):
        results = []   # (name, problems, detail, known)
        try:
            now_start = self.q("SELECT pg_postmaster_start_time()::text")[0][0]
        except psycopg.Error:
            self.reconnect()
            now_start = self.q("SELECT pg_postmaster_start_time()::text")[0][0]
        restarts = (1 if now_start != self.start_time else 0) + len(self.lost)
        results.append(("server never restarted, connection never lost", restarts,
                        ["%s -- %s" % (s[:300], m) for s, m in self.lost[:5]], "issue 20 #1"))
        results.append(("no XX000 (internal error)", len(self.internal),
                        ["%s -- %s" % (s[:300], m) for s, m in self.internal[:5]], None))
        # Rollups equal GROUP BY over usage_events.
        diff = self.q("""
            WITH events AS (
                SELECT org_id, usage_date, project_id, agent_id, model, count(*) AS events,
                       sum(tokens_in) AS tokens_in, sum(tokens_out) AS tokens_out,
                       coalesce(sum(cost_usd), 0) AS cost_usd, count(*) FILTER (WHERE cost_usd IS NULL) AS unpriced
                  FROM agentgov.usage_events GROUP BY 1, 2, 3, 4, 5
            ), rollups AS (
                SELECT org_id, bucket_date, project_id, agent_id, model, events, tokens_in, tokens_out,
                       cost_usd, unpriced_events FROM agentgov.usage_rollups
            ), kinds AS (
                SELECT org_id, usage_date, agent_kind, count(*) AS events, sum(tokens_in) AS tokens_in,
                       sum(tokens_out) AS tokens_out, coalesce(sum(cost_usd), 0) AS cost_usd,
                       count(*) FILTER (WHERE cost_usd IS NULL) AS unpriced
                  FROM agentgov.usage_events WHERE agent_kind IS NOT NULL GROUP BY 1, 2, 3
            ), kind_rollups AS (
                SELECT org_id, bucket_date, agent_kind, events, tokens_in, tokens_out, cost_usd, unpriced_events
                  FROM agentgov.usage_kind_rollups
            )
            SELECT (SELECT count(*) FROM ((SELECT * FROM events EXCEPT SELECT * FROM rollups)
                                          UNION ALL (SELECT * FROM rollups EXCEPT SELECT * FROM events)) d),
                   (SELECT count(*) FROM ((SELECT * FROM kinds EXCEPT SELECT * FROM kind_rollups)
                                          UNION ALL (SELECT * FROM kind_rollups EXCEPT SELECT * FROM kinds)) d),
                   (SELECT count(*) FROM agentgov.usage_events)""")[0]
        results.append(("rollups = GROUP BY over usage_events", diff[0] + diff[1],
                        ["usage_rollups differences %d, usage_kind_rollups differences %d (%d events)" % diff],
                        "issue 20 #4" if self.violations.get("rollup writes") else None))
        broken = self.q("""
            SELECT o.org_id::text, v.rows_checked, v.first_broken_id
              FROM (SELECT DISTINCT org_id FROM agentgov.audit_log) o,
                   LATERAL agentgov.verify_audit_chain(o.org_id) v
             WHERE v.first_broken_id IS NOT NULL""")
        results.append(("every audit chain verifies (%d chains)" % len(
            self.q("SELECT DISTINCT org_id FROM agentgov.audit_log")), len(broken),
            ["org %s: %s rows, first broken %s" % b for b in broken[:5]], None))
        cross = self.cross_tenant()
        bad = [c for c in cross if c[1]]
        only_rollups = bad and all(c[0].split(".")[0].split("(")[0] in self.rollup_tables for c in bad)
        results.append(("no cross-tenant reference", sum(n for _, n in cross),
                        ["%s: %d" % c for c in bad][:10],
                        "issue 20 #4, rollups written directly" if only_rollups else "issue 20 #3"))
        results.append(("plan belongs to the platform (no tenant changed it)", len(self.violations["plan"]),
                        [str(v)[:400] for v in self.violations["plan"][:3]], "issue 20 #2"))
        results.append(("rollup tables refuse direct writes", len(self.violations["rollup writes"]),
                        [str(v)[:400] for v in self.violations["rollup writes"][:3]], "issue 20 #4"))
        results.append(("NaN into usage_events refused as 22023 naming the column (Infinity: 22003 by the precision)",
                        len(self.violations["NaN"]),
                        [str(v)[:400] for v in self.violations["NaN"][:3]], "issue 20 #6"))
        stored = self.nan_stored()
        results.append(("no NaN or infinite value stored in a numeric column", sum(n for _, n in stored),
                        ["%s: %d rows" % c for c in stored if c[1]][:10], "issue 20 #6, new: beyond usage_events"))
        return results

    def nan_stored(self):
        """Rows holding NaN or an infinity, per numeric, real or double column (arrays too)."""
        out = []
        for name in self.table_names:
            t = self.tables[name]
            for c in t.cols:
                base = c.elemtype if c.typ.endswith("[]") else c.typ
                if not (base.startswith("numeric") or base in ("real", "double precision")):
                    continue
                if c.typ.endswith("[]"):
                    cond = "EXISTS (SELECT 1 FROM unnest(%s) x WHERE x IN ('NaN', 'Infinity', '-Infinity'))" % c.name
                else:
                    cond = "%s IN ('NaN', 'Infinity', '-Infinity')" % c.name
                n = self.q("SELECT count(*) FROM %s WHERE %s" % (t.qname, cond))[0][0]
                out.append(("%s.%s" % (name, c.name), n))
        return out

    def cross_tenant(self):
        """Counts, per foreign key and polymorphic column, rows pointing at another org's row."""
        out = []
        for t in self.tables.values():
            if not t.has_org:
                continue
            for cols, ref, refcols in t.fks:
                rt = self.tables[ref]
                if "org_id" in cols or not rt.has_org:
                    continue
                on = " AND ".join("p.%s = c.%s" % (rc, cc) for cc, rc in zip(cols, refcols))
                n = self.q("SELECT count(*) FROM %s c JOIN %s p ON %s WHERE p.org_id IS NOT NULL "
                           "AND p.org_id IS DISTINCT FROM c.org_id" % (t.qname, rt.qname, on))[0][0]
                out.append(("%s(%s) -> %s" % (t.name, ",".join(cols), ref), n))
            # Polymorphic and unconstrained references: uuid columns no foreign key covers,
            # compared with the table their name (or scope_type) designates.
            fk_cols = {c for cols, _, _ in t.fks for c in cols}
            for c in t.cols:
                if c.typ != "uuid" or c.name in fk_cols or c.name in ("id", "org_id") or c.name in t.pk:
                    continue
                if c.name == "scope_id" and t.col("scope_type") is not None:
                    targets = [(lbl + "s", "c.scope_type::text = %s" % lit(lbl))
                               for lbl in self.enums.get(t.col("scope_type").typ, []) if lbl + "s" in self.tables]
                else:
                    base = c.name[:-3] if c.name.endswith("_id") else None
                    targets = [(base + "s", "true")] if base and base + "s" in self.tables else []
                for target, cond in targets:
                    rt = self.tables[target]
                    if not rt.has_org or "id" not in rt.pk:
                        continue
                    n = self.q("SELECT count(*) FROM %s c JOIN %s p ON p.id = c.%s WHERE %s "
                               "AND p.org_id IS NOT NULL AND p.org_id IS DISTINCT FROM c.org_id" % (
                                   t.qname, rt.qname, c.name, cond))[0][0]
                    out.append(("%s.%s -> %s" % (t.name, c.name, target), n))
        return out

    def report(self, results):
        print("seed %d: %d statements generated (%d sent with BEGIN/COMMIT/SET), %.1f s, %.0f statements/s" % (
            self.args.seed, self.statements, self.sent, self.elapsed, self.statements / self.elapsed))
        print("tables %d (%d with a C trigger), functions %d (%d in C)" % (
            len(self.tables), sum(1 for t in self.tables.values() if t.c_triggers),
            len(self.funcs), sum(1 for f in self.funcs if f[1] == "c")))
        print("statements by kind: " + ", ".join("%s %d" % kv for kv in sorted(self.kinds.items())))
        print("seconds by kind: " + ", ".join("%s %.1f" % kv for kv in sorted(self.kind_time.items())))
        print("outcomes by SQLSTATE: " + ", ".join("%s %d" % kv for kv in sorted(self.counts.items())))
        for table in ("artifacts", "agent_runs"):
            pairs = {(f, to) for (tb, f, to, ok) in self.transitions if tb == table}
            okp = {(f, to) for (tb, f, to, ok) in self.transitions if tb == table and ok}
            if table in self.tables and self.tables[table].col("status") is not None:
                n = len(self.enums[self.tables[table].col("status").typ])
                print("%s status transitions tried %d of %d pairs, %d accepted" % (table, len(pairs), n * n, len(okp)))
        failed = 0
        for name, problems, detail, known in results:
            mark = "ok" if problems == 0 else "FAILED"
            tag = " [known: %s]" % known if known and problems else ""
            print("check %-66s %s (%d)%s" % (name, mark, problems, tag))
            if problems:
                failed += 1
                for d in detail:
                    print("    " + d)
        print("fuzz %s: seed %d, %d statements, %d checks failed" % (
            "passed" if not failed else "FAILED", self.args.seed, self.statements, failed))
        return failed


def main():
    p = argparse.ArgumentParser(description="agentgov fuzz suite (docs/fuzz.md)")
    p.add_argument("--dsn", default="", help="libpq connection string (PG* variables apply)")
    p.add_argument("--seed", type=int, default=None, help="random seed (default: from the clock, printed)")
    p.add_argument("--statements", type=int, default=10000)
    p.add_argument("--app-share", type=float, default=0.4, help="share of units run as the application role")
    p.add_argument("--refresh", type=int, default=1000, help="re-read row pools every N statements")
    p.add_argument("--log", default=None, help="write every statement and its SQLSTATE here")
    p.add_argument("--summary", default=None, help="write the figures and check results here (JSON)")
    args = p.parse_args()
    if args.seed is None:
        args.seed = int(time.time() * 1000) % 1000000007
    print("agentgov fuzz: seed %d, %d statements (replay: --seed %d --statements %d)" % (
        args.seed, args.statements, args.seed, args.statements), flush=True)
    f = Fuzzer(args)
    f.setup()
    f.fuzz()
    results = f.checks()
    failed = f.report(results)
    if args.summary:
        with open(args.summary, "w") as out:
            json.dump({"seed": args.seed, "statements": f.statements, "sent": f.sent,
                       "seconds": round(f.elapsed, 1), "sqlstates": dict(f.counts), "kinds": dict(f.kinds),
                       "checks": [[name, problems, known] for name, problems, _, known in results],
                       "failed": failed}, out)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
