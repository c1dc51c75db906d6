namespace FunnelStudio.Rules;

/// <summary>Why a rule or formula could not be evaluated, as far as a user needs to know.</summary>
public enum EvaluationErrorKind
{
    /// <summary>It read an empty value (or <c>old</c> on a create) as if it had one.</summary>
    EmptyValue,
    /// <summary>Anything else: an overflow, a division by zero, an index out of range.</summary>
    Failed,
}

/// <summary>
/// A rule or formula that threw. Users see a stable, localized message chosen by <see cref="Kind"/>;
/// <see cref="Detail"/> (the exception's type and text, which may name .NET internals) is for the log
/// and for admins' tools (<c>funnelstudio test</c>, <c>explain</c>), never for a page or an API answer.
/// </summary>
public sealed record EvaluationError(EvaluationErrorKind Kind, string Detail)
{
    public static EvaluationError From(Exception e) => e switch
    {
        NullReferenceException => new(EvaluationErrorKind.EmptyValue, "a value it reads is empty (for 'old', there is no old record on create)"),
        InvalidOperationException when e.Message.Contains("Nullable", StringComparison.Ordinal) =>
            new(EvaluationErrorKind.EmptyValue, "a value it reads is empty"),
        _ => new(EvaluationErrorKind.Failed, $"{e.GetType().Name}: {e.Message}"),
    };

    /// <summary>The message key in <see cref="Localization.EngineText"/> for a rule (<paramref name="prefix"/> "rule") or a formula.</summary>
    internal string MessageKey(string prefix) => Kind == EvaluationErrorKind.EmptyValue ? prefix + ".error.empty" : prefix + ".error";
}
