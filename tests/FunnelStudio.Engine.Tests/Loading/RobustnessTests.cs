using System.Text;
using FunnelStudio.Loading;
using FunnelStudio.Engine.Tests.Support;

namespace FunnelStudio.Engine.Tests.Loading;

/// <summary>Whatever is in the folder, the loader answers with diagnostics; it never throws.</summary>
public class RobustnessTests
{
    public static TheoryData<string, string> OddFiles => new()
    {
        { "package.json", "[]" },
        { "package.json", "null" },
        { "package.json", "42" },
        { "package.json", "\"package\"" },
        { "package.json", "{ \"name\": 7, \"version\": [], \"locales\": {}, \"roles\": \"admin\" }" },
        { "package.json", "{ \"name\": \"p\", \"version\": \"1.0.0\", \"locales\": [1, null], \"defaultLocale\": \"fr\" }" },
        { "objects/deal.json", "[]" },
        { "objects/deal.json", "{ \"name\": \"deal\", \"fields\": [ null, 1, \"x\", [] ] }" },
        { "objects/deal.json", "{ \"name\": \"deal\", \"fields\": [], \"pipeline\": { \"stages\": [ {}, { \"name\": 3 } ] } }" },
        { "objects/deal.json", "{ \"name\": \"deal\", \"fields\": [], \"pipeline\": { \"field\": \"Stage!\", \"stages\": \"many\" } }" },
        { "objects/deal.json", "{ \"name\": \"deal\", \"fields\": [ { \"name\": \"stage\", \"type\": \"number\" } ], \"pipeline\": { \"stages\": [ { \"name\": \"a\" }, { \"name\": \"b\", \"terminal\": \"won\" } ] } }" },
        { "objects/deal.json", "{ \"name\": \"deal\", \"fields\": [ { \"name\": \"f\", \"type\": \"formula\", \"returns\": \"picklist\", \"expression\": 5 } ] }" },
        { "objects/deal.json", "{ \"name\": \"deal\", \"fields\": [], \"validationRules\": [ { \"name\": \"g\", \"all\": [], \"any\": [] }, { \"name\": \"h\", \"any\": [ { \"name\": \"i\", \"expression\": \"\" } ] } ] }" },
        { "objects/deal.json", "{ \"name\": \"deal\", \"fields\": [], \"layouts\": { \"form\": { \"sections\": [ { \"fields\": [ 1 ] } ] }, \"list\": [] } }" },
        { "tests/t.json", "{ \"tests\": {} }" },
        { "tests/t.json", "[ 1, { \"name\": \"x\", \"object\": \"deal\", \"record\": [], \"now\": \"yesterday\", \"expect\": { \"move\": { \"to\": 5 } } } ]" },
        { "approvals/big_deal.json", "{ \"unterminated\": " },
        { "approvals/Not-A-Name.json", "{}" },
    };

    [Theory]
    [MemberData(nameof(OddFiles))]
    public void Load_OddFileContent_ReturnsErrorsWithCodesAndFiles(string file, string content)
    {
        var result = PackageBuilder.Minimal().With(file, content).Load();

        DiagnosticAssert.Refused(result);
        Assert.All(result.Diagnostics, d =>
        {
            Assert.Matches("^FS1[0-2][0-9]{2}$", d.Code);
            Assert.False(string.IsNullOrEmpty(d.File));
            Assert.StartsWith("$", d.Path);
        });
        Assert.Contains(result.Errors, d => d.File == file);
    }

    [Fact]
    public void Load_PathThatIsAFile_ReportsFS1000()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("package.json"), "{}");

        var result = PackageLoader.Load(temp.File("package.json"));

        DiagnosticAssert.Single(result, "FS1000");
    }

    [Theory]
    [InlineData("")]
    [InlineData("bad\0path")]
    public void Load_UnusablePath_ReportsFS1000(string path)
    {
        var result = PackageLoader.Load(path);

        DiagnosticAssert.Single(result, "FS1000");
    }

    [Fact]
    public void Load_RandomBytesInEveryFile_NeverThrows()
    {
        var random = new Random(1234);
        var builder = PackageBuilder.Minimal();
        foreach (var file in builder.Files.ToList())
        {
            var bytes = new byte[random.Next(1, 2000)];
            random.NextBytes(bytes);
            builder.WithBytes(file, bytes);
        }

        var result = builder.Load();

        DiagnosticAssert.Refused(result);
        Assert.Contains(result.Diagnostics, d => d.File == "package.json" && d.Code == "FS1001");
        Assert.Contains(result.Diagnostics, d => d.File == "objects/deal.json" && d.Code == "FS1001");
    }

    [Fact]
    public void Load_Utf8ByteOrderMark_IsAccepted()
    {
        var builder = PackageBuilder.Minimal();
        var withBom = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(builder.Text("package.json"))).ToArray();

        var result = builder.WithBytes("package.json", withBom).Load();

        Assert.True(result.Succeeded, DiagnosticAssert.Describe(result));
    }
}
