using System.Linq.Expressions;
using System.Reflection;

namespace FunnelStudio.Rules;

/// <summary>
/// Refuses expressions that could escape or exhaust the process. RulesEngine already blocks
/// <c>System.IO.File</c> and <c>Process</c>, but still evaluates reflection
/// (<c>record.GetType().Assembly.Location</c>), object creation and unbounded generators
/// (<c>Enumerable.Repeat("x", 50000000).ToList()</c>, <c>"a".PadLeft(100000000)</c>). So: a lexical
/// pass names the dangerous words for a clear message, then a walk of the parsed tree admits only
/// an allow-list of node kinds, members and methods. Whatever is not listed is refused.
/// </summary>
internal static class ExpressionGuard
{
    public const int MaxLength = 2000;

    /// <summary>
    /// Deepest bracket nesting allowed. Dynamic LINQ parses recursively at roughly 4 KB of stack per
    /// level, so ~400 nested parentheses (well under <see cref="MaxLength"/>) overflow a 1.5 MB
    /// thread-pool stack — and a stack overflow kills the process; it cannot be caught.
    /// </summary>
    public const int MaxNesting = 32;

    private static readonly Dictionary<string, string> ForbiddenWords = new(StringComparer.Ordinal)
    {
        ["new"] = "object creation ('new') is not allowed",
        ["typeof"] = "reflection ('typeof') is not allowed",
        ["GetType"] = "reflection ('GetType') is not allowed",
        ["Type"] = "reflection (System.Type) is not allowed",
        ["Assembly"] = "reflection ('Assembly') is not allowed",
        ["Reflection"] = "reflection (System.Reflection) is not allowed",
        ["Activator"] = "object creation ('Activator') is not allowed",
        ["System"] = "the System namespace is not reachable from rules",
        ["Repeat"] = "unbounded generators ('Repeat') are not allowed",
        ["Range"] = "unbounded generators ('Range') are not allowed",
        ["PadLeft"] = "unbounded generators ('PadLeft') are not allowed",
        ["PadRight"] = "unbounded generators ('PadRight') are not allowed",
        ["cast"] = "type casts are not allowed",
        ["as"] = "type casts are not allowed",
        ["is"] = "type tests are not allowed",
        ["OfType"] = "type tests are not allowed",
    };

    private static readonly HashSet<string> DateMembers = ["Year", "Month", "Day", "Date", "DayOfWeek", "DayOfYear", "Hour", "Minute"];
    private static readonly HashSet<string> SpanMembers = ["Days", "TotalDays", "Hours", "TotalHours", "Minutes", "TotalMinutes"];
    private static readonly HashSet<string> MathMethods = ["Abs", "Round", "Floor", "Ceiling", "Min", "Max", "Truncate"];

    /// <summary>Checks the text before parsing; returns the reason it is refused, or null.</summary>
    public static string? CheckText(string expression)
    {
        if (expression.Length > MaxLength)
            return $"is {expression.Length:N0} characters long; expressions may have at most {MaxLength:N0}";
        var blanked = ExpressionText.BlankLiterals(expression);
        foreach (var word in ExpressionText.Identifiers(blanked))
            if (ForbiddenWords.TryGetValue(word, out var reason)) return reason;
        if (NestingDepth(blanked) > MaxNesting)
            return $"nests brackets more than {MaxNesting} levels deep";
        return null;
    }

    private static int NestingDepth(string blanked)
    {
        int depth = 0, deepest = 0;
        foreach (var c in blanked)
        {
            if (c is '(' or '[' or '{') deepest = Math.Max(deepest, ++depth);
            else if (c is ')' or ']' or '}') depth--;
        }
        return deepest;
    }

    /// <summary>Walks a parsed expression; returns the reason it is refused, or null.</summary>
    public static string? CheckTree(Expression body, Type recordType)
    {
        var walker = new Walker(recordType);
        walker.Visit(body);
        return walker.Reason;
    }

    private sealed class Walker(Type recordType) : ExpressionVisitor
    {
        public string? Reason { get; private set; }

