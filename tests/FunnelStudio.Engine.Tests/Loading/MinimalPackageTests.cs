using FunnelStudio.Loading;
using FunnelStudio.Metadata;
using FunnelStudio.Engine.Tests.Support;

namespace FunnelStudio.Engine.Tests.Loading;

public class MinimalPackageTests
{
    [Fact]
    public void Load_MinimalFixture_SucceedsWithNoDiagnostics()
    {
        var result = PackageBuilder.Minimal().Load();

        Assert.True(result.Succeeded, DiagnosticAssert.Describe(result));
        Assert.Empty(result.Diagnostics);
        Assert.Equal("minimal", result.Definition!.Name);
        Assert.Equal(["account", "deal"], result.Package!.Objects.Keys.Order());
    }

    [Fact]
    public void Load_PipelineObject_SynthesizesTheStageFieldAsPicklistOfStages()
    {
        var stage = Fixtures.Deal.Definition.Field("stage");

        Assert.NotNull(stage);
        Assert.True(stage.IsStageField);
        Assert.Equal(FieldType.Picklist, stage.Type);
        Assert.Equal(["lead", "mql", "sql", "opportunity", "won", "lost"], stage.Options.Select(o => o.Name));
    }
}
