using System.Reflection;
using System.Text.RegularExpressions;

namespace GrainChain.Hosting.Schema;

/// <summary>
/// The migrations embedded in this assembly, named <c>Scripts/{Kind}/{component}-{version}.sql</c>. The component
/// <c>main</c> (the schema table and the ADO.NET providers' query table) always runs first; the others follow by name.
/// </summary>
internal static partial class SchemaScripts
{
    public const string MainComponent = "main";

    private static readonly Dictionary<DatabaseKind, IReadOnlyList<SchemaScript>> Cache = new();

    public static IReadOnlyList<SchemaScript> For(DatabaseKind kind)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(kind, out var scripts)) Cache[kind] = scripts = Load(kind);
            return scripts;
        }
    }

    /// <summary>The newest version of each component this build knows.</summary>
    public static IReadOnlyDictionary<string, int> KnownVersions(DatabaseKind kind) =>
        For(kind).GroupBy(s => s.Component).ToDictionary(g => g.Key, g => g.Max(s => s.Version), StringComparer.Ordinal);

    private static List<SchemaScript> Load(DatabaseKind kind)
    {
        var assembly = typeof(SchemaScripts).Assembly;
        var prefix = $"{assembly.GetName().Name}.Scripts.{kind}.";
        var scripts = new List<SchemaScript>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var match = ScriptName().Match(resource[prefix.Length..]);
            if (!match.Success)
                throw new InvalidOperationException($"embedded script '{resource}' is not named {{component}}-{{version}}.sql");
            scripts.Add(new SchemaScript(match.Groups[1].Value, int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), Read(assembly, resource)));
        }

        scripts.Sort((a, b) =>
        {
            var byComponent = Rank(a.Component).CompareTo(Rank(b.Component));
            if (byComponent != 0) return byComponent;
            var byName = string.CompareOrdinal(a.Component, b.Component);
            return byName != 0 ? byName : a.Version.CompareTo(b.Version);
        });
        foreach (var group in scripts.GroupBy(s => s.Component))
        {
            var expected = 1;
            foreach (var script in group)
            {
                if (script.Version != expected)
                    throw new InvalidOperationException($"{kind} scripts of '{group.Key}' skip from version {expected - 1} to {script.Version}");
                expected++;
            }
        }

        return scripts;

        static int Rank(string component) => component == MainComponent ? 0 : 1;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^([a-z][a-z0-9_]*)-([0-9]+)\.sql$")]
    private static partial Regex ScriptName();
}
