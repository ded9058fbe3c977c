using Npgsql;

namespace Coordination.Silo.Schema;

/// <summary>
/// The scripts of deploy/sql/postgres as shipped beside the executable (<c>sql/postgres</c>), applied in the order of
/// their names. Each script opens and commits its own transaction under an advisory lock and is idempotent, so applying
/// them again, or from several processes at once, is safe.
/// </summary>
internal static class PostgresSchemaScripts
{
    /// <summary>Where the build copies the scripts: <c>sql/postgres</c> beside the executable.</summary>
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "sql", "postgres");

    /// <summary>The scripts' full paths in the order they apply.</summary>
    /// <exception cref="FileNotFoundException">No script is beside the executable.</exception>
    public static IReadOnlyList<string> Files()
    {
        string[] files = Directory.Exists(Folder) ? [.. Directory.GetFiles(Folder, "*.sql").Order(StringComparer.Ordinal)] : [];
        return files.Length > 0 ? files : throw new FileNotFoundException($"No schema scripts (*.sql) in {Folder}.");
    }

    /// <summary>Runs one script on <paramref name="connection"/>.</summary>
    public static async Task ApplyAsync(NpgsqlConnection connection, string file, CancellationToken cancellationToken = default)
    {
        await using var command = new NpgsqlCommand(await File.ReadAllTextAsync(file, cancellationToken), connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs every script in order; returns their file names.</summary>
    public static async Task<IReadOnlyList<string>> ApplyAllAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var applied = new List<string>();
        foreach (var file in Files())
        {
            await ApplyAsync(connection, file, cancellationToken);
            applied.Add(Path.GetFileName(file));
        }

        return applied;
    }
}
