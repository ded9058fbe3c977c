using Coordination.Actors.Storage;

namespace Coordination.Actors.Tests.Storage;

/// <summary>The databases the storage tests run against.</summary>
internal static class TestDatabases
{
    /// <summary>The PostgreSQL that deploy/postgres.sh starts; override with COORDINATION_TEST_POSTGRES.</summary>
    public static string PostgresConnectionString =>
        Environment.GetEnvironmentVariable("COORDINATION_TEST_POSTGRES")
        ?? "Host=127.0.0.1;Port=5432;Username=coordination;Password=coordination;Database=coordination_test";

    public static StorageOptions Postgres() => new() { PostgresConnectionString = PostgresConnectionString };

    public static StorageOptions TemporarySqlite(string folder) => new() { SqlitePath = Path.Combine(folder, "store.db") };
}
