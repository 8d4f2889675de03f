# bench/lib/rollups.sh: sourced by benchmarks (not a benchmark itself).
#
# check_rollups: print the number of rows in which usage_rollups and a
# GROUP BY over usage_events differ, both ways (0 when the rollups are
# right).  Needs psql_q (psql on $db).
check_rollups() {
    psql_q -At -c "SELECT count(*) FROM (
        (SELECT org_id, usage_date, project_id, agent_id, model, count(*), sum(tokens_in), sum(tokens_out),
                coalesce(sum(cost_usd), 0), count(*) FILTER (WHERE cost_usd IS NULL)
           FROM agentgov.usage_events GROUP BY 1, 2, 3, 4, 5
         EXCEPT SELECT org_id, bucket_date, project_id, agent_id, model, events, tokens_in, tokens_out,
                       cost_usd, unpriced_events FROM agentgov.usage_rollups)
        UNION ALL
        (SELECT org_id, bucket_date, project_id, agent_id, model, events, tokens_in, tokens_out,
                cost_usd, unpriced_events FROM agentgov.usage_rollups
         EXCEPT SELECT org_id, usage_date, project_id, agent_id, model, count(*), sum(tokens_in), sum(tokens_out),
                coalesce(sum(cost_usd), 0), count(*) FILTER (WHERE cost_usd IS NULL)
           FROM agentgov.usage_events GROUP BY 1, 2, 3, 4, 5)) d"
}
