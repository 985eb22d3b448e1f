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
    private readonly ReadOnlySpan<byte> _attributes;
    private readonly int _baseOffset;
    private readonly int _type;

    /// <param name="attributes">The run of attributes to walk.</param>
    /// <param name="baseOffset">Offset of the run in the outermost buffer.</param>
    /// <param name="type">The attribute type to keep, or -1 for all.</param>
    public NetlinkNestedViews(ReadOnlySpan<byte> attributes, int baseOffset, int type)
    {
        _attributes = attributes;
        _baseOffset = baseOffset;
        _type = type;
    }

    public Enumerator GetEnumerator() => new(_attributes, _baseOffset, _type);

    public ref struct Enumerator
    {
        private NetlinkAttributeReader _reader;
        private readonly int _type;
        private TView _current;

        internal Enumerator(ReadOnlySpan<byte> attributes, int baseOffset, int type)
        {
            _reader = new NetlinkAttributeReader(attributes, baseOffset);
            _type = type;
            _current = default!;
        }

        public readonly TView Current => _current;

        /// <summary>Stops at the end or at the first malformed attribute (see <see cref="Error"/>).</summary>
        public readonly NetlinkAttributeError Error => _reader.Error;

        public bool MoveNext()
        {
            while (_reader.TryReadNext(out NetlinkAttribute attribute))
            {
                if (_type < 0 || attribute.Type == _type)
                {
                    _current = TView.Parse(attribute.Payload, attribute.Offset + NetlinkAttribute.HeaderSize);
                    return true;
                }
            }

            return false;
        }
    }
}
