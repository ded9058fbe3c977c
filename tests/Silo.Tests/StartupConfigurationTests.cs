namespace Coordination.Silo.Tests;

public sealed class StartupConfigurationTests
{
    [Theory]
    [InlineData("--Storage:MaxBatchSize=0", "Storage:MaxBatchSize must be between 1 and 10000 (was 0).")]
    [InlineData("--Actors:CallTimeout=soon", "'soon' at 'Actors:CallTimeout'")]
    [InlineData("--Actors:CollectionAge=-00:01:00", "Actors:CollectionAge must be a positive time span")]
    [InlineData("--Storage:PostgresConnectionString=Host=127.0.0.1;Port=1;Timeout=2;Username=x;Password=y;Database=z", "Storage: cannot open the postgresql database at 127.0.0.1:1/z")]
    [InlineData("--Limits:RequestsPerMinute=0", "Limits:RequestsPerMinute")]
    [InlineData("--Peers:0:Id=zhejiang", "Peers:0: set Secret or SecretFile")]
    [InlineData("--GridAreas:0:CourtId=XX99", "GridAreas:0: CourtId must be a configured court")]
    [InlineData("--Courts:0:Trips:SameDestinationMetres=0", "Courts:0:Trips: SameDestinationMetres")]
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
}
