using Coordination.Actors.Hosting;
using Coordination.Gateway;
using Coordination.Silo;

// Settings files sit beside the executable; relative data paths still resolve from the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.UseNodeDefaults();
builder.Services.AddActors(builder.Configuration);
builder.Services.AddGateway();

var app = builder.Build();
app.UseGateway();
app.MapGateway();

return await app.RunNodeAsync();

/// <summary>The node's entry point; public for WebApplicationFactory tests.</summary>
public partial class Program;
