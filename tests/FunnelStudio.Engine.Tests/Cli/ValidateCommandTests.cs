using System.Text.Json;
using FunnelStudio.Cli;
using FunnelStudio.Engine.Tests.Support;

namespace FunnelStudio.Engine.Tests.Cli;

[Collection(CliCollection.Name)]
public class ValidateCommandTests
{
    private static readonly string[] JsonKeys = ["code", "severity", "file", "path", "line", "column", "message"];

    [Fact]
    public void Validate_ValidPackage_ExitsZeroAndSaysValid()
    {
        using var package = PackageBuilder.Minimal().Write();

        var result = CliRunner.Run("validate", package.Path);

        Assert.True(result.ExitCode == CliApp.Ok, result.ToString());
        Assert.Contains($"{package.Path}: valid (0 warning(s))", result.Out);
    }

    [Fact]
    public void Validate_PackageWithOnlyWarnings_ExitsZero()
    {
        using var package = PackageBuilder.Minimal().EditPackage(p => p["author"] = "me").Write();

        var result = CliRunner.Run("validate", package.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("FS1003", result.Out);
        Assert.Contains("valid (1 warning(s))", result.Out);
    }

    [Fact]
    public void Validate_InvalidPackage_ExitsOneAndNamesFilePathAndCode()
    {
        using var package = PackageBuilder.Minimal().EditPackage(p => p["version"] = "1.0").Write();

        var result = CliRunner.Run("validate", package.Path);

        Assert.True(result.ExitCode == CliApp.Invalid, result.ToString());
        Assert.Contains($"{package.Path}/package.json:$.version: FS1009", result.Out);
        Assert.Contains("1 error(s), 0 warning(s)", result.Out);
    }

    [Fact]
    public void Validate_SeveralPackages_ExitsOneWhenAnyIsInvalid()
    {
        using var good = PackageBuilder.Minimal().Write();
        using var bad = PackageBuilder.Minimal().Without("package.json").Write();

        var result = CliRunner.Run("validate", good.Path, bad.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{good.Path}: valid", result.Out);
        Assert.Contains("FS1000", result.Out);
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("validate", "x", "--format", "xml")]
    [InlineData("validate", "x", "--colour")]
    [InlineData("frobnicate")]
    public void Validate_UsageError_ExitsTwo(params string[] args)
    {
        var result = CliRunner.Run(args);

        Assert.True(result.ExitCode == CliApp.Usage, result.ToString());
        Assert.Equal("", result.Out);
    }

    [Fact]
    public void Validate_MistypedOption_ExitsTwoInsteadOfBeingIgnored()
    {
        using var package = PackageBuilder.Minimal().Write();

        var result = CliRunner.Run("validate", package.Path, "--fromat", "json");

        Assert.True(result.ExitCode == CliApp.Usage, result.ToString());
        Assert.Contains("Unknown option 'fromat'", result.Error);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public void NoArguments_PrintsUsageListingEveryCommand()
    {
        var result = CliRunner.Run();

        foreach (var command in new[] { "validate", "test", "explain", "schema", "codes" })
            Assert.Contains(command, result.Error);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public void ValidateJson_IsOneArrayOfDiagnosticsAndNothingElse()
    {
        using var package = PackageBuilder.Minimal()
            .EditPackage(p => p["version"] = "1.0")
            .With("objects/broken.json", "{\n  \"name\": oops\n}")
            .Write();

        var result = CliRunner.Run("validate", package.Path, "--format", "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("", result.Error);
        using var doc = JsonDocument.Parse(result.Out); // throws if anything but one JSON value was printed
        Assert.Equal(JsonValueKind.Array, doc.RootElement.ValueKind);
        var items = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.All(items, item => Assert.Equal(JsonKeys, item.EnumerateObject().Select(p => p.Name)));

        var version = items.Single(i => i.GetProperty("code").GetString() == "FS1009");
        Assert.Equal("error", version.GetProperty("severity").GetString());
        Assert.Equal($"{package.Path}/package.json", version.GetProperty("file").GetString());
        Assert.Equal("$.version", version.GetProperty("path").GetString());
        Assert.Equal(JsonValueKind.Null, version.GetProperty("line").ValueKind);
        Assert.Equal(JsonValueKind.Null, version.GetProperty("column").ValueKind);
        Assert.Contains("'1.0'", version.GetProperty("message").GetString());

        var malformed = items.Single(i => i.GetProperty("code").GetString() == "FS1001");
        Assert.Equal($"{package.Path}/objects/broken.json", malformed.GetProperty("file").GetString());
        Assert.Equal(2, malformed.GetProperty("line").GetInt32());
        Assert.Equal(11, malformed.GetProperty("column").GetInt32());
    }

    [Fact]
    public void ValidateJson_ValidPackage_IsAnEmptyArray()
    {
        using var package = PackageBuilder.Minimal().Write();

        var result = CliRunner.Run("validate", package.Path, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Out);
        Assert.Equal(0, doc.RootElement.GetArrayLength());
    }

    [Fact]
    public void ValidateJson_WarningsAreMarkedAsWarnings()
    {
        using var package = PackageBuilder.Minimal().EditPackage(p => p["author"] = "me").Write();

        var result = CliRunner.Run("validate", "--format", "json", package.Path);

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Out);
        var item = Assert.Single(doc.RootElement.EnumerateArray());
        Assert.Equal(("FS1003", "warning", "$.author"),
            (item.GetProperty("code").GetString(), item.GetProperty("severity").GetString(), item.GetProperty("path").GetString()));
    }

    [Fact]
    public void Validate_Sample_ExitsZero()
    {
        var result = CliRunner.Run("validate", Fixtures.SamplePackage("b2b-saas"), "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("[]", result.Out.Trim());
    }
}
