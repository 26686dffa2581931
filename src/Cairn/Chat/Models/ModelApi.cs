using Cairn.Protocol;

namespace Cairn.Chat.Models;

/// <summary>The <c>models.*</c> methods: names onto <see cref="ModelCatalog"/>.</summary>
public static class ModelApi
{
    public static MethodTable MapModelMethods(this MethodTable methods) => methods
        .Add("models.list", "The configured models a session may use: name, provider, upstream model, context window, the default.",
            static (ModelCatalog models, NoParams _) => (Outcome<ModelsListResult>)new ModelsListResult(models.Describe(), models.Default.Name));
}
