using FunnelStudio.Storage.Sql;
using Npgsql;

namespace FunnelStudio.Storage.Tests.Fixtures;

/// <summary>
/// A uniquely named database on the PostgreSQL given by <c>FUNNELSTUDIO_TEST_PG</c> (tests/run.sh
/// starts a throw-away cluster and sets it), dropped afterwards. Without it every PostgreSQL test
/// fails: the provider is never skipped silently.
/// </summary>
public class PostgresDatabase : StorageDatabase
{
    public const string Variable = "FUNNELSTUDIO_TEST_PG";

    private readonly string _name = "fs_test_" + Guid.NewGuid().ToString("N")[..16];
    private string? _admin;
    private string? _connectionString;

    public override StorageProvider Provider => StorageProvider.Postgres;

    /// <summary>The test database, straight to the server (not through any proxy); as the admin user.</summary>
    public string DirectConnectionString => _connectionString ?? throw new InvalidOperationException("The database is not created yet.");

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"PostgreSQL not available: set {Variable}; tests/run.sh starts one.");

    protected override async Task<string> CreateDatabaseAsync()
    {
        _admin = AdminConnectionString;
        await using (var connection = new NpgsqlConnection(_admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{_name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        _connectionString = new NpgsqlConnectionStringBuilder(_admin) { Database = _name }.ConnectionString;
        return _connectionString;
    }

    protected override async Task DropDatabaseAsync()
    {
        if (_admin is null || _connectionString is null) return;
        NpgsqlConnection.ClearPool(new NpgsqlConnection(_connectionString));
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
