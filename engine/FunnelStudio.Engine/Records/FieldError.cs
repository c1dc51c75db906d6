using FunnelStudio.Metadata;

namespace FunnelStudio.Records;

/// <summary>
/// A value that could not be accepted for a field: the field, a stable code
/// (<c>FIELD_REQUIRED</c>, <c>FIELD_TYPE</c>, …) and a message in every UI language.
/// </summary>
public sealed record FieldError(string Field, string Code, LocalizedText Message);
