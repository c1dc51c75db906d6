namespace FunnelStudio.Portal.Ui;

/// <summary>A user as the UI offers it: id and display name.</summary>
public sealed record UserOption(string Id, string Name);

/// <summary>The users the UI can offer in user fields and the owner filter, and their display names.</summary>
public interface IUserDirectory
{
    Task<IReadOnlyList<UserOption>> ListAsync(CancellationToken cancellationToken);

    /// <summary>The display name of a user id; the id itself when unknown.</summary>
    Task<string> NameAsync(string id, CancellationToken cancellationToken);
}
