package dev.citadel.spe.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.spe.spm.NsAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PeerPolicyTest {
    private static final String SOURCE = "peers.policy";

    private static PeerPolicy parse(String... lines) {
        return PeerPolicy.parse(List.of(lines), SOURCE);
    }

    @Test
    void aUserRuleMatchesThatUser() {
        PeerPolicy p = parse("user:alice tz");

        assertThat(p.agentFor("alice", "staff")).contains(NsAgent.trustZone());
    }

    @Test
    void aUserRuleDoesNotMatchAGroupOfTheSameName() {
        PeerPolicy p = parse("user:alice tz");

        assertThat(p.agentFor("bob", "alice")).isEmpty();
    }

    @Test
    void aGroupRuleMatchesThatGroup() {
        PeerPolicy p = parse("group:ns-apps tz");

        assertThat(p.agentFor("bob", "ns-apps")).contains(NsAgent.trustZone());
        assertThat(p.agentFor("ns-apps", "staff")).isEmpty();
    }

    @Test
    void aStarRuleMatchesEveryPeer() {
        PeerPolicy p = parse("* mailbox");

        assertThat(p.agentFor("anyone", "anything")).contains(NsAgent.mailbox());
    }

    @Test
    void theFirstMatchingRuleWins() {
        PeerPolicy p = parse("user:alice mailbox", "group:staff deny", "* tz");

        assertThat(p.agentFor("alice", "staff")).contains(NsAgent.mailbox());
        assertThat(p.agentFor("bob", "staff")).isEmpty();
        assertThat(p.agentFor("carol", "users")).contains(NsAgent.trustZone());
    }

    @Test
    void denyRefusesThePeerEvenWhenALaterRuleWouldServeIt() {
        PeerPolicy p = parse("user:mallory deny", "* tz");

        assertThat(p.agentFor("mallory", "staff")).isEmpty();
    }

    @Test
    void noMatchingRuleDeniesThePeer() {
        PeerPolicy p = parse("user:alice tz", "group:admins tz");

        assertThat(p.agentFor("bob", "staff")).isEmpty();
    }

    @Test
    void anEmptyPolicyDeniesEveryone() {
        assertThat(parse().agentFor("alice", "staff")).isEmpty();
    }

    @Test
    void agentNamesIgnoreCase() {
        PeerPolicy p = parse("user:a TZ", "user:b Mailbox", "user:c DENY", "* tz");

        assertThat(p.agentFor("a", "g")).contains(NsAgent.trustZone());
        assertThat(p.agentFor("b", "g")).contains(NsAgent.mailbox());
        assertThat(p.agentFor("c", "g")).isEmpty();
    }

    @Test
    void aLimitRuleGivesAnAgentWithThatLimitAndNsidCount() {
        PeerPolicy p = parse("user:alice limit=-0x3C100000,nsids=16");

        NsAgent agent = p.agentFor("alice", "staff").orElseThrow();
        assertThat(agent.limit()).isEqualTo(-0x3C100000);
        assertThat(agent.nsidCount()).isEqualTo(16);
    }

    @Test
    void aLimitRuleWithoutNsidsServesAll65536() {
        PeerPolicy p = parse("* limit=-0x3C100000");

        assertThat(p.agentFor("alice", "staff").orElseThrow().nsidCount()).isEqualTo(65536);
    }

    @Test
    void aLimitMayBeDecimal() {
        PeerPolicy p = parse("* limit=-1000,nsids=10");

        assertThat(p.agentFor("alice", "staff").orElseThrow().limit()).isEqualTo(-1000);
    }

    @Test
    void commentsAndBlankLinesAreIgnored() {
        PeerPolicy p = parse(
                "# who may use the SPE",
                "",
                "   ",
                "   # indented comment",
                "user:alice tz   # trailing comment",
                "\t");

        assertThat(p.agentFor("alice", "staff")).contains(NsAgent.trustZone());
        assertThat(p.agentFor("bob", "staff")).isEmpty();
    }

    @Test
    void fieldsMayBeSeparatedByAnyWhitespace() {
        PeerPolicy p = parse("  user:alice \t  tz  ");

        assertThat(p.agentFor("alice", "staff")).contains(NsAgent.trustZone());
    }

    @Test
    void anErrorNamesTheSourceAndLineNumber() {
        assertThatThrownBy(() -> parse("# comment", "", "user:alice bogus"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("peers.policy:3: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "user:alice",
        "user:alice tz extra",
        "users:alice tz",
        "user: tz",
        "group: tz",
        "alice tz",
        "* bogus",
        "* limit",
        "* nsids=4",
        "* limit=0",
        "* limit=5",
        "* limit=-2147483649",
        "* limit=-0x1000,nsids=0",
        "* limit=-0x1000,nsids=65537",
        "* limit=-0x1000,colour=red",
        "* limit=minus-one",
        "* limit=-0x80000000,nsids=2",
    })
    void aMalformedRuleIsAnErrorNamingItsLine(String rule) {
        assertThatThrownBy(() -> parse("* tz", rule))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("peers.policy:2: ");
    }

    @Test
    void theDefaultPolicyServesEveryPeerWithTheTrustZoneAgent() {
        assertThat(PeerPolicy.defaultPolicy().agentFor("anyone", "anything")).contains(NsAgent.trustZone());
    }

    @Test
    void loadReadsAFileAndNamesItInErrors(@TempDir Path dir) throws Exception {
        Path good = Files.writeString(dir.resolve("good.policy"), "user:alice tz\n");
        Path bad = Files.writeString(dir.resolve("bad.policy"), "\nuser:alice\n");

        assertThat(PeerPolicy.load(good).agentFor("alice", "staff")).contains(NsAgent.trustZone());
        assertThatThrownBy(() -> PeerPolicy.load(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(bad + ":2: ");
    }
}
