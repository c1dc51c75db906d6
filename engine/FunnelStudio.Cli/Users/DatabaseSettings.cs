using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FunnelStudio.Cli.Users;

/// <summary>The options of every command that works on a FunnelStudio database: which one, on which provider.</summary>
public class DatabaseSettings : CommandSettings
{
    [CommandOption("--connection <CONNECTION>")]
    [Description("The database's connection string, e.g. \"Data Source=data/funnelstudio.db\" or \"Host=…;Database=…;Username=…;Password=…\".")]
    public string? Connection { get; init; }

    [CommandOption("--provider <PROVIDER>")]
    [Description("sqlite (default) or postgres.")]
    [DefaultValue("sqlite")]
    public string Provider { get; init; } = "sqlite";

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Connection)) return ValidationResult.Error("--connection is required.");
        return Provider is "sqlite" or "postgres" ? ValidationResult.Success() : ValidationResult.Error("--provider must be sqlite or postgres.");
    }
}
