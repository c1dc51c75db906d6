using System.ComponentModel;
using FunnelStudio.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FunnelStudio.Cli.Publishing;

/// <summary>The options of <c>funnelstudio publish</c>.</summary>
public sealed class PublishSettings : FormatSettings
{
    /// <summary>Where the token comes from when <c>--token</c> is not given (keeps it out of shell history).</summary>
    public const string TokenVariable = "FUNNELSTUDIO_TOKEN";

    [CommandArgument(0, "<package>")]
    [Description("The package: a folder holding package.json, or a .zip of one (sent as is).")]
    public string Package { get; init; } = "";

    [CommandOption("--url <URL>")]
    [Description("The portal, e.g. https://funnel.example.com.")]
    public string? Url { get; init; }

    [CommandOption("--token <TOKEN>")]
    [Description($"A bearer token of an admin (the accessToken of POST /api/v1/identity/login); default: ${TokenVariable}.")]
    public string? Token { get; init; }

    [CommandOption("--dry-run")]
    [Description("Upload the draft and show its plan, but do not publish; exit 0 when it could be published, 1 when blocked.")]
    public bool DryRun { get; init; }

    [CommandOption("--map-stage <OLD=NEW>")]
    [Description("Where records in a removed stage go (repeatable), e.g. --map-stage mql=sql.")]
    public string[] MapStage { get; init; } = [];

    [CommandOption("--map-option <FIELD:OLD=NEW>")]
    [Description("What a removed picklist option becomes (repeatable), e.g. --map-option source:fair=event.")]
    public string[] MapOption { get; init; } = [];

    /// <summary>The token given, or the environment's.</summary>
    public string? BearerToken => !string.IsNullOrWhiteSpace(Token) ? Token : Environment.GetEnvironmentVariable(TokenVariable);

    public Uri BaseUri => new(Url!.TrimEnd('/') + "/");

    public override ValidationResult Validate()
    {
        var format = base.Validate();
        if (!format.Successful) return format;
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            return ValidationResult.Error("--url must be the portal's address, e.g. https://funnel.example.com.");
        if (string.IsNullOrWhiteSpace(BearerToken))
            return ValidationResult.Error($"--token (or ${TokenVariable}) is required: the accessToken of POST /api/v1/identity/login for an admin.");
        if (MapStage.FirstOrDefault(m => PublishMap.Stage(m) is null) is { } stage)
            return ValidationResult.Error($"--map-stage must be old=new, not '{stage}'.");
        if (MapOption.FirstOrDefault(m => PublishMap.Option(m) is null) is { } option)
            return ValidationResult.Error($"--map-option must be field:old=new, not '{option}'.");
        return ValidationResult.Success();
    }
}
