using FunnelStudio.Access;

namespace FunnelStudio.Engine.Tests.Saving;

/// <summary>A fixed user directory for pipeline tests.</summary>
internal sealed class InMemoryUserDirectory(params DirectoryUser[] users) : IUserDirectory
{
    public ValueTask<IReadOnlyList<DirectoryUser>> AllAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IReadOnlyList<DirectoryUser>>(users);

    public ValueTask<DirectoryUser?> FindAsync(string id, CancellationToken cancellationToken) =>
        ValueTask.FromResult(users.FirstOrDefault(u => u.Id == id));

    public void Invalidate()
    {
    }
}
