using System.Data.Common;
using GrainChain.Hosting.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Storage;

namespace GrainChain.Hosting.Storage;

/// <summary>
/// Registers Orleans' ADO.NET grain storage on a GrainChain database, the route kept for comparison (see
/// Storage/README.md): the data source from DI, the statements of <c>storage-1.sql</c>, Orleans' binary serializer,
/// and the identity wrapper around the provider.
/// </summary>
internal static class AdoNetGrainStorageRegistration
{
    public static void Add<TDataSource>(IServiceCollection services, string name, string invariant, string registration)
        where TDataSource : DbDataSource
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var component = GrainChainGrainStorageRegistration.Component(name);
        services.AddGrainChainSchemaInstallation();
        services.AddTransient<IConfigurationValidator>(sp => new RequiredDatabaseValidator<TDataSource>(sp, component, registration));
        services.AddAdoNetGrainStorage(name, (OptionsBuilder<AdoNetGrainStorageOptions> options) =>
            options.Configure<IServiceProvider>((o, sp) =>
            {
                o.Invariant = invariant;
                o.DataSource = RequiredServices.Database<TDataSource>(sp, component, registration);
                o.GrainStorageSerializer = GrainStateSerializer.Create(sp);
            }));

        // Orleans registered the bare provider under the name; serve the wrapped one instead. Its lifecycle
        // registration resolves the keyed service, so the wrapper (which forwards Participate) takes part once.
        var bare = services.Last(d => d.IsKeyedService && d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, name));
        services.Remove(bare);
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) =>
            new IdentityPreservingGrainStorage(AdoNetGrainStorageFactory.Create(sp, (string)key!)));
    }
}
