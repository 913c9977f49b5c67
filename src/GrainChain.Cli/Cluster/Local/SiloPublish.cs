using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Xml.Linq;

namespace GrainChain.Cli.Cluster.Local;

/// <summary>
/// The silo <c>grainchain up</c> runs when no <c>--silo</c> is given: a ReadyToRun publish of <c>src/GrainChain.Silo</c>
/// for this machine (precompiled code, so each silo spends far less CPU on the JIT while it starts), made by the first
/// <c>up</c> and made again when a file it is built from has changed since.
/// </summary>
/// <remarks>
/// A publish is up to date while no input is newer than the stamp written when it began: the files (bin and obj aside)
/// of the silo project and of every project it references, transitively, and the repository's build files
/// (<c>Directory.Build.props</c>, <c>Directory.Packages.props</c>, <c>global.json</c>, …). Checking them is a walk of
/// a few hundred file times, a few milliseconds.
/// </remarks>
internal static class SiloPublish
{
    /// <summary>Written into the publish folder once a publish succeeded; its time is when that publish began.</summary>
    public const string StampName = "grainchain-up.stamp";

    private static readonly string[] BuildFiles =
        ["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", "NuGet.config", "nuget.config"];

    /// <summary>The portable runtime identifier of this machine (<c>linux-x64</c>, <c>osx-arm64</c>, …) that the publish targets.</summary>
    public static string RuntimeIdentifier { get; } = PortableRuntimeIdentifier();

    /// <summary>The publish folder, relative to the repository root.</summary>
    public static string Folder => $"{LocalSilo.SiloProject}/bin/Release/net10.0/{RuntimeIdentifier}/publish";

    /// <summary>The published silo, relative to the repository root.</summary>
    public static string DllPath => $"{Folder}/{LocalSilo.DllName}";

    /// <summary>Null when the published silo under <paramref name="root"/> is up to date; else why it must be published.</summary>
    public static string? WhyPublish(string root)
    {
        var stamp = Path.Combine(root, Folder, StampName);
        if (!File.Exists(Path.Combine(root, DllPath)) || !File.Exists(stamp)) return $"no {DllPath} yet";
        var published = File.GetLastWriteTimeUtc(stamp);
        var newer = Inputs(root).FirstOrDefault(file => File.GetLastWriteTimeUtc(file) > published);
        return newer is null ? null : $"{Path.GetRelativePath(root, newer)} changed since the silo was published";
    }

    /// <summary>
    /// The files a publish of the silo is made from: the repository's build files, then every file of the silo project
    /// and of the projects it references (transitively), their <c>bin</c> and <c>obj</c> folders aside.
    /// </summary>
    public static IEnumerable<string> Inputs(string root)
    {
        foreach (var name in BuildFiles)
        {
            var file = Path.Combine(root, name);
            if (File.Exists(file)) yield return file;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(Directory.Exists(Path.Combine(root, LocalSilo.SiloProject))
            ? Directory.GetFiles(Path.Combine(root, LocalSilo.SiloProject), "*.csproj").Select(Path.GetFullPath)
            : []);
        while (pending.TryPop(out var project))
        {
            if (!seen.Add(project) || !File.Exists(project)) continue;
            foreach (var file in ProjectFiles(Path.GetDirectoryName(project)!)) yield return file;
            foreach (var reference in ProjectReferences(project)) pending.Push(reference);
        }
    }

    private static IEnumerable<string> ProjectFiles(string folder)
    {
        var pending = new Stack<string>([folder]);
        while (pending.TryPop(out var current))
        {
            foreach (var file in Directory.EnumerateFiles(current)) yield return file;
            foreach (var child in Directory.EnumerateDirectories(current))
            {
                var name = Path.GetFileName(child);
                if (name is "bin" or "obj" || name.StartsWith('.')) continue;
                pending.Push(child);
            }
        }
    }

    private static IEnumerable<string> ProjectReferences(string project)
    {
        XDocument document;
        try
        {
            document = XDocument.Load(project);
        }
        catch (Exception e) when (e is System.Xml.XmlException or IOException)
        {
            return []; // the publish reports what is wrong with it
        }

        var folder = Path.GetDirectoryName(project)!;
        return document.Descendants()
            .Where(e => e.Name.LocalName == "ProjectReference")
            .Select(e => (string?)e.Attribute("Include"))
            .Where(include => !string.IsNullOrWhiteSpace(include))
            .Select(include => Path.GetFullPath(Path.Combine(folder, include!.Replace('\\', '/'))))
            .ToList();
    }

    /// <summary>The arguments after <c>dotnet</c> that publish the silo.</summary>
    public static IReadOnlyList<string> PublishArguments() =>
    [
        "publish", LocalSilo.SiloProject, "-c", "Release", "-r", RuntimeIdentifier, "--self-contained", "false",
        "-p:PublishReadyToRun=true", "-o", Folder, "-nologo", "-v", "quiet",
    ];

    /// <summary>Publishes the silo under <paramref name="root"/>, printing what it does; false (with the build's last lines) when that failed.</summary>
    public static async Task<bool> PublishAsync(string root, string why, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Path.Combine(root, LocalSilo.SiloProject)))
        {
            errors.WriteLine($"error: no {DllPath} and no {LocalSilo.SiloProject} to publish it from under {root}; give --silo PATH or run from the repository root");
            return false;
        }

