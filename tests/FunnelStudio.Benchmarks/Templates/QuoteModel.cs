using System.Globalization;
using FunnelStudio.Records;
using FunnelStudio.Rules;
using FunnelStudio.Saving;
using FunnelStudio.Templates;

namespace FunnelStudio.Benchmarks.Templates;

/// <summary>A typical b2b-saas deal as its quote's template sees it (the document model of a manager, in English).</summary>
internal static class QuoteModel
{
    public static IReadOnlyDictionary<string, object?> For(CompiledPackage package)
    {
        var user = new ActingUser("u1", "Li Lei", ["manager"]);
        var access = package.Access.For(user, package.Object("deal")!.Definition);
        var record = new StoredRecord(Guid.Parse("8a7f6e5d-0000-4000-8000-000000000001"), "deal", new RecordValues(new Dictionary<string, object?>
        {
            ["deal_no"] = "D-000042", ["name"] = "Acme cloud rollout", ["account"] = "0b0c0d0e-0000-4000-8000-000000000002",
            ["contact"] = "0b0c0d0e-0000-4000-8000-000000000003", ["owner"] = "u2", ["source"] = "referral",
            ["amount"] = 120_000m, ["discount"] = 15m, ["close_date"] = new DateTime(2026, 12, 20), ["lead_score"] = 70m,
            ["icp_fit"] = true, ["need_confirmed"] = true, ["budget_confirmed"] = true, ["decision_maker"] = "Ms Zhang",
        }))
        { Stage = "opportunity" };
        string Display(Metadata.FieldDefinition field, object? value) => field.Name switch
        {
            "account" => "Acme & Sons Ltd.",
            "contact" => "Zhang Wei",
            "owner" => "Han Meimei",
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        };
        return DocumentModel.For(access, record, Display, "en", new DateTime(2026, 12, 1, 9, 30, 0));
    }
}
