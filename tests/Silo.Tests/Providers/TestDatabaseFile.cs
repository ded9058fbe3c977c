namespace Coordination.Silo.Tests.Providers;

/// <summary>A SQLite database path in a folder of its own, deleted with everything in it.</summary>
internal sealed class TestDatabaseFile : IDisposable
{
    private readonly string _folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "coordination-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The database file; the folder holding it does not exist yet, so the provider's creating it is tested too.</summary>
    public string Path => System.IO.Path.Combine(_folder, "data", "coordination.db");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
