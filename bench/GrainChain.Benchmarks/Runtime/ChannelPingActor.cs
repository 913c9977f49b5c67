using System.Threading.Channels;

namespace GrainChain.Benchmarks.Runtime;

/// <summary>The baseline: a hand-written actor, one reader loop over a channel, one TaskCompletionSource per request.</summary>
public sealed class ChannelPingActor
{
    private readonly Channel<(int Value, TaskCompletionSource<int> Reply)> _mailbox =
        Channel.CreateUnbounded<(int, TaskCompletionSource<int>)>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelPingActor() => _ = RunAsync();

    public Task<int> PingAsync(int value)
    {
        var reply = new TaskCompletionSource<int>();
        _mailbox.Writer.TryWrite((value, reply));
        return reply.Task;
    }

    public void Stop() => _mailbox.Writer.TryComplete();

    private async Task RunAsync()
    {
        var reader = _mailbox.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var request))
            {
                request.Reply.SetResult(request.Value);
            }
        }
    }
}
