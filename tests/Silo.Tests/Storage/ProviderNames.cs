namespace Coordination.Silo.Tests.Storage;

/// <summary>The names the contract tests register their grain storages under.</summary>
public static class ProviderNames
{
    /// <summary>A provider with DeleteStateOnClear false (the default).</summary>
    public const string Keeping = "keeping";

    /// <summary>A provider with DeleteStateOnClear true.</summary>
    public const string Deleting = "deleting";
}
