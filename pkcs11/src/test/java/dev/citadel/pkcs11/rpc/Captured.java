package dev.citadel.pkcs11.rpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The captured p11-kit 0.24.1 client/server exchanges of {@code p11kit/decoded.txt}. */
final class Captured {
    /** One request and its reply, as frames on the wire. */
    record Exchange(String session, int index, String call, byte[] request, byte[] response, boolean decodeFailed) {
        Frame requestFrame() {
            return frame(request);
        }

        Frame responseFrame() {
            return frame(response);
        }

        @Override
        public String toString() {
            return session + " #" + index + " " + call;
        }

        private static Frame frame(byte[] raw) {
            try {
                return Frame.read(new ByteArrayInputStream(raw));
            } catch (IOException | WireException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final List<Exchange> ALL = load();

    private Captured() {}

    static List<Exchange> all() {
        return ALL;
    }

    static List<Exchange> session(String name) {
        return ALL.stream().filter(e -> e.session().equals(name)).toList();
    }

    private static List<Exchange> load() {
        try (InputStream in = Captured.class.getResourceAsStream("/p11kit/decoded.txt")) {
            List<Exchange> out = new ArrayList<>();
            String session = null;
            String call = null;
            boolean failed = false;
            byte[] req = null;
            int index = 0;
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.startsWith("########## SESSION ")) {
                    session = line.substring(19).split(" ")[0];
                    index = 0;
                } else if (line.startsWith("REQ  ")) {
                    call = line.substring(5).split(" ")[0];
                    index++;
                } else if (line.startsWith("RESP ")) {
                    failed = line.contains("DECODE FAILED");
                } else if (line.startsWith("   req raw : ")) {
                    req = HexFormat.of().parseHex(line.substring(13).trim());
                } else if (line.startsWith("   resp raw: ")) {
                    out.add(new Exchange(session, index, call, req,
                            HexFormat.of().parseHex(line.substring(13).trim()), failed));
                }
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
