using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace FunnelStudio.Storage.Sql;

/// <summary>
/// A pooled context with its connection open, for the duration of one store call (a connection that
/// cannot be opened is <see cref="Saving.DatabaseUnavailableException"/>); hands out
/// parameter-only commands (<see cref="SqlCommandBuilder"/>) on it and disposes them with it.
/// </summary>
internal sealed class StoreSession : IAsyncDisposable
{
    private readonly List<DbCommand> _commands = [];

    private readonly bool _owned;

    private StoreSession(FunnelStudioDbContext db, bool owned)
    {
        Db = db;
        _owned = owned;
    }

    public FunnelStudioDbContext Db { get; }

    public static async Task<StoreSession> OpenAsync(IDbContextFactory<FunnelStudioDbContext> contexts, CancellationToken cancellationToken)
    {
        var db = await contexts.CreateDbContextAsync(cancellationToken);
        try
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            return new StoreSession(db, owned: true);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await db.DisposeAsync();
            // Nothing was sent yet, so nothing is half done: the caller may simply try again later.
            throw new Saving.DatabaseUnavailableException("The database cannot be reached.", e);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Commands on a context someone else owns (the request's scoped context, e.g. inside the
    /// transaction a publish opened on it): its connection is opened if needed, and the context is
    /// left open and undisposed afterwards.
    /// </summary>
    public static async Task<StoreSession> BorrowAsync(FunnelStudioDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        return new StoreSession(db, owned: false);
    }

    public SqlCommandBuilder Command(DbTransaction? transaction = null)
    {
        var command = Db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction;
        _commands.Add(command);
        return new SqlCommandBuilder(command, Db.GetService<IRelationalTypeMappingSource>());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands) await command.DisposeAsync();
        await Db.Database.CloseConnectionAsync();
        if (_owned) await Db.DisposeAsync();
    }
}
