using FunnelStudio.Portal.Admin;
using FunnelStudio.Portal.Ui;

namespace FunnelStudio.Portal.Pages.Admin.Users;

/// <summary>The role checkboxes of the create and edit forms: the package's roles, the ones ticked, the form field and its error.</summary>
public sealed record RoleCheckboxes(IReadOnlyList<RoleChoice> Choices, IReadOnlyCollection<string> Selected, string Name, string? Error);

/// <summary>The managers a form offers: active users, minus the user and those reporting to them (a cycle), plus the current manager.</summary>
public static class ManagerChoices
{
    public static IReadOnlyList<UserOption> For(IReadOnlyList<FunnelStudio.Access.DirectoryUser> users, string? userId, string? currentManagerId)
    {
        var excluded = userId is null ? [] : FunnelStudio.Access.Teams.ReportsOf(userId, users).Append(userId).ToHashSet(StringComparer.Ordinal);
        return users.Where(u => (u.Active && !excluded.Contains(u.Id)) || u.Id == currentManagerId)
            .Select(u => new UserOption(u.Id, u.Email is null ? u.Name : $"{u.Name} <{u.Email}>")).ToList();
    }
}
