namespace Cairn.Config;

/// <summary>
/// One model a session may use (<c>models:</c> in config.yaml): its <see cref="Name"/> is both what people see and the
/// id a session pins (<c>sessions.patch {model}</c>, <c>/model name</c>); <see cref="Settings"/> is the provider, its
/// endpoint and limits (<see cref="ModelConfig.Name"/> there is the upstream model to ask for). The old single
/// <c>model:</c> block is the one entry <see cref="FromSingle"/> makes.
/// </summary>
public sealed record ModelEntry(string Name, ModelConfig Settings)
{
    public const int MaxNameLength = 64;

    /// <summary>
    /// Price per million tokens, in whatever currency the operator thinks in; stored for analytics (issue 18), shown
    /// nowhere yet.
    /// </summary>
    public ModelPrice? PricePerMillion { get; init; }

    /// <summary>The name the single <c>model:</c> block gets: <c>echo</c>, or the upstream model it asks for.</summary>
    public static string SingleName(ModelConfig model) =>
        model.Provider == "openai" ? model.Name ?? ModelConfig.DefaultOpenAiModel : "echo";

    public static ModelEntry FromSingle(ModelConfig model) => new(SingleName(model), model);
}

/// <summary><c>pricePerMillion</c>: what a million input and a million output tokens cost.</summary>
public sealed record ModelPrice(decimal Input, decimal Output);
