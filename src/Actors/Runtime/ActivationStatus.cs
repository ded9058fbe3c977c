namespace Coordination.Actors.Runtime;

internal enum ActivationStatus
{
    Activating,
    Active,
    Deactivating,
    Deactivated,
}
