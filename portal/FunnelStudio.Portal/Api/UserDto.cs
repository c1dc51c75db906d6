using FunnelStudio.Access;
using FunnelStudio.Storage.Users;

namespace FunnelStudio.Portal.Api;

/// <summary>A user as the API shows them (never a password or its hash).</summary>
public sealed record UserDto(string Id, string Email, string DisplayName, bool Active, string? ManagerId, string? ManagerName,
    IReadOnlyList<string> Roles, DateTime CreatedAt)
{
    public static UserDto From(UserSummary user) =>
        new(user.Id, user.Email, user.DisplayName, user.Active, user.ManagerId, user.ManagerName, user.Roles, user.CreatedAt);
}

/// <summary>One page of users.</summary>
public sealed record UserPageDto(IReadOnlyList<UserDto> Items, int Total, int Page, int PageSize);

/// <summary>One entry of a refused user change's <c>errors</c>: the request property, the code, a message.</summary>
public sealed record UserErrorDto(string Field, string Code, string Message);

/// <summary>The outcome of <c>POST /api/v1/users/{id}/reassign</c>.</summary>
public sealed record ReassignmentDto(int Moved, IReadOnlyDictionary<string, int> ByObject, IReadOnlyList<NotMovedDto> NotMoved)
{
    public static ReassignmentDto From(ReassignmentResult result, string locale) => new(result.Moved, result.MovedByObject,
        result.NotMoved.Select(n => new NotMovedDto(n.Object, n.Id, n.Title, n.Status.ToString(), n.Reason?.Get(locale))).ToList());
}

/// <summary>A record that stayed with its owner, and why.</summary>
public sealed record NotMovedDto(string Object, Guid Id, string? Title, string Status, string? Reason);
