using System;

namespace NetDrop.Netlink;

/// <summary>Every attribute of one type in a run (a multi-attr attribute), or all of them with type -1.</summary>
public readonly ref struct NetlinkRepeatedAttributes
{
    private readonly ReadOnlySpan<byte> _attributes;
    private readonly int _baseOffset;
    private readonly int _type;

    public NetlinkRepeatedAttributes(ReadOnlySpan<byte> attributes, int baseOffset, int type)
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
        private NetlinkAttribute _current;

        internal Enumerator(ReadOnlySpan<byte> attributes, int baseOffset, int type)
        {
            _reader = new NetlinkAttributeReader(attributes, baseOffset);
            _type = type;
            _current = default;
        }

        public readonly NetlinkAttribute Current => _current;

        public readonly NetlinkAttributeError Error => _reader.Error;

        public bool MoveNext()
        {
            while (_reader.TryReadNext(out NetlinkAttribute attribute))
            {
                if (_type < 0 || attribute.Type == _type)
                {
                    _current = attribute;
                    return true;
                }
            }

            return false;
        }
    }
}
