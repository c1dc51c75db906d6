using FunnelStudio.Storage.Tests.Fixtures;
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

    /// <summary>Runs one statement on the database (values as <c>@name</c> parameters) and returns its first value.</summary>
    public abstract Task<object?> ScalarAsync(string sql, params (string Name, object Value)[] parameters);

    public async Task<long> CountAsync(string sql, params (string Name, object Value)[] parameters) =>
        Convert.ToInt64(await ScalarAsync(sql, parameters));
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

    public override async Task<object?> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue("@" + name, value);
        return await command.ExecuteScalarAsync();
    }

    public override ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { /* a file still open: the OS temp cleaner gets it */ }
        return ValueTask.CompletedTask;
    }
}

public class PostgresDatabase : DatabaseProvider
{
    public const string Variable = "FUNNELSTUDIO_TEST_PG";
    private readonly string _database = "fs_portal_" + Guid.NewGuid().ToString("N")[..16];
    private string? _admin;

    public override string Name => "postgres";

    public override string ConnectionString => DirectConnectionString;

    /// <summary>The test database, straight to the server (the portal may reach it otherwise: <see cref="ProxiedPostgresDatabase"/>).</summary>
    public string DirectConnectionString =>
        new NpgsqlConnectionStringBuilder(_admin) { Database = _database, Pooling = true, MaxPoolSize = 40 }.ConnectionString;

    public override async Task<object?> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(DirectConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return await command.ExecuteScalarAsync();
    }

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

/// <summary>
/// A PostgreSQL test database the portal reaches through a <see cref="PostgresProxy"/>, which a test
/// can cut; the test itself uses <see cref="PostgresDatabase.DirectConnectionString"/>.
/// </summary>
public sealed class ProxiedPostgresDatabase : PostgresDatabase
{
    private PostgresProxy? _proxy;

    public PostgresProxy Proxy => _proxy ?? throw new InvalidOperationException("The database is not created yet.");

    public override string ConnectionString => Proxy.Through(DirectConnectionString);

    public override async Task CreateAsync()
    {
        await base.CreateAsync();
        _proxy = new PostgresProxy(DirectConnectionString);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_proxy is not null) await _proxy.DisposeAsync();
        await base.DisposeAsync();
    }
}
