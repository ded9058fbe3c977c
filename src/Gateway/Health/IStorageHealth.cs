namespace Coordination.Gateway.Health;

/// <summary>Reports whether the node's database answers (implemented by the node for SQLite and PostgreSQL).</summary>
public interface IStorageHealth
{
    /// <summary>The provider, e.g. <c>sqlite</c> or <c>postgresql</c>.</summary>
    string Provider { get; }

    /// <summary>Where the data lives, without secrets: a file path or host and database.</summary>
    string Location { get; }

    /// <summary>Runs a trivial query; returns null if it worked, else the error.</summary>
    Task<string?> CheckAsync(CancellationToken cancellationToken);
}
