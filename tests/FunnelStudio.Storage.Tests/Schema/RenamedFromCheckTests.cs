namespace FunnelStudio.Storage.Tests.Schema;

/// <summary>The loader refuses a <c>renamedFrom</c> that cannot be a rename (FS1122), with the field's path.</summary>
public sealed class RenamedFromCheckTests
{
    [Theory]
    [InlineData("""{ "name": "summary", "type": "text", "renamedFrom": "name" }""", "still has a field 'name'")]
    [InlineData("""{ "name": "summary", "type": "text", "renamedFrom": "Not-A-Name" }""", "not a valid field name")]
    [InlineData("""{ "name": "summary", "type": "text", "renamedFrom": "notes" }, { "name": "memo", "type": "text", "renamedFrom": "notes" }""", "like another field")]
    public void RenamedFrom_ThatCannotBeARename_IsFS1122(string fields, string message)
    {
        var result = SchemaPackages.Load("thing", fields);

        var error = Assert.Single(result.Errors);
        Assert.Equal("FS1122", error.Code);
        Assert.Contains(message, error.Message);
        Assert.EndsWith(".renamedFrom", error.Path);
    }

    [Fact]
    public void RenamedFrom_AFieldTheObjectNoLongerHas_LoadsIntoTheFieldDefinition()
    {
        var result = SchemaPackages.Load("thing", """{ "name": "summary", "type": "text", "renamedFrom": "notes" }""");

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal("notes", result.Package!.Object("thing")!.Definition.Field("summary")!.RenamedFrom);
    }
}
