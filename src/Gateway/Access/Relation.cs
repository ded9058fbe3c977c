namespace Coordination.Gateway.Access;

/// <summary>How a caller stands to one object.</summary>
public enum Relation
{
    /// <summary>It is theirs: the case they are in charge of, the trip they travel on, their own application.</summary>
    Own,

    /// <summary>It belongs to their court.</summary>
    Court,

    /// <summary>Neither.</summary>
    Other,
}
