namespace FunnelStudio.Metadata;

/// <summary>
/// Which records of an object a role reaches for one operation, narrowest first (so the widest of
/// several roles is the largest value): none, the user's own, the user's team (own plus everyone
/// who reports to the user, through the whole manager chain), or all.
/// </summary>
public enum AccessScope
{
    None,
    Own,
    Team,
    All,
}

/// <summary>
/// What a role may do with one field of a record it reaches, narrowest first: <see cref="Hidden"/>
/// (absent from every read, refused on every write), <see cref="Read"/> (visible, not writable) or
/// <see cref="Write"/> (the default for every field a role does not name).
/// </summary>
public enum FieldAccess
{
    Hidden,
    Read,
    Write,
}
