using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Coordination.Grains.Notifications;
using Microsoft.Extensions.Options;

namespace Coordination.Gateway.Notifications;

/// <summary>What is posted to the SMS gateway; <see cref="MessageId"/> lets it recognise a resend.</summary>
public sealed record SmsRequest(string MessageId, string To, string Text);

/// <summary>The SMS gateway's answer: <c>delivered</c> when it knows at once, otherwise <c>accepted</c>.</summary>
public sealed record SmsResponse(string? Status);

/// <summary>
/// Sends notices to an SMS gateway over HTTP: a JSON POST with basic authentication and the notice's key as message
/// id. 400 and 422 mean the message can never go (a bad number); anything else that is not a success is tried again.
/// </summary>
internal sealed class HttpSmsChannel(IHttpClientFactory clients, IOptions<NotificationOptions> options) : ISmsChannel
{
    public const string ClientName = "sms";

    public async Task<SmsReceipt> SendAsync(Notice notice, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.GatewayUrl)
        {
            Content = JsonContent.Create(new SmsRequest(notice.Key, notice.Mobile, notice.Text), GatewayJsonContext.Default.SmsRequest),
        };
        if (settings.GatewayUsername is { } user)
        {
            var password = Grains.Hosting.Secret.Read(settings.GatewayPassword, settings.GatewayPasswordFile) ?? "";
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }

        using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity)
        {
            throw new SmsRejectedException($"The SMS gateway refused the message: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The SMS gateway answered {(int)response.StatusCode}.", null, response.StatusCode);
        }

        var answer = response.Content.Headers.ContentLength == 0 ? null
            : await response.Content.ReadFromJsonAsync(GatewayJsonContext.Default.SmsResponse, cancellationToken);
        return new SmsReceipt(Delivered: string.Equals(answer?.Status, "delivered", StringComparison.OrdinalIgnoreCase));
    }
}
