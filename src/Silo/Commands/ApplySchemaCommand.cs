using Coordination.Silo.Schema;
using Npgsql;

namespace Coordination.Silo.Commands;

/// <summary>
/// <c>apply-schema</c>: applies the PostgreSQL schema shipped beside the executable (<c>sql/postgres</c>, a copy of
/// deploy/sql/postgres) to the database of <c>Storage:PostgresConnectionString</c>, script by script in the order of
/// their names, printing each, then checks it as the node's start does. The scripts are idempotent, so it can run again
/// at any time. Exits 0 when the schema is complete; 2 with one line when no database is given, the database refuses,
/// or the schema is still incomplete afterwards.
/// </summary>
internal static class ApplySchemaCommand
{
    /// <summary>The setting that names the database, the same one the node uses.</summary>
    public const string ConnectionStringSetting = "Storage:PostgresConnectionString";

    public static async Task<int> RunAsync(IConfiguration configuration)
    {
        var connectionString = configuration[ConnectionStringSetting];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return await FailAsync($"no database given: set {ConnectionStringSetting}, e.g. " +
                $"--{ConnectionStringSetting}=\"Host=127.0.0.1;Username=coordination;Password=...;Database=coordination\".");
        }

        string location;
        try
        {
            location = PostgresDataSources.Describe(connectionString);
        }
        catch (ArgumentException exception)
        {
            return await FailAsync($"{ConnectionStringSetting} is not an Npgsql connection string ({exception.Message}).");
        }

        var script = "";
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            await using (var connection = await dataSource.OpenConnectionAsync())
            {
                foreach (var file in PostgresSchemaScripts.Files())
                {
                    script = Path.GetFileName(file);
                    await PostgresSchemaScripts.ApplyAsync(connection, file);
                    Console.WriteLine($"applied {script} to {location}");
                }
            }

            script = "";
            if (await PostgresSchemaCheck.FindProblemAsync(dataSource) is { } problem)
            {
                return await FailAsync(problem);
            }

            Console.WriteLine($"schema complete at {location}: {string.Join(", ", PostgresSchemaCheck.All.Select(part => $"{part.Name} {part.Version}"))}");
            return 0;
        }
        catch (Exception exception) when (exception is NpgsqlException or FileNotFoundException)
        {
            var where = script.Length > 0 ? $"{script} failed on {location}" : $"cannot apply the schema to {location}";
            return await FailAsync($"{where}: {exception.Message.ReplaceLineEndings(" ")}");
        }
    }

    private static async Task<int> FailAsync(string line)
    {
        await Console.Error.WriteLineAsync($"apply-schema: {line}");
        return 2;
    }
}
