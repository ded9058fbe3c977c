using Coordination.Silo.Schema;
using Npgsql;
using Orleans.Runtime;

namespace Coordination.Silo.Runtime;

/// <summary>Stops the silo's start, before any grain runs, when the PostgreSQL schema is missing or older than this node expects.</summary>
internal sealed class PostgresSchemaGate(PostgresDataSources dataSources, string connectionString) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PostgresSchemaGate), ServiceLifecycleStage.RuntimeInitialize, CheckAsync);

    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        var dataSource = dataSources.Get(connectionString);
        string? problem;
        try
        {
            problem = await PostgresSchemaCheck.FindProblemAsync(dataSource, cancellationToken);
        }
        catch (NpgsqlException unreachable)
        {
            throw new StorageUnavailableException($"PostgreSQL at {PostgresDataSources.Describe(connectionString)} does not answer: {unreachable.Message}", unreachable);
        }

        if (problem is not null)
        {
            throw new StorageUnavailableException(problem);
        }
    }
}

/// <summary>The node's database cannot be used: unreachable, or its schema is not what this node expects. The message is one line for the operator.</summary>
public sealed class StorageUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
