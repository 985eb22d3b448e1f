using System.Linq;
using NetDrop.Cli.Watch.Filter;

namespace NetDrop.Tests.Watch;

/// <summary>
/// The --filter language: expressions evaluated against the four sample drops (UDP NO_SOCKET on lo
/// from NET_DM; an nft drop from the tracepoint with no payload; a hardware drop of TCP/IPv6 in VLAN 100;
/// an ICMP echo with a reason only a newer kernel knows), and errors with their exact columns.
/// </summary>
public class DropFilterTests
{
    private static readonly ReasonNames Reasons = new(["FUTURE_REASON"]);

    [Theory]
    // Each character is one sample: UdpNoSocket, NftIPv6, HardwareTcp, FutureIcmp.
    [InlineData("reason == NO_SOCKET", "1000")]
    [InlineData("reason == no_socket", "1000")]
    [InlineData("reason == SKB_DROP_REASON_NO_SOCKET", "1000")]
    [InlineData("reason != NO_SOCKET", "0101")] // the hardware drop has no reason: != is false on a missing field
    [InlineData("!(reason == NO_SOCKET)", "0111")]
    [InlineData("reason in {NO_SOCKET, NETFILTER_DROP}", "1100")]
    [InlineData("reason == FUTURE_REASON", "0001")] // known to this kernel only
    [InlineData("reason == \"SOMETHING_NEWER\"", "0000")] // quoted: unchecked, compared as written
    [InlineData("reason contains filter", "0100")]
    [InlineData("subsystem == openvswitch", "0001")]
    [InlineData("subsystem == 0", "1110")]
    [InlineData("subsystem > 0", "0001")]
    [InlineData("symbol == __udp4_lib_rcv", "1000")]
    [InlineData("symbol == nft_do_chain", "0100")] // the function, without +offset and [module]
    [InlineData("symbol contains UDP4", "1000")]
    [InlineData("symbol in {nft_do_chain, ovs_dp_process_packet}", "0101")]
    [InlineData("iface == lo", "1000")]
    [InlineData("iface == veth-a.10", "0001")]
    [InlineData("iface == \"eth0\"", "0010")]
    [InlineData("iface contains eth", "0011")]
    [InlineData("ifindex >= 2", "0011")]
    [InlineData("ifindex == 0x7", "0001")]
    [InlineData("proto == udp", "1000")]
    [InlineData("proto == 6", "0010")]
    [InlineData("proto in {tcp, icmp}", "0011")]
    [InlineData("proto != udp", "0011")] // the tracepoint drop has no payload, so no proto
    [InlineData("ethertype == ipv6", "0110")] // the tracepoint's skb->protocol; after the VLAN tag for the hardware drop
    [InlineData("ethertype == 0x800", "1001")]
    [InlineData("ethertype != ipv4", "0110")]
    [InlineData("src == 127.0.0.1", "1000")]
    [InlineData("src in 10.0.0.0/8", "0001")]
    [InlineData("src == 10.0.0.0/8", "0001")]
    [InlineData("dst in 192.168.0.0/16 || dst == 2001:db8::/32", "0011")]
    [InlineData("src in {127.0.0.0/8, 2001:db8::1}", "1010")]
    [InlineData("src != 127.0.0.1", "0011")]
    [InlineData("dst == ::2", "0000")]
    [InlineData("src in 0.0.0.0/0", "1001")] // every IPv4 address, no IPv6 one
    [InlineData("dst in ::/0", "0010")]
    [InlineData("sport == 40000", "1000")]
    [InlineData("dport == 53", "1000")]
    [InlineData("dport < 1024", "1010")]
    [InlineData("dport <= 53", "1000")]
    [InlineData("dport > 53", "0010")]
    [InlineData("dport in {53, 443}", "1010")]
    [InlineData("vlan == 100", "0010")]
    [InlineData("vlan != 100", "0000")]
    [InlineData("source == netdm", "1011")]
    [InlineData("source == tracepoint", "0100")]
    [InlineData("hw", "0010")]
    [InlineData("!hw", "1101")]
    [InlineData("hw == false", "1101")]
    [InlineData("hw != true", "1101")]
    [InlineData("reason == NO_SOCKET && proto == udp && dport == 53", "1000")]
    [InlineData("reason == NO_SOCKET || hw && dport == 443", "1010")] // && binds tighter than ||
    [InlineData("(reason == NO_SOCKET || hw) && dport == 443", "0010")]
    [InlineData("!hw && !(source == tracepoint) && ethertype == ipv4", "1001")]
    [InlineData("!!hw", "0010")]
    [InlineData("((((dport == 53))))", "1000")]
    [InlineData("  reason==NO_SOCKET&&dport==53  ", "1000")]
    [InlineData("sport == 0 || proto == icmp", "0001")]
    public void Expressions_select_the_drops_they_describe(string expression, string expected)
    {
        DropFilter filter = DropFilter.Parse(expression, Reasons);

        string actual = string.Concat(SampleDrops.All.Select(d => filter.Matches(SampleDrops.Watched(d)) ? '1' : '0'));

        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("", 1, "the expression is empty; write a comparison such as reason == NO_SOCKET")]
    [InlineData("reason ==", 10, "expected a value after '==', found end of expression")]
    [InlineData("proto == udp && dport ==", 25, "expected a value after '==', found end of expression")]
    [InlineData("reason = NO_SOCKET", 8, "'=' is not an operator; use '==' to compare")]
    [InlineData("hw & dport == 53", 4, "'&' is not an operator; use '&&' for and")]
    [InlineData("hw | !hw", 4, "'|' is not an operator; use '||' for or")]
    [InlineData("(reason == NO_SOCKET", 21, "expected ')' to close the '(' at column 1, found end of expression")]
    [InlineData("reason == NO_SOCKET)", 20, "')' has no '(' to close")]
    [InlineData("reason == NO_SOCKET dport == 53", 21, "expected '&&', '||' or the end after a comparison, found 'dport'")]
    [InlineData("reason == NO_SOCKET &&", 23, "expected a field name after '&&', found end of expression")]
    [InlineData("hw || ", 7, "expected a field name after '||', found end of expression")]
    [InlineData("!", 2, "expected a field name after '!', found end of expression")]
    [InlineData("()", 2, "expected a field name after '(', found ')'")]
    [InlineData("53 == dport", 1, "expected a field name, found '53'")]
    [InlineData("dport", 6, "expected an operator (==, !=, <, <=, >, >= or in) after 'dport', found end of expression")]
    [InlineData("dport 53", 7, "expected an operator (==, !=, <, <=, >, >= or in) after 'dport', found '53'")]
    [InlineData("prot == udp", 1, "unknown field 'prot'; did you mean proto? fields: reason, subsystem, symbol, iface, ifindex, proto, ethertype, src, dst, sport, dport, vlan, source, hw, netns, mark")]
    [InlineData("dport == udp", 10, "dport takes a number 0 to 65535; 'udp' is not one")]
    [InlineData("dport == 70000", 10, "dport is 0 to 65535; 70000 is out of range")]
    [InlineData("proto == 0x100", 10, "proto is 0 to 255; 0x100 is out of range")]
    [InlineData("proto == tpc", 10, "proto takes a protocol name (tcp, udp, icmp, icmpv6, sctp, udplite, dccp, gre, esp, ah, igmp) or a number 0 to 255; 'tpc' is not one")]
    [InlineData("ethertype == ip", 14, "ethertype takes a name (ipv4, ipv6, arp, vlan, qinq, mpls, lldp) or a number such as 0x88cc; 'ip' is not one")]
    [InlineData("vlan == 4096", 9, "vlan is 0 to 4095; 4096 is out of range")]
    [InlineData("src < 10.0.0.1", 5, "'<' does not apply to src; use ==, != or in with an address or prefix")]
    [InlineData("symbol > abc", 8, "'>' does not apply to symbol; use ==, !=, in or contains")]
    [InlineData("dport contains 5", 7, "'contains' does not apply to dport; use ==, !=, <, <=, >, >= or in")]
    [InlineData("src == lo", 8, "src takes an IPv4 or IPv6 address or prefix (10.0.0.1, 10.0.0.0/8, fd00::/8); 'lo' is not one")]
    [InlineData("src == 10.0.0.300", 8, "'10.0.0.300' is not an IPv4 address (four numbers 0 to 255 with dots)")]
    [InlineData("src == 10.1", 8, "'10.1' is not an IPv4 address (four numbers 0 to 255 with dots)")]
    [InlineData("src in 10.0.0.0/33", 17, "a prefix of an IPv4 address is 0 to 32 bits long, not 33")]
    [InlineData("dst == fe80::/129", 15, "a prefix of an IPv6 address is 0 to 128 bits long, not 129")]
    [InlineData("dst == 10.0.0.0/", 17, "expected a prefix length (0 to 32) after '10.0.0.0/'")]
    [InlineData("dst == fe80:::1", 8, "'fe80:::1' is not an IPv6 address")]
    [InlineData("dport in 53", 10, "expected a set like {53, 853} after 'in', found '53'")]
    [InlineData("src in lo", 8, "expected a prefix like 10.0.0.0/8 or a set like {10.0.0.1, fd00::/8} after 'in', found 'lo'")]
    [InlineData("dport in {53, }", 15, "expected a value after ',', found '}'")]
    [InlineData("dport in {53 853}", 14, "expected ',' or '}' to close the set opened at column 10, found '853'")]
    [InlineData("dport in {}", 11, "expected a value after '{', found '}'")]
    [InlineData("reason == \"NO_SOCKET", 11, "this string has no closing \"")]
    [InlineData("reason == NO_SOKET", 11, "unknown drop reason 'NO_SOKET'; did you mean NO_SOCKET? (reasons are NetDrop's catalogue and this kernel's names; quote a name to use it unchecked)")]
    [InlineData("reason == 5", 11, "reason takes a name; '5' is not one (quote it: \"5\")")]
    [InlineData("source == kprobe", 11, "source is netdm or tracepoint, not 'kprobe'")]
    [InlineData("hw == maybe", 7, "hw is true or false, not 'maybe'")]
    [InlineData("hw in {true}", 4, "'in' does not apply to hw; use == true, == false, or the field alone")]
    [InlineData("dport == $53", 10, "unexpected character '$'")]
    [InlineData("dport == 0x", 10, "'0x' is not a hexadecimal number")]
    [InlineData("dport == 53abc", 10, "'53abc' is not a number, an address or a name (names start with a letter; quote anything else: \"53abc\")")]
    [InlineData("ifindex == 99999999999999999999", 12, "99999999999999999999 is too large a number")]
    public void Errors_say_where_and_what(string expression, int column, string detail)
    {
        FilterSyntaxException error = Assert.Throws<FilterSyntaxException>(() => DropFilter.Parse(expression, Reasons));

        Assert.Equal(detail, error.Detail);
        Assert.Equal(column, error.Column);
        Assert.Equal($"at column {column}: {detail}", error.Message);
    }

