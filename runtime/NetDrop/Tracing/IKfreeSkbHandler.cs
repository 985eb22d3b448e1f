namespace NetDrop.Tracing;

/// <summary>Receives kfree_skb records as the source reads them. A struct handler keeps the hot path free of allocations and virtual calls.</summary>
public interface IKfreeSkbHandler
{
    void OnDrop(in KfreeSkbRecord record);
}
