using System;

namespace NetDrop.Netlink;

/// <summary>
/// The nested attribute sets inside a run of attributes: either every attribute (an indexed array,
/// whose item types are indexes) or those of one type (a repeated, multi-attr attribute). Each item
/// is parsed into a view of <typeparamref name="TView"/> when reached; nothing is allocated.
/// </summary>
public readonly ref struct NetlinkNestedViews<TView>
    where TView : INetlinkAttributeView<TView>, allows ref struct
{
    private readonly NetlinkRepeatedAttributes _items;

    /// <param name="attributes">The run of attributes to walk.</param>
    /// <param name="baseOffset">Offset of the run in the outermost buffer.</param>
    /// <param name="type">The attribute type to keep, or -1 for all.</param>
    public NetlinkNestedViews(ReadOnlySpan<byte> attributes, int baseOffset, int type) =>
        _items = new NetlinkRepeatedAttributes(attributes, baseOffset, type);

    public Enumerator GetEnumerator() => new(_items.GetEnumerator());

    public ref struct Enumerator
    {
        private NetlinkRepeatedAttributes.Enumerator _items;

        internal Enumerator(NetlinkRepeatedAttributes.Enumerator items) => _items = items;

        /// <summary>The current item, parsed.</summary>
        public readonly TView Current
        {
            get
            {
                NetlinkAttribute item = _items.Current;
                return TView.Parse(item.Payload, item.Offset + NetlinkAttribute.HeaderSize);
            }
        }

        /// <summary>Stops at the end or at the first malformed attribute (see <see cref="Error"/>).</summary>
        public readonly NetlinkAttributeError Error => _items.Error;

        public bool MoveNext() => _items.MoveNext();
    }
}
