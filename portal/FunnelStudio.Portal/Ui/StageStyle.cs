using FunnelStudio.Metadata;

namespace FunnelStudio.Portal.Ui;

/// <summary>The colour a stage is shown in: won green, lost grey-red, open stages blue.</summary>
public static class StageStyle
{
    public static string Badge(StageDefinition? stage) => stage?.Terminal switch
    {
        StageTerminal.Won => "text-bg-success",
        StageTerminal.Lost => "text-bg-danger",
        null => "text-bg-light border",
        _ => "text-bg-primary",
    };

    /// <summary>The CSS modifier for a stage column or path step.</summary>
    public static string Kind(StageDefinition stage) => stage.Terminal switch
    {
        StageTerminal.Won => "won",
        StageTerminal.Lost => "lost",
        _ => "open",
    };
}
