using FunnelStudio.Engine.Tests.Support;
using FunnelStudio.Loading;
using FunnelStudio.Scripting;
using FunnelStudio.Testing;

namespace FunnelStudio.Engine.Tests.Testing;

/// <summary>Package tests that check what the beforeSave hooks set and refuse (the <c>scripted</c> fixture).</summary>
public class ScriptExpectationTests
{
    // A cold engine's first call can take longer than the default 500 ms on a busy test machine (JIT);
    // the fixture's statement limit (10,000) is what stops its endless loop.
    private static readonly ScriptRunner Scripts = new(new ScriptingOptions { TimeoutMs = 30_000 });

    private static IReadOnlyList<PackageTestResult> Run(string testsJson) =>
        PackageTestRunner.Run(PackageBuilder.FromFolder(Fixtures.Folder("scripted")).Without("tests/deal.json").WithTests("deal.json", testsJson).Compile(), Scripts);

    [Fact]
    public void Run_FixturesOwnTests_Pass()
    {
        var load = PackageLoader.Load(Fixtures.Folder("scripted"));

        var results = PackageTestRunner.Run(load.Package!, Scripts);

        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.True(r.Passed, $"{r.Name}: {string.Join("; ", r.Failures)}"));
    }

    [Fact]
    public void Run_MatchingSetsAndScriptErrors_Pass()
    {
        var results = Run("""
            [ { "name": "scores", "object": "deal", "record": { "name": "Acme", "amount": 2500 },
                "expect": { "sets": { "score": 25 }, "scriptErrors": [] } },
              { "name": "refused", "object": "deal", "record": { "name": "Acme", "discount": 25 },
                "expect": { "scriptErrors": ["discount: Discounts above 20% need approval."] } } ]
            """);

        Assert.All(results, r => Assert.True(r.Passed, $"{r.Name}: {string.Join("; ", r.Failures)}"));
    }

    [Fact]
    public void Run_WrongSetAndMissingScriptError_FailsNamingBoth()
    {
        var result = Assert.Single(Run("""
            [ { "name": "wrong", "object": "deal", "record": { "name": "Acme", "amount": 2500 },
                "expect": { "sets": { "score": 99 }, "scriptErrors": ["discount: too high"] } } ]
            """));

        Assert.Equal(["expected script errors [discount: too high], got []", "set score: expected 99, got 25"], result.Failures);
    }

    [Fact]
    public void Run_ScriptHitsALimit_FailsWithFileLineColumn()
    {
        var result = Assert.Single(Run("""
            [ { "name": "spins", "object": "deal", "record": { "name": "spin" }, "expect": { "valid": true } } ]
            """));

        var failure = Assert.Single(result.Failures);
        Assert.Matches(@"^script failed: scripts/deal\.js:\d+:\d+: The script ran .* \(scripts/deal\.js#spin\)$", failure);
    }

    [Fact]
    public void Run_ScriptExpectationsOnInvalidRecord_FailBecauseTheHooksNeverRan()
    {
        var result = Assert.Single(Run("""
            [ { "name": "no name", "object": "deal", "record": { "amount": 100 }, "expect": { "sets": { "score": 1 } } } ]
            """));

        Assert.Equal(["expected script results, but validation refused the record before the hooks ran (name)"], result.Failures);
    }

    [Fact]
    public void Load_SetsOfAnUnknownField_IsATestDiagnostic()
    {
        var load = PackageBuilder.FromFolder(Fixtures.Folder("scripted")).WithTests("bad.json", """
            [ { "name": "bad", "object": "deal", "record": { "name": "Acme" }, "expect": { "sets": { "nope": 1 } } } ]
            """).Load();

        var error = Assert.Single(load.Errors);
        Assert.Equal(("FS1202", "$[0].expect.sets.nope"), (error.Code, error.Path));
    }

    [Fact]
    public void Load_ScriptExpectationsOnAnObjectWithoutHooks_IsATestDiagnostic()
    {
        var load = PackageBuilder.Minimal().WithTests("deal.json", """
            [ { "name": "no hooks", "object": "deal", "record": { "name": "Acme" }, "expect": { "scriptErrors": [] } } ]
            """).Load();

        var error = Assert.Single(load.Errors);
        Assert.Contains("has no beforeSave hooks", error.Message);
    }
}
