using Npgsql;

namespace FunnelStudio.Portal.Tests.Infrastructure;

/// <summary>
/// A throw-away database for one test class: a SQLite file in a temp folder, or a uniquely named
/// database on the PostgreSQL that tests/run.sh starts (its admin connection string in
/// FUNNELSTUDIO_TEST_PG). PostgreSQL tests never skip: without that variable they fail.
/// </summary>
public abstract class DatabaseProvider : IAsyncDisposable
{
    public abstract string Name { get; }
    public abstract string ConnectionString { get; }

    public abstract Task CreateAsync();

    public abstract ValueTask DisposeAsync();
}

public sealed class SqliteDatabase : DatabaseProvider
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "funnelstudio-tests", Guid.NewGuid().ToString("N"));

    public override string Name => "sqlite";
    public override string ConnectionString => $"Data Source={Path.Combine(_folder, "portal.db")}";

    public override Task CreateAsync()
    {
        Directory.CreateDirectory(_folder);
        return Task.CompletedTask;
    }

    public override ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { /* a file still open: the OS temp cleaner gets it */ }
        return ValueTask.CompletedTask;
    }
}

public sealed class PostgresDatabase : DatabaseProvider
{
    public const string Variable = "FUNNELSTUDIO_TEST_PG";
    private readonly string _database = "fs_portal_" + Guid.NewGuid().ToString("N")[..16];
    private string? _admin;

    public override string Name => "postgres";

    public override string ConnectionString =>
        new NpgsqlConnectionStringBuilder(_admin) { Database = _database, Pooling = true, MaxPoolSize = 40 }.ConnectionString;

    public override async Task CreateAsync()
    {
        _admin = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(_admin))
            throw new InvalidOperationException(
                $"{Variable} is not set: PostgreSQL tests need the admin connection string of a running server. " +
                "Run the tests with tests/run.sh, which starts a throw-away PostgreSQL and sets it.");
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", connection);
        await command.ExecuteNonQueryAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        if (_admin is null) return;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
