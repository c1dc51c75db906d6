using System.Text;
using System.Text.Json.Nodes;
using FunnelStudio.Diagnostics;
using FunnelStudio.Loading;
using FunnelStudio.Engine.Tests.Support;
using static FunnelStudio.Diagnostics.DiagnosticSeverity;

namespace FunnelStudio.Engine.Tests.Loading;

/// <summary>FS10xx: files and JSON shape. One test per code, asserting code, severity, file and path.</summary>
public class FileAndShapeDiagnosticsTests
{
    [Fact]
    public void Load_FolderThatDoesNotExist_ReportsFS1000()
    {
        using var temp = new TempDirectory();

        var result = PackageLoader.Load(temp.File("no-such-package"));

        var d = DiagnosticAssert.Has(result, "FS1000", Error, "package.json", "$");
        Assert.Contains("does not exist", d.Message);
        Assert.Null(result.Definition);
        Assert.Null(result.Package);
    }

    [Fact]
    public void Load_FolderWithoutPackageJson_ReportsFS1000()
    {
        var result = PackageBuilder.Minimal().Without("package.json").Load();

        var d = DiagnosticAssert.Has(result, "FS1000", Error, "package.json", "$");
        Assert.Contains("no package.json", d.Message);
        Assert.Single(result.Diagnostics);
    }

    [Fact]
    public void Load_MalformedJson_ReportsFS1001WithLineAndColumn()
    {
        const string text = "{\n  \"name\": \"deal\",\n  \"label\": oops\n}\n";

        var result = PackageBuilder.Minimal().With("objects/deal.json", text).Load();

        var d = DiagnosticAssert.Has(result, "FS1001", Error, "objects/deal.json", "$");
        Assert.Equal(3, d.Line);
        Assert.Equal(12, d.Column); // the 'o' of oops
        Assert.Contains("line 3, column 12", d.Message);
        DiagnosticAssert.Refused(result);
    }

    [Fact]
    public void Load_EmptyFile_ReportsFS1001AtLineOne()
    {
        var result = PackageBuilder.Minimal().With("objects/account.json", "").Load();

        var d = DiagnosticAssert.Has(result, "FS1001", Error, "objects/account.json", "$");
        Assert.Equal(1, d.Line);
        Assert.Equal(1, d.Column);
    }

    [Fact]
    public void Load_ValueOfWrongType_ReportsFS1002AtItsPath()
    {
        var result = PackageBuilder.Minimal()
            .EditObject("deal", o => JsonEdit.Field(o, "amount")["required"] = "yes")
            .Load();

        var d = DiagnosticAssert.Has(result, "FS1002", Error, "objects/deal.json", "$.fields[2].required");
        Assert.Contains("true or false", d.Message);
        DiagnosticAssert.Refused(result);
    }

    [Fact]
    public void Load_FieldsNotAnArray_ReportsFS1002OnFields()
    {
        var result = PackageBuilder.Minimal().EditObject("account", o => o["fields"] = "name").Load();

        DiagnosticAssert.Has(result, "FS1002", Error, "objects/account.json", "$.fields");
    }

