namespace Coordination.Actors.Runtime;

/// <summary>Supplies what a grain's constructor asks for besides services. Used by generated activators.</summary>
public interface IGrainActivationContext
{
    /// <summary>The persistent state named <paramref name="stateName"/>, read from storage before <see cref="Grain.OnActivateAsync"/>.</summary>
    IPersistentState<TState> GetPersistentState<TState>(string stateName, string? storageName) where TState : new();
}
