using GrainChain.Runtime.GrainDirectory;
using GrainChain.Runtime.Invocation;
using GrainChain.Runtime.Membership;
using GrainChain.Runtime.Messaging;
using GrainChain.Runtime.Placement;
using Microsoft.Extensions.Logging;

namespace GrainChain.Runtime.Cluster;

/// <summary>
/// Routes a silo's calls across the cluster: to a local activation when the grain lives here, to the silo a
/// system target's key names, to the silo this silo last saw the grain on, and otherwise asks the directory and,
/// for a grain active nowhere, chooses a silo by the grain class's placement. A call that could not be sent because
/// its silo was unreachable is routed again when a fresh membership view says that silo has left.
/// </summary>
internal sealed class ClusterGrainCallRouter : IGrainCallRouter
{
    private readonly GrainRuntime _runtime;
    private readonly SiloAddress _self;
    private readonly DistributedGrainDirectory _directory;
    private readonly PlacementService _placement;
    private readonly SiloConnectionCache _connections;
    private readonly RemoteCallSender _sender;
    private readonly Func<MembershipView> _view;
    private readonly SiloDepartureCheck _hasLeft;
    private readonly ILogger _logger;

    public ClusterGrainCallRouter(
        GrainRuntime runtime,
        SiloAddress self,
        DistributedGrainDirectory directory,
        PlacementService placement,
        SiloConnectionCache connections,
        RemoteCallSender sender,
        Func<MembershipView> view,
        SiloDepartureCheck hasLeft,
        ILogger logger)
    {
        _runtime = runtime;
        _self = self;
        _directory = directory;
        _placement = placement;
        _connections = connections;
        _sender = sender;
        _view = view;
        _hasLeft = hasLeft;
        _logger = logger;
    }

    /// <summary>Where remote grains were last seen.</summary>
    public GrainLocationCache Locations { get; } = new();

    public void Route(GrainRequest request)
    {
        if (request.Target is { CachedActivation: { } cached } target)
        {
            if (cached.TryEnqueue(request))
            {
                return;
            }
            // That activation is gone; where the grain lives now is the cluster's question, not the local catalog's
            // (a lost registration must not be recreated here).
            target.CachedActivation = null;
        }
        var grainId = request.TargetGrainId;
        if (SystemTargetId.TryGetSilo(grainId, out var systemSilo))
        {
            if (systemSilo.Equals(_self))
            {
                _runtime.LocalRouter.Route(request);
            }
            else
            {
                SendTo(systemSilo, request);
            }
            return;
        }
        if (_runtime.Catalog.TryGet(grainId, out _))
        {
            _runtime.LocalRouter.Route(request);
            return;
        }
        if (Locations.TryGet(grainId, out var silo))
        {
            if (silo.Equals(_self))
            {
                _runtime.LocalRouter.Route(request);
            }
            else
            {
                SendTo(silo, request);
            }
            return;
        }
        _ = RouteThroughDirectoryAsync(request, grainId);
    }

    /// <summary>A call refused by its target before it ran: forget where the grain was thought to be and route it again.</summary>
    public void Reroute(GrainRequest request, SiloAddress? refusedBy)
    {
        var grainId = request.TargetGrainId;
        if (refusedBy is not null)
        {
            Locations.Remove(grainId, refusedBy);
        }
        else
        {
            Locations.Remove(grainId);
        }
        Route(request);
    }

    private async Task RouteThroughDirectoryAsync(GrainRequest request, GrainId grainId)
    {
        SiloAddress target;
        try
        {
            var view = _view();
            var address = await _directory.LookupAsync(grainId).ConfigureAwait(false);
            if (address is not null && !view.IsDead(address.Silo))
            {
                target = address.Silo;
            }
            else if (_runtime.Types.TryGetClass(grainId.Type, out var grainClass))
            {
                target = _placement.ChooseSilo(grainId, grainClass.ClassType, _self, view);
            }
            else
            {
                // Unknown here: let the local catalog report the unknown grain type.
                target = _self;
            }
        }
        catch (Exception exception)
        {
            request.FailUndelivered(new SiloUnavailableException(
                $"The call {request.InterfaceName}.{request.MethodName} to grain {grainId} could not be routed: the directory lookup failed ({exception.Message}).",
                exception));
            return;
        }
        Locations.Set(grainId, target);
        if (target.Equals(_self))
        {
            _runtime.LocalRouter.Route(request);
        }
        else
        {
            SendTo(target, request);
        }
    }

    private void SendTo(SiloAddress silo, GrainRequest request)
    {
        if (_view().IsDead(silo))
        {
            Locations.Remove(request.TargetGrainId, silo);
            if (SystemTargetId.IsSystemTarget(request.TargetGrainId))
            {
                request.FailUndelivered(new SiloUnavailableException(
                    $"The call {request.InterfaceName}.{request.MethodName} to {request.TargetGrainId} cannot be delivered: silo {silo} is dead."));
                return;
            }
            // The grain lived on a dead silo: find (or place) it again.
            _ = RouteThroughDirectoryAsync(request, request.TargetGrainId);
            return;
        }
        if (_connections.TryGetConnection(silo, out var connection))
        {
            _sender.Send(connection, silo, request);
            return;
        }
        _ = ConnectAndSendAsync(silo, request);
    }

    private async Task ConnectAndSendAsync(SiloAddress silo, GrainRequest request)
    {
        Connection connection;
        try
        {
            connection = await _connections.GetConnectionAsync(silo, _runtime.StoppingToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Locations.Remove(request.TargetGrainId, silo);
            if (await CanRouteAgainAsync(silo, request).ConfigureAwait(false))
            {
                _logger.RetryingAfterDeparture(silo, $"{request.InterfaceName}.{request.MethodName} to {request.TargetGrainId}");
                request.RouteAttempt++;
                Route(request);
                return;
            }
            request.FailUndelivered(new SiloUnavailableException(
                $"The call {request.InterfaceName}.{request.MethodName} to grain {request.TargetGrainId} could not reach silo {silo}: {exception.Message}",
                exception));
            return;
        }
        _sender.Send(connection, silo, request);
    }

    // The call was never sent, so routing it again cannot run it twice. Only worth it when the silo has left: a
    // system target lives on that silo alone, and a silo that is still a member keeps the grain's registration.
    private async Task<bool> CanRouteAgainAsync(SiloAddress silo, GrainRequest request) =>
        !SystemTargetId.IsSystemTarget(request.TargetGrainId)
        && request.RouteAttempt + 1 < RemoteCallSender.MaxRouteAttempts
        && !_runtime.StoppingToken.IsCancellationRequested
        && await _hasLeft(silo).ConfigureAwait(false)
        && !request.IsCompleted;
}
