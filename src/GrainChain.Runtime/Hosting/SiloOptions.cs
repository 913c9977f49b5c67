namespace GrainChain.Runtime.Hosting;

/// <summary>Settings of a silo.</summary>
public sealed class SiloOptions
{
    /// <summary>A name for logs; defaults to the machine name.</summary>
    public string SiloName { get; set; } = Environment.MachineName;

    /// <summary>How long a call made from inside a grain waits for its response. Default 30 seconds.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
