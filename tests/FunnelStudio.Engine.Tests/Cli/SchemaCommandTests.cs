using System.Text.Json;
using FunnelStudio.Diagnostics;
using FunnelStudio.Engine.Tests.Support;
using FunnelStudio.Schemas;

namespace FunnelStudio.Engine.Tests.Cli;

[Collection(CliCollection.Name)]
public class SchemaCommandTests
{
    [Fact]
    public void Schema_Out_WritesEverySchemaAsJson()
    {
        using var temp = new TempDirectory();
        var target = temp.File("schemas/nested");

        var result = CliRunner.Run("schema", "--out", target);

        Assert.True(result.ExitCode == 0, result.ToString());
        var written = Directory.EnumerateFiles(target).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["approval.schema.json", "object.schema.json", "package.schema.json", "tests.schema.json"], written);
        Assert.Equal(SchemaCatalog.Names, written);
        foreach (var name in written)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(target, name)));
            Assert.True(doc.RootElement.TryGetProperty("$schema", out _), $"{name} has no $schema");
            Assert.Contains($"wrote {Path.Combine(target, name)}", result.Out);
        }
    }

    [Fact]
    public void Schema_WithoutOut_ExitsTwo()
    {
        Assert.Equal(2, CliRunner.Run("schema").ExitCode);
    }

    [Fact]
    public void Schema_OutIsAFile_ExitsTwo()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("taken"), "x");

        var result = CliRunner.Run("schema", "--out", temp.File("taken"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("cannot write", result.Error);
    }

    [Fact]
    public void Codes_ListsEveryDiagnosticCode()
    {
        var result = CliRunner.Run("codes");

        Assert.Equal(0, result.ExitCode);
        foreach (var code in DiagnosticCodes.All)
            Assert.Contains(code.Id, result.Out);
    }
}
