namespace GrainChain.Runtime.Hosting;

/// <summary>A call could not complete because the silo that held it stopped abruptly.</summary>
public sealed class SiloStoppedException(string message) : Exception(message);
