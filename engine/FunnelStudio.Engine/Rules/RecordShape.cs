using System.Linq.Dynamic.Core;
using System.Linq.Expressions;
using FunnelStudio.Metadata;
using FunnelStudio.Records;

namespace FunnelStudio.Rules;

/// <summary>
/// The typed class rules run against, one per object definition: a property per field (named like
/// the field) plus the system columns. The type comes from Dynamic LINQ's class factory, which
/// caches types by their property list — Dynamic LINQ keeps every type forever, so reloading the
/// same package must reuse types rather than make new ones (an ExpandoObject per record would leak
/// and miss the parser's cache). Getters and setters are compiled once.
/// </summary>
public sealed class RecordShape
{
    public const string IdProperty = "id";
    public const string CreatedAtProperty = "created_at";
    public const string UpdatedAtProperty = "updated_at";
    /// <summary>The flows whose latest request for the record is approved (what <c>Fn.Approved</c> reads); no field can be named like it.</summary>
    public const string ApprovedProperty = "_approved";

    private readonly Func<object> _factory;
    private readonly Dictionary<string, Action<object, object?>> _setters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<object, object?>> _getters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Type> _types = new(StringComparer.Ordinal);

    public RecordShape(ObjectDefinition obj)
    {
        var properties = new List<DynamicProperty>
        {
            new(IdProperty, typeof(string)),
            new(CreatedAtProperty, typeof(DateTime?)),
            new(UpdatedAtProperty, typeof(DateTime?)),
            new(ApprovedProperty, typeof(string[])),
        };
        properties.AddRange(obj.Fields.Select(f => new DynamicProperty(f.Name, FieldTypes.ClrType(f.ValueType))));
        Type = DynamicClassFactory.CreateType(properties, createParameterCtor: false);
        _factory = Expression.Lambda<Func<object>>(Expression.New(Type)).Compile();

        foreach (var property in properties)
        {
            var info = Type.GetProperty(property.Name)!;
            _types[property.Name] = info.PropertyType;
            var instance = Expression.Parameter(typeof(object), "instance");
            var value = Expression.Parameter(typeof(object), "value");
            var typed = Expression.Convert(instance, Type);
            _setters[property.Name] = Expression.Lambda<Action<object, object?>>(
                Expression.Assign(Expression.Property(typed, info), Expression.Convert(value, info.PropertyType)),
                instance, value).Compile();
            _getters[property.Name] = Expression.Lambda<Func<object, object?>>(
                Expression.Convert(Expression.Property(typed, info), typeof(object)), instance).Compile();
        }
    }

    /// <summary>The generated CLR type.</summary>
    public Type Type { get; }

    public bool Has(string property) => _setters.ContainsKey(property);

    public Type PropertyType(string property) => _types[property];

    /// <summary>Builds a typed instance from bound values (and, when known, the record's system columns).</summary>
    public object Create(RecordValues values, RecordSystemValues? system = null)
    {
        var instance = _factory();
        foreach (var (field, value) in values)
            if (_setters.ContainsKey(field)) Set(instance, field, value);
        if (system is not null)
        {
            Set(instance, IdProperty, system.Id);
            Set(instance, CreatedAtProperty, system.CreatedAt);
            Set(instance, UpdatedAtProperty, system.UpdatedAt);
            Set(instance, ApprovedProperty, system.Approved);
        }
        return instance;
    }

    public object? Get(object instance, string property) => _getters[property](instance);

    public void Set(object instance, string property, object? value)
    {
        var type = _types[property];
        if (value is null && type == typeof(bool)) value = false;
        else if (value is not null && (type == typeof(decimal?)) && value is not decimal) value = Convert.ToDecimal(value);
        _setters[property](instance, value);
    }
}

/// <summary>The system columns rules can read: <c>record.id</c>, <c>record.created_at</c>, <c>record.updated_at</c>.</summary>
public sealed record RecordSystemValues(string? Id, DateTime? CreatedAt, DateTime? UpdatedAt)
{
    /// <summary>The approval flows whose latest request for the record is approved.</summary>
    public string[]? Approved { get; init; }
}
