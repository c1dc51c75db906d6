using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace FunnelStudio.Storage.Tests.Fixtures;

/// <summary>
/// A TCP proxy between the code under test and PostgreSQL that fails the way a network does: it can
/// lose the reply of one session (the server finishes what it was sent, the client never hears
/// back) or go down (every session cut, new ones refused). It reads just enough of the protocol to
/// learn each session's backend pid (BackendKeyData), so a test can pick a session it sees in
/// <c>pg_stat_activity</c>. Sessions through it use neither TLS nor GSS encryption.
/// Shared by the storage and the portal tests (linked into both projects).
/// </summary>
public sealed class PostgresProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _host;
    private readonly int _port;
    private readonly ConcurrentDictionary<Session, byte> _sessions = new();
    private readonly Task _accepting;
    private volatile bool _down;

    /// <param name="target">A connection string naming the server to forward to.</param>
    public PostgresProxy(string target)
    {
        var builder = new NpgsqlConnectionStringBuilder(target);
        _host = builder.Host ?? "127.0.0.1";
        _port = builder.Port;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary><paramref name="connectionString"/>, going through the proxy.</summary>
    public string Through(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString)
    {
        Host = "127.0.0.1",
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port,
        SslMode = SslMode.Disable,
        GssEncryptionMode = GssEncryptionMode.Disable,
    }.ConnectionString;

    /// <summary>
    /// The next reply the server sends in the session of <paramref name="backendPid"/> never reaches
    /// the client: the proxy drops it and closes both ends, after the server has done everything it
    /// was sent (a write that commits before it answers stays committed).
    /// </summary>
    public void LoseNextReply(int backendPid)
    {
        var session = _sessions.Keys.SingleOrDefault(s => s.BackendPid == backendPid)
            ?? throw new InvalidOperationException($"No session through the proxy has backend {backendPid}.");
        session.LoseNextReply = true;
    }

    /// <summary>The database is down: every session is cut and new ones are refused, until <see cref="ComeBack"/>.</summary>
    public void GoDown()
    {
        _down = true;
        foreach (var session in _sessions.Keys) session.Close();
    }

    public void ComeBack() => _down = false;

    private async Task AcceptAsync()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync();
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException)
            {
                return;
            }
            if (_down)
            {
                client.Client.Close(0);
                client.Dispose();
                continue;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        var server = new TcpClient { NoDelay = true };
        try
        {
            await server.ConnectAsync(_host, _port);
        }
        catch (SocketException)
        {
            client.Dispose();
            server.Dispose();
            return;
        }
        client.NoDelay = true;
        var session = new Session(client, server);
        _sessions[session] = 0;
        try
        {
            await Task.WhenAll(PumpToServerAsync(session), PumpToClientAsync(session));
        }
        finally
        {
            session.Close();
            _sessions.TryRemove(session, out _);
        }
    }

    private static async Task PumpToServerAsync(Session session)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await session.Client.GetStream().ReadAsync(buffer)) > 0)
                await session.Server.GetStream().WriteAsync(buffer.AsMemory(0, read));
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            // One end went away.
        }
        session.Close();
    }

    private static async Task PumpToClientAsync(Session session)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await session.Server.GetStream().ReadAsync(buffer)) > 0)
            {
                if (session.LoseNextReply)
                {
                    session.Close();
                    return;
                }
                session.Learn(buffer.AsSpan(0, read));
                await session.Client.GetStream().WriteAsync(buffer.AsMemory(0, read));
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            // One end went away.
        }
        session.Close();
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _accepting;
        foreach (var session in _sessions.Keys) session.Close();
    }

    private sealed class Session(TcpClient client, TcpClient server)
    {
        private readonly List<byte> _start = [];
        private int _closed;

        public TcpClient Client { get; } = client;
        public TcpClient Server { get; } = server;
        public volatile bool LoseNextReply;
        public int? BackendPid { get; private set; }

        /// <summary>Reads the server's first messages (type, length, body) until BackendKeyData names the pid.</summary>
        public void Learn(ReadOnlySpan<byte> bytes)
        {
            if (BackendPid is not null) return;
            _start.AddRange(bytes);
            var data = _start.ToArray().AsSpan();
            while (data.Length >= 5)
            {
                var length = BinaryPrimitives.ReadInt32BigEndian(data[1..5]);
                if (data.Length < 1 + length) return;
                if (data[0] == (byte)'K')
                {
                    BackendPid = BinaryPrimitives.ReadInt32BigEndian(data[5..9]);
                    _start.Clear();
                    return;
                }
                data = data[(1 + length)..];
            }
        }

        public void Close()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 1) return;
            // The client gets a reset, as when a network fails. The server gets an orderly end after
            // what it was already sent, so it finishes that (a commit it was sent still commits).
            try { Client.Client.Close(0); } catch (ObjectDisposedException) { }
            try { Server.Client.Shutdown(SocketShutdown.Both); } catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
            Client.Dispose();
            Server.Dispose();
        }
    }
}
