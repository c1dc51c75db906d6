using FunnelStudio.Storage.Tests.Fixtures;

namespace FunnelStudio.Storage.Tests.Records;

public sealed class SqliteCounterTests(SqliteDatabase database) : CounterTests<SqliteDatabase>(database);

public sealed class PostgresCounterTests(PostgresDatabase database) : CounterTests<PostgresDatabase>(database);

/// <summary>Autonumbers: atomic counters per object and field.</summary>
public abstract class CounterTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase> where TDatabase : StorageDatabase
{
    [Fact]
    public async Task NextNumber_CountsUpPerObjectAndField()
    {
        var obj = database.Objects.NewDeal();
        var other = database.Objects.NewDeal();

        var first = await database.Store.NextNumberAsync(obj, "deal_no", CancellationToken.None);
        var second = await database.Store.NextNumberAsync(obj, "deal_no", CancellationToken.None);
        var elsewhere = await database.Store.NextNumberAsync(other, "deal_no", CancellationToken.None);

        Assert.Equal((1, 2, 1), (first, second, elsewhere));
    }

    [Fact]
    public async Task NextNumber_UnderConcurrency_NeverRepeatsOrSkips()
    {
        var obj = database.Objects.NewDeal();

        var numbers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ =>
            Task.Run(() => database.Store.NextNumberAsync(obj, "deal_no", CancellationToken.None))));

        Assert.Equal(Enumerable.Range(1, 40).Select(n => (long)n), numbers.Order());
    }

    [Fact]
    public async Task NextNumber_WithAHostileName_IsRefused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            database.Store.NextNumberAsync("deal'; DROP TABLE counters; --", "deal_no", CancellationToken.None));
    }
}
