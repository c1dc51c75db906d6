namespace FunnelStudio.Portal.Ui;

/// <summary>How one value is shown: its text (always rendered encoded) and, for links, where to.</summary>
public sealed record FieldDisplay(string Text, string? Href = null, bool External = false)
{
    /// <summary>Shown muted: a value the user may not open (a lookup to someone else's record).</summary>
    public bool Muted { get; init; }

    public static readonly FieldDisplay Empty = new("");

    public bool IsEmpty => Text.Length == 0;
}
