namespace Coordination.Silo.Schema;

/// <summary>
/// One part of the PostgreSQL schema, as one script of deploy/sql/postgres creates it and records it in
/// <c>coordination_schema</c>: what must exist for the part to be complete at <paramref name="Version"/>.
/// </summary>
/// <param name="Name">The part's name in <c>coordination_schema</c>.</param>
/// <param name="Version">The version this executable expects at least.</param>
/// <param name="Tables">Tables the part creates, as the scripts name them.</param>
/// <param name="Sequences">Sequences the part creates.</param>
/// <param name="QueryKeys">Statements the part stores in <c>OrleansQuery</c> for Orleans' ADO.NET providers.</param>
internal sealed record PostgresSchemaPart(string Name, int Version, IReadOnlyList<string> Tables, IReadOnlyList<string> Sequences, IReadOnlyList<string> QueryKeys);
