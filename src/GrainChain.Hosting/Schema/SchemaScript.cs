namespace GrainChain.Hosting.Schema;

/// <summary>One embedded migration: brings <see cref="Component"/> from <c>Version - 1</c> to <see cref="Version"/>.</summary>
internal sealed record SchemaScript(string Component, int Version, string Text);
