namespace FunnelStudio.Rules;

/// <summary>
/// The <c>user</c> input of rules. Property names are lower-case on purpose: they are what admins
/// write in expressions (<c>user.roles</c>), like the field names of records.
/// </summary>
public sealed class RuleUser
{
    public static readonly RuleUser Anonymous = new("", "", []);

    public RuleUser(string id, string name, string[] roles)
    {
        this.id = id;
        this.name = name;
        this.roles = roles;
    }

#pragma warning disable IDE1006 // lower-case names are the expression language's contract
    public string id { get; }
    public string name { get; }
    public string[] roles { get; }
#pragma warning restore IDE1006

    public bool HasRole(string? role) => role is not null && Array.IndexOf(roles, role) >= 0;
}
