using System.Collections.Concurrent;

namespace Coordination.Actors.Runtime;

/// <summary>Grain classes registered by generated module initializers, by interface and by stored type name.</summary>
public static class GrainClassRegistry
{
    private static readonly ConcurrentDictionary<Type, List<GrainClassInfo>> ByInterface = new();
    private static readonly ConcurrentDictionary<string, GrainClassInfo> ByGrainType = new();

    /// <summary>Registers a grain class. Called by generated code.</summary>
    public static void Register(GrainClassInfo info)
    {
        ByGrainType[info.GrainType] = info;
        foreach (var contract in info.Interfaces)
        {
            var list = ByInterface.GetOrAdd(contract, _ => []);
            lock (list)
            {
                list.RemoveAll(existing => existing.ClassType == info.ClassType);
                list.Add(info);
            }
        }
    }

    internal static GrainClassInfo ForInterface(Type contract)
    {
        if (!ByInterface.TryGetValue(contract, out var list))
        {
            System.Runtime.CompilerServices.RuntimeHelpers.RunModuleConstructor(contract.Module.ModuleHandle);
        }

        if (!ByInterface.TryGetValue(contract, out list) || list.Count == 0)
        {
            throw new InvalidOperationException($"No grain class implements {contract.Name}. Grain classes must derive from Grain and be compiled with the Coordination.Actors code generator.");
        }

        lock (list)
        {
            return list.Count == 1
                ? list[0]
                : throw new InvalidOperationException($"Several grain classes implement {contract.Name}: {string.Join(", ", list.Select(c => c.ClassType.Name))}.");
        }
    }

    internal static GrainClassInfo? ForGrainType(string grainType) =>
        ByGrainType.GetValueOrDefault(grainType);
}
