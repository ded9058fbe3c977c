using Npgsql;

namespace Coordination.Silo.Storage;

/// <summary>Which row of <c>orleans_grain_state</c> a state is: the statements' parameters $1 to $4.</summary>
internal sealed record PostgresStateKey(string ServiceId, string GrainType, string GrainKey, string StateName)
{
    /// <summary>Adds the key as the first four positional parameters.</summary>
    public void AddTo(NpgsqlParameterCollection parameters)
    {
        parameters.Add(new NpgsqlParameter<string> { TypedValue = ServiceId });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = GrainType });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = GrainKey });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = StateName });
    }

    public override string ToString() => $"{GrainType}/{GrainKey} '{StateName}'";
}
