using FunnelStudio.Metadata;
using FunnelStudio.Saving;

namespace FunnelStudio.Access;

/// <summary>
/// Who a <see cref="Party"/> is for one record: approvers of a step, recipients of a notification.
/// Only active users are returned. <c>ownerManager</c> follows the manager chain past inactive
/// managers to the first active one.
/// </summary>
public static class PartyResolver
{
    public static IReadOnlyList<DirectoryUser> Resolve(Party party, StoredRecord record, IReadOnlyList<DirectoryUser> users)
    {
        var byId = users.ToDictionary(u => u.Id, StringComparer.Ordinal);
        switch (party.Kind)
        {
            case PartyKind.Role:
                return users.Where(u => u.Active && u.Roles.Contains(party.Value!, StringComparer.Ordinal)).ToList();
            case PartyKind.User:
                return Active(byId, party.Value);
            case PartyKind.Field:
                return Active(byId, record.Values.GetString(party.Value!));
            case PartyKind.OwnerManager:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                var current = record.OwnerId is { } owner && byId.TryGetValue(owner, out var found) ? found : null;
                while (current?.ManagerId is { } managerId && seen.Add(managerId) && byId.TryGetValue(managerId, out var manager))
                {
                    if (manager.Active) return [manager];
                    current = manager;
                }
                return [];
            default:
                return [];
        }
    }

    /// <summary>Every user any of <paramref name="parties"/> names, each once, in order.</summary>
    public static IReadOnlyList<DirectoryUser> ResolveAll(IEnumerable<Party> parties, StoredRecord record, IReadOnlyList<DirectoryUser> users) =>
        parties.SelectMany(p => Resolve(p, record, users)).DistinctBy(u => u.Id).ToList();

    /// <summary>The acting user a directory user saves or reads as (with the team their reports make).</summary>
    public static ActingUser ToActingUser(DirectoryUser user, IReadOnlyList<DirectoryUser> users) =>
        new(user.Id, user.Name, user.Roles) { TeamIds = Teams.ReportsOf(user.Id, users) };

    private static IReadOnlyList<DirectoryUser> Active(Dictionary<string, DirectoryUser> byId, string? id) =>
        id is not null && byId.TryGetValue(id, out var user) && user.Active ? [user] : [];
}
