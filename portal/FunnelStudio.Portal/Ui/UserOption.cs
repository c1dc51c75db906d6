using FunnelStudio.Access;

namespace FunnelStudio.Portal.Ui;

/// <summary>A user as a picker offers them: id and display name.</summary>
public sealed record UserOption(string Id, string Name);

/// <summary>The users the UI offers in user fields and owner filters (from the engine's <see cref="IUserDirectory"/>).</summary>
public static class UserOptions
{
    /// <summary>Active users, by name: a deactivated user keeps their name on old records but is offered nowhere.</summary>
    public static async Task<IReadOnlyList<UserOption>> ActiveAsync(this IUserDirectory users, CancellationToken cancellationToken) =>
        (await users.AllAsync(cancellationToken)).Where(u => u.Active).Select(u => new UserOption(u.Id, u.Name)).ToList();

    /// <summary>The active users among <paramref name="owners"/> (null: every active user).</summary>
    public static async Task<IReadOnlyList<UserOption>> ActiveAsync(this IUserDirectory users, IReadOnlyList<string>? owners,
        CancellationToken cancellationToken)
    {
        var all = await users.ActiveAsync(cancellationToken);
        return owners is null ? all : all.Where(u => owners.Contains(u.Id)).ToList();
    }
}
