using System.Linq;
using System.Collections.Generic;

namespace GrainChain.Runtime.CodeGen.Proxies;

/// <summary>How a grain method returns: which task shape, and whether it carries a result.</summary>
internal enum ReturnShape
{
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
}

/// <summary>One grain method to proxy: where it is declared, its id, its parameters and its return shape.</summary>
internal sealed class GrainMethodModel
{
    public GrainMethodModel(string declaringInterface, string declaringInterfaceMetadataName, string name, int methodId,
        ReturnShape shape, string returnType, string? resultType, bool alwaysInterleave, IReadOnlyList<GrainParameterModel> parameters)
    {
        DeclaringInterface = declaringInterface;
        DeclaringInterfaceMetadataName = declaringInterfaceMetadataName;
        Name = name;
        MethodId = methodId;
        Shape = shape;
        ReturnType = returnType;
        ResultType = resultType;
        AlwaysInterleave = alwaysInterleave;
        Parameters = parameters;
    }

    /// <summary>Fully qualified name of the declaring interface (global::...).</summary>
    public string DeclaringInterface { get; }

    public string DeclaringInterfaceMetadataName { get; }

    /// <summary>The declaring interface's id on the wire (see <see cref="InterfaceIdHash"/>).</summary>
    public uint DeclaringInterfaceId => InterfaceIdHash.Compute(DeclaringInterfaceMetadataName);

    public string Name { get; }

    public int MethodId { get; }

    public ReturnShape Shape { get; }

    public string ReturnType { get; }

    /// <summary>The T of Task&lt;T&gt;/ValueTask&lt;T&gt;; null for methods without a result.</summary>
    public string? ResultType { get; }

    public bool AlwaysInterleave { get; }

    public IReadOnlyList<GrainParameterModel> Parameters { get; }

    public bool HasResult => Shape is ReturnShape.TaskOfT or ReturnShape.ValueTaskOfT;
}

/// <summary>One parameter: its name, fully qualified type, and whether it can be passed without a copy.</summary>
internal sealed class GrainParameterModel
{
    public GrainParameterModel(string name, string type, bool isImmutable)
    {
        Name = name;
        Type = type;
        IsImmutable = isImmutable;
    }

    public string Name { get; }

    public string Type { get; }

    public bool IsImmutable { get; }
}
