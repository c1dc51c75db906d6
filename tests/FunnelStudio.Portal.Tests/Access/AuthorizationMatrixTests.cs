using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using FunnelStudio.Loading;
using FunnelStudio.Metadata;
using FunnelStudio.Portal.Tests.Infrastructure;
using FunnelStudio.TestSupport;
using Xunit.Abstractions;

namespace FunnelStudio.Portal.Tests.Access;

/// <summary>
/// The authorization matrix, generated from the published package: for every role × object ×
/// operation × owner (the user's own record, a record of someone who reports to them, anyone
/// else's — a peer's or another team's), the outcome the role's permissions give, asserted over real
/// HTTP. One contract everywhere: a record beyond the read scope is 403 FORBIDDEN on every request
/// that names it and absent from every list, count, sum, search and lookup; a change beyond the edit
/// (delete) scope is 403 FORBIDDEN; a move by a role that may only read the stage is 403
/// FIELD_FORBIDDEN. Nothing here restates the permission table: every expectation is computed from
/// the roles of the compiled package the server runs and from who reports to whom.
/// </summary>
public abstract partial class AuthorizationMatrixTests(MatrixPortal server, ITestOutputHelper output)
{
    /// <summary>The roles of the package the portal publishes (b2b-saas).</summary>
    public static TheoryData<string> Roles =>
        new(PackageLoader.Load(RepositoryPaths.SamplePackage("b2b-saas")).Package!.Definition.Roles.Select(r => r.Name));

    private MatrixWorld World => server.World;

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Role_ReachesExactlyWhatThePackageGivesIt_OnEverySurface(string role)
    {
        var actor = World.ActorFor(role);
        var failures = new Checks();
        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.Contains(World.Records, r => actor.RelationTo(r.OwnerId) == Relation.Own);
        Assert.Contains(World.Records, r => actor.RelationTo(r.OwnerId) == Relation.Other);
        if (actor.Reports.Count > 0) Assert.Contains(World.Records, r => actor.RelationTo(r.OwnerId) == Relation.Team);

        await MetadataAsync(actor, failures);
        foreach (var obj in World.Package.Definition.Objects)
            await ListsAndCountsAsync(actor, obj, failures);
        await Parallel.ForEachAsync(World.Records, new ParallelOptions { MaxDegreeOfParallelism = 6 },
            async (record, _) => await RecordAsync(actor, record, failures));
        foreach (var obj in World.Package.Definition.Objects)
            await CreateAsync(actor, obj, failures);

        output.WriteLine($"{role}: {failures.Count} outcomes over {World.Records.Count} records in {started.ElapsedMilliseconds} ms ({server.Database.Name})");
        Assert.True(failures.Differences.Count == 0,
            $"{failures.Differences.Count} of {failures.Count} outcomes differ from the package for role '{role}':\n" + string.Join("\n", failures.Differences.Order()));
    }

    /// <summary>What the actor's roles give on <paramref name="obj"/>: the widest of each.</summary>
    private ObjectPermission Permission(Actor actor, ObjectDefinition obj)
    {
        var permissions = World.Package.Definition.Roles.Where(r => actor.User.Roles.Contains(r.Name)).Select(r => r.On(obj.Name)).ToList();
        var reaching = permissions.Where(p => p.Read > AccessScope.None || p.Create).ToList();
        if (reaching.Count == 0) return ObjectPermission.None;
        var named = reaching.SelectMany(p => p.Fields.Keys).Distinct();
        return new ObjectPermission
        {
            Read = reaching.Max(p => p.Read), Edit = reaching.Max(p => p.Edit), Delete = reaching.Max(p => p.Delete), Create = reaching.Any(p => p.Create),
            Fields = named.ToDictionary(f => f, f => reaching.Max(p => p.Field(f))), OtherFields = reaching.Max(p => p.OtherFields),
        };
    }

    /// <summary>The scope semantics: own reaches the user's records, team also their reports', all everything.</summary>
    private static bool Reaches(AccessScope scope, Relation relation) => scope switch
    {
        AccessScope.All => true,
        AccessScope.Team => relation is Relation.Own or Relation.Team,
        AccessScope.Own => relation == Relation.Own,
        _ => false,
    };

    private static bool ReachesObject(ObjectPermission p) => p.Read > AccessScope.None || p.Create;

