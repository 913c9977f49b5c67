using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace GrainChain.Runtime.CodeGen.Serialization
{
    /// <summary>What the emitter needs to know about one [GenerateSerializer] type.</summary>
    internal sealed class SerializableTypeModel
    {
        public string TypeName { get; set; } = string.Empty;

        public string DisplayName { get; set; } = string.Empty;

        public string CodecName { get; set; } = string.Empty;

        public string Alias { get; set; } = string.Empty;

        public bool IsValueType { get; set; }

        public bool IsImmutable { get; set; }

        public List<SerializableMemberModel> Members { get; } = new List<SerializableMemberModel>();

        /// <summary>Members passed to the constructor, in parameter order; the rest go in an object initializer.</summary>
        public List<SerializableMemberModel> ConstructorArguments { get; } = new List<SerializableMemberModel>();

        /// <summary>Enums used by members, as (type name, alias), registered so they can also travel in object-typed fields.</summary>
        public List<KeyValuePair<string, string>> Enums { get; } = new List<KeyValuePair<string, string>>();
    }

    /// <summary>One serialized field or property.</summary>
    internal sealed class SerializableMemberModel
    {
        public SerializableMemberModel(string name, uint id, ITypeSymbol type)
        {
            Name = name;
            Id = id;
            Type = type;
            TypeName = type.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        }

        public string Name { get; }

        public uint Id { get; }

        public ITypeSymbol Type { get; }

        public string TypeName { get; }

        public bool InConstructor { get; set; }
    }
}
