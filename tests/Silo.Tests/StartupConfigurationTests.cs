using System.Net;
using System.Net.Sockets;
using Coordination.Silo.Schema;
using Npgsql;

namespace Coordination.Silo.Tests;

public sealed class StartupConfigurationTests
{
    [Theory]
    [InlineData("--Storage:MaxBatchSize=0", "Storage:MaxBatchSize must be between 1 and 10000, not 0.")]
    [InlineData("--Orleans:ResponseTimeout=soon", "'soon' at 'Orleans:ResponseTimeout'")]
    [InlineData("--Storage:MaxBatchSize=many", "'many' at 'Storage:MaxBatchSize'")]
    [InlineData("--Orleans:CollectionAge=-00:01:00", "Orleans:CollectionAge at least 00:01:00")]
    [InlineData("--Orleans:ResponseTimeout=00:00:00", "Orleans:ResponseTimeout must be at least 00:00:01")]
    [InlineData("--Orleans:SiloPort=0", "Orleans:SiloPort must be 1-65535")]
    [InlineData("--Orleans:ReminderPeriod=00:00:00.500", "Orleans:ReminderPeriod must be at least 00:00:01")]
    [InlineData("--Orleans:ClusterId= ", "Orleans:ClusterId and Orleans:ServiceId must not be empty")]
    [InlineData("--Storage:PostgresConnectionString=Host=127.0.0.1;Port=1;Timeout=2;Username=x;Password=y;Database=z", "PostgreSQL at 127.0.0.1:1/z does not answer")]
    [InlineData("--Limits:RequestsPerMinute=0", "Limits:RequestsPerMinute")]
    [InlineData("--Peers:0:Id=zhejiang", "Peers:0: set Secret or SecretFile")]
    [InlineData("--GridAreas:0:CourtId=XX99", "GridAreas:0: CourtId must be a configured court")]
    [InlineData("--Courts:0:Trips:SameDestinationMetres=0", "Courts:0:Trips: SameDestinationMetres")]
    [InlineData("--Cluster:Mode=Redis", "Cluster:Mode=Redis needs Storage:PostgresConnectionString")]
    [InlineData("--Cluster:Mode=Mesh", "'Mesh' at 'Cluster:Mode'")]
    [InlineData("--Auth:SigningKey=short", "Auth:SigningKey must be at least 32 characters (was 5)")]
    public async Task BadSetting_StopsTheNodeWithExitCode2_AndOneLineNamingIt(string argument, string expected)
    {
        var (exitCode, error) = await NodeProcess.RunToExitAsync(argument);
        Assert.Equal(2, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Coordination node did not start: ", line);
        Assert.Contains(expected, line);
    }

    [Fact]
    public async Task DeviceBridgeWithoutItsPassword_StopsTheNodeWithExitCode2_AndSaysHowToGetOne()
    {
        var (exitCode, error) = await NodeProcess.RunToExitAsync("--DeviceBridge:Enabled=true", "--DeviceBridge:PasswordFile=missing/bridge");

        Assert.Equal(2, exitCode);
        Assert.Contains("DeviceBridge:PasswordFile", error);
        Assert.Contains("run deploy/mosquitto.sh", error);
    }

    [Fact]
    public async Task SiloPortInUse_StopsTheNodeWithExitCode2_AndOneLineNamingTheSetting()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (exitCode, error) = await NodeProcess.RunToExitAsync($"--Orleans:SiloPort={port}");

        Assert.Equal(2, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Coordination node did not start: ", line);
        Assert.Contains($"Orleans:SiloPort {port}", line);
    }

    [Fact]
    [Trait("Category", "Postgres")]
    public async Task PostgresSchemaNotApplied_StopsTheNodeWithExitCode2_AndOneLineNamingWhatIsMissingAndHowToApplyIt()
    {
        await using var scratch = await ScratchSchema.CreateAsync();

        var (exitCode, error) = await NodeProcess.RunToExitAsync($"--Storage:PostgresConnectionString={scratch.ConnectionString}");

        Assert.Equal(2, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"Coordination node did not start: the PostgreSQL schema at {scratch.Location} is incomplete: missing tables coordination_schema, ", line);
        Assert.EndsWith("Apply deploy/sql/postgres with: Coordination.Silo apply-schema --Storage:PostgresConnectionString=...", line);
    }

    [Fact]
    [Trait("Category", "Postgres")]
    public async Task PostgresSchemaMissingOnePart_StopsTheNodeWithExitCode2_AndOneLineNamingThePart()
    {
        await using var scratch = await ScratchSchema.CreateAsync();
        await using (var dataSource = NpgsqlDataSource.Create(scratch.ConnectionString))
        {
            await PostgresSchemaScripts.ApplyAllAsync(dataSource);
        }

        await scratch.ExecuteAsync("DROP TABLE log_entries");

        var (exitCode, error) = await NodeProcess.RunToExitAsync($"--Storage:PostgresConnectionString={scratch.ConnectionString}");

        Assert.Equal(2, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"Coordination node did not start: the PostgreSQL schema at {scratch.Location} is incomplete: missing table log_entries. " +
            "Apply deploy/sql/postgres with: Coordination.Silo apply-schema --Storage:PostgresConnectionString=...", line);
    }
}
