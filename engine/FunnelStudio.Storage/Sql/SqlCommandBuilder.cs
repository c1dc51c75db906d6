using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore.Storage;

namespace FunnelStudio.Storage.Sql;

/// <summary>
/// Builds one command (possibly several statements) whose values are all parameters, created with
/// EF's type mappings so they are stored exactly as EF stores them (GUID and timestamp formats on
/// SQLite, uuid and timestamptz on PostgreSQL).
/// </summary>
internal sealed class SqlCommandBuilder(DbCommand command, IRelationalTypeMappingSource mappings)
{
    private readonly StringBuilder _text = new();
    private int _next;

    public DbCommand Command => command;

    public SqlCommandBuilder Append(string sql)
    {
        _text.Append(sql);
        return this;
    }

    /// <summary>Adds a parameter and returns its placeholder.</summary>
    public string Param<T>(T value)
    {
        var name = $"@p{_next++}";
        var type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        var mapping = mappings.FindMapping(type)
            ?? throw new InvalidOperationException($"No database type for {type.Name}.");
        command.Parameters.Add(mapping.CreateParameter(command, name, value, nullable: true));
        return name;
    }

    /// <summary>Adds a parameter the caller makes (a provider's own type, an array) under the next name; returns its placeholder.</summary>
    public string Param(Func<string, DbParameter> make)
    {
        var name = $"@p{_next++}";
        command.Parameters.Add(make(name));
        return name;
    }

    /// <summary>Adds one parameter per value and returns "(@p1, @p2, …)".</summary>
    public string ParamList(IEnumerable<string> values) => "(" + string.Join(", ", values.Select(Param)) + ")";

    /// <summary>Puts the text into the command and returns it.</summary>
    public DbCommand Build()
    {
        command.CommandText = _text.ToString();
        return command;
    }
}
