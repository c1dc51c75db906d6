using FunnelStudio.Storage.Tests.Fixtures;
using Npgsql;

namespace FunnelStudio.Storage.Tests.Outbox;

/// <summary>
/// On PostgreSQL the outbox keeps half of each page free (migration <c>OutboxFillFactor</c>), so a claim — which changes
/// no indexed column — can write its new row version on the same page (a HOT update, no new index entries).
/// </summary>
public sealed class PostgresOutboxTableTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task OutboxTable_KeepsHalfOfEachPageFree_ForClaimsToBeHotUpdates()
    {
        await using var connection = new NpgsqlConnection(database.DirectConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT reloptions FROM pg_class WHERE relname = 'outbox' AND relkind = 'r'", connection);

        var options = (string[]?)await command.ExecuteScalarAsync();

        Assert.NotNull(options);
        Assert.Equal(["fillfactor=50"], options);
    }
}
