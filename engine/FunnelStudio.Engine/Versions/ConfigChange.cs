namespace FunnelStudio.Versions;

/// <summary>Whether something is new in the later version, gone from it, or different.</summary>
public enum ChangeKind { Added, Removed, Changed }

/// <summary>
/// One semantic difference between two package versions — not a line of text: an object, field,
/// stage, rule, role, permission or file added, removed or changed, with what it was and is.
/// <paramref name="Area"/> says what kind of thing (object, field, stage, rule, role, permission,
/// package, flow, template, script, test, demo); <paramref name="Path"/> names it
/// (<c>deal.fields.amount.required</c>); <paramref name="Before"/>/<paramref name="After"/> are the
/// values as short text (null when added or removed).
/// </summary>
public sealed record ConfigChange(ChangeKind Kind, string Area, string Path, string? Before, string? After);
