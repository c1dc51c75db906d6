using FunnelStudio.Engine.Tests.Support;
using FunnelStudio.Diagnostics;
using FunnelStudio.Templates;

namespace FunnelStudio.Engine.Tests.Templates;

/// <summary>Templates are parsed once, at load; a bad one is a diagnostic and the package does not load.</summary>
public sealed class TemplateLoadingTests
{
    // The first diagnostic of that code (a syntax error may have follow-on errors after it).
    private static Diagnostic First(string template, DiagnosticCode code)
    {
        var result = PackageBuilder.Minimal().With("templates/bad.sbn", template).Load();
        Assert.False(result.Succeeded);
        return Assert.IsType<Diagnostic>(result.Diagnostics.FirstOrDefault(d => d.Code == code.Id), exactMatch: true);
    }

    [Theory]
    [InlineData("<p>Hi</p>\n<script>alert(1)</script>", 2, "<script")]
    [InlineData("<img src=\"x\" onerror=\"alert(1)\">", 1, "onerror")]
    [InlineData("<a href=\"JavaScript:alert(1)\">{{ record.name }}</a>", 1, "JavaScript:")]
    [InlineData("<iframe src=\"https://example.com\"></iframe>", 1, "<iframe")]
    public void MarkupThatCouldRun_IsFS1605WithItsLine(string template, int line, string shown)
    {
        var diagnostic = First(template, DiagnosticCodes.TemplateActiveMarkup);
        Assert.Equal(line, diagnostic.Line);
        Assert.Contains(shown, diagnostic.Message);
    }

    [Fact]
    public void OrdinaryMarkup_AndWordsLikeOnline_AreFine()
    {
        var result = PackageBuilder.Minimal().With("templates/fine.sbn",
            "{{ online = true }}<p class=\"note\">Online: {{ online }} · <a href=\"https://example.com/?on=1\">link</a></p>").Load();
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
    }

    [Fact]
    public void SyntaxError_IsFS1601WithFileLineAndColumn()
    {
        var diagnostic = First("line one\n{{ x }}\n{{ for }}", DiagnosticCodes.TemplateSyntaxError);
        Assert.Equal("templates/bad.sbn", diagnostic.File);
        Assert.Equal(3, diagnostic.Line);
        Assert.Matches(@"templates/bad\.sbn\(3:\d+\)", diagnostic.Message);
    }

    [Fact]
    public void TwentyThousandNestedParentheses_IsADiagnosticNotAStackOverflow()
    {
        var diagnostic = First("{{ " + new string('(', 20_000) + "1" + new string(')', 20_000) + " }}", DiagnosticCodes.TemplateSyntaxError);
        Assert.Contains("depth limit", diagnostic.Message);
    }

    [Fact]
    public void TwentyThousandNestedIfs_IsADiagnosticNotAStackOverflow()
    {
        var template = string.Concat(Enumerable.Repeat("{{ if true }}", 20_000)) + string.Concat(Enumerable.Repeat("{{ end }}", 20_000));
        var diagnostic = First(template, DiagnosticCodes.TemplateSyntaxError);
        Assert.Contains("depth limit", diagnostic.Message);
    }

    [Theory]
    [InlineData("{{ include '/etc/passwd' }}")]
    [InlineData("{{ include_join ['a', 'b'] '' }}")]
    [InlineData("{{ x = include }}{{ x '/etc/passwd' }}")]
    public void Include_IsRefusedAtLoad(string template)
    {
        var diagnostic = First(template, DiagnosticCodes.TemplateStatementNotAllowed);
        Assert.Contains("cannot read other files", diagnostic.Message);
    }

    [Fact]
    public void Include_IfItReachedARender_IsAClearError()
    {
        // The loader refuses it; a template parsed some other way still cannot read a file.
        var package = TemplateTestPackage.With("ok");
        var template = Scriban.Template.Parse("{{ include '/etc/passwd' }}", "templates/t.sbn");
        package.Templates = new CompiledTemplates(new Dictionary<string, Scriban.Template> { ["t"] = template });
        var result = new TemplateRenderer(TemplateTestPackage.Options).Render(package, "t", new Dictionary<string, object?>());
        Assert.False(result.Succeeded);
        Assert.Contains("No TemplateLoader", result.Error);
        Assert.DoesNotContain("root:", result.Error);
    }

    [Fact]
    public void ValidTemplates_AreParsedOnceAndKeptWithThePackage()
    {
        var package = TemplateTestPackage.With("Hello {{ user.name }}", "greeting");
        Assert.True(package.Templates.Contains("greeting"));
        Assert.Equal(["greeting"], package.Templates.Names);
    }

    [Fact]
    public void UnknownTemplateName_IsAnErrorResult()
    {
        var result = new TemplateRenderer(TemplateTestPackage.Options).Render(TemplateTestPackage.With("x"), "nope", new Dictionary<string, object?>());
        Assert.Equal("The package has no template 'nope' (templates/nope.sbn).", result.Error);
    }
}
