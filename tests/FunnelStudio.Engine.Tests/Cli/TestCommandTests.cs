using System.Text.Json;
using System.Text.RegularExpressions;
using FunnelStudio.Engine.Tests.Support;
using FunnelStudio.Loading;

namespace FunnelStudio.Engine.Tests.Cli;

[Collection(CliCollection.Name)]
public class TestCommandTests
{
    private const string Tests = """
        [ { "name": "valid deal", "object": "deal", "record": { "name": "Acme" }, "expect": { "valid": true } },
          { "name": "wrong expectation", "object": "deal", "record": { "name": "Acme", "discount": 40 }, "expect": { "valid": true } } ]
        """;

    [Fact]
    public void Test_AllPassing_PrintsCountsAndExitsZero()
    {
        using var package = PackageBuilder.Minimal().WithTests("deal.json", """
            [ { "name": "valid deal", "object": "deal", "record": { "name": "Acme" }, "expect": { "valid": true } } ]
            """).Write();

        var result = CliRunner.Run("test", package.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("1 passed, 0 failed", LastLine(result.Out));
    }

    [Fact]
    public void Test_OneFailing_PrintsTheFailureAndExitsOne()
    {
        using var package = PackageBuilder.Minimal().WithTests("deal.json", Tests).Write();

        var result = CliRunner.Run("test", package.Path);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("FAIL tests/deal.json: wrong expectation", result.Out);
        Assert.Contains("expected valid, but got errors: discount_needs_manager", result.Out);
        Assert.Equal("1 passed, 1 failed", LastLine(result.Out));
    }

    [Fact]
    public void Test_InvalidPackage_ExitsOneWithoutRunning()
    {
        using var package = PackageBuilder.Minimal().WithTests("deal.json", Tests).EditPackage(p => p.Remove("name")).Write();

        var result = CliRunner.Run("test", package.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FS1004", result.Out);
        Assert.DoesNotMatch(@"\d+ passed, \d+ failed", result.Out);
    }

    [Fact]
    public void TestJson_ReportsCountsAndEveryResult()
    {
        using var package = PackageBuilder.Minimal().WithTests("deal.json", Tests).Write();

        var result = CliRunner.Run("test", package.Path, "--format", "json");

        Assert.Equal(1, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Out);
        Assert.Equal(1, doc.RootElement.GetProperty("passed").GetInt32());
        Assert.Equal(1, doc.RootElement.GetProperty("failed").GetInt32());
        Assert.Equal(["valid deal", "wrong expectation"],
            doc.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
    }

    [Fact]
    public void Test_Sample_PassesEveryTest()
    {
        var sample = Fixtures.SamplePackage("b2b-saas");
        var count = PackageLoader.Load(sample).Definition!.Tests.Count;

        var result = CliRunner.Run("test", sample);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"{count} passed, 0 failed", LastLine(result.Out));
        Assert.True(count > 0);
    }

    [Fact]
    public void Test_MissingPackageArgument_ExitsTwo()
    {
        Assert.Equal(2, CliRunner.Run("test").ExitCode);
    }

    private static string LastLine(string text) =>
        Regex.Split(text.TrimEnd(), "\r?\n").Last();
}
