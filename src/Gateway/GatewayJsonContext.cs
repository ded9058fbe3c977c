using System.Text.Json;
using System.Text.Json.Serialization;
using Coordination.Gateway.Health;

namespace Coordination.Gateway;

/// <summary>Source-generated JSON metadata for every type the gateway reads or writes.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(HealthReport))]
internal sealed partial class GatewayJsonContext : JsonSerializerContext;
