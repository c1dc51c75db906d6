using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using FunnelStudio.Portal.Tests.Infrastructure;
using static FunnelStudio.Portal.Tests.Access.HiddenFieldPortal;

namespace FunnelStudio.Portal.Tests.Access;

/// <summary>
/// Field access on every surface: a hidden field is absent from the API's JSON and metadata, the list,
/// the board's cards and sums, the record page and its history, the form and the checklist; a field a
/// role may only read is shown read-only; writing either — through the API, a form post or the board's
/// move dialog — is refused with FIELD_FORBIDDEN and writes nothing.
/// </summary>
public abstract partial class FieldAccessTests(HiddenFieldPortal server)
{
    private const string Rep = "rep@funnelstudio.local";
    private const string Manager = "manager@funnelstudio.local";
    private const string Finance = "finance@funnelstudio.local";

    /// <summary>What must never reach a rep: the hidden values (as stored and as shown) and the hidden field's label.</summary>
    private static readonly string[] HiddenFromRep =
        [FirstNote, SecondNote, "654321", "654,321", "765432", "765,432", CloseDate, "Internal notes", "data-field=\"internal_notes\""];

    private static void AssertNoTrace(string text, IEnumerable<string> markers, string where)
    {
        foreach (var marker in markers)
            Assert.False(text.Contains(marker, StringComparison.Ordinal), $"{where} shows '{marker}'");
    }

    [Fact]
    public async Task ApiRecordAndList_LeaveHiddenFieldsOut_ForExactlyTheRolesTheyAreHiddenFrom()
    {
        using var rep = await server.SignInAsync(Rep);
        using var manager = await server.SignInAsync(Manager);
        using var finance = await server.SignInAsync(Finance);

        var asRep = (await (await rep.GetAsync(server.DealUrl)).AssertOkAsync()).GetProperty("values");
        var asManager = (await (await manager.GetAsync(server.DealUrl)).AssertOkAsync()).GetProperty("values");
        var asFinance = (await (await finance.GetAsync(server.DealUrl)).AssertOkAsync()).GetProperty("values");

        foreach (var field in new[] { Notes, "amount", "weighted_amount", "close_date" })
            Assert.False(asRep.TryGetProperty(field, out _), $"the rep reads {field}");
        Assert.False(asManager.TryGetProperty(Notes, out _));
        Assert.Equal(SecondAmount, asManager.GetProperty("amount").GetDecimal());
        Assert.Equal(SecondNote, asFinance.GetProperty(Notes).GetString());
        AssertNoTrace((await rep.GetStringAsync(server.DealUrl)), HiddenFromRep, "the rep's API record");

        var list = await rep.GetStringAsync($"{Deals.Url}?q={Uri.EscapeDataString(server.DealName)}");
        Assert.Contains(server.DealId, list);
        AssertNoTrace(list, HiddenFromRep, "the rep's API list");
        // Sorting by a hidden field would reveal its order: it is as unknown as a missing field.
        await (await rep.GetAsync($"{Deals.Url}?sort={Notes}")).AssertProblemAsync(HttpStatusCode.BadRequest, "BAD_REQUEST");
        await (await rep.GetAsync($"{Deals.Url}?sort=-amount")).AssertProblemAsync(HttpStatusCode.BadRequest, "BAD_REQUEST");
        await (await manager.GetAsync($"{Deals.Url}?sort={Notes}")).AssertProblemAsync(HttpStatusCode.BadRequest, "BAD_REQUEST");
        await (await finance.GetAsync($"{Deals.Url}?sort={Notes}")).AssertOkAsync();
    }

