using Npgsql;

namespace FunnelStudio.Benchmarks.Backtest;

/// <summary>
/// Writes a generated history straight into a migrated FunnelStudio database on PostgreSQL, in four
/// set-based statements: <c>deals</c> deals of the sample package, each created in lead and moved
/// lead → mql (day 1) → sql (day 3) → opportunity (day 6–10): four stage history rows a deal. Two
/// field history rows a deal: the amount raised by 2,000 on day 2 (from 500–3,499), and the demo
/// date set in the same save as the move out of sql — what that move's gate needed, so the active
/// version blocks nothing only if the replay sees a save's own values.
/// </summary>
internal static class BacktestHistory
{
    public static async Task WriteAsync(string connectionString, int deals, long configVersion)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using var connection = await source.OpenConnectionAsync();
        await Run(connection, "SET TIME ZONE 'UTC'");
        await Run(connection, $"""
            CREATE TEMP TABLE g AS
            SELECT i, gen_random_uuid() AS id,
                   timestamptz '2025-01-01 00:00:00+00' + (i % 300) * interval '1 day' + i * interval '1 second' AS t0,
                   500 + (i * 37 % 3000) AS a0
            FROM generate_series(1, {deals}) i
            """);
        await Run(connection, $$"""
            INSERT INTO records (id, object, stage, owner_id, title, "values", created_at, updated_at, created_by, updated_by,
                                 stage_entered_at, version, deleted, config_version, amount)
            SELECT id, 'deal', 'opportunity', 'rep1', 'Deal ' || i,
                   jsonb_build_object('name', 'Deal ' || i, 'amount', a0 + 2000, 'source', 'website', 'icp_fit', true,
                       'first_contact_at', to_char(t0 - interval '1 day', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                       'need_confirmed', true, 'willing_to_talk', true, 'owner', 'rep1', 'budget_confirmed', true,
                       'decision_maker', 'CFO', 'timeline', 'Q3', 'close_date', '2026-12-31', 'stage', 'opportunity',
                       'demo_scheduled_at', to_char(t0 + (6 + i % 5) * interval '1 day', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
                   t0, t0 + (6 + i % 5) * interval '1 day', 'rep1', 'rep1', t0 + (6 + i % 5) * interval '1 day', 0, false, {{configVersion}}, a0 + 2000
            FROM g
            """);
        await Run(connection, """
            INSERT INTO stage_history (record_id, object, from_stage, to_stage, at, "by", seconds_in_previous_stage, amount)
            SELECT id, 'deal', m.from_stage, m.to_stage, t0 + m.day * interval '1 day', 'rep1', NULL, a0
            FROM g CROSS JOIN LATERAL (VALUES (NULL, 'lead', 0), ('lead', 'mql', 1), ('mql', 'sql', 3),
                                              ('sql', 'opportunity', 6 + i % 5)) AS m(from_stage, to_stage, day)
            ORDER BY id, m.day
            """);
        await Run(connection, """
            INSERT INTO field_history (record_id, field, old_value, new_value, at, "by")
            SELECT id, f.field, f.old_value, f.new_value, f.at, 'rep1'
            FROM g CROSS JOIN LATERAL (VALUES
                ('amount', a0::text, (a0 + 2000)::text, t0 + interval '2 days'),
                ('demo_scheduled_at', NULL, to_json(to_char(t0 + (6 + i % 5) * interval '1 day', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))::text,
                 t0 + (6 + i % 5) * interval '1 day')) AS f(field, old_value, new_value, at)
            ORDER BY id, f.at
            """);
        await Run(connection, "VACUUM (ANALYZE) records, stage_history, field_history");
    }

    private static async Task Run(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }
}
