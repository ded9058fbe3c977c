namespace Coordination.Actors.Storage;

/// <summary>Reports whether the database answers.</summary>
public interface IStorageHealth
{
    /// <summary>The provider, e.g. <c>sqlite</c> or <c>postgresql</c>.</summary>
    string Provider { get; }

    /// <summary>Where the data lives, without secrets: a file path or host and database.</summary>
    string Location { get; }

    /// <summary>Runs a trivial query; returns null if it worked, else the error.</summary>
    Task<string?> CheckAsync(CancellationToken cancellationToken);
}
