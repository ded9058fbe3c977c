namespace Coordination.Silo.Storage;

/// <summary>One SQL statement and its parameter names, prepared once per connection and bound by position.</summary>
/// <param name="Sql">The statement text.</param>
/// <param name="ParameterNames">The names of its parameters, in the order values are given.</param>
internal sealed record SqliteStatement(string Sql, params string[] ParameterNames);
