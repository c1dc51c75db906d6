using System.Globalization;
using System.Net;
using System.Text.Json;
using FunnelStudio.Access;
using FunnelStudio.Metadata;
using FunnelStudio.Portal.Tests.Infrastructure;
using FunnelStudio.Rules;
using FunnelStudio.Saving;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Portal.Tests.Access;

/// <summary>How a record's owner stands to the acting user: the user, someone who reports to them, anyone else.</summary>
public enum Relation
{
    Own,
    Team,
    Other,
}

/// <summary>One acting user per package role, signed in to the API and to the pages.</summary>
public sealed record Actor(RoleDefinition Role, DirectoryUser User, IReadOnlySet<string> Reports, HttpClient Api, HttpClient Pages)
{
    public Relation RelationTo(string ownerId) =>
        ownerId == User.Id ? Relation.Own : Reports.Contains(ownerId) ? Relation.Team : Relation.Other;
}

/// <summary>A record the matrix probes: one per object and owner, its title carrying the world's tag.</summary>
public sealed record MatrixRecord(string Object, string Id, string OwnerId, string Title);

/// <summary>
/// The world the authorization matrix runs in, built once per server: the demo's team (a manager
/// with two reps, finance, admin) plus a second team (another manager and their rep, created through
/// Identity), one acting user per role of the published package, and for every object one record per
/// user as owner — so every role meets its own records, its team's and other teams'.
/// </summary>
public sealed class MatrixWorld
{
    public const string SecondManager = "manager2@funnelstudio.local";
    public const string SecondRep = "rep3@funnelstudio.local";

    private MatrixWorld(CompiledPackage package, IReadOnlyList<DirectoryUser> users, IReadOnlyList<Actor> actors,
        IReadOnlyList<MatrixRecord> records, string tag, IReadOnlyDictionary<string, Dictionary<string, object?>> extraValues)
    {
        Package = package;
        Users = users;
        Actors = actors;
        Records = records;
        Tag = tag;
        ExtraValues = extraValues;
    }

    /// <summary>The package the server published: the source of every expectation.</summary>
    public CompiledPackage Package { get; }
    public IReadOnlyList<DirectoryUser> Users { get; }
    public IReadOnlyList<Actor> Actors { get; }
    public IReadOnlyList<MatrixRecord> Records { get; }
    /// <summary>In the title of every matrix record and of nothing else, so a search finds exactly them.</summary>
    public string Tag { get; }
    /// <summary>Per object, values beyond the required ones that a valid record (ready to leave its first stage) needs.</summary>
    public IReadOnlyDictionary<string, Dictionary<string, object?>> ExtraValues { get; }

    public Actor Admin => Actors.First(a => a.Role.Admin);

    public Actor ActorFor(string role) => Actors.Single(a => a.Role.Name == role);

    public static async Task<MatrixWorld> CreateAsync(PortalServer server)
    {
        await server.CreateUserAsync(SecondManager, "赵经理 Zhao Lei", "manager");
        await server.CreateUserAsync(SecondRep, "孙丽 Sun Li", "rep", SecondManager);
        var package = server.Services.GetRequiredService<IPackageRuntime>().Current;
        var users = (await server.Services.GetRequiredService<IUserDirectory>().AllAsync(CancellationToken.None)).Where(u => u.Active).ToList();

        // Per role, the user holding only that role with the most reports (a manager with a team).
        var holders = package.Definition.Roles.Select(role => users
                .Where(u => u.Roles.Count == 1 && u.Roles[0] == role.Name)
                .OrderByDescending(u => Teams.ReportsOf(u.Id, users).Count).ThenBy(u => u.Email, StringComparer.Ordinal)
                .FirstOrDefault() ?? throw new InvalidOperationException($"No user holds only role '{role.Name}'."))
            .ToList();
        var actors = await Task.WhenAll(package.Definition.Roles.Zip(holders, async (role, user) => new Actor(role, user,
            Teams.ReportsOf(user.Id, users).ToHashSet(StringComparer.Ordinal),
            await server.SignInAsync(user.Email!), await server.SignInToPagesAsync(user.Email!))));

        var tag = "mx" + Guid.NewGuid().ToString("N")[..8];
        var admin = actors.First(a => a.Role.Admin);
        var extras = new Dictionary<string, Dictionary<string, object?>>(StringComparer.Ordinal);
        var records = new List<MatrixRecord>();
        foreach (var obj in package.Definition.Objects)
        {
            extras[obj.Name] = await ExtraValuesAsync(admin.Api, package.Object(obj.Name)!, "set-up probe " + Guid.NewGuid().ToString("N")[..8], admin.User.Id);
            IReadOnlyList<DirectoryUser> owners = obj.OwnerField is null ? [admin.User] : users;
            var created = await Task.WhenAll(owners.Select(async (owner, i) =>
            {
                var title = $"{tag} {obj.Name} {i:00} {owner.Email}";
                var values = Values(obj, title, owner.Id, extras[obj.Name]);
                var record = await (await admin.Api.PostJsonAsync(Url(obj.Name), new { values })).AssertOkAsync(HttpStatusCode.Created);
                return new MatrixRecord(obj.Name, record.Id(), owner.Id, title);
            }));
            records.AddRange(created);
        }
        return new MatrixWorld(package, users, actors, records, tag, extras);
    }

