using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GrainChain.Runtime.CodeGen.Serialization
{
    /// <summary>Generates a codec, a deep copier and a module-initializer registration for every [GenerateSerializer] type.</summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class SerializerGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var results = context.SyntaxProvider.ForAttributeWithMetadataName(
                SerializableTypeRules.GenerateSerializerAttribute,
                static (node, _) => node is TypeDeclarationSyntax,
                static (ctx, ct) => SerializableTypeModelBuilder.Build((INamedTypeSymbol)ctx.TargetSymbol, ctx.SemanticModel.Compilation, ct));

            context.RegisterSourceOutput(results, static (spc, result) =>
            {
                foreach (var diagnostic in result.Diagnostics)
                {
                    spc.ReportDiagnostic(diagnostic.ToDiagnostic());
                }

                if (result.HintName != null && result.Source != null)
                {
                    spc.AddSource(result.HintName, result.Source);
                }
            });
        }
    }
}
