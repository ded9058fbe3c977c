namespace Coordination.Gateway.Access;

/// <summary>The locator of each resource kind.</summary>
internal sealed class ResourceLocators(IEnumerable<IResourceLocator> locators)
{
    private readonly Dictionary<string, IResourceLocator> _byResource = locators.SelectMany(l => l.Resources.Select(r => (r, l))).ToDictionary(p => p.r, p => p.l);

    /// <summary>The locator of <paramref name="resource"/>.</summary>
    public IResourceLocator For(string resource) =>
        _byResource.GetValueOrDefault(resource) ?? throw new InvalidOperationException($"No locator is registered for resource kind '{resource}'.");
}