    [Fact]
    public void Load_UnknownKey_IsFS1003WarningAndThePackageStillLoads()
    {
        var result = PackageBuilder.Minimal()
            .EditObject("deal", o => ((JsonObject)o["fields"]![0]!)["colour"] = "red")
            .EditPackage(p => p["author"] = "someone")
            .Load();

        Assert.True(result.Succeeded, DiagnosticAssert.Describe(result));
        Assert.NotNull(result.Package!.Object("deal"));
        var warnings = result.Diagnostics.Where(d => d.Code == "FS1003").ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w => Assert.Equal(Warning, w.Severity));
        Assert.Contains(warnings, w => w.File == "objects/deal.json" && w.Path == "$.fields[0].colour");
        Assert.Contains(warnings, w => w.File == "package.json" && w.Path == "$.author");
    }

    [Fact]
    public void Load_SchemaKey_IsNotReportedAsUnknown()
    {
        var result = PackageBuilder.Minimal().EditPackage(p => p["$schema"] = "../schemas/package.schema.json").Load();

        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Load_MissingRequiredKey_ReportsFS1004()
    {
        var result = PackageBuilder.Minimal().EditPackage(p => p.Remove("version")).Load();

        var d = DiagnosticAssert.Has(result, "FS1004", Error, "package.json", "$.version");
        Assert.Contains("'version'", d.Message);
        DiagnosticAssert.Refused(result);
    }

    [Fact]
    public void Load_FieldWithoutType_ReportsFS1004OnType()
    {
        var result = PackageBuilder.Minimal().EditObject("account", o => JsonEdit.Field(o, "industry").Remove("type")).Load();

        DiagnosticAssert.Has(result, "FS1004", Error, "objects/account.json", "$.fields[1].type");
    }

    [Fact]
    public void Load_InvalidName_ReportsFS1005()
    {
        var result = PackageBuilder.Minimal()
            .EditObject("account", o => o["fields"]!.AsArray().Add(new JsonObject { ["name"] = "Annual-Revenue", ["type"] = "number" }))
            .Load();

        var d = DiagnosticAssert.Has(result, "FS1005", Error, "objects/account.json", "$.fields[2].name");
        Assert.Contains("Annual-Revenue", d.Message);
    }

    [Fact]
    public void Load_FieldNamedLikeASystemColumn_ReportsFS1005()
    {
        var result = PackageBuilder.Minimal()
            .EditObject("account", o => o["fields"]!.AsArray().Add(new JsonObject { ["name"] = "created_at", ["type"] = "date" }))
            .Load();

        DiagnosticAssert.Has(result, "FS1005", Error, "objects/account.json", "$.fields[2].name");
    }

    [Theory]
    [InlineData("id")]
    [InlineData("created_at")]
    [InlineData("updated_at")]
    [InlineData("version")]
    [InlineData("deleted")]
    public void Load_PipelineFieldNamedLikeASystemColumn_ReportsFS1005(string name)
    {
        // created_at and updated_at used to make the loader throw AmbiguousMatchException.
        var result = PackageBuilder.Minimal().EditObject("deal", o => o["pipeline"]!["field"] = name).Load();

        var d = DiagnosticAssert.Has(result, "FS1005", Error, "objects/deal.json", "$.pipeline.field");
        Assert.Contains($"'{name}'", d.Message);
        DiagnosticAssert.Refused(result);
    }

    [Fact]
    public void Load_DuplicateFieldName_ReportsFS1006OnTheSecond()
    {
        var result = PackageBuilder.Minimal()
            .EditObject("account", o => o["fields"]!.AsArray().Add(new JsonObject { ["name"] = "industry", ["type"] = "text" }))
            .Load();

        var d = DiagnosticAssert.Has(result, "FS1006", Error, "objects/account.json", "$.fields[2].name");
        Assert.Contains("'industry'", d.Message);
    }

    [Fact]
    public void Load_ObjectDefinedInTwoFiles_ReportsFS1006()
    {
        var builder = PackageBuilder.Minimal();
        var result = builder.With("objects/account_copy.json", builder.Text("objects/account.json")).Load();

        DiagnosticAssert.Has(result, "FS1006", Error, "objects/account_copy.json", "$.name");
    }

    [Fact]
    public void Load_FileOverFiveMegabytes_ReportsFS1007WithoutParsingIt()
    {
        var padding = new string(' ', 5 * 1024 * 1024);
        var result = PackageBuilder.Minimal().With("objects/huge.json", "{" + padding + "}").Load();

        var d = DiagnosticAssert.Has(result, "FS1007", Error, "objects/huge.json", "$");
        Assert.Contains("5,242,880", d.Message);
        Assert.DoesNotContain(result.Diagnostics, x => x.File == "objects/huge.json" && x.Code != "FS1007");
    }

    [Fact]
    public void Load_FileOfExactlyFiveMegabytes_IsNotTooLarge()
    {
        var text = "{\"name\":\"big\",\"fields\":[{\"name\":\"x\",\"type\":\"text\"}]}";
        text += new string(' ', 5 * 1024 * 1024 - text.Length);

        var result = PackageBuilder.Minimal().With("objects/big.json", text).Load();

        Assert.True(result.Succeeded, DiagnosticAssert.Describe(result));
        Assert.NotNull(result.Package!.Object("big"));
    }

    [Fact]
    public void Load_NestingDeeperThan64_ReportsFS1008WithLineAndColumn()
    {
        var text = new string('[', 65) + new string(']', 65);

        var result = PackageBuilder.Minimal().With("objects/deep.json", text).Load();

        var d = DiagnosticAssert.Has(result, "FS1008", Error, "objects/deep.json", "$");
        Assert.Equal(1, d.Line);
        Assert.NotNull(d.Column);
        Assert.DoesNotContain(result.Diagnostics, x => x.Code == "FS1001");
    }

    [Fact]
    public void Load_Nesting64Deep_IsNotTooDeep()
    {
        var text = new string('[', 64) + new string(']', 64);

        var result = PackageBuilder.Minimal().With("objects/deep.json", text).Load();

        Assert.DoesNotContain(result.Diagnostics, x => x.Code == "FS1008");
        // The root is an array, not an object definition: a shape error, not a depth error.
        DiagnosticAssert.Has(result, "FS1002", Error, "objects/deep.json", "$");
    }

    [Fact]
    public void Load_VersionThatIsNotSemVer_ReportsFS1009()
    {
        var result = PackageBuilder.Minimal().EditPackage(p => p["version"] = "1.0").Load();

        var d = DiagnosticAssert.Has(result, "FS1009", Error, "package.json", "$.version");
        Assert.Contains("'1.0'", d.Message);
    }

    [Fact]
    public void Load_ProbabilityOutOfRange_ReportsFS1009OnTheStage()
    {
        var result = PackageBuilder.Minimal().EditObject("deal", o => JsonEdit.Stage(o, "sql")["probability"] = 150).Load();

        DiagnosticAssert.Has(result, "FS1009", Error, "objects/deal.json", "$.pipeline.stages[2].probability");
    }

    [Fact]
    public void Load_UnknownFieldType_ReportsFS1009ListingTheKnownTypes()
    {
        var result = PackageBuilder.Minimal().EditObject("account", o => JsonEdit.Field(o, "industry")["type"] = "dropdown").Load();

        var d = DiagnosticAssert.Has(result, "FS1009", Error, "objects/account.json", "$.fields[1].type");
        Assert.Contains("picklist", d.Message);
    }

    [Fact]
    public void Load_FileThatCannotBeRead_ReportsFS1010()
    {
        using var package = PackageBuilder.Minimal().Write();
        // A dangling symbolic link is listed like a file but cannot be opened.
        File.CreateSymbolicLink(package.File("objects/ghost.json"), package.File("objects/missing-target.json"));

        var result = PackageLoader.Load(package.Path);

        var d = DiagnosticAssert.Has(result, "FS1010", Error, "objects/ghost.json", "$");
        Assert.Contains("could not be read", d.Message);
        DiagnosticAssert.Refused(result);
    }

    [Fact]
    public void Load_InvalidUtf8_DoesNotThrowAndReportsADiagnostic()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"name\":\"acc\u00e9\"}");
        bytes[^4] = 0xFF; // break the é

        var result = PackageBuilder.Minimal().WithBytes("objects/account.json", bytes).Load();

        DiagnosticAssert.Refused(result);
        Assert.Contains(result.Diagnostics, d => d.File == "objects/account.json" && d.IsError);
    }
}
