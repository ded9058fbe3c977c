using Coordination.Silo.Schema;
using Npgsql;

namespace Coordination.Silo.Tests.Schema;

public sealed class PostgresDataSourcesTests
{
    private const string Server = "Host=127.0.0.1;Database=coordination;Username=coordination;Password=secret";

    [Fact]
    public void AConnectionStringWithoutAPoolSize_GetsTheNodesDefault_NotNpgsqls100()
    {
        Assert.Equal(PostgresDataSources.DefaultMaxPoolSize, PostgresDataSources.WithDefaults(Server).MaxPoolSize);
    }

    [Theory]
    [InlineData("Maximum Pool Size=7")]
    [InlineData("maxpoolsize=7")]
    public void APoolSizeTheConnectionStringSets_IsKept(string setting)
    {
        Assert.Equal(7, PostgresDataSources.WithDefaults($"{Server};{setting}").MaxPoolSize);
    }

    [Fact]
    public void TheReminderTable_GetsAtMostTenConnections_OrFewerWhenTheNodeHasFewer()
    {
        Assert.Equal(PostgresDataSources.ReminderMaxPoolSize, new NpgsqlConnectionStringBuilder(PostgresDataSources.ForReminders(Server)).MaxPoolSize);
        Assert.Equal(4, new NpgsqlConnectionStringBuilder(PostgresDataSources.ForReminders($"{Server};Maximum Pool Size=4")).MaxPoolSize);
    }

    [Fact]
    public async Task EveryStoreOfANode_GetsTheSamePool_UntilTheNodeStops()
    {
        var pools = new PostgresDataSources();
        var first = pools.Get(Server);

        Assert.Same(first, pools.Get(Server));
        Assert.NotSame(first, pools.Get($"{Server};Search Path=other"));

        await pools.DisposeAsync();
        Assert.Throws<ObjectDisposedException>(() => pools.Get(Server));
    }
}