        public override Expression? Visit(Expression? node)
        {
            if (node is null || Reason is not null) return node;
            switch (node.NodeType)
            {
                case ExpressionType.New or ExpressionType.NewArrayBounds or ExpressionType.NewArrayInit
                    or ExpressionType.MemberInit or ExpressionType.ListInit:
                    return Refuse(node, "object creation is not allowed");
                case ExpressionType.ArrayIndex:
                    // user.roles[99] compiles and then throws on every save; membership is what rules need.
                    return Refuse(node, "indexing ('[…]') is not allowed; use Fn.Contains(list, item) to test membership");
                case ExpressionType.Lambda or ExpressionType.Invoke or ExpressionType.Quote or ExpressionType.Block
                    or ExpressionType.Loop or ExpressionType.Goto or ExpressionType.Try or ExpressionType.Assign
                    or ExpressionType.TypeIs or ExpressionType.TypeEqual or ExpressionType.TypeAs or ExpressionType.Dynamic
                    or ExpressionType.Throw or ExpressionType.Extension or ExpressionType.Index or ExpressionType.RuntimeVariables:
                    return Refuse(node, $"'{node.NodeType}' expressions are not allowed");
            }
            return base.Visit(node);
        }

        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (IsConcat(node.Method) && Unjoinable(node.Left, node.Right) is { } what)
                return Refuse(node, $"text can only be joined with text or numbers, not with {what}");
            return base.VisitBinary(node);
        }

        /// <summary>
        /// What an operand of a text join may be: text, a number or true/false. Joining the record, the
        /// user, a list or a date calls its ToString — a .NET type name or a culture's date format.
        /// </summary>
        private string? Unjoinable(params Expression[] operands)
        {
            foreach (var operand in operands)
            {
                var inner = operand;
                while (inner.NodeType is ExpressionType.Convert or ExpressionType.ConvertChecked) inner = ((UnaryExpression)inner).Operand;
                var type = Nullable.GetUnderlyingType(inner.Type) ?? inner.Type;
                if (type == typeof(string) || type == typeof(bool) || type == typeof(decimal) || type == typeof(int)
                    || type == typeof(long) || type == typeof(double)) continue;
                return type == recordType ? "the record"
                    : type == typeof(RuleUser) ? "the user"
                    : type.IsArray ? "a list"
                    : type == typeof(DateTime) || type == typeof(TimeSpan) ? "a date (use Fn functions for dates)"
                    : "a value of type " + type.Name;
            }
            return null;
        }

        private static bool IsConcat(MethodInfo? method) => method is { Name: "Concat" } && method.DeclaringType == typeof(string);

        protected override Expression VisitConstant(ConstantExpression node)
        {
            if (node.Value is Type or MemberInfo or Delegate or Assembly)
                return Refuse(node, "reflection is not allowed");
            return node;
        }

        protected override Expression VisitMember(MemberExpression node)
        {
            var declaring = node.Member.DeclaringType;
            var ok = node.Member is PropertyInfo && declaring is not null && (
                declaring == recordType || recordType.IsSubclassOf(declaring) && node.Expression?.Type == recordType
                || declaring == typeof(RuleUser) && node.Member.Name is "id" or "name" or "roles"
                || declaring == typeof(DateTime) && DateMembers.Contains(node.Member.Name)
                || declaring == typeof(TimeSpan) && SpanMembers.Contains(node.Member.Name)
                || (declaring == typeof(string) || declaring == typeof(Array)) && node.Member.Name == "Length"
                || declaring.IsGenericType && declaring.GetGenericTypeDefinition() == typeof(Nullable<>) && node.Member.Name is "HasValue" or "Value");
            if (!ok || node.Expression is null) return Refuse(node, $"member '{node.Member.Name}' is not available to rules");
            return base.VisitMember(node);
        }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            var method = node.Method;
            var declaring = method.DeclaringType;
            var ok = declaring == typeof(Fn)
                || declaring == typeof(string) && method.IsStatic && method.Name is "Concat" or "Compare" or "CompareOrdinal" or "Equals" or "op_Equality" or "op_Inequality"
                || declaring == typeof(string) && !method.IsStatic && method.Name is "Equals" or "CompareTo"
                || (declaring == typeof(decimal) || declaring == typeof(DateTime) || declaring == typeof(TimeSpan))
                    && (method.Name.StartsWith("op_", StringComparison.Ordinal) || method.Name is "Compare" or "CompareTo" or "Equals")
                || declaring == typeof(Math) && MathMethods.Contains(method.Name)
                || declaring is { IsGenericType: true } && declaring.GetGenericTypeDefinition() == typeof(Nullable<>) && method.Name == "GetValueOrDefault";
            if (!ok) return Refuse(node, $"method '{method.Name}' is not allowed; use the Fn functions");
            if (IsConcat(method) && Unjoinable([.. node.Arguments]) is { } what)
                return Refuse(node, $"text can only be joined with text or numbers, not with {what}");
            return base.VisitMethodCall(node);
        }

        private Expression Refuse(Expression node, string reason)
        {
            Reason ??= reason;
            return node;
        }
    }
}
