using FunnelStudio.Portal.Tests.Infrastructure;

namespace FunnelStudio.Portal.Tests.Access;

/// <summary>A portal on b2b-saas with the matrix's world (second team, acting users, records) built once.</summary>
public abstract class MatrixPortal(DatabaseProvider database) : PortalServer(database)
{
    private MatrixWorld? _world;

    public MatrixWorld World => _world ?? throw new InvalidOperationException("The matrix world is built in InitializeAsync.");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _world = await MatrixWorld.CreateAsync(this);
    }

    public override async Task DisposeAsync()
    {
        if (_world is not null)
            foreach (var actor in _world.Actors)
            {
                actor.Api.Dispose();
                actor.Pages.Dispose();
            }
        await base.DisposeAsync();
    }
}

public sealed class SqliteMatrixPortal() : MatrixPortal(new SqliteDatabase());

public sealed class PostgresMatrixPortal() : MatrixPortal(new PostgresDatabase());
