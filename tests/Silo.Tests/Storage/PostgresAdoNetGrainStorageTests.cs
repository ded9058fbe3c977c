using Coordination.Silo.Tests.Providers;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Storage;

namespace Coordination.Silo.Tests.Storage;

/// <summary>
/// The grain storage contract against Orleans' own ADO.NET grain storage on PostgreSQL (invariant "Npgsql") over the
/// schema of deploy/sql/postgres. Needs the server deploy/postgres.sh starts. Each test has a service id of its own.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class PostgresAdoNetGrainStorageTests : GrainStorageContract
{
    private readonly string _serviceId = $"storage-tests-{Guid.NewGuid():N}";

    protected override async Task<ProviderServices> StartProvidersAsync()
    {
        await PostgresSchema.EnsureAppliedAsync();
        return await ProviderServices.StartAsync(_serviceId, services => services
            .AddAdoNetGrainStorage(ProviderNames.Keeping, options =>
            {
                options.Invariant = PostgresSchema.Invariant;
                options.ConnectionString = PostgresSchema.ConnectionString;
            })
            .AddAdoNetGrainStorage(ProviderNames.Deleting, options =>
            {
                options.Invariant = PostgresSchema.Invariant;
                options.ConnectionString = PostgresSchema.ConnectionString;
                options.DeleteStateOnClear = true;
            }), ProviderNames.Keeping, ProviderNames.Deleting);
    }

    /// <summary>
    /// Orleans' ADO.NET storage keys a row by service, state name and grain key, not by grain type
    /// (dotnet/orleans#8746, #9737): two grain types with one key and one state name share a row. This pins that
    /// down so the node gives each grain type its own state name (or storage) on PostgreSQL, and notices if it changes.
    /// </summary>
    [Fact]
    public async Task WriteState_SameKeyAndStateNameOtherGrainType_SharesOneAdoNetRow()
    {
        var caseGrain = NewGrainId("case");
        var judgeGrain = GrainId.Create("judge", caseGrain.Key.ToString()!);
        var written = await WriteNewAsync(Storage, caseGrain, SampleState(1));

        var read = await ReadAsync(Storage, judgeGrain);
        await Assert.ThrowsAsync<InconsistentStateException>(() => WriteNewAsync(Storage, judgeGrain, SampleState(2)));

        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(SampleState(1), read.State);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await PostgresSchema.ExecuteAsync("DELETE FROM OrleansStorage WHERE ServiceId = @service", ("service", _serviceId));
    }
}
