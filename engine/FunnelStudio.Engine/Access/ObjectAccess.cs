using FunnelStudio.Metadata;
using FunnelStudio.Saving;

namespace FunnelStudio.Access;

/// <summary>
/// What one user may do with the records of one object: which records per operation (as the owner
/// filter every query applies, and as a check of one record's owner) and what with each field.
/// Built by <see cref="AccessPolicy.For"/>; cheap, immutable.
/// </summary>
public sealed class ObjectAccess(ActingUser user, ObjectDefinition obj, ObjectPermission permission)
{
    public ActingUser User => user;
    public ObjectDefinition Object => obj;
    public ObjectPermission Permission => permission;

    public bool CanCreate => permission.Create;
    public bool CanReadAny => permission.Read > AccessScope.None;

    /// <summary>
    /// The owners whose records the scope reaches, as a query filter: null for every record, an empty
    /// list for none, else the user (own) or the user and everyone reporting to them (team).
    /// </summary>
    public static IReadOnlyList<string>? Owners(ActingUser user, AccessScope scope) => scope switch
    {
        AccessScope.All => null,
        AccessScope.Team => [user.Id, .. user.TeamIds],
        AccessScope.Own => [user.Id],
        _ => [],
    };

    /// <summary>The owner filter of every list, board, count, sum, search and lookup picker.</summary>
    public IReadOnlyList<string>? ReadableOwners => Owners(user, permission.Read);

    public bool CanRead(string? ownerId) => Reaches(permission.Read, ownerId);
    public bool CanEdit(string? ownerId) => Reaches(permission.Edit, ownerId);
    public bool CanDelete(string? ownerId) => Reaches(permission.Delete, ownerId);

    /// <summary>True when a record owned by <paramref name="ownerId"/> is within <paramref name="scope"/> of the user.</summary>
    public bool Reaches(AccessScope scope, string? ownerId) => scope switch
    {
        AccessScope.All => true,
        AccessScope.Team => ownerId is not null && (ownerId == user.Id || user.TeamIds.Contains(ownerId)),
        AccessScope.Own => ownerId is not null && ownerId == user.Id,
        _ => false,
    };

    public FieldAccess Field(string name) => permission.Field(name);
    public bool IsHidden(string name) => permission.Field(name) == FieldAccess.Hidden;
    public bool CanWrite(string name) => permission.Field(name) == FieldAccess.Write;

    /// <summary>The object's fields this user may see, in declaration order.</summary>
    public IEnumerable<FieldDefinition> VisibleFields => obj.Fields.Where(f => !IsHidden(f.Name));
}
