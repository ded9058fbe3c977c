using Coordination.DeviceBridge.Hosting;
using Coordination.Gateway;
using Coordination.Grains.Hosting;
using Coordination.Silo;
using Coordination.Silo.Commands;
using Coordination.Silo.Runtime;

var verb = NodeCommands.IsVerb(args);

// Settings files sit beside the executable; relative data paths still resolve from the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = verb ? args[NodeCommands.SettingsStart(args)..] : args, ContentRootPath = AppContext.BaseDirectory });
if (verb)
{
    return await NodeCommands.RunAsync(args, builder.Configuration);
}

builder.UseNodeDefaults();
builder.AddNodeForwardedHeaders();
builder.AddNodeRuntime();
builder.Services.AddCoordinationGrains(builder.Configuration);
builder.Services.AddDeviceBridge(builder.Configuration);
builder.Services.AddGateway(builder.Configuration);

var app = builder.Build();
return await app.RunNodeAsync(pipeline: app =>
{
    app.UseForwardedHeaders(); // first: the limits and the logs see the client behind nginx
    app.UseGateway();
    app.MapGateway();
});

/// <summary>The node's entry point; public for WebApplicationFactory tests.</summary>
public partial class Program;
