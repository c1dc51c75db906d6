namespace FunnelStudio.Versions;

/// <summary>
/// The <see cref="ConfigChange.Area"/> values, in the order a diff lists them: the package itself,
/// then the data model (objects, fields), the funnel (stages, rules), access (roles, permissions)
/// and last the files kept as source text.
/// </summary>
public static class ChangeAreas
{
    public const string Package = "package";
    public const string Object = "object";
    public const string Field = "field";
    public const string Stage = "stage";
    public const string Rule = "rule";
    public const string Role = "role";
    public const string Permission = "permission";
    public const string Flow = "flow";
    public const string Template = "template";
    public const string Script = "script";
    public const string Test = "test";
    public const string Demo = "demo";

    /// <summary>Every area, in listing order.</summary>
    public static IReadOnlyList<string> Order { get; } =
        [Package, Object, Field, Stage, Rule, Role, Permission, Flow, Template, Script, Test, Demo];

    /// <summary>The position of <paramref name="area"/> in <see cref="Order"/> (unknown areas last).</summary>
    public static int Rank(string area)
    {
        var index = Order.IndexOf(area);
        return index < 0 ? Order.Count : index;
    }

    private static int IndexOf(this IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
            if (list[i] == value) return i;
        return -1;
    }
}
