using FunnelStudio.Loading;
using FunnelStudio.Records;
using FunnelStudio.Rules;

namespace FunnelStudio.Engine.Tests.Rules;

/// <summary>The fused stage gate must decide exactly what the rules decide one by one.</summary>
public sealed class CompiledGateTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);
    private readonly string _directory = Directory.CreateTempSubdirectory("fs-gate-").FullName;
    private readonly CompiledObject _deal;

    public CompiledGateTests()
    {
        File.WriteAllText(Path.Combine(_directory, "package.json"), """{ "name": "gate", "version": "1.0.0", "label": "Gate" }""");
        Directory.CreateDirectory(Path.Combine(_directory, "objects"));
        File.WriteAllText(Path.Combine(_directory, "objects", "deal.json"), """
            {
              "name": "deal", "label": "Deal",
              "fields": [
                { "name": "amount", "type": "currency", "label": "Amount" },
                { "name": "icp_fit", "type": "boolean", "label": "ICP fit" },
                { "name": "name", "type": "text", "label": "Name" }
              ],
              "pipeline": {
                "stages": [
                  {
                    "name": "qualify", "label": "Qualify",
                    "exitCriteria": [
                      { "name": "has_amount", "expression": "record.amount > 0", "message": "Enter the amount." },
                      {
                        "name": "raised_or_fit",
                        "any": [
                          { "name": "raised", "expression": "record.amount > old.amount", "message": "Raise the amount." },
                          { "name": "fit", "expression": "record.icp_fit", "message": "Confirm the fit." }
                        ]
                      }
                    ]
                  },
                  { "name": "won", "label": "Won", "terminal": "won" }
                ]
              }
            }
            """);
        var result = PackageLoader.Load(_directory);
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        _deal = result.Package!.Object("deal")!;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(100, true, true)]
    [InlineData(100, false, false)]
    [InlineData(0, true, false)]
    [InlineData(null, true, false)]
    public void ExitGate_OnCreate_DecidesLikeTheRulesOneByOne(int? amount, bool fit, bool expected)
    {
        var stage = _deal.Stages["qualify"];
        var inputs = Inputs(amount, fit, old: null);

        Assert.Equal(expected, stage.ExitGate.Passes(inputs));
        Assert.Equal(expected, stage.Exit.All(r => r.Passes(inputs)));
    }

    [Fact]
    public void ExitGate_WhenAnAnyChildThrows_StillPassesThroughTheOtherChild()
    {
        // On create 'old' is null, so 'record.amount > old.amount' throws inside the fused delegate.
        var stage = _deal.Stages["qualify"];

        Assert.True(stage.ExitGate.Passes(Inputs(100, fit: true, old: null)));
        Assert.False(stage.ExitGate.Passes(Inputs(100, fit: false, old: null)));
    }

    [Fact]
    public void ExitGate_WithAnOldRecord_UsesIt()
    {
        var stage = _deal.Stages["qualify"];
        var old = _deal.Shape.Create(Values(50, fit: false));

        Assert.True(stage.ExitGate.Passes(Inputs(100, fit: false, old)));
        Assert.False(stage.ExitGate.Passes(Inputs(40, fit: false, old)));
    }

    [Fact]
    public void EntryGate_WithNoCriteria_Passes() =>
        Assert.True(_deal.Stages["won"].EntryGate.Passes(Inputs(null, fit: false, old: null)));

    private RuleInputs Inputs(int? amount, bool fit, object? old) =>
        new(_deal.Shape.Create(Values(amount, fit)), old, RuleUser.Anonymous, Now);

    private static RecordValues Values(int? amount, bool fit) => new(new Dictionary<string, object?>
    {
        ["amount"] = amount is null ? null : (decimal)amount.Value,
        ["icp_fit"] = fit,
        ["name"] = "Deal",
    });
}