    private static IReadOnlyList<string> VisibleFields(ObjectDefinition obj, ObjectPermission p) =>
        obj.Fields.Where(f => p.Field(f.Name) != FieldAccess.Hidden).Select(f => f.Name).ToList();

    private static bool CanMove(ObjectDefinition obj, ObjectPermission p, Relation relation) =>
        obj.Pipeline is { } pipeline && Reaches(p.Edit, relation) && p.Field(pipeline.Field) == FieldAccess.Write;

    private string Email(string userId) => World.Users.Single(u => u.Id == userId).Email!;

    /// <summary>Every outcome compared, and the ones that differ (all reported at once, not the first).</summary>
    private sealed class Checks
    {
        private readonly ConcurrentQueue<string> _differences = new();
        private int _count;

        public int Count => _count;
        public IReadOnlyCollection<string> Differences => _differences;

        public void Expect(string what, object? expected, object? actual)
        {
            Interlocked.Increment(ref _count);
            if (!Equals(expected, actual)) _differences.Enqueue($"{what}: expected {expected}, got {actual}");
        }
    }

    /// <summary>The status, and for a problem its code ("403 FORBIDDEN"); for a success the status alone.</summary>
    private static async Task<string> OutcomeAsync(HttpResponseMessage response)
    {
        var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return status;
        var problem = await response.JsonAsync();
        return problem.TryGetProperty("code", out var code) ? $"{status} {code.GetString()}" : status;
    }

    private static string Problem(int status, string code) => $"{status} {code}";

    // ---- metadata -------------------------------------------------------------------------------

