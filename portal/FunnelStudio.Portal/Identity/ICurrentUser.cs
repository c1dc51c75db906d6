using FunnelStudio.Saving;

namespace FunnelStudio.Portal.Identity;

/// <summary>
/// The signed-in user as the engine sees them (<see cref="ActingUser"/>): id, display name, roles and
/// the team they manage. Scoped: resolved once per request.
/// </summary>
public interface ICurrentUser
{
    bool IsAuthenticated { get; }

    /// <summary>The acting user, or null when nobody is signed in.</summary>
    Task<ActingUser?> GetAsync(CancellationToken cancellationToken = default);
}
