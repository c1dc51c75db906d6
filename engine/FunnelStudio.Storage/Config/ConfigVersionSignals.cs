using FunnelStudio.Saving;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FunnelStudio.Storage.Config;

/// <summary>The channel a publish is announced on (PostgreSQL NOTIFY, sent by the switch's transaction).</summary>
internal static class ConfigVersionChannel
{
    public const string Name = "funnelstudio_config_published";
}

/// <summary>SQLite: nothing announces a publish; the wait runs out and the caller looks for itself.</summary>
public sealed class NoConfigVersionSignal : IConfigVersionSignal
{
    public async Task<bool> WaitAsync(TimeSpan max, CancellationToken cancellationToken)
    {
        await Task.Delay(max, cancellationToken);
        return false;
    }
}

/// <summary>PostgreSQL: announced publishes (see <see cref="PostgresChannelListener"/>); one waiter, the portal's follower.</summary>
public sealed class PostgresConfigVersionSignal(FunnelStudioStorageOptions options, ILogger<PostgresConfigVersionSignal>? logger = null)
    : PostgresChannelListener(options, ConfigVersionChannel.Name, logger), IConfigVersionSignal;

/// <summary>
/// LISTEN on one channel, on a connection of its own (pooled connections keep no session state),
/// opened on first use and again after it breaks — meanwhile a wait simply runs out, so a broken
/// listener only costs the caller its polling interval. One waiter at a time.
/// </summary>
public abstract class PostgresChannelListener(FunnelStudioStorageOptions options, string channel, ILogger? logger) : IAsyncDisposable
{
    private NpgsqlConnection? _connection;

    public async Task<bool> WaitAsync(TimeSpan max, CancellationToken cancellationToken)
    {
        try
        {
            var connection = _connection ??= await ListenAsync(cancellationToken);
            return await connection.WaitAsync(max, cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
        {
            logger?.LogWarning(e, "Listening on {Channel} failed; trying again", channel);
            await DropAsync();
            await Task.Delay(max, cancellationToken);
            return false;
        }
    }

    private async Task<NpgsqlConnection> ListenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(options.ConnectionString) { Pooling = false, KeepAlive = 30 }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var listen = new NpgsqlCommand($"LISTEN {channel}", connection);
        await listen.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    private async Task DropAsync()
    {
        if (_connection is { } connection) await connection.DisposeAsync();
        _connection = null;
    }

    public async ValueTask DisposeAsync() => await DropAsync();
}
