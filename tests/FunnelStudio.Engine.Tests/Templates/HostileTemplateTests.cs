using System.Diagnostics;
using FunnelStudio.Templates;

namespace FunnelStudio.Engine.Tests.Templates;

/// <summary>
/// Templates written to hurt: each ends quickly in a clear error (or escaped output), never a hang,
/// a crash or a huge allocation.
/// </summary>
public sealed class HostileTemplateTests
{
    private static TemplateResult RenderQuickly(string template, IReadOnlyDictionary<string, object?>? model = null)
    {
        var package = TemplateTestPackage.With(template);
        var renderer = new TemplateRenderer(TemplateTestPackage.Options);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var result = renderer.Render(package, "t", model ?? new Dictionary<string, object?>());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"The render took {clock.Elapsed}.");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64L * 1024 * 1024, "The render allocated more than 64 MB.");
        return result;
    }

    [Fact]
    public void WhileTrue_StopsAtTheLoopLimit()
    {
        var result = RenderQuickly("{{ while true }}{{ end }}");
        Assert.False(result.Succeeded);
        Assert.Contains("iteration limit `10000`", result.Error);
        Assert.Contains("templates/t.sbn(1,", result.Error);
    }

    [Fact]
    public void HugeRange_IsRefusedBeforeItRuns()
    {
        var result = RenderQuickly("{{ for i in 1..100000000 }}x{{ end }}");
        Assert.False(result.Succeeded);
        Assert.Contains("LoopLimit", result.Error);
    }

    [Fact]
    public void StringTimesTwoHundredMillion_IsRefusedWithoutAllocatingIt()
    {
        var result = RenderQuickly("{{ 'A' * 200000000 }}");
        Assert.False(result.Succeeded);
        Assert.Contains("String multiplication exceeds", result.Error);
    }

    [Fact]
    public void DoublingAStringInALoop_StopsAtTheStringLimit()
    {
        var result = RenderQuickly("{{ s = 'AAAAAAAAAA'; for i in 1..40; s = s + s; end; s | string.size }}");
        Assert.False(result.Succeeded);
        Assert.Contains("LimitToString", result.Error);
    }

    [Fact]
    public void RecursiveFunction_StopsAtTheRecursionLimit()
    {
        var result = RenderQuickly("{{ func f; f; end; f }}");
        Assert.False(result.Succeeded);
        Assert.Contains("recursive depth limit `50`", result.Error);
    }

    [Fact]
    public void CatastrophicRegex_TimesOut()
    {
        var result = RenderQuickly("{{ 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!' | regex.match '(a+)+$' }}");
        Assert.False(result.Succeeded);
        Assert.Contains("timed out", result.Error);
    }

    [Fact]
    public void HtmlInAValue_IsEscaped()
    {
        var result = RenderQuickly("<p>{{ record.name }}</p>",
            new Dictionary<string, object?> { ["record"] = new Dictionary<string, object?> { ["name"] = "<script>alert('x')</script> & co" } });
        Assert.Equal("<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co</p>", result.Output);
    }

    [Fact]
    public void HugeStringInTheModel_StopsAtTheOutputLimit()
    {
        var result = RenderQuickly("{{ record.notes }}",
            new Dictionary<string, object?> { ["record"] = new Dictionary<string, object?> { ["notes"] = new string('x', 5_000_000) } });
        Assert.False(result.Succeeded);
        Assert.Contains("LimitToString", result.Error);
    }

    [Fact]
    public void ManySmallWrites_StopAtTheOutputLimit()
    {
        var result = RenderQuickly("{{ for i in 1..9000 }}0123456789012345678901234567890123456789{{ end }}");
        Assert.False(result.Succeeded);
        Assert.Null(result.Output);
    }

    [Fact]
    public void PadToTwoHundredMillion_IsRefused()
    {
        var result = RenderQuickly("{{ 'a' | string.pad_left 200000000 }}");
        Assert.False(result.Succeeded);
        Assert.Contains("exceeds", result.Error);
    }

    [Fact]
    public void WallTime_StopsARenderThatIsSlowButWithinEveryOtherLimit()
    {
        var options = TemplateTestPackage.Options;
        options.TimeoutMs = 50;
        options.LoopLimit = 1_000_000;
        options.RegexTimeoutMs = 5_000;
        // Each step is a regex of a few ms; together they run far past 50 ms.
        var template = "{{ for i in 1..1000 }}{{ 'aaaaaaaaaaaaaaaaaaaa!' | regex.match '(a+)+$' }}{{ end }}";
        var clock = Stopwatch.StartNew();
        var result = new TemplateRenderer(options).Render(TemplateTestPackage.With(template), "t", new Dictionary<string, object?>());
        Assert.False(result.Succeeded);
        Assert.Contains("took longer than 50 ms", result.Error);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"The render took {clock.Elapsed}.");
    }

    [Fact]
    public void ModelValues_AreDataNotDotNetObjects()
    {
        var result = RenderQuickly("{{ object.typeof record }}|{{ record.name.GetType }}|{{ object.typeof record.name }}",
            new Dictionary<string, object?> { ["record"] = new Dictionary<string, object?> { ["name"] = "Acme" } });
        Assert.Equal("object||string", result.Output);
    }
}

/// <summary>The built-in functions are shared between renders, so no render may change them.</summary>
public sealed class SharedBuiltinsTests
{
    [Theory]
    [InlineData("{{ date.format = '%Y' }}")]
    [InlineData("{{ string.upcase = 'x' }}")]
    [InlineData("{{ math.extra = 1 }}")]
    public void AssigningToABuiltin_IsAnError_AndLaterRendersAreUnchanged(string template)
    {
        var renderer = new TemplateRenderer(TemplateTestPackage.Options);
        var hostile = renderer.Render(TemplateTestPackage.With(template), "t", new Dictionary<string, object?>());
        Assert.False(hostile.Succeeded);

        var later = renderer.Render(TemplateTestPackage.With("{{ 'a' | string.upcase }}|{{ date.format }}|{{ math.extra }}"), "t",
            new Dictionary<string, object?> { ["d"] = new DateTime(2026, 1, 2) });
        Assert.True(later.Succeeded, later.Error);
        Assert.Equal("A|%d %b %Y|", later.Output);
    }

    [Fact]
    public void AssigningAGlobalWithABuiltinsName_OnlyShadowsItForThatRender()
    {
        var renderer = new TemplateRenderer(TemplateTestPackage.Options);
        var first = renderer.Render(TemplateTestPackage.With("{{ string = 'mine' }}{{ string }}"), "t", new Dictionary<string, object?>());
        Assert.Equal("mine", first.Output);
        Assert.Equal("A", renderer.Render(TemplateTestPackage.With("{{ 'a' | string.upcase }}"), "t", new Dictionary<string, object?>()).Output);
    }
}
