using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FunnelStudio.Cli.Commands;

/// <summary>Settings shared by commands that read one package and can print JSON.</summary>
public class PackageSettings : CommandSettings
{
    [CommandArgument(0, "<package-dir>")]
    [Description("The package folder (the one holding package.json).")]
    public string Package { get; init; } = "";

    [CommandOption("--format <FORMAT>")]
    [Description("text (default) or json.")]
    [DefaultValue("text")]
    public string Format { get; init; } = "text";

    public bool IsJson => Format == "json";

    public override ValidationResult Validate() =>
        Format is "text" or "json" ? ValidationResult.Success() : ValidationResult.Error("--format must be text or json.");
}
