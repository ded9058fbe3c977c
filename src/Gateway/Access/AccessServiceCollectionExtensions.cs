using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Gateway.Access;

/// <summary>Registers the access model: one authorization handler (and locator) per resource kind.</summary>
public static class AccessServiceCollectionExtensions
{
    /// <summary>Adds authorization with the resource kinds' handlers.</summary>
    public static IServiceCollection AddAccess(this IServiceCollection services)
    {
        services.AddAuthorization();
        services.AddSingleton<ResourceLocators>();
        Add<CaseAccess>(services);
        Add<CourtAccess>(services);
        Add<FieldTeamAccess>(services);
        Add<DeviceAccess>(services);
        Add<TripAccess>(services);
        Add<TripSuggestionAccess>(services);
        Add<EntrustmentAccess>(services);
        Add<AssistanceRequestAccess>(services);
        Add<NoticeAccess>(services);
        Add<FilingAccess>(services);
        Add<OwnWorkAccess>(services);
        return services;
    }

    private static void Add<THandler>(IServiceCollection services) where THandler : class, IAuthorizationHandler, IResourceLocator
    {
        services.AddSingleton<THandler>();
        services.AddSingleton<IAuthorizationHandler>(sp => sp.GetRequiredService<THandler>());
        services.AddSingleton<IResourceLocator>(sp => sp.GetRequiredService<THandler>());
    }
}
