using FunnelStudio.Storage.Tests.Fixtures;

namespace FunnelStudio.Storage.Tests.Migrations;

/// <summary>
/// PostgreSQL only (migration CoveringOwnerIndexes): the stage history's owner index carries the columns
/// an owner's dashboard reads of the moves, so those reads are answered from the index alone; the records'
/// owner index stays plain (covering, it changed the list page's plan choice). SQLite has no INCLUDE.
/// </summary>
public sealed class CoveringOwnerIndexTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Theory]
    [InlineData("ix_records__object_owner", "(object, owner_id)")]
    [InlineData("ix_stage_history__object_owner_at",
        "(object, owner_id, at) INCLUDE (record_id, id, from_stage, to_stage, amount, seconds_in_previous_stage)")]
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
}
