using System.Net;
using Coordination.Silo.Reminders;
using Coordination.Silo.Storage;
using Coordination.Silo.Tests.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Serialization.Configuration;
using Orleans.Storage;

namespace Coordination.Silo.Tests.Storage;

/// <summary>
/// Our SQLite grain storage and reminder table registered the way the node will register them, in a real Orleans
/// silo (localhost clustering, loopback endpoints): the silo's start opens them, its configured serializer is used,
/// and what they wrote is there after the silo restarts on the same file.
/// </summary>
public sealed class SqliteProvidersInASiloTests : IDisposable
{
    private readonly TestDatabaseFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task SiloStart_SqliteDefaultStorageAndReminderTable_StartWithTheSiloAndKeepWhatTheyWrote()
    {
        var grainId = GrainId.Create("case", "SH01-2026-0001");
        string? etag;
        using (var host = StartSilo())
        {
            await host.StartAsync();
            var storage = host.Services.GetRequiredService<IGrainStorage>();
            var reminders = host.Services.GetRequiredService<IReminderTable>();

            var state = new GrainState<TestState> { State = new TestState { Title = "执行案件", Steps = 3 } };
            await storage.WriteStateAsync("case", grainId, state);
            etag = await reminders.UpsertRow(new ReminderEntry
            {
                GrainId = grainId,
                ReminderName = "deadline",
                StartAt = new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc),
                Period = TimeSpan.FromMinutes(1),
            });

            Assert.IsType<SqliteGrainStorage>(storage);
            Assert.IsType<SqliteReminderTable>(reminders);
            Assert.NotNull(state.ETag);
            await host.StopAsync();
        }

        using var restarted = StartSilo();
        await restarted.StartAsync();
        var read = new GrainState<TestState> { State = new TestState() };
        await restarted.Services.GetRequiredService<IGrainStorage>().ReadStateAsync("case", grainId, read);
        var reminder = await restarted.Services.GetRequiredService<IReminderTable>().ReadRow(grainId, "deadline");
        await restarted.StopAsync();

        Assert.Equal(new TestState { Title = "执行案件", Steps = 3 }, read.State);
        Assert.Equal(etag, reminder!.ETag);
    }

    private IHost StartSilo()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(FreePort.Next(), FreePort.Next())
            .Configure<Orleans.Configuration.EndpointOptions>(options => options.AdvertisedIPAddress = IPAddress.Loopback)
            .AddSqliteGrainStorageAsDefault(options => options.DatabasePath = _file.Path)
            .UseSqliteReminderService(options => options.DatabasePath = _file.Path)
            // The silo's default storage serializer (JSON with type names) reads only types Orleans allows; grain
            // states are allowed by [GenerateSerializer], this test's state explicitly.
            .Configure<TypeManifestOptions>(options => options.AddAllowedType(typeof(TestState))));
        return builder.Build();
    }
}
