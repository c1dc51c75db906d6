using FunnelStudio.Storage.Tests.Fixtures;

namespace FunnelStudio.Storage.Tests.Migrations;

/// <summary>
/// PostgreSQL only (migration CoveringOwnerIndexes): the stage history's owner index carries the columns
/// an owner's dashboard reads of the moves, so those reads are answered from the index alone; the records'
/// owner index stays plain (covering, it changed the list page's plan choice), and a partial index over the live
/// records (migration OpenPipelineIndex) answers the open pipeline alone. SQLite has no INCLUDE.
/// </summary>
public sealed class CoveringOwnerIndexTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Theory]
    [InlineData("ix_records__object_owner", "(object, owner_id)")]
    [InlineData("ix_stage_history__object_owner_at",
        "(object, owner_id, at) INCLUDE (record_id, id, from_stage, to_stage, amount, seconds_in_previous_stage)")]
    [InlineData("ix_records__open_pipeline", "(object, owner_id, stage) INCLUDE (amount, stage_entered_at, created_at) WHERE (deleted = false)")]
    public async Task OwnerIndex_IncludesTheColumnsTheDashboardReads(string index, string definition)
    {
        var found = Assert.Single(await database.TextColumnAsync($"SELECT indexdef FROM pg_indexes WHERE indexname = '{index}'"));

        Assert.EndsWith(definition, found);
    }

    [Fact]
    public async Task AnOwnersMovesOfAPeriod_AreReadFromTheIndexAlone()
    {
        // Scans that would compete with the index are off, so the plan shows whether the index can answer alone.
        var plan = await database.TextColumnAsync(
            "SET enable_seqscan = off; SET enable_bitmapscan = off; " +
            "EXPLAIN SELECT h.record_id, h.id, h.from_stage, h.to_stage, h.amount, h.seconds_in_previous_stage FROM stage_history h " +
            "WHERE h.object = 'deal' AND h.owner_id = 'rep7' AND h.at >= TIMESTAMPTZ '2026-01-01' AND h.at < TIMESTAMPTZ '2027-01-01'");

        Assert.Contains(plan, line => line.Contains("Index Only Scan using ix_stage_history__object_owner_at", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnOwnersOpenPipeline_AsTheStoreAsksForIt_IsReadFromTheIndexAlone()
    {
        var plan = await database.TextColumnAsync(
            "SET enable_seqscan = off; SET enable_bitmapscan = off; " +
            "EXPLAIN WITH st(name, idx, prob, kind, cutoff) AS (VALUES ('open', 0, 10, 0, TIMESTAMPTZ '2026-01-01')), " +
            "b AS NOT MATERIALIZED (SELECT r.id, r.created_at, r.stage, r.amount, r.stage_entered_at, '' AS k FROM records r " +
            "WHERE r.object = 'deal' AND r.deleted = FALSE AND r.owner_id = 'rep7') " +
            "SELECT b.k, b.stage, COUNT(*), ROUND(SUM(b.amount), 4), SUM(CASE WHEN COALESCE(b.stage_entered_at, b.created_at) < st.cutoff THEN 1 ELSE 0 END) " +
            "FROM b JOIN st ON st.name = b.stage AND st.kind = 0 GROUP BY b.k, b.stage");

        Assert.Contains(plan, line => line.Contains("Index Only Scan using ix_records__open_pipeline", StringComparison.Ordinal));
    }
}
