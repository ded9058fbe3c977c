using Coordination.Silo.Tests.Providers;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;

namespace Coordination.Silo.Tests.Reminders;

/// <summary>
/// The reminder table contract against Orleans' own ADO.NET reminder table on PostgreSQL (invariant "Npgsql") over the
/// schema of deploy/sql/postgres. Needs the server deploy/postgres.sh starts. Each test has a service id of its own.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class PostgresReminderTableTests : ReminderTableContract
{
    protected override async Task<ProviderServices> StartProvidersAsync()
    {
        await PostgresSchema.EnsureAppliedAsync();
        return await ProviderServices.StartAsync($"reminder-tests-{Guid.NewGuid():N}", services => services.UseAdoNetReminderService(options => options.Configure(adoNet =>
        {
            adoNet.Invariant = PostgresSchema.Invariant;
            adoNet.ConnectionString = PostgresSchema.ConnectionString;
        })));
    }

    public override async Task DisposeAsync()
    {
        await Table.TestOnlyClearTable();
        await base.DisposeAsync();
    }
}
