using System.Net;
using FunnelStudio.Engine.Tests.Support;
using FunnelStudio.Loading;
using FunnelStudio.Records;
using FunnelStudio.Rules;
using FunnelStudio.Saving;
using FunnelStudio.Templates;

namespace FunnelStudio.Engine.Tests.Templates;

/// <summary>Every template b2b-saas ships is rendered: its quote document and its notifications.</summary>
public sealed class SampleTemplateTests
{
    private static readonly Lazy<CompiledPackage> Sample = new(() =>
    {
        var result = PackageLoader.Load(Fixtures.SamplePackage("b2b-saas"));
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Package!;
    });

    private static readonly TemplateRenderer Renderer = new(new TemplatingOptions());

    public static IReadOnlyDictionary<string, object?> QuoteModel(CompiledPackage package, string locale, IEnumerable<string>? roles = null)
    {
        var user = new ActingUser("u1", "Li Lei", [.. roles ?? ["manager"]]);
        var access = package.Access.For(user, package.Object("deal")!.Definition);
        var record = new StoredRecord(Guid.Parse("8a7f6e5d-0000-4000-8000-000000000001"), "deal", new RecordValues(new Dictionary<string, object?>
        {
            ["deal_no"] = "D-000042",
            ["name"] = "Acme <Cloud> rollout",
            ["account"] = "0b0c0d0e-0000-4000-8000-000000000002",
            ["owner"] = "u2",
            ["amount"] = 120_000m,
            ["discount"] = 15m,
            ["close_date"] = new DateTime(2026, 12, 20),
        }))
        { Stage = "opportunity" };
        string Display(Metadata.FieldDefinition field, object? value) => field.Name switch
        {
            "account" => "Acme & Sons Ltd.",
            "owner" => "Han Meimei",
            _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
        };
        return DocumentModel.For(access, record, Display, locale, new DateTime(2026, 12, 1, 9, 30, 0));
    }

    [Theory]
    [InlineData("en", "Quotation", "Net amount", "¥102,000.00")]
    [InlineData("zh-CN", "报价单", "合计（净额）", "¥102,000.00")]
    public void Quote_RendersTheDealInThePagesLanguage(string locale, string heading, string total, string net)
    {
        var result = Renderer.Render(Sample.Value, "quote", QuoteModel(Sample.Value, locale));
        Assert.True(result.Succeeded, result.Error);
        var html = result.Output!;
        Assert.Contains($"<h1>{heading}</h1>", html);
        Assert.Contains(total, html);
        Assert.Contains(net, html);
        Assert.Contains("120,000.00", html);
        Assert.Contains("-18,000.00", html);
        Assert.Contains("Q-D-000042", html);
        Assert.Contains("Acme &amp; Sons Ltd.", html);
        Assert.Contains("Acme &lt;Cloud&gt; rollout", html);
        Assert.Contains("Han Meimei", html);
        Assert.Contains("2026-12-01", html);
        Assert.Contains("2026-12-31", html);
        Assert.DoesNotContain("<Cloud>", html);
    }

    [Fact]
    public void Quote_DeclaredAsADocumentOfDeals()
    {
        var document = Assert.Single(Sample.Value.Definition.Documents);
        Assert.Equal(("quote", "deal", "quote"), (document.Name, document.Object, document.Template));
        Assert.Equal("报价单", document.Label.Get("zh-CN"));
    }

    private static Dictionary<string, object?> NotificationModel(string evt, string decision = "approved", string? locale = null) => new()
    {
        ["record"] = new Dictionary<string, object?> { ["name"] = "Acme rollout", ["amount"] = 120_000m, ["discount"] = 35m },
        ["object"] = new Dictionary<string, object?> { ["name"] = "deal", ["label"] = "Deal" },
        ["recipient"] = new Dictionary<string, object?> { ["name"] = "Wang Fang" },
        ["event"] = evt,
        ["locale"] = locale,
        ["values"] = new Dictionary<string, object?>
        {
            ["approval.flow_label"] = "Discount approval",
            ["approval.step_label"] = "Manager",
            ["approval.decision"] = decision,
            ["approval.comment"] = "OK <b>this once</b>",
            ["approval.submitted_by"] = "Li Lei",
            ["approval.reason"] = "Discount over 20%",
        },
        ["link"] = "https://crm.example.com/o/deal/8a7f6e5d",
    };

    [Theory]
    [InlineData("approval_requested", "approval_requested", "approved", "Approval requested: Discount approval · Acme rollout", "Discount over 20%")]
    [InlineData("approval_decided", "approval_decided", "approved", "Approval approved: Discount approval · Acme rollout", "OK &lt;b&gt;this once&lt;/b&gt;")]
    [InlineData("approval_decided", "approval_decided", "rejected", "Approval rejected: Discount approval · Acme rollout", "was rejected")]
    [InlineData("approval_escalated", "approval_escalated", "approved", "Approval escalated: Discount approval · Acme rollout", "escalated to you")]
    [InlineData("deal_won", "deal_won", "approved", "Deal won: Acme rollout (¥120,000)", "has been won")]
    public void Notification_FirstLineIsTheTitle_RestIsTheBody(string template, string evt, string decision, string title, string inBody)
    {
        var result = Renderer.Render(Sample.Value, template, NotificationModel(evt, decision));
        Assert.True(result.Succeeded, result.Error);
        var (subject, body) = TemplateOutput.Split(result.Output!);
        Assert.Equal(title, subject);
        Assert.Contains(inBody, body);
        Assert.Contains("Wang Fang", body);
        Assert.Contains("href=\"https://crm.example.com/o/deal/8a7f6e5d\"", body);
    }

    [Theory]
    [InlineData("approval_requested", "待审批：Discount approval · Acme rollout")]
    [InlineData("approval_decided", "审批已批准：Discount approval · Acme rollout")]
    [InlineData("approval_escalated", "审批已升级：Discount approval · Acme rollout")]
    [InlineData("deal_won", "赢单：Acme rollout (¥120,000)")]
    public void Notification_InChinese(string template, string title)
    {
        var result = Renderer.Render(Sample.Value, template, NotificationModel(template, locale: "zh-CN"));
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(title, TemplateOutput.Split(result.Output!).Title);
    }

    [Fact]
    public void Notification_TitleIsPlainText()
    {
        var model = NotificationModel("deal_won");
        ((Dictionary<string, object?>)model["record"]!)["name"] = "R&D <pilot>";
        var result = Renderer.Render(Sample.Value, "deal_won", model);
        Assert.StartsWith("Deal won: R&D <pilot>", TemplateOutput.Split(result.Output!).Title);
        Assert.Contains(WebUtility.HtmlEncode("R&D <pilot>"), TemplateOutput.Split(result.Output!).Body);
    }
}
