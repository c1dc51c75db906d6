namespace FunnelStudio.Access;

/// <summary>
/// The users the engine checks references against (a <c>user</c> field must name an active user)
/// and the host builds teams from. Implemented by storage over the Identity tables, cached briefly:
/// a deactivated user or a changed role takes effect within <see cref="MaxStaleness"/>.
/// </summary>
public interface IUserDirectory
{
    /// <summary>How old an answer may be; changes made through this instance are seen at once.</summary>
    static TimeSpan MaxStaleness => TimeSpan.FromSeconds(30);

    /// <summary>Every user, active or not.</summary>
    ValueTask<IReadOnlyList<DirectoryUser>> AllAsync(CancellationToken cancellationToken);

    /// <summary>One user by id; null when there is none.</summary>
    ValueTask<DirectoryUser?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>Forgets what is cached, after a change to users or roles.</summary>
    void Invalidate();
}

/// <summary>A user as the engine sees them: identity, whether they may sign in, their manager and roles.</summary>
public sealed record DirectoryUser(string Id, string Name, string? Email, bool Active, string? ManagerId, IReadOnlyList<string> Roles);
