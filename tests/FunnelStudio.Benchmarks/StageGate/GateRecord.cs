using System.Dynamic;
using FunnelStudio.Records;

namespace FunnelStudio.Benchmarks.StageGate;

/// <summary>
/// One deal that passes every exit criterion of the qualify stage, in the three forms the
/// benchmarks need: engine values, an ExpandoObject for RulesEngine and a plain class.
/// Dates are relative to the real clock because RulesEngine's <c>Fn.Today()</c> reads it.
/// </summary>
internal static class GateRecord
{
    public static Dictionary<string, object?> Values(DateTime now) => new()
    {
        ["name"] = "Huarui Manufacturing – CRM 2026",
        ["amount"] = 120_000m,
        ["discount"] = 10m,
        ["seats"] = 25m,
        ["icp_fit"] = true,
        ["budget_confirmed"] = true,
        ["decision_maker"] = "Li Wei",
        ["decision_maker_feedback"] = "positive",
        ["source"] = "referral",
        ["products"] = new[] { "crm", "cpq" },
        ["first_contact_at"] = now.AddDays(-10),
        ["close_date"] = now.Date.AddDays(30),
        ["stage"] = "qualify",
    };

    public static RecordValues Record(DateTime now) => new(Values(now));

    public static ExpandoObject Expando(DateTime now)
    {
        var expando = new ExpandoObject();
        var dictionary = (IDictionary<string, object?>)expando;
        foreach (var (key, value) in Values(now)) dictionary[key] = value;
        return expando;
    }

    public static GateDeal Plain(DateTime now)
    {
        var v = Values(now);
        return new GateDeal
        {
            Name = (string?)v["name"],
            Amount = (decimal?)v["amount"],
            Discount = (decimal?)v["discount"],
            Seats = (decimal?)v["seats"],
            IcpFit = (bool)v["icp_fit"]!,
            BudgetConfirmed = (bool)v["budget_confirmed"]!,
            DecisionMaker = (string?)v["decision_maker"],
            DecisionMakerFeedback = (string?)v["decision_maker_feedback"],
            Source = (string?)v["source"],
            Products = (string[]?)v["products"],
            FirstContactAt = (DateTime?)v["first_contact_at"],
            CloseDate = (DateTime?)v["close_date"],
        };
    }
}