    private async Task MetadataAsync(Actor actor, Checks failures)
    {
        var metadata = await (await actor.Api.GetAsync("/api/v1/objects")).AssertOkAsync();
        var objects = metadata.GetProperty("objects").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!);
        foreach (var obj in World.Package.Definition.Objects)
        {
            var p = Permission(actor, obj);
            var what = $"{actor.Role.Name} GET /api/v1/objects {obj.Name}";
            failures.Expect($"{what} listed", ReachesObject(p), objects.ContainsKey(obj.Name));
            if (!objects.TryGetValue(obj.Name, out var dto)) continue;
            var fields = dto.GetProperty("fields").EnumerateArray().ToList();
            failures.Expect($"{what} fields", string.Join(",", VisibleFields(obj, p)), string.Join(",", fields.Select(f => f.GetProperty("name").GetString())));
            foreach (var field in fields)
            {
                var definition = obj.Field(field.GetProperty("name").GetString()!)!;
                var readOnly = definition.ReadOnly || definition.IsComputed || definition.IsStageField || p.Field(definition.Name) != FieldAccess.Write;
                failures.Expect($"{what} {definition.Name}.readOnly", readOnly, field.GetProperty("readOnly").GetBoolean());
            }
            var permissions = dto.GetProperty("permissions");
            failures.Expect($"{what} permissions",
                $"{Name(p.Read)} {p.Create} {Name(p.Edit)} {Name(p.Delete)}",
                $"{permissions.GetProperty("read").GetString()} {permissions.GetProperty("create").GetBoolean()} {permissions.GetProperty("edit").GetString()} {permissions.GetProperty("delete").GetString()}");
            var shownColumns = dto.GetProperty("listColumns").EnumerateArray().Select(c => c.GetString()!);
            failures.Expect($"{what} hidden list columns", "", string.Join(",", shownColumns.Where(c => p.Field(c) == FieldAccess.Hidden)));
        }
    }

    private static string Name(AccessScope scope) => scope.ToString().ToLowerInvariant();

    // ---- lists, counts, sums, search ------------------------------------------------------------

    /// <summary>Every live record of the object as the admin sees it: the truth counts and sums are checked against.</summary>
    private async Task<List<(string Id, string? Owner, string? Stage, decimal? Amount)>> EverythingAsync(ObjectDefinition obj)
    {
        var all = new List<(string, string?, string?, decimal?)>();
        var amountField = obj.Pipeline?.AmountField;
        for (var page = 1; ; page++)
        {
            var result = await (await World.Admin.Api.GetAsync($"{MatrixWorld.Url(obj.Name)}?pageSize=200&page={page}&sort=created_at")).AssertOkAsync();
            foreach (var r in result.GetProperty("items").EnumerateArray())
            {
                decimal? amount = amountField is not null && r.GetProperty("values").TryGetProperty(amountField, out var a) && a.ValueKind == JsonValueKind.Number
                    ? a.GetDecimal() : null;
                all.Add((r.Id(), r.GetProperty("owner").GetString(), r.GetProperty("stage").GetString(), amount));
            }
            if (all.Count >= result.GetProperty("total").GetInt32()) return all;
        }
    }

    private async Task ListsAndCountsAsync(Actor actor, ObjectDefinition obj, Checks failures)
    {
        var p = Permission(actor, obj);
        var who = $"{actor.Role.Name} {obj.Name}";
        var everything = await EverythingAsync(obj);
        var readable = everything.Where(r => r.Owner is not null && Reaches(p.Read, actor.RelationTo(r.Owner))).ToList();
        var mine = World.Records.Where(r => r.Object == obj.Name).ToList();
        var expectedIds = mine.Where(r => Reaches(p.Read, actor.RelationTo(r.OwnerId))).Select(r => r.Id).Order().ToList();

        // API: search (the matrix's records by their tag), then the total without a search (the totals table).
        var search = await actor.Api.GetAsync($"{MatrixWorld.Url(obj.Name)}?q={World.Tag}&pageSize=200");
        if (p.Read == AccessScope.None)
        {
            failures.Expect($"{who} API list", Problem(403, "FORBIDDEN"), await OutcomeAsync(search));
        }
        else
        {
            var found = await search.AssertOkAsync();
            var items = found.GetProperty("items").EnumerateArray().ToList();
            failures.Expect($"{who} API search ids", string.Join(",", expectedIds), string.Join(",", items.Select(i => i.Id()).Order()));
            failures.Expect($"{who} API search total", expectedIds.Count, found.GetProperty("total").GetInt32());
            var fields = string.Join(",", VisibleFields(obj, p).Where(f => obj.Field(f)!.IsStageField == false).Order());
            foreach (var item in items)
                failures.Expect($"{who} API list item fields", fields, string.Join(",", item.GetProperty("values").EnumerateObject().Select(v => v.Name).Order()));
            var total = await (await actor.Api.GetAsync($"{MatrixWorld.Url(obj.Name)}?pageSize=1")).AssertOkAsync();
            failures.Expect($"{who} API list count", readable.Count, total.GetProperty("total").GetInt32());
        }

        // Pages: the searched list links exactly the readable records, the full list counts them, "New" only with create.
        var listPage = await actor.Pages.GetAsync($"/o/{obj.Name}?q={World.Tag}");
        if (!ReachesObject(p))
        {
            failures.Expect($"{who} list page", 404, (int)listPage.StatusCode);
            return;
        }
        var listHtml = await listPage.Content.ReadAsStringAsync();
        failures.Expect($"{who} list page", 200, (int)listPage.StatusCode);
        foreach (var record in mine)
            failures.Expect($"{who} list page links {actor.RelationTo(record.OwnerId)} record of {Email(record.OwnerId)}",
                Reaches(p.Read, actor.RelationTo(record.OwnerId)), listHtml.Contains($"href=\"/o/{obj.Name}/{record.Id}\"", StringComparison.Ordinal));
        var fullList = await actor.Pages.GetStringAsync($"/o/{obj.Name}");
        failures.Expect($"{who} list page count", readable.Count.ToString(CultureInfo.InvariantCulture), ShowingPattern().Match(fullList).Groups[1].Value);
        failures.Expect($"{who} list page New button", p.Create, fullList.Contains("id=\"fs-new\"", StringComparison.Ordinal));

        if (obj.Pipeline is not { } pipeline) return;
        var board = await actor.Pages.GetStringAsync($"/o/{obj.Name}/board");
        var amountHidden = pipeline.AmountField is { } amount && p.Field(amount) == FieldAccess.Hidden;
        foreach (var stage in pipeline.Stages)
        {
            var head = Regex.Match(board, $"id=\"fs-col-head-{stage.Name}\".*?</header>", RegexOptions.Singleline).Value;
            var inStage = readable.Where(r => r.Stage == stage.Name).ToList();
            failures.Expect($"{who} board count {stage.Name}", inStage.Count.ToString(CultureInfo.InvariantCulture), CountPattern().Match(head).Groups[1].Value);
            var sum = SumPattern().Match(head).Groups[1].Value;
            var digits = new string(sum.Where(char.IsDigit).ToArray());
            var expectedSum = amountHidden ? ""
                : Math.Round(inStage.Sum(r => r.Amount ?? 0m), 0, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture);
            failures.Expect($"{who} board sum {stage.Name}", expectedSum, digits);
        }
        var owners = everything.ToDictionary(r => r.Id, r => r.Owner);
        foreach (Match card in CardPattern().Matches(board))
        {
            var owner = owners.GetValueOrDefault(card.Groups[2].Value);
            failures.Expect($"{who} board shows a card of {(owner is null ? "?" : Email(owner))}, readable by the role", true,
                owner is not null && Reaches(p.Read, actor.RelationTo(owner)));
            if (owner is not null)
                failures.Expect($"{who} board card of {Email(owner)} movable", CanMove(obj, p, actor.RelationTo(owner)), card.Groups[1].Success);
        }
        failures.Expect($"{who} board New button", p.Create, board.Contains("id=\"fs-new\"", StringComparison.Ordinal));
    }

    // ---- one record: read, pages, history, lookup, checklist, edit, move, delete ----------------

    private async Task RecordAsync(Actor actor, MatrixRecord record, Checks failures)
    {
        var obj = World.Package.Definition.Object(record.Object)!;
        var p = Permission(actor, obj);
        var relation = actor.RelationTo(record.OwnerId);
        var (read, edit, delete) = (Reaches(p.Read, relation), Reaches(p.Edit, relation), Reaches(p.Delete, relation));
        var who = $"{actor.Role.Name} {obj.Name} {relation} ({Email(record.OwnerId)})";
        var url = MatrixWorld.RecordUrl(obj.Name, record.Id);
        var forbidden = Problem(403, "FORBIDDEN");

        var get = await actor.Api.GetAsync(url);
        failures.Expect($"{who} GET", read ? "200" : forbidden, await OutcomeAsync(get));
        if (read && get.IsSuccessStatusCode)
        {
            var fields = string.Join(",", VisibleFields(obj, p).Where(f => !obj.Field(f)!.IsStageField).Order());
            failures.Expect($"{who} GET fields", fields, string.Join(",", (await get.JsonAsync()).GetProperty("values").EnumerateObject().Select(v => v.Name).Order()));
        }

        if (ReachesObject(p))
        {
            // The record page with its field and stage history; its Edit button and move controls.
            var page = await actor.Pages.GetAsync($"/o/{obj.Name}/{record.Id}");
            failures.Expect($"{who} record page", read ? 200 : 403, (int)page.StatusCode);
            if (page.IsSuccessStatusCode)
            {
                var html = await page.Content.ReadAsStringAsync();
                failures.Expect($"{who} record page history", true, html.Contains("id=\"fs-field-history\"", StringComparison.Ordinal)
                    && (obj.Pipeline is null || html.Contains("id=\"fs-stage-history\"", StringComparison.Ordinal)));
                failures.Expect($"{who} record page Edit button", edit, html.Contains("id=\"fs-edit\"", StringComparison.Ordinal));
                if (obj.Pipeline is not null)
                    failures.Expect($"{who} record page move controls", CanMove(obj, p, relation), html.Contains("id=\"fs-move-controls\"", StringComparison.Ordinal));
            }
            var form = await actor.Pages.GetAsync($"/o/{obj.Name}/{record.Id}/edit");
            failures.Expect($"{who} edit form", edit ? 200 : 403, (int)form.StatusCode);
            var lookup = await actor.Pages.GetAsync($"/o/{obj.Name}/lookup?q={Uri.EscapeDataString(record.Title)}");
            failures.Expect($"{who} lookup", read, lookup.IsSuccessStatusCode
                && (await lookup.Content.ReadAsStringAsync()).Contains($"data-id=\"{record.Id}\"", StringComparison.Ordinal));
        }

        if (obj.Pipeline is { } pipeline)
        {
            var checklist = await actor.Api.GetAsync($"{url}/checklist");
            failures.Expect($"{who} checklist", read ? "200" : forbidden, await OutcomeAsync(checklist));
            if (ReachesObject(p))
            {
                var next = pipeline.Stages.Where(s => !s.IsTerminal).ElementAt(1).Name;
                var dialog = await actor.Pages.GetAsync($"/o/{obj.Name}/{record.Id}/move?to={next}");
                failures.Expect($"{who} move dialog", CanMove(obj, p, relation) ? 200 : 403, (int)dialog.StatusCode);
            }
        }

        // Edit: a field the role may write gets a new value (or nothing, when it may write none).
        var patch = await actor.Api.PatchJsonAsync(url, new { values = Probe(obj, p) });
        failures.Expect($"{who} PATCH", edit ? "200" : forbidden, await OutcomeAsync(patch));

        if (obj.Pipeline is { } stages)
        {
            // Forward to the second open stage (the record has what that needs) and back again.
            var open = stages.Stages.Where(s => !s.IsTerminal).ToList();
            var move = await actor.Api.PostJsonAsync($"{url}/stage", new { to = open[1].Name });
            var expected = !edit ? forbidden : p.Field(stages.Field) != FieldAccess.Write ? Problem(403, "FIELD_FORBIDDEN") : "200";
            failures.Expect($"{who} move", expected, await OutcomeAsync(move));
            if (move.IsSuccessStatusCode)
                failures.Expect($"{who} move back", "200", await OutcomeAsync(await actor.Api.PostJsonAsync($"{url}/stage", new { to = open[0].Name })));
        }

        // Delete with a version that never matches: access is decided before the version, so a delete
        // the role may make answers 412 and deletes nothing; one it may not make answers 403.
        var request = new HttpRequestMessage(HttpMethod.Delete, url);
        request.Headers.TryAddWithoutValidation("If-Match", "\"999999999\"");
        failures.Expect($"{who} DELETE", delete ? Problem(412, "CONFLICT") : forbidden, await OutcomeAsync(await actor.Api.SendAsync(request)));
    }

    /// <summary>A change the role may make if it may edit the record: a new value for the first plain field it may write.</summary>
    private static Dictionary<string, object?> Probe(ObjectDefinition obj, ObjectPermission p)
    {
        var field = obj.Fields.FirstOrDefault(f => f.Type is FieldType.Text or FieldType.LongText or FieldType.Boolean
            && !f.IsComputed && !f.ReadOnly && !f.IsStageField && !f.Unique && !f.Required
            && f.Name != obj.EffectiveTitleField && f.Name != obj.OwnerField && p.Field(f.Name) == FieldAccess.Write);
        return field is null ? [] : new() { [field.Name] = field.Type == FieldType.Boolean ? true : "probe " + Guid.NewGuid().ToString("N")[..6] };
    }

    // ---- create ---------------------------------------------------------------------------------

    private async Task CreateAsync(Actor actor, ObjectDefinition obj, Checks failures)
    {
        var p = Permission(actor, obj);
        var values = MatrixWorld.Values(obj, "created " + Guid.NewGuid().ToString("N")[..8], actor.User.Id, World.ExtraValues[obj.Name])
            .Where(v => p.Field(v.Key) == FieldAccess.Write).ToDictionary();
        var response = await actor.Api.PostJsonAsync(MatrixWorld.Url(obj.Name), new { values });
        failures.Expect($"{actor.Role.Name} {obj.Name} POST", p.Create ? "201" : Problem(403, "FORBIDDEN"), await OutcomeAsync(response));
        var form = await actor.Pages.GetAsync($"/o/{obj.Name}/new");
        failures.Expect($"{actor.Role.Name} {obj.Name} new form", !ReachesObject(p) ? 404 : p.Create ? 200 : 403, (int)form.StatusCode);
    }

    [GeneratedRegex("[0-9]+–[0-9]+ of ([0-9]+)")]
    private static partial Regex ShowingPattern();

    [GeneratedRegex("data-count=\"([0-9]+)\"")]
    private static partial Regex CountPattern();

    [GeneratedRegex("<span class=\"fs-sum\">([^<]*)</span>")]
    private static partial Regex SumPattern();

    [GeneratedRegex("<article class=\"card fs-card shadow-sm( fs-movable)?\" id=\"fs-card-([0-9a-f-]{36})\"")]
    private static partial Regex CardPattern();
}

public sealed class AuthorizationMatrixOnSqlite(SqliteMatrixPortal server, ITestOutputHelper output)
    : AuthorizationMatrixTests(server, output), IClassFixture<SqliteMatrixPortal>;

public sealed class AuthorizationMatrixOnPostgres(PostgresMatrixPortal server, ITestOutputHelper output)
    : AuthorizationMatrixTests(server, output), IClassFixture<PostgresMatrixPortal>;
