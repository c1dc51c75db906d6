using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FunnelStudio.Cli.Commands;

/// <summary>The <c>--format text|json</c> option every reporting command shares.</summary>
public class FormatSettings : CommandSettings
{
    [CommandOption("--format <FORMAT>")]
    [Description("text (default) or json.")]
    [DefaultValue("text")]
    public string Format { get; init; } = "text";

    public bool IsJson => Format == "json";

    public override ValidationResult Validate() =>
        Format is "text" or "json" ? ValidationResult.Success() : ValidationResult.Error("--format must be text or json.");
}

/// <summary>Settings shared by commands that read one package and can print JSON.</summary>
public class PackageSettings : FormatSettings
{
    [CommandArgument(0, "<package-dir>")]
    [Description("The package folder (the one holding package.json).")]
    public string Package { get; init; } = "";
}