    [Fact]
    public void The_error_shows_the_expression_with_a_caret_under_the_column()
    {
        const string expression = "reason == NO_SOCKET && dport ==";
        FilterSyntaxException error = Assert.Throws<FilterSyntaxException>(() => DropFilter.Parse(expression, Reasons));

        string[] lines = error.Describe("--filter", expression).Split(System.Environment.NewLine);

        Assert.Equal("--filter: at column 32: expected a value after '==', found end of expression", lines[0]);
        Assert.Equal("  " + expression, lines[1]);
        Assert.Equal(new string(' ', 2 + 31) + "^", lines[2]);
    }

    [Fact]
    public void A_reason_only_this_kernel_names_is_unknown_without_the_kernel_table()
    {
        FilterSyntaxException error = Assert.Throws<FilterSyntaxException>(() => DropFilter.Parse("reason == FUTURE_REASON", ReasonNames.Catalogue));

        Assert.StartsWith("unknown drop reason 'FUTURE_REASON'", error.Detail);

        // Quoted, it is compared as written.
        DropFilter quoted = DropFilter.Parse("reason == \"FUTURE_REASON\"", ReasonNames.Catalogue);
        Assert.True(quoted.Matches(SampleDrops.Watched(SampleDrops.FutureIcmp)));
    }

    [Fact]
    public void Near_matches_for_an_unknown_reason_come_from_the_catalogue()
    {
        FilterSyntaxException error = Assert.Throws<FilterSyntaxException>(() => DropFilter.Parse("reason == NETFILTER", Reasons));

        Assert.Contains("did you mean NETFILTER_DROP?", error.Detail);
    }

    [Fact]
    public void Evaluating_a_filter_allocates_nothing()
    {
        DropFilter filter = DropFilter.Parse("reason in {NO_SOCKET, NETFILTER_DROP} && (src in 127.0.0.0/8 || symbol contains nft) && dport != 80 || iface == eth0", Reasons);
        var drops = SampleDrops.All.Select(SampleDrops.Watched).ToArray();
        int matched = 0;
        foreach (var drop in drops)
        {
            filter.Matches(drop);
        }

        long before = System.GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            matched += filter.Matches(drops[i % drops.Length]) ? 1 : 0;
        }

        Assert.Equal(0, System.GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(5_000, matched);
    }
}
