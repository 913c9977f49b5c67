using System.Globalization;
using System.Text.Json;

namespace GrainChain.Cli.Cluster.Local;

/// <summary>
/// One silo of the local cluster as <c>grainchain up</c> runs it: its config file, where its health answers, and the
/// log and pid files under <c>data/local/</c> of the repository root.
/// </summary>
internal sealed record LocalSilo(string Name, string ConfigPath, Uri HealthUrl, string LogPath, string PidPath)
{
    public const string ConfigFolder = "silo-config";
    public const string StateFolder = "data/local";
    public const string SiloProject = "src/GrainChain.Silo";
    public const string DllName = "grainchain-silo.dll";

    /// <summary>The silo as <c>dotnet build -c Release</c> makes it (JIT-compiled as it starts; the tests run it).</summary>
    public const string BuiltDllPath = $"{SiloProject}/bin/Release/net10.0/{DllName}";

    /// <summary>The folder holding the pid and log files.</summary>
    public static string StateDirectory(string root) => Path.GetFullPath(Path.Combine(root, StateFolder));

    /// <summary>
    /// The silos of the local cluster (<c>silo-config/local-N.json</c>, N = 1, 2, … while the files exist) or, with
    /// <paramref name="single"/>, the one silo of <c>silo-config/single.json</c>. Throws <see cref="LocalClusterException"/>
    /// when a config file is missing or unreadable.
    /// </summary>
    public static IReadOnlyList<LocalSilo> Plan(string root, bool single)
    {
        var configs = Path.GetFullPath(Path.Combine(root, ConfigFolder));
        var state = StateDirectory(root);
        if (single)
        {
            var path = Path.Combine(configs, "single.json");
            if (!File.Exists(path)) throw new LocalClusterException($"no {Path.Combine(ConfigFolder, "single.json")} under {Path.GetFullPath(root)}: run from the repository root");
            return [Create("single", path, state)];
        }

        var silos = new List<LocalSilo>();
        for (var n = 1; File.Exists(Path.Combine(configs, $"local-{n}.json")); n++)
            silos.Add(Create($"silo-{n}", Path.Combine(configs, $"local-{n}.json"), state));
        if (silos.Count == 0) throw new LocalClusterException($"no {Path.Combine(ConfigFolder, "local-1.json")} under {Path.GetFullPath(root)}: run from the repository root");
        return silos;
    }

    private static LocalSilo Create(string name, string configPath, string state) =>
        new(name, configPath, HealthUrlOf(configPath), Path.Combine(state, name + ".log"), Path.Combine(state, name + ".pid"));

    /// <summary>
    /// <c>http://HOST:PORT/health</c> from the file's <c>GrainChain:HttpPort</c> (default 8080) and
    /// <c>GrainChain:HttpAddress</c>, else <c>GrainChain:AdvertisedAddress</c>, else 127.0.0.1 (a wildcard address is
    /// asked on 127.0.0.1). Environment and command-line overrides of the silo are not seen here.
    /// </summary>
    public static Uri HealthUrlOf(string configPath)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(configPath), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new LocalClusterException($"cannot read {configPath}: {e.Message}");
        }

        using (document)
        {
            var settings = Find(document.RootElement, "GrainChain");
            var port = 8080;
            if (settings is { } s && Find(s, "HttpPort") is { } p)
            {
                var text = p.ValueKind == JsonValueKind.String ? p.GetString() : p.GetRawText();
                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
                    throw new LocalClusterException($"{configPath}: GrainChain:HttpPort must be between 1 and 65535, got {text}");
            }

            var host = Text(settings, "HttpAddress") ?? Text(settings, "AdvertisedAddress") ?? "127.0.0.1";
            if (host is "0.0.0.0" or "*" or "+") host = "127.0.0.1";
            else if (host is "::" or "[::]") host = "[::1]";
            else if (host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[')) host = $"[{host}]";
            return new Uri($"http://{host}:{port.ToString(CultureInfo.InvariantCulture)}/health");
        }
    }

    private static string? Text(JsonElement? parent, string name) =>
        parent is { } p && Find(p, name) is { ValueKind: JsonValueKind.String } e && !string.IsNullOrWhiteSpace(e.GetString()) ? e.GetString()!.Trim() : null;

    /// <summary>Configuration keys are case-insensitive.</summary>
    private static JsonElement? Find(JsonElement parent, string name)
    {
        if (parent.ValueKind != JsonValueKind.Object) return null;
        foreach (var property in parent.EnumerateObject())
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                return property.Value;
        return null;
    }

    /// <summary>The arguments after <c>dotnet</c> that run this silo.</summary>
    public IReadOnlyList<string> Arguments(string dll) => [Path.GetFullPath(dll), "--config", ConfigPath];

    /// <summary>
    /// The silo dll: the given path, else the ReadyToRun publish under the root (<see cref="SiloPublish.DllPath"/>),
    /// null when that is missing or older than its sources (<see cref="SiloPublish.WhyPublish"/> says which).
    /// </summary>
    public static string? FindDll(string root, string? given) =>
        given is not null ? Path.GetFullPath(given)
        : SiloPublish.WhyPublish(root) is null ? Path.GetFullPath(Path.Combine(root, SiloPublish.DllPath))
        : null;
}

/// <summary>A local-cluster problem explained to the user in one line.</summary>
internal sealed class LocalClusterException(string message) : Exception(message);