        var arguments = PublishArguments();
        var command = "dotnet " + string.Join(' ', arguments.TakeWhile(a => a != "-nologo"));
        output.WriteLine($"{why}: publishing the silo ReadyToRun with `{command}` (a few minutes the first time)...");
        var stamp = Path.Combine(root, Folder, StampName);
        if (File.Exists(stamp)) File.Delete(stamp); // a publish that fails half-way leaves no up-to-date stamp behind
        var began = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        var (exitCode, text) = await RunDotnetAsync(root, arguments, cancellationToken);
        if (exitCode == 0 && File.Exists(Path.Combine(root, DllPath)))
        {
            await File.WriteAllTextAsync(stamp, $"published {began.ToString("O", CultureInfo.InvariantCulture)} by grainchain up\n", cancellationToken);
            File.SetLastWriteTimeUtc(stamp, began);
            output.WriteLine($"published the silo in {clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s");
            return true;
        }

        errors.WriteLine(exitCode == 0
            ? $"error: {command} did not produce {DllPath}"
            : $"error: {command} failed (exit code {exitCode}):");
        foreach (var line in text) errors.WriteLine("    " + line);
        return false;
    }

    /// <summary>
    /// Builds the silo the plain way (<c>dotnet build -c Release</c>, no ReadyToRun): what <c>up</c> runs when the
    /// publish cannot be made, for instance when the runtime pack or the ReadyToRun compiler cannot be restored.
    /// </summary>
    public static async Task<bool> BuildAsync(string root, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Path.Combine(root, LocalSilo.SiloProject))) return false; // said already: nothing to build
        output.WriteLine($"building the silo without ReadyToRun instead (`dotnet build {LocalSilo.SiloProject} -c Release`); its silos start slower");
        var (exitCode, text) = await RunDotnetAsync(root, ["build", LocalSilo.SiloProject, "-c", "Release", "-nologo", "-v", "quiet"], cancellationToken);
        if (exitCode == 0 && File.Exists(Path.Combine(root, LocalSilo.BuiltDllPath))) return true;
        errors.WriteLine($"error: dotnet build {LocalSilo.SiloProject} -c Release failed (exit code {exitCode}):");
        foreach (var line in text) errors.WriteLine("    " + line);
        return false;
    }

    // Runs dotnet with the arguments in the repository root; its exit code and the last lines it wrote.
    private static async Task<(int ExitCode, IReadOnlyList<string> LastLines)> RunDotnetAsync(string root, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new LocalClusterException("could not run dotnet");
        var printed = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var problems = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var lines = (await printed + await problems).Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).TakeLast(30).ToList();
        return (process.ExitCode, lines);
    }

    private static string PortableRuntimeIdentifier()
    {
        var os = OperatingSystem.IsMacOS() ? "osx"
            : OperatingSystem.IsWindows() ? "win"
            : RuntimeInformation.RuntimeIdentifier.Contains("musl", StringComparison.Ordinal) ? "linux-musl"
            : "linux";
        return $"{os}-{RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()}";
    }
}
