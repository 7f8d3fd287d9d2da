package dev.citadel.spe.server;

import dev.citadel.spe.spm.NsAgent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Maps a socket peer's credentials ({@code SO_PEERCRED}) to the NS agent that serves it, and so to the client IDs its
 * requests carry. Rules are tried in order; the first match wins; no match denies the peer.
 *
 * <p>File format, one rule a line, {@code #} starts a comment:
 *
 * <pre>
 * MATCH  AGENT
 * MATCH: user:NAME | group:NAME | *
 * AGENT: tz | mailbox | deny | limit=-0x3C100000[,nsids=N]
 * </pre>
 */
public final class PeerPolicy {
    private final List<Rule> rules;

    private PeerPolicy(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Every peer is served by TF-M's TrustZone NS agent (the socket's file mode decides who can connect). */
    public static PeerPolicy defaultPolicy() {
        return new PeerPolicy(List.of(new Rule(Match.ANY, "*", NsAgent.trustZone())));
    }

    public static PeerPolicy load(Path file) throws IOException {
        return parse(Files.readAllLines(file), file.toString());
    }

    /** @throws IllegalArgumentException naming the line of the first mistake */
    public static PeerPolicy parse(List<String> lines, String source) {
        List<Rule> rules = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            int hash = line.indexOf('#');
            String text = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (text.isEmpty()) {
                continue;
            }
            String where = source + ":" + (n + 1) + ": ";
            String[] f = text.split("\\s+");
            if (f.length != 2) {
                throw new IllegalArgumentException(where + "expected 'MATCH AGENT', got '" + text + "'");
            }
            rules.add(new Rule(match(f[0], where), f[0], agent(f[1], f[0], where)));
        }
        return new PeerPolicy(rules);
    }

    private static Match match(String m, String where) {
        if (m.equals("*")) {
            return Match.ANY;
        }
        if (m.startsWith("user:") && m.length() > 5) {
            return Match.USER;
        }
        if (m.startsWith("group:") && m.length() > 6) {
            return Match.GROUP;
        }
        throw new IllegalArgumentException(where + "MATCH must be user:NAME, group:NAME or *, got '" + m + "'");
    }

    private static NsAgent agent(String a, String name, String where) {
        switch (a.toLowerCase(Locale.ROOT)) {
            case "deny":
                return null;
            case "tz":
                return NsAgent.trustZone();
            case "mailbox":
                return NsAgent.mailbox();
            default:
                break;
        }
        int limit = 0;
        int nsids = 0x10000;
        boolean haveLimit = false;
        for (String kv : a.split(",")) {
            String[] p = kv.split("=", 2);
            if (p.length != 2) {
                throw new IllegalArgumentException(where + "AGENT must be tz, mailbox, deny or limit=N[,nsids=N]");
            }
            try {
                long v = Long.decode(p[1]);
                switch (p[0]) {
                    case "limit" -> {
                        if (v >= 0 || v < Integer.MIN_VALUE) {
                            throw new IllegalArgumentException(where + "limit must be a negative 32-bit client ID");
                        }
                        limit = (int) v;
                        haveLimit = true;
                    }
                    case "nsids" -> {
                        if (v < 1 || v > 0x10000) {
                            throw new IllegalArgumentException(where + "nsids must be 1..65536");
                        }
                        nsids = (int) v;
                    }
                    default -> throw new IllegalArgumentException(where + "unknown agent key '" + p[0] + "'");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + "'" + p[1] + "' is not a number");
            }
        }
        if (!haveLimit) {
            throw new IllegalArgumentException(where + "an agent needs limit=N");
        }
        try {
            return new NsAgent(name, limit, nsids);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage());
        }
    }

    /** The agent for a peer, or empty to deny it. */
    public Optional<NsAgent> agentFor(String user, String group) {
        for (Rule r : rules) {
            if (r.matches(user, group)) {
                return Optional.ofNullable(r.agent);
            }
        }
        return Optional.empty();
    }

    private enum Match {
        USER,
        GROUP,
        ANY
    }

    private record Rule(Match match, String text, NsAgent agent) {
        boolean matches(String user, String group) {
            return switch (match) {
                case ANY -> true;
                case USER -> text.substring(5).equals(user);
                case GROUP -> text.substring(6).equals(group);
            };
        }
    }
}
