using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using FunnelStudio.Access;
using FunnelStudio.Portal.Tests.Infrastructure;
using FunnelStudio.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Portal.Tests.Access;

/// <summary>
/// A portal on a variant of b2b-saas with fields hidden: deals get an <c>internal_notes</c> field on
/// the form and in the list, hidden from reps and managers (finance reads it); reps also may not see
/// a deal's amount, weighted amount and close date, and they read only their own accounts. One deal,
/// a rep's, carries all of them and a history of changing them; its values are markers a page or an
/// answer must never contain. Two accounts: the rep's own and another rep's.
/// </summary>
public abstract class HiddenFieldPortal(DatabaseProvider database) : PortalServer(database)
{
    public const string Notes = "internal_notes";
    public const string FirstNote = "SECRET-first-note";
    public const string SecondNote = "SECRET-second-note";
    public const decimal FirstAmount = 654321m;
    public const decimal SecondAmount = 765432m;
    public const string CloseDate = "2031-03-15";

    private readonly PackageVariant _variant = PackageVariant.Of("b2b-saas")
        .Without("tests")
        .Edit("objects/deal.json", deal =>
        {
            deal["fields"]!.AsArray().Add(new JsonObject
            {
                ["name"] = Notes, ["type"] = "text", ["label"] = new JsonObject { ["en"] = "Internal notes", ["zh-CN"] = "内部备注" },
            });
            deal["layouts"]!["form"]!["sections"]![0]!["fields"]!.AsArray().Add(Notes);
            deal["layouts"]!["list"]!["columns"]!.AsArray().Add(Notes);
        })
        .EditPermission("rep", "deal", p =>
        {
            var fields = PackageVariant.Fields(p);
            fields[Notes] = "hidden";
            fields["amount"] = "hidden";
            fields["weighted_amount"] = "hidden";
            fields["close_date"] = "hidden";
        })
        .EditPermission("manager", "deal", p => PackageVariant.Fields(p)[Notes] = "hidden")
        .EditPermission("rep", "account", p => p["read"] = "own");

    protected override string? Package => _variant.Path;

    /// <summary>The demo's deals write amounts as reps, which this variant forbids: no demo deals.</summary>
    protected override int DemoRecordCount => 0;

    /// <summary>The rep's deal, in the second stage, whose hidden values changed once.</summary>
    public string DealId { get; private set; } = "";
    public string DealName { get; private set; } = "";
    public string RepId { get; private set; } = "";
    /// <summary>An account the rep owns, and one owned by another rep (which this variant's reps may not read).</summary>
    public (string Id, string Name) OwnAccount { get; private set; }
    public (string Id, string Name) OtherAccount { get; private set; }

    public string DealUrl => $"/api/v1/objects/deal/records/{DealId}";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var users = await Services.GetRequiredService<IUserDirectory>().AllAsync(CancellationToken.None);
        RepId = users.Single(u => u.Email == "rep@funnelstudio.local").Id;
        var otherRep = users.Single(u => u.Email == "rep2@funnelstudio.local").Id;
        using var admin = await SignInAsync("admin@funnelstudio.local");
        OwnAccount = await AccountAsync(admin, "Own account " + Guid.NewGuid().ToString("N")[..6], RepId);
        OtherAccount = await AccountAsync(admin, "Other account " + Guid.NewGuid().ToString("N")[..6], otherRep);
        DealName = "Hidden deal " + Guid.NewGuid().ToString("N")[..8];
        var created = await (await admin.PostJsonAsync(Deals.Url, new
        {
            values = new Dictionary<string, object?>
            {
                ["name"] = DealName, ["owner"] = RepId, ["source"] = "website", [Notes] = FirstNote, ["amount"] = FirstAmount,
                ["close_date"] = CloseDate, ["first_contact_at"] = "2026-01-05T10:00:00Z", ["icp_fit"] = true,
            },
        })).AssertOkAsync(HttpStatusCode.Created);
        DealId = created.Id();
        (await admin.PatchJsonAsync(DealUrl, new { values = new Dictionary<string, object?> { [Notes] = SecondNote, ["amount"] = SecondAmount } }))
            .EnsureSuccessStatusCode();
        (await admin.PostJsonAsync($"{DealUrl}/stage", new { to = "mql" })).EnsureSuccessStatusCode();
    }

    // Each account its own number: the sample package's dedupe-guard refuses a second account with the same phone.
    private static string Phone(string name) => "021-" + (10_000_000 + (uint)name.GetHashCode() % 89_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<(string, string)> AccountAsync(HttpClient admin, string name, string owner)
    {
        var created = await (await admin.PostJsonAsync("/api/v1/objects/account/records", new { values = new { name, owner, phone = Phone(name) } }))
            .AssertOkAsync(HttpStatusCode.Created);
        return (created.Id(), name);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _variant.Dispose();
    }

    /// <summary>The deal as the admin reads it now (values and version).</summary>
    public async Task<JsonElement> DealAsync()
    {
        using var admin = await SignInAsync("admin@funnelstudio.local");
        return await (await admin.GetAsync(DealUrl)).AssertOkAsync();
    }
}

public sealed class SqliteHiddenFieldPortal() : HiddenFieldPortal(new SqliteDatabase());

public sealed class PostgresHiddenFieldPortal() : HiddenFieldPortal(new PostgresDatabase());