    [Fact]
    public async Task ApiMetadata_LeavesHiddenFieldsOutEverywhere_MarksReadFields_AndListsPermissions()
    {
        using var rep = await server.SignInAsync(Rep);
        using var finance = await server.SignInAsync(Finance);

        var deal = await DealMetadataAsync(rep);
        var text = deal.GetRawText();
        foreach (var field in new[] { Notes, "amount", "weighted_amount", "close_date" })
            Assert.DoesNotContain($"\"{field}\"", text);
        Assert.Equal(JsonValueKind.Null, deal.GetProperty("amountField").ValueKind);
        Assert.True(Field(deal, "payment_confirmed").GetProperty("readOnly").GetBoolean());
        Assert.False(Field(deal, "name").GetProperty("readOnly").GetBoolean());
        Assert.Equal("""{"read":"own","create":true,"edit":"own","delete":"none"}""", deal.GetProperty("permissions").GetRawText());

        var theirs = await DealMetadataAsync(finance);
        Assert.True(Field(theirs, Notes).GetProperty("readOnly").GetBoolean());
        Assert.True(Field(theirs, "amount").GetProperty("readOnly").GetBoolean());
        Assert.False(Field(theirs, "payment_confirmed").GetProperty("readOnly").GetBoolean());
        Assert.Equal("amount", theirs.GetProperty("amountField").GetString());
        Assert.Equal("""{"read":"all","create":false,"edit":"all","delete":"none"}""", theirs.GetProperty("permissions").GetRawText());
        Assert.Contains(Notes, theirs.GetProperty("listColumns").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task Pages_ListBoardRecordHistoryAndForm_ShowNoTraceOfHiddenFields()
    {
        using var rep = await server.SignInToPagesAsync(Rep);
        using var manager = await server.SignInToPagesAsync(Manager);
        using var finance = await server.SignInToPagesAsync(Finance);
        var record = $"/o/deal/{server.DealId}";

        var list = await rep.GetStringAsync($"/o/deal?q={Uri.EscapeDataString(server.DealName)}");
        Assert.Contains($"href=\"{record}\"", list);
        AssertNoTrace(list, [.. HiddenFromRep, "data-label=\"Amount\"", "¥"], "the rep's list");
        // Sorting by a hidden column falls back to the default order rather than reveal its order.
        var sorted = await rep.GetStringAsync($"/o/deal?sort={Notes}&dir=desc");
        Assert.Contains($"href=\"{record}\"", sorted);
        AssertNoTrace(sorted, HiddenFromRep, "the rep's list sorted by a hidden field");

        var board = await rep.GetStringAsync("/o/deal/board");
        var card = CardPattern().Match(board);
        Assert.True(card.Success && card.Value.Contains(server.DealName), "the rep's board shows the deal's card");
        AssertNoTrace(card.Value, ["¥", CloseDate], "the rep's card");
        Assert.All(SumPattern().Matches(board), m => Assert.Equal("", m.Groups[1].Value));
        AssertNoTrace(board, HiddenFromRep, "the rep's board");
        var managersBoard = await manager.GetStringAsync("/o/deal/board");
        Assert.Contains("¥765,432", CardPattern().Match(managersBoard).Value);
        Assert.Contains(SumPattern().Matches(managersBoard), m => m.Groups[1].Value == "¥765,432");

        var page = await rep.GetStringAsync(record);
        Assert.Contains(server.DealName, page);
        Assert.Contains("id=\"fs-field-history\"", page);
        AssertNoTrace(page, HiddenFromRep, "the rep's record page (values, field and stage history, checklist)");
        var managersPage = await manager.GetStringAsync(record);
        Assert.Contains("¥765,432", managersPage); // the amount and its history
        Assert.Contains("¥654,321", managersPage);
        AssertNoTrace(managersPage, [FirstNote, SecondNote, "Internal notes"], "the manager's record page");
        var financesPage = await finance.GetStringAsync(record);
        Assert.Contains(SecondNote, financesPage);
        Assert.Contains(FirstNote, financesPage); // a field finance may read keeps its history

        var form = await rep.GetStringAsync($"{record}/edit");
        AssertNoTrace(form, HiddenFromRep, "the rep's form");
        Assert.Matches("<input type=\"text\" readonly[^>]*id=\"f_payment_confirmed\"", form);
        Assert.DoesNotContain("name=\"f.payment_confirmed\"", form);
        Assert.Contains("name=\"f.name\"", form);
        var financesForm = await finance.GetStringAsync($"{record}/edit");
        Assert.Contains("name=\"f.payment_confirmed\"", financesForm);
        Assert.Matches("<input type=\"text\" readonly[^>]*id=\"f_internal_notes\" value=\"" + SecondNote, financesForm);
        Assert.DoesNotContain("name=\"f.internal_notes\"", financesForm);
        Assert.DoesNotContain("name=\"f.name\"", financesForm);
    }

    [Fact]
    public async Task MoveDialog_OffersInputsOnlyForFieldsTheUserMayWrite()
    {
        using var rep = await server.SignInToPagesAsync(Rep);

        // Toward won the deal lacks what reps fill in and the payment confirmation only finance may give;
        // its amount and close date (hidden from the rep) are set, so nothing about them is unmet.
        var dialog = await rep.GetAsync($"/o/deal/{server.DealId}/move?to=won");
        var html = await dialog.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, dialog.StatusCode);
        Assert.Contains("name=\"f.need_confirmed\"", html);
        Assert.Contains("data-rule=\"payment_received\"", html);
        Assert.DoesNotContain("name=\"f.payment_confirmed\"", html);
        AssertNoTrace(html, [.. HiddenFromRep, "name=\"f.amount\"", "name=\"f.close_date\""], "the rep's move dialog");
    }

    [Fact]
    public async Task LookupPickers_OfferOnlyRecordsTheUserMayRead_WhileTheRecordNamesWhatItPointsTo()
    {
        using var rep = await server.SignInToPagesAsync(Rep);
        using var admin = await server.SignInAsync("admin@funnelstudio.local");
        var own = server.OwnAccount;
        var other = server.OtherAccount;

        // The search-as-you-type picker and the inline select of the form (few accounts: a select).
        var search = await rep.GetStringAsync("/o/account/lookup?q=account");
        Assert.Contains($"data-id=\"{own.Id}\"", search);
        Assert.DoesNotContain(other.Id, search);
        var form = await rep.GetStringAsync("/o/deal/new");
        var select = Regex.Match(form, "<select[^>]*id=\"f_account\".*?</select>", RegexOptions.Singleline).Value;
        Assert.Contains($"value=\"{own.Id}\"", select);
        Assert.DoesNotContain(other.Id, select);

        // A deal of the rep pointing to the other account (set by the admin) shows its title and link all the same.
        var deal = await (await admin.PostJsonAsync(Deals.Url, new { values = new { name = Deals.Unique("Linked"), owner = server.RepId, account = other.Id } }))
            .AssertOkAsync(HttpStatusCode.Created);
        var page = await rep.GetStringAsync($"/o/deal/{deal.Id()}");
        Assert.Contains($"href=\"/o/account/{other.Id}\"", page);
        Assert.Contains(other.Name, page);
        Assert.Equal(HttpStatusCode.Forbidden, (await rep.GetAsync($"/o/account/{other.Id}")).StatusCode);
        var edit = await rep.GetStringAsync($"/o/deal/{deal.Id()}/edit");
        Assert.Contains($"<option value=\"{other.Id}\" selected>{other.Name}</option>", edit);
    }

    [Fact]
    public async Task Checklist_ForTheRep_FoldsEveryCriterionOnAHiddenFieldIntoOneItemWithoutAField()
    {
        using var rep = await server.SignInAsync(Rep);
        using var manager = await server.SignInAsync(Manager);

        var theirs = await (await rep.GetAsync($"{server.DealUrl}/checklist?to=opportunity")).AssertOkAsync();
        var managers = await (await manager.GetAsync($"{server.DealUrl}/checklist?to=opportunity")).AssertOkAsync();

        var items = theirs.GetProperty("items").EnumerateArray().ToList();
        Assert.DoesNotContain(items, i => i.GetProperty("field").GetString() is "amount" or "close_date" or Notes);
        var folded = Assert.Single(items, i => i.GetProperty("name").GetString() == "hidden_criteria");
        Assert.Equal(JsonValueKind.Null, folded.GetProperty("field").ValueKind);
        Assert.True(folded.GetProperty("passed").GetBoolean()); // the amount and the close date are set
        Assert.Contains(managers.GetProperty("items").EnumerateArray(), i => i.GetProperty("field").GetString() == "amount");
        Assert.DoesNotContain(managers.GetProperty("items").EnumerateArray(), i => i.GetProperty("name").GetString() == "hidden_criteria");
        AssertNoTrace(theirs.GetRawText(), ["Amount", "close date", "Close date"], "the rep's checklist");
    }

    [Fact]
    public async Task Writes_OfHiddenOrReadOnlyFields_AreRefusedWithFieldForbidden_AndWriteNothing()
    {
        using var rep = await server.SignInAsync(Rep);
        using var pages = await server.SignInToPagesAsync(Rep);
        var before = await server.DealAsync();
        var record = $"/o/deal/{server.DealId}";
        var created = "Must not exist " + Guid.NewGuid().ToString("N")[..8];

        // API: change, create and move naming a hidden or read-only field.
        foreach (var values in new object[] { new Dictionary<string, object?> { [Notes] = "mine" }, new { payment_confirmed = true }, new { amount = 1 } })
            await (await rep.PatchJsonAsync(server.DealUrl, new { values })).AssertProblemAsync(HttpStatusCode.Forbidden, "FIELD_FORBIDDEN");
        await (await rep.PostJsonAsync(Deals.Url, new { values = new Dictionary<string, object?> { ["name"] = created, [Notes] = "mine" } }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "FIELD_FORBIDDEN");
        await (await rep.PostJsonAsync($"{server.DealUrl}/stage", new { to = "sql", values = new Dictionary<string, object?> { [Notes] = "mine" } }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "FIELD_FORBIDDEN");

        // The edit form and the new form, posted with a field they do not offer.
        var edit = await PostFormAsync(pages, $"{record}/edit", new() { ["_version"] = Version(before), ["f.name"] = "renamed", ["f." + Notes] = "mine" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, edit.StatusCode);
        Assert.Contains("FIELD_FORBIDDEN", await edit.Content.ReadAsStringAsync());
        var readOnly = await PostFormAsync(pages, $"{record}/edit", new() { ["_version"] = Version(before), ["f.payment_confirmed"] = "true" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, readOnly.StatusCode);
        var fresh = await PostFormAsync(pages, "/o/deal/new", new() { ["f.name"] = created, ["f." + Notes] = "mine" }, page: "/o/deal/new");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, fresh.StatusCode);

        // The board's move dialog, posted as htmx does and as a plain form.
        var dialog = new Dictionary<string, string> { ["to"] = "sql", ["source"] = "board", ["_version"] = Version(before), ["f." + Notes] = "mine" };
        var htmx = await PostFormAsync(pages, $"{record}/move", dialog, htmx: true);
        Assert.Equal(HttpStatusCode.OK, htmx.StatusCode);
        Assert.Contains("is not yours to change", await htmx.Content.ReadAsStringAsync());
        var plain = await PostFormAsync(pages, $"{record}/move", dialog);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, plain.StatusCode);
        var readOnlyMove = await PostFormAsync(pages, $"{record}/move",
            new() { ["to"] = "sql", ["source"] = "board", ["_version"] = Version(before), ["f.payment_confirmed"] = "true" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, readOnlyMove.StatusCode);

        var after = await server.DealAsync();
        Assert.Equal(Version(before), Version(after));
        Assert.Equal("mql", after.GetProperty("stage").GetString());
        Assert.Equal(SecondNote, after.GetProperty("values").GetProperty(Notes).GetString());
        Assert.Equal(before.GetProperty("values").GetProperty("name").GetString(), after.GetProperty("values").GetProperty("name").GetString());
        using var admin = await server.SignInAsync("admin@funnelstudio.local");
        var search = await (await admin.GetAsync($"{Deals.Url}?q={Uri.EscapeDataString(created)}")).AssertOkAsync();
        Assert.Equal(0, search.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Finance_WritesTheFieldItMayWrite_AndOnlyThat()
    {
        using var finance = await server.SignInAsync(Finance);

        await (await finance.PatchJsonAsync(server.DealUrl, new { values = new Dictionary<string, object?> { [Notes] = "finance" } }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "FIELD_FORBIDDEN");
        var saved = await (await finance.PatchJsonAsync(server.DealUrl, new { values = new { payment_confirmed = true } })).AssertOkAsync();
        Assert.True(saved.GetProperty("values").GetProperty("payment_confirmed").GetBoolean());
        await (await finance.PostJsonAsync($"{server.DealUrl}/stage", new { to = "lead" })).AssertProblemAsync(HttpStatusCode.Forbidden, "FIELD_FORBIDDEN");
        var restored = await (await finance.PatchJsonAsync(server.DealUrl, new { values = new { payment_confirmed = false } })).AssertOkAsync();
        Assert.False(restored.GetProperty("values").GetProperty("payment_confirmed").GetBoolean());
    }

    private static async Task<JsonElement> DealMetadataAsync(HttpClient client) =>
        (await (await client.GetAsync("/api/v1/objects")).AssertOkAsync()).GetProperty("objects").EnumerateArray()
            .Single(o => o.GetProperty("name").GetString() == "deal");

    private static JsonElement Field(JsonElement obj, string name) =>
        obj.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == name);

    private static string Version(JsonElement record) => record.GetProperty("version").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Posts a form the way a browser would after loading <paramref name="page"/> (the form's page, for its antiforgery token).</summary>
    private async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, Dictionary<string, string> fields, string? page = null, bool htmx = false)
    {
        var html = await client.GetStringAsync(page ?? $"/o/deal/{server.DealId}");
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = PortalServer.AntiforgeryToken(html) }),
        };
        if (htmx) request.Headers.Add("HX-Request", "true");
        return await client.SendAsync(request);
    }

    [GeneratedRegex("<span class=\"fs-sum\">([^<]*)</span>")]
    private static partial Regex SumPattern();

    [GeneratedRegex("<article class=\"card fs-card[^\"]*\" id=\"fs-card-[^\"]+\".*?</article>", RegexOptions.Singleline)]
    private static partial Regex CardPattern();
}

public sealed class FieldAccessOnSqlite(SqliteHiddenFieldPortal server) : FieldAccessTests(server), IClassFixture<SqliteHiddenFieldPortal>;

public sealed class FieldAccessOnPostgres(PostgresHiddenFieldPortal server) : FieldAccessTests(server), IClassFixture<PostgresHiddenFieldPortal>;
