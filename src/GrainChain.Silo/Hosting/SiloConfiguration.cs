using System.Collections;
using GrainChain.Hosting;
using Microsoft.Extensions.FileProviders;

namespace GrainChain.Silo.Hosting;

/// <summary>
/// The silo's configuration layers, lowest first: <c>appsettings.json</c> next to the executable, the file named by
/// <c>--config &lt;path&gt;</c> (or the <c>GRAINCHAIN_CONFIG</c> environment variable), environment variables
/// <c>GRAINCHAIN_&lt;key with __ for :&gt;</c> (<c>GRAINCHAIN_GrainChain__SiloPort=11112</c>), then command-line
/// arguments (<c>--GrainChain:SiloPort=11112</c>). A later layer wins.
/// </summary>
internal static class SiloConfiguration
{
    /// <summary>The prefix of the environment variables read as settings; it is removed from the key.</summary>
    public const string EnvironmentPrefix = GrainChainEnvironment.Prefix;

    /// <summary>The environment variable naming the configuration file when no <c>--config</c> is given.</summary>
    public const string ConfigFileVariable = GrainChainEnvironment.ConfigFileVariable;

    public const string ConfigArgument = "--config";

    /// <summary>Replaces every source of <paramref name="configuration"/> with the silo's layers.</summary>
    /// <param name="configuration">The host's configuration (its defaults are dropped).</param>
    /// <param name="args">The command line; <c>--config</c> and its value are taken out of it.</param>
    /// <param name="environment">The environment variables, as <see cref="Environment.GetEnvironmentVariables()"/> gives them.</param>
    /// <param name="defaultsFolder">Where <c>appsettings.json</c> is looked for; the executable's folder by default.</param>
    /// <exception cref="SiloConfigurationException">The configuration file is missing or unreadable, or an argument is malformed.</exception>
    public static void Layer(IConfigurationBuilder configuration, IReadOnlyList<string> args, IDictionary environment, string? defaultsFolder = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        var (file, setting, rest) = FindConfigFile(args, environment);
        configuration.Sources.Clear();
        configuration.AddJsonFile(new PhysicalFileProvider(defaultsFolder ?? AppContext.BaseDirectory), "appsettings.json", optional: true, reloadOnChange: false);
        if (file is not null)
        {
            var full = Path.GetFullPath(file);
            if (!File.Exists(full)) throw new SiloConfigurationException($"{setting}: the configuration file '{full}' does not exist");
            try
            {
                configuration.AddJsonFile(new PhysicalFileProvider(Path.GetDirectoryName(full)!), Path.GetFileName(full), optional: false, reloadOnChange: false);
            }
            catch (Exception e) when (e is InvalidDataException or FormatException or IOException)
            {
                throw new SiloConfigurationException($"{setting}: the configuration file '{full}' cannot be read: {e.InnerException?.Message ?? e.Message}");
            }
        }

        configuration.AddInMemoryCollection(FromEnvironment(environment));
        try
        {
            configuration.AddCommandLine([.. rest]);
        }
        catch (FormatException e)
        {
            throw new SiloConfigurationException($"command line: {e.Message}");
        }
    }

    /// <summary>The settings among <paramref name="environment"/>: <c>GRAINCHAIN_A__B=v</c> is <c>A:B=v</c>.</summary>
    public static Dictionary<string, string?> FromEnvironment(IDictionary environment) => GrainChainEnvironment.Settings(environment);

    private static (string? File, string Setting, List<string> Remaining) FindConfigFile(IReadOnlyList<string> args, IDictionary environment)
    {
        string? file = null;
        var rest = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.Equals(ConfigArgument, StringComparison.Ordinal))
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    throw new SiloConfigurationException($"{ConfigArgument} needs a file path");
                file = args[++i];
            }
            else if (arg.StartsWith(ConfigArgument + "=", StringComparison.Ordinal))
            {
                file = arg[(ConfigArgument.Length + 1)..];
                if (file.Length == 0) throw new SiloConfigurationException($"{ConfigArgument} needs a file path");
            }
            else
            {
                rest.Add(arg);
            }
        }

        if (file is not null) return (file, ConfigArgument, rest);
        var fromEnvironment = environment[ConfigFileVariable]?.ToString();
        return string.IsNullOrWhiteSpace(fromEnvironment) ? (null, ConfigArgument, rest) : (fromEnvironment, ConfigFileVariable, rest);
    }
}

/// <summary>The silo host's own settings, or the way they are given, cannot be used; the message names the setting.</summary>
internal sealed class SiloConfigurationException(string message) : Exception(message);
