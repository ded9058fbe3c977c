using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Coordination.Gateway.Tests;

/// <summary>The real node in memory, on a temporary SQLite database.</summary>
public sealed class NodeFactory : WebApplicationFactory<Program>
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("coordination-gateway-");

    public string DatabasePath => Path.Combine(_folder.FullName, "node.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.UseSetting("Storage:SqlitePath", DatabasePath);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Delete(recursive: true);
    }
}
