namespace Coordination.Gateway.Errors;

/// <summary>
/// Hides a handler from the Request Delegate Generator, so that ASP.NET Core's runtime factory binds it instead. The
/// generator answers a bad value of an <em>optional</em> parsable parameter (<c>DateOnly? day</c>, <c>CaseStatus? status</c>)
/// with a bare 400 even under <c>ThrowOnBadRequest</c> (its EmitParsingBlock logs nothing for optional values), so the
/// caller would not learn which field was wrong. The runtime factory throws, and <see cref="BindingErrors"/> names the field.
/// The generator reports RDG002 at each such call site; those sites suppress it, and only those.
/// </summary>
internal static class BoundAtRuntime
{
    public static Delegate Handler(Delegate handler) => handler;
}
