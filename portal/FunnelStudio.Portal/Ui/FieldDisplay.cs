namespace FunnelStudio.Portal.Ui;

/// <summary>How one value is shown: its text (always rendered encoded) and, for links, where to.</summary>
public sealed record FieldDisplay(string Text, string? Href = null, bool External = false)
{
    public static readonly FieldDisplay Empty = new("");

    public bool IsEmpty => Text.Length == 0;
}
