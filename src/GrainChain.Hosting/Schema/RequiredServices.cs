using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace GrainChain.Hosting.Schema;

/// <summary>
/// What a GrainChain component (grain storage, the block archive, the pending transaction store) takes from the
/// silo's services as it is built: the database it was registered on, and the service id it keeps its data under.
/// Each fails naming the component and what to configure, since it runs long after the configuring code did.
/// </summary>
internal static class RequiredServices
{
    /// <summary>The registered <typeparamref name="TDataSource"/>, or an error naming <paramref name="component"/>
    /// (for instance "the GrainChain block archive") and the <paramref name="registration"/> call that adds one.</summary>
    public static TDataSource Database<TDataSource>(IServiceProvider services, string component, string registration)
        where TDataSource : class =>
        services.GetService<TDataSource>() ?? throw new InvalidOperationException(
            $"{component} needs a {typeof(TDataSource).Name} in the silo's services, and none is registered: " +
            $"call services.{registration}(...) when configuring the silo.");

    /// <summary>The <see cref="ClusterOptions.ServiceId"/>, which <paramref name="component"/> keeps its data
    /// under; an empty one is refused, as every service would then share the same data.</summary>
    public static string ServiceId(IServiceProvider services, string component)
    {
        var serviceId = services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId;
        return string.IsNullOrWhiteSpace(serviceId)
            ? throw new InvalidOperationException(
                $"{component} keeps its data apart by service id, and ClusterOptions.ServiceId is empty: set it when configuring the silo.")
            : serviceId;
    }
}
