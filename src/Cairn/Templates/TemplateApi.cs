using Cairn.Protocol;

namespace Cairn.Templates;

/// <summary>The <c>templates.*</c> methods: names onto <see cref="TemplateService"/>. <c>sessions.create</c> is mapped with the sessions.</summary>
public static class TemplateApi
{
    public static MethodTable MapTemplateMethods(this MethodTable methods) => methods
        .Add("templates.list", "Every session template (built-in and your own), by name.",
            static (TemplateService templates, NoParams _) => templates.List())
        .Add("templates.get", "One template by key or name (case-insensitive).",
            static (TemplateService templates, TemplateNameParams p) => templates.Get(p.Name), TemplateRules.Name)
        .Add("templates.create", "Create a template: name, and any of systemPrompt, model, persistent, tags, description, firstMessage.",
            static (TemplateService templates, TemplatesCreateParams p, CancellationToken ct) => templates.CreateAsync(p, ct), TemplateRules.Create)
        .Add("templates.patch", "Change a template (null clears a field; rename keeps its key); sessions made from it do not change.",
            static (TemplateService templates, TemplatesPatchParams p, CancellationToken ct) => templates.PatchAsync(p, ct), TemplateRules.Patch)
        .Add("templates.delete", "Delete a template for good (built-ins too); sessions made from it keep their values.",
            static (TemplateService templates, TemplateNameParams p, CancellationToken ct) => templates.DeleteAsync(p.Name, ct), TemplateRules.Name);
}
