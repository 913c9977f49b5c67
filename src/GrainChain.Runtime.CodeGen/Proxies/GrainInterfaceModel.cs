using System.Linq;
using System.Collections.Generic;

namespace GrainChain.Runtime.CodeGen.Proxies;

/// <summary>A grain interface to generate a proxy for.</summary>
internal sealed class GrainInterfaceModel
{
    public GrainInterfaceModel(string fullName, string metadataName, string keyKind, string proxyName, IReadOnlyList<GrainMethodModel> methods)
    {
        FullName = fullName;
        MetadataName = metadataName;
        KeyKind = keyKind;
        ProxyName = proxyName;
        Methods = methods;
    }

    /// <summary>global::-qualified name.</summary>
    public string FullName { get; }

    /// <summary>The name the runtime knows the interface by (namespace.Outer+Inner form).</summary>
    public string MetadataName { get; }

    public string KeyKind { get; }

    public string ProxyName { get; }

    public IReadOnlyList<GrainMethodModel> Methods { get; }
}

/// <summary>A grain class to register: its grain type, interfaces, reentrancy and constructor arguments.</summary>
internal sealed class GrainClassModel
{
    public GrainClassModel(string fullName, string grainType, bool isReentrant, IReadOnlyList<string> interfaces, IReadOnlyList<string> constructorArguments)
    {
        FullName = fullName;
        GrainType = grainType;
        IsReentrant = isReentrant;
        Interfaces = interfaces;
        ConstructorArguments = constructorArguments;
    }

    public string FullName { get; }

    public string GrainType { get; }

    public bool IsReentrant { get; }

    public IReadOnlyList<string> Interfaces { get; }

    /// <summary>C# expressions, one per constructor parameter, over <c>services</c> and <c>context</c>.</summary>
    public IReadOnlyList<string> ConstructorArguments { get; }
}
