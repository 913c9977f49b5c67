namespace GrainChain.Runtime.Hosting;

/// <summary>Settings of the cluster client.</summary>
public sealed class ClientOptions
{
    /// <summary>How long a call made from outside any grain waits for its response. Default 30 seconds.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
