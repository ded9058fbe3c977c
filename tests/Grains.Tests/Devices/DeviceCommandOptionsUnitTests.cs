using Coordination.Grains.Devices.Commands;

namespace Coordination.Grains.Tests.Devices;

public sealed class DeviceCommandOptionsUnitTests
{
    [Fact]
    public void Defaults_HaveNoProblem() => Assert.Null(new DeviceCommandOptions().Problem());

    [Fact]
    public void DefaultExpiryBeyondTheMaximum_IsAProblem_NamingTheSetting() =>
        Assert.StartsWith("DeviceMonitoring:Commands:MinExpiry", new DeviceCommandOptions { DefaultExpiry = TimeSpan.FromDays(2) }.Problem(), StringComparison.Ordinal);

    [Fact]
    public void NoOpenCommandAllowed_IsAProblem() => Assert.Contains("MaxOpen", new DeviceCommandOptions { MaxOpen = 0 }.Problem(), StringComparison.Ordinal);
}
