namespace Coordination.Silo.Storage;

/// <summary>
/// The statements of <see cref="PostgresGrainStorage"/> over <c>orleans_grain_state</c> (deploy/sql/postgres/04-grain-state.sql).
/// Parameters are positional: $1 service id, $2 grain type, $3 grain key, $4 state name. Each write returns the row's
/// new ETag, or no row when the ETag it was given does not match (a conflict); none of them fails on a conflict, so one
/// write never aborts the others of its batch.
/// </summary>
internal static class PostgresGrainStorageSql
{
    private const string Key = "service_id = $1 AND grain_type = $2 AND grain_key = $3 AND state_name = $4";

    private const string NextEtag = "nextval('orleans_grain_state_etag')";

    /// <summary>The payload (NULL when cleared) and ETag of a row.</summary>
    public const string Read = $"SELECT payload, etag FROM orleans_grain_state WHERE {Key}";

    /// <summary>Writes $5 payload at $6 time as a new row; no row returned when one exists.</summary>
    public const string Insert =
        "INSERT INTO orleans_grain_state (service_id, grain_type, grain_key, state_name, etag, payload, modified_at) " +
        $"VALUES ($1, $2, $3, $4, {NextEtag}, $5, $6) ON CONFLICT DO NOTHING RETURNING etag";

    /// <summary>Writes $5 payload (NULL to clear) at $6 time if the row's ETag is $7.</summary>
    public const string Update =
        $"UPDATE orleans_grain_state SET etag = {NextEtag}, payload = $5, modified_at = $6 WHERE {Key} AND etag = $7 RETURNING etag";

    /// <summary>Deletes the row if its ETag is $5.</summary>
    public const string Delete = $"DELETE FROM orleans_grain_state WHERE {Key} AND etag = $5 RETURNING etag";
}
