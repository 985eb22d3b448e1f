namespace NetDrop.Generators.Emit.Views;

/// <summary>What every generated file starts with: where it came from and its namespace.</summary>
internal sealed record HeaderView(string FileName, string Namespace);
