using System.Text.Json;
using FunnelStudio.Storage.Users;

namespace FunnelStudio.Portal.Api;

/// <summary>
/// Reads the bodies of <c>POST</c> and <c>PATCH /api/v1/users</c>. A property of the wrong JSON type
/// or one the endpoint does not know is the caller's error (400 naming it); the values themselves
/// are judged by <see cref="UserAccounts"/> (422 with a code).
/// </summary>
public static class UserBody
{
    private static readonly string[] CreateProperties = ["email", "displayName", "password", "roles", "managerId"];
    private static readonly string[] ChangeProperties = ["displayName", "roles", "managerId", "active", "password"];

    public static (NewUser? User, IResult? Error) ReadNew(JsonElement body)
    {
        if (Unknown(body, CreateProperties) is { } unknown) return (null, unknown);
        try
        {
            return (new NewUser(
                Text(body, "email") ?? "",
                Text(body, "displayName"),
                Text(body, "password") ?? "",
                Roles(body) ?? [],
                Text(body, "managerId")), null);
        }
        catch (BodyException e)
        {
            return (null, ApiProblems.BadRequest(e.Message));
        }
    }

    public static (UserChanges? Changes, IResult? Error) ReadChanges(JsonElement body)
    {
        if (Unknown(body, ChangeProperties) is { } unknown) return (null, unknown);
        try
        {
            var changes = new UserChanges
            {
                DisplayName = Text(body, "displayName"),
                Roles = Roles(body),
                Manager = Find(body, "managerId") is not null ? new ManagerChange(Text(body, "managerId")) : null,
                Active = Find(body, "active") is { } active
                    ? active.ValueKind is JsonValueKind.True or JsonValueKind.False ? active.GetBoolean() : throw new BodyException("'active' must be true or false.")
                    : null,
                Password = Find(body, "password") is not null ? Text(body, "password") ?? "" : null,
            };
            return changes.IsEmpty
                ? (null, ApiProblems.BadRequest($"Change at least one of: {string.Join(", ", ChangeProperties)}."))
                : (changes, null);
        }
        catch (BodyException e)
        {
            return (null, ApiProblems.BadRequest(e.Message));
        }
    }

    private static IResult? Unknown(JsonElement body, string[] known)
    {
        foreach (var property in body.EnumerateObject())
            if (!known.Contains(property.Name, StringComparer.OrdinalIgnoreCase))
                return ApiProblems.BadRequest($"Unknown property '{property.Name}'; this endpoint takes: {string.Join(", ", known)}.");
        return null;
    }

    private static JsonElement? Find(JsonElement body, string name)
    {
        foreach (var property in body.EnumerateObject())
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)) return property.Value;
        return null;
    }

    /// <summary>A string, or null when absent or JSON null.</summary>
    private static string? Text(JsonElement body, string name) => Find(body, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        _ => throw new BodyException($"'{name}' must be a string."),
    };

    private static IReadOnlyList<string>? Roles(JsonElement body) => Find(body, "roles") switch
    {
        null => null,
        { ValueKind: JsonValueKind.Array } array when array.EnumerateArray().All(r => r.ValueKind == JsonValueKind.String) =>
            array.EnumerateArray().Select(r => r.GetString()!).ToList(),
        _ => throw new BodyException("'roles' must be an array of role names."),
    };

    private sealed class BodyException(string message) : Exception(message);
}
