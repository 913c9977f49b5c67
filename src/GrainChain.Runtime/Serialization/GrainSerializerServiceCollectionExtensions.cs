using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GrainChain.Runtime.Serialization;

/// <summary>Registers <see cref="BinaryGrainSerializer"/> as the <see cref="IGrainSerializer"/>.</summary>
public static class GrainSerializerServiceCollectionExtensions
{
    /// <summary>
    /// Adds the binary serializer. Hand-written codecs come from <paramref name="configure"/> or from
    /// <see cref="IFieldCodec"/> / <see cref="ICodecResolver"/> services registered by any part of the host.
    /// </summary>
    public static IServiceCollection AddGrainSerializer(this IServiceCollection services, Action<SerializerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SerializerOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton(static sp => new BinaryGrainSerializer(
            sp.GetRequiredService<IOptions<SerializerOptions>>().Value,
            sp.GetServices<IFieldCodec>(),
            sp.GetServices<ICodecResolver>()));
        services.TryAddSingleton<IGrainSerializer>(static sp => sp.GetRequiredService<BinaryGrainSerializer>());
        return services;
    }
}