    public static string Url(string obj) => $"/api/v1/objects/{obj}/records";

    /// <summary>A record's values: every required field, the title, the owner, and the extra values the object needs.</summary>
    public static Dictionary<string, object?> Values(ObjectDefinition obj, string title, string ownerId, IReadOnlyDictionary<string, object?> extra)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var field in obj.Fields.Where(f => f.Required && !f.IsComputed && !f.IsStageField))
            values[field.Name] = Filler(field, ownerId);
        foreach (var (name, value) in extra) values[name] = value;
        // A unique field gets its own value in every record; so does a phone, which the sample's dedupe-guard plugin compares.
        foreach (var field in obj.Fields.Where(f => (f.Unique || f.Type == FieldType.Phone) && values.ContainsKey(f.Name))) values[field.Name] = Filler(field, ownerId);
        if (TitleInput(obj) is { } titleField) values[titleField] = title;
        if (obj.OwnerField is { } ownerField) values[ownerField] = ownerId;
        return values;
    }

    /// <summary>
    /// The field to type a record's title into: the title field, or when that is a formula (a contact's
    /// name from last and first name) the first text field it reads.
    /// </summary>
    private static string? TitleInput(ObjectDefinition obj) =>
        obj.EffectiveTitleField is not { } title ? null
        : obj.Field(title) is { IsComputed: true, Expression: { } expression }
            ? obj.Fields.FirstOrDefault(f => f.Type == FieldType.Text && expression.Contains("record." + f.Name, StringComparison.Ordinal))?.Name
            : title;

    /// <summary>
    /// What a record of <paramref name="obj"/> needs beyond its required fields: the fields the
    /// refusals of a create name (validation rules), then, with a pipeline, the fields the checklist
    /// toward the second open stage names — found by asking the server, never written down here.
    /// </summary>
    private static async Task<Dictionary<string, object?>> ExtraValuesAsync(HttpClient admin, CompiledObject obj, string title, string ownerId)
    {
        var extra = new Dictionary<string, object?>(StringComparer.Ordinal);
        JsonElement? created = null;
        for (var attempt = 0; attempt < 4 && created is null; attempt++)
        {
            var response = await admin.PostJsonAsync(Url(obj.Name), new { values = Values(obj.Definition, title, ownerId, extra) });
            if (response.StatusCode == HttpStatusCode.Created) created = await response.JsonAsync();
            else Fill(obj.Definition, extra, (await response.JsonAsync()).GetProperty("errors").EnumerateArray()
                .Select(e => e.TryGetProperty("field", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null), ownerId);
        }
        if (created is not { } record) throw new InvalidOperationException($"No valid {obj.Name} could be created; values so far: {JsonSerializer.Serialize(extra)}");
        if (obj.Pipeline?.Stages.Where(s => !s.IsTerminal).Skip(1).FirstOrDefault() is not { } second) return extra;
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var checklist = await (await admin.GetAsync($"{Url(obj.Name)}/{record.Id()}/checklist?to={second.Name}")).AssertOkAsync();
            if (checklist.GetProperty("ready").GetBoolean()) return extra;
            var fields = checklist.GetProperty("items").EnumerateArray().Where(i => !i.GetProperty("passed").GetBoolean())
                .Select(i => i.GetProperty("field").ValueKind == JsonValueKind.String ? i.GetProperty("field").GetString() : null).ToList();
            var added = Fill(obj.Definition, extra, fields, ownerId);
            (await admin.PatchJsonAsync(RecordUrl(obj.Name, record.Id()), new { values = added })).EnsureSuccessStatusCode();
        }
        throw new InvalidOperationException($"A {obj.Name} could not be made ready for {second.Name}: {JsonSerializer.Serialize(extra)}");
    }

    public static string RecordUrl(string obj, string id) => $"{Url(obj)}/{id}";

    private static Dictionary<string, object?> Fill(ObjectDefinition obj, Dictionary<string, object?> extra, IEnumerable<string?> fields, string ownerId)
    {
        var added = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var name in fields.OfType<string>().Distinct())
            if (obj.Field(name) is { IsComputed: false, IsStageField: false } field && Filler(field, ownerId) is { } value)
                extra[name] = added[name] = value;
        return added;
    }

    /// <summary>A value that fills a field and satisfies the usual criteria on it ("set", "true", "not in the past").</summary>
    public static object? Filler(FieldDefinition field, string ownerId) => field.ValueType switch
    {
        FieldType.Boolean => true,
        FieldType.Number or FieldType.Currency => Math.Max(field.Min ?? 0, 1000m),
        FieldType.Percent => Math.Max(field.Min ?? 0, 10m),
        FieldType.Date => DateTime.UtcNow.AddDays(60).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        FieldType.DateTime => DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        FieldType.Picklist => field.Options.FirstOrDefault()?.Name,
        FieldType.MultiPicklist => field.Options.Take(1).Select(o => o.Name).ToArray(),
        FieldType.Email => $"{Guid.NewGuid():N}@example.com",
        FieldType.Phone => "138" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture),
        FieldType.Url => "https://example.com",
        FieldType.User => ownerId,
        FieldType.Lookup => null,
        _ => "filled " + Guid.NewGuid().ToString("N")[..6],
    };
}
