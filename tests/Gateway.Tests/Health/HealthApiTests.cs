using System.Net;
using System.Net.Http.Json;
using Coordination.Gateway.Health;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Gateway.Tests.Health;

public sealed class HealthApiTests : IAsyncLifetime
{
    private readonly NodeFactory _node = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task Health_OnTheEmbeddedDefault_ReportsSqliteStorageOk()
    {
        var response = await _node.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<HealthReport>();
        Assert.NotNull(report);
        Assert.Equal("ok", report.Status);
        Assert.Equal(new StorageReport("sqlite", _node.DatabasePath, "ok", null), report.Storage);
        Assert.InRange(report.UptimeSeconds, 0, 60);
        Assert.Equal("active", report.Silo.Status);
        Assert.Equal(1, report.Silo.ActiveSilos);
        Assert.Equal("Active", Assert.Single(report.Silo.Silos).Status);
        Assert.StartsWith("127.0.0.1:", report.Silo.Silos[0].Address, StringComparison.Ordinal);
        Assert.Null(report.Silo.Error);
    }

    [Fact]
    public async Task Health_WhenStorageDoesNotAnswer_Is503WithTheError()
    {
        using var failing = _node.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddSingleton<IStorageHealth>(new UnreachableStorage())));
        var response = await failing.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<HealthReport>();
        Assert.Equal("degraded", report!.Status);
        Assert.Equal(new StorageReport("postgresql", "db:5432/coordination", "unavailable", "connection refused"), report.Storage);
    }

    private sealed class UnreachableStorage : IStorageHealth
    {
        public string Provider => "postgresql";

        public string Location => "db:5432/coordination";

        public Task<string?> CheckAsync(CancellationToken cancellationToken) => Task.FromResult<string?>("connection refused");
    }
}
