namespace FunnelStudio.Storage.Tests.Fixtures;

/// <summary>
/// A PostgreSQL test database that the store reaches through a <see cref="PostgresProxy"/>, with room
/// for <see cref="MaxQueuedCreates"/> waiting creates; the test itself talks to the server directly
/// (<see cref="PostgresDatabase.DirectConnectionString"/>) to lock tables and terminate sessions.
/// </summary>
public sealed class ProxiedPostgresDatabase : PostgresDatabase
{
    public const int MaxQueuedCreates = 2;

    private PostgresProxy? _proxy;

    public PostgresProxy Proxy => _proxy ?? throw new InvalidOperationException("The database is not created yet.");

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("FunnelStudio:Database:MaxQueuedCreates", MaxQueuedCreates.ToString())];

    protected override async Task<string> CreateDatabaseAsync()
    {
        var direct = await base.CreateDatabaseAsync();
        _proxy = new PostgresProxy(direct);
        return _proxy.Through(direct);
    }

    protected override async Task DropDatabaseAsync()
    {
        if (_proxy is not null) await _proxy.DisposeAsync();
        await base.DropDatabaseAsync();
    }
}
