using System.Text.Json;
using System.Text.Json.Nodes;
using FunnelStudio.Loading;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FunnelStudio.Cli.Publishing;

/// <summary>
/// <c>funnelstudio publish &lt;package&gt; --url --token</c>: the package as a draft on a running portal
/// (<c>POST /api/v1/config/drafts</c>), its plan (<c>GET …/impact</c>), then — unless <c>--dry-run</c> —
/// the publish with the stage and option mapping (<c>POST …/publish</c>). The portal decides; this
/// prints what it answered. Exit 0 published (a dry run: could be published), 1 the package does not
/// load, the publish is blocked or refused, or the token is refused, 2 usage, 4 the portal cannot be reached.
/// </summary>
public sealed class PublishCommand : AsyncCommand<PublishSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, PublishSettings settings, CancellationToken cancellationToken)
    {
        var output = CliApp.Output;
        var zip = ReadPackage(output, settings.Package);
        if (zip is null) return CliApp.Invalid;
        var run = new PublishRun(output, settings);
        using var client = new ConfigApiClient(settings.BaseUri, settings.BearerToken!);
        try
        {
            var draft = await client.UploadDraftAsync(zip, cancellationToken);
            if (run.Unusable(draft) is { } exit) return exit;
            if (draft.Status == 422)
            {
                var diagnostics = draft.Body!.Value.TryGetProperty("diagnostics", out var d) ? d : JsonDocument.Parse("[]").RootElement;
                if (!settings.IsJson)
                {
                    PublishPrinter.Diagnostics(output, settings.Package, diagnostics);
                    output.Console.MarkupLine($"[red]✗[/] {Markup.Escape(draft.Detail ?? "The package does not load.")}");
                }
                run.Document["diagnostics"] = Node(diagnostics);
                return run.Finish("invalid", CliApp.Invalid, draft.Code);
            }
            if (!draft.Ok) return run.Unexpected("upload the draft", draft);
            run.Document["draft"] = Node(draft.Body!.Value.GetProperty("version"));
            var id = draft.Body!.Value.GetProperty("version").GetProperty("id").GetInt64();

            var plan = await client.ImpactAsync(id, cancellationToken);
            if (run.Unusable(plan) is { } planExit) return planExit;
            if (!plan.Ok) return run.Unexpected("plan the publish", plan);
            run.Document["plan"] = Node(plan.Body!.Value);
            if (!settings.IsJson) PublishPrinter.Plan(output, draft.Body!.Value, plan.Body!.Value);
            var canPublish = plan.Body!.Value.GetProperty("canPublish").GetBoolean();
            if (settings.DryRun)
            {
                if (!settings.IsJson) output.Out.WriteLine($"Dry run: nothing was published; draft version {id} stays a draft.");
                return canPublish ? run.Finish("publishable", CliApp.Ok) : run.Finish("blocked", CliApp.Invalid,
                    PublishPrinter.Str(plan.Body!.Value.GetProperty("blockers")[0], "code"));
            }

            // Published even when the plan had blockers: a mapping given here may be what they ask for.
            var published = await client.PublishAsync(id, PublishMap.Body(settings), cancellationToken);
            if (run.Unusable(published) is { } publishExit) return publishExit;
            if (published.Ok)
            {
                run.Document["published"] = Node(published.Body!.Value);
                if (!settings.IsJson) PublishPrinter.Published(output, published.Body!.Value);
                return run.Finish("published", CliApp.Ok);
            }
            run.Document["problem"] = published.Body is { } problem ? Node(problem) : null;
            if (!settings.IsJson) PublishPrinter.Refused(output, published);
            return run.Finish("refused", CliApp.Invalid, published.Code);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            output.Error.WriteLine($"funnelstudio: cannot reach {settings.Url}: {e.GetBaseException().Message}");
            return run.Finish("unavailable", CliApp.Unavailable);
        }
    }

    /// <summary>A .zip is sent as it is (the portal checks it); a folder is zipped from the files a package has.</summary>
    private static byte[]? ReadPackage(CliOutput output, string path)
    {
        try
        {
            if (File.Exists(path) && path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)) return File.ReadAllBytes(path);
            if (!Directory.Exists(path))
            {
                output.Error.WriteLine($"funnelstudio: '{path}' is neither a package folder nor a .zip file.");
                return null;
            }
            return ZipPackageWriter.Write(PackageFiles.ReadAll(PackageSources.Folder(path)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            output.Error.WriteLine($"funnelstudio: cannot read '{path}': {e.Message}");
            return null;
        }
    }

    private static JsonNode? Node(JsonElement element) => JsonNode.Parse(element.GetRawText());
}

/// <summary>One run of <c>publish</c>: what it has learnt so far (the JSON document) and how it ends.</summary>
internal sealed class PublishRun(CliOutput output, PublishSettings settings)
{
    public JsonObject Document { get; } = new() { ["url"] = settings.Url, ["dryRun"] = settings.DryRun };

    /// <summary>Answers no step can go on from: the token refused (1), the server failing or not a portal (4).</summary>
    public int? Unusable(ApiAnswer answer)
    {
        switch (answer.Status)
        {
            case 401:
                output.Error.WriteLine($"funnelstudio: {settings.Url} refused the token (401 {answer.Code ?? "UNAUTHORIZED"}): it is wrong or has expired. " +
                                       $"Sign in with POST /api/v1/identity/login and pass its accessToken as --token or ${PublishSettings.TokenVariable}.");
                return Finish("unauthorized", CliApp.Invalid, answer.Code ?? "UNAUTHORIZED");
            case 403:
                output.Error.WriteLine($"funnelstudio: {settings.Url} refused (403 {answer.Code ?? "FORBIDDEN"}): only a user with an admin role may change the config.");
                return Finish("forbidden", CliApp.Invalid, answer.Code ?? "FORBIDDEN");
        }
        if (answer.Status >= 500 || answer.Body is null)
        {
            output.Error.WriteLine($"funnelstudio: {settings.Url} answered {answer.Status}" +
                                   (answer.Body is null ? " without JSON — is it a FunnelStudio portal?" : $" {answer.Code}: {answer.Detail}"));
            return Finish("unavailable", CliApp.Unavailable, answer.Code);
        }
        return null;
    }

    /// <summary>A 4xx the steps do not expect (413 too large, 404 a version gone meanwhile …).</summary>
    public int Unexpected(string step, ApiAnswer answer)
    {
        output.Error.WriteLine($"funnelstudio: could not {step}: {answer.Status} {answer.Code} {answer.Detail}".TrimEnd());
        Document["problem"] = JsonNode.Parse(answer.Body!.Value.GetRawText());
        return Finish("refused", CliApp.Invalid, answer.Code);
    }

    public int Finish(string outcome, int exitCode, string? code = null)
    {
        Document["outcome"] = outcome;
        Document["code"] = code;
        if (settings.IsJson) DiagnosticPrinter.WriteJson(output, Document);
        return exitCode;
    }
}
