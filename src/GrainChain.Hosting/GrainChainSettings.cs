using Microsoft.Extensions.Configuration;

namespace GrainChain.Hosting;

/// <summary>Reads and checks <see cref="GrainChainOptions"/> once, while the host is being built.</summary>
internal static class GrainChainSettings
{
    // The backend decides which providers are registered, so the settings are needed before the container exists.
    public static GrainChainOptions Read(IConfiguration configuration, Action<GrainChainOptions>? configure)
    {
        var options = new GrainChainOptions();
        try
        {
            configuration.GetSection(GrainChainOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            throw new GrainChainConfigurationException([e.Message]);
        }

        configure?.Invoke(options);
        var problems = options.Validate();
        if (problems.Count > 0) throw new GrainChainConfigurationException(problems);
        return options;
    }
}
