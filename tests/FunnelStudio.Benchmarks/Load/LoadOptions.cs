using System.Globalization;

namespace FunnelStudio.Benchmarks.Load;

/// <summary>The <c>--load</c> command line (see load.sh, which passes every one of these).</summary>
internal sealed record LoadOptions(string BaseUrl, string User, string Password, string? PostgresConnection,
    int Creates, int Concurrency, TimeSpan Duration, TimeSpan Warmup, int? PortalPid, int? PostgresPid,
    IReadOnlySet<string> Scenarios, double? CreateRate, double? ReadRate, TimeSpan RatedDuration, bool UniqueFields)
{
    public const string Switch = "--load";

    /// <summary>The scenarios, in the order they run; <c>--scenarios</c> picks some (e.g. to profile one).</summary>
    public static readonly string[] All = ["raw", "create", "api-list", "list", "board"];

    private static double? Rate(string text) => text.Length > 0 ? double.Parse(text, CultureInfo.InvariantCulture) : null;

    private static int? Pid(string text) => text.Length > 0 ? int.Parse(text, CultureInfo.InvariantCulture) : null;

    public static LoadOptions Parse(string[] args)
    {
        string Arg(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        double Seconds(string name, string fallback) => double.Parse(Arg(name, fallback), CultureInfo.InvariantCulture);
        var pg = Arg("--pg", "");
        return new LoadOptions(
            BaseUrl: Arg("--base-url", "http://127.0.0.1:5080").TrimEnd('/'),
            User: Arg("--user", "rep@funnelstudio.local"),
            Password: Arg("--password", ""),
            PostgresConnection: pg.Length > 0 ? pg : null,
            Creates: int.Parse(Arg("--creates", "100000"), CultureInfo.InvariantCulture),
            Concurrency: int.Parse(Arg("--concurrency", "32"), CultureInfo.InvariantCulture),
            Duration: TimeSpan.FromSeconds(Seconds("--seconds", "20")),
            Warmup: TimeSpan.FromSeconds(Seconds("--warmup", "10")),
            PortalPid: Pid(Arg("--portal-pid", "")),
            PostgresPid: Pid(Arg("--pg-pid", "")),
            Scenarios: Arg("--scenarios", string.Join(',', All)).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .ToHashSet(StringComparer.Ordinal),
            CreateRate: Rate(Arg("--create-rate", "")),
            ReadRate: Rate(Arg("--read-rate", "")),
            RatedDuration: TimeSpan.FromSeconds(Seconds("--rated-seconds", "20")),
            UniqueFields: args.Contains("--unique-fields"));
    }
}
