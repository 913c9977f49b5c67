using Orleans.Messaging;

namespace GrainChain.Hosting.Clustering;

/// <summary>
/// Orleans' ADO.NET gateway list, preceded by a check that the database has GrainChain's clustering schema, so that a
/// client started before any silo fails with a message saying so instead of a bare "no such table".
/// </summary>
internal sealed class SchemaCheckedGatewayListProvider(
    IGatewayListProvider inner, Func<CancellationToken, Task> ensureSchemaInstalled) : IGatewayListProvider
{
    public TimeSpan MaxStaleness => inner.MaxStaleness;

    [Obsolete("Orleans no longer reads this: every provider is updatable.")]
    public bool IsUpdatable => true;

    public Task InitializeGatewayListProvider() => InitializeGatewayListProviderAsync(CancellationToken.None);

    public async Task InitializeGatewayListProviderAsync(CancellationToken cancellationToken = default)
    {
        await ensureSchemaInstalled(cancellationToken).ConfigureAwait(false);
        await inner.InitializeGatewayListProviderAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<IList<Uri>> GetGateways() => inner.GetGateways();

    public Task<IList<Uri>> GetGatewaysAsync(CancellationToken cancellationToken = default) => inner.GetGatewaysAsync(cancellationToken);
}
