namespace Coordination.Gateway.Access;

/// <summary>
/// Endpoint metadata for an endpoint open to anyone (no user token) that checks a credential of its own, named by its
/// OpenAPI security scheme: the peer inbox's signature, the SMS gateway's report token.
/// </summary>
/// <param name="Scheme">The security scheme's name in the OpenAPI document.</param>
public sealed record SignedRequest(string Scheme);
