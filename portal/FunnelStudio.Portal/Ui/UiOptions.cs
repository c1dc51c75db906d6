namespace FunnelStudio.Portal.Ui;

/// <summary>Settings of the reps' pages (<c>FunnelStudio:Ui</c>).</summary>
public sealed class UiOptions
{
    public const string Section = "FunnelStudio:Ui";

    /// <summary>Up to this many target records a lookup input is a plain select; beyond, a search box.</summary>
    public int LookupSelectLimit { get; set; } = 50;
}
