namespace FunnelStudio.Portal.Ui;

/// <summary>The symbol shown beside a currency field's input and value; the ISO code when unknown.</summary>
public static class CurrencySymbols
{
    private static readonly Dictionary<string, string> Symbols = new(StringComparer.OrdinalIgnoreCase)
    {
        ["CNY"] = "¥", ["RMB"] = "¥", ["JPY"] = "¥", ["USD"] = "$", ["HKD"] = "HK$", ["TWD"] = "NT$",
        ["SGD"] = "S$", ["EUR"] = "€", ["GBP"] = "£", ["KRW"] = "₩", ["INR"] = "₹", ["AUD"] = "A$", ["CAD"] = "C$",
    };

    /// <summary>The symbol for an ISO 4217 code; ¥ when the field names none (the default funnel sells in CNY).</summary>
    public static string For(string? code) =>
        code is null ? "¥" : Symbols.TryGetValue(code, out var symbol) ? symbol : code.ToUpperInvariant();
}
