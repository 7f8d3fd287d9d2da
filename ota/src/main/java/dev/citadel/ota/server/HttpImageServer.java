package dev.citadel.ota.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves files over HTTP on loopback with single byte ranges ({@code Range: bytes=a-b}, answered 206 with
 * {@code Content-Range}), as a presigned storage URL would for the OTA agent's HTTP protocol. Counts the ranges
 * served.
 */
public final class HttpImageServer implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d{1,18})-(\\d{1,18})");

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final AtomicInteger ranges = new AtomicInteger();

    private HttpImageServer(HttpServer server) {
        this.server = server;
    }

    /** Starts on an ephemeral loopback port. */
    public static HttpImageServer start() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        HttpImageServer h = new HttpImageServer(s);
        s.createContext("/ota/", h::handle);
        s.start();
        return h;
    }

    /** Offers {@code file} under {@code name}; returns its URL. */
    public URI offer(String name, byte[] file) {
        files.put(name, file.clone());
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort() + "/ota/" + name);
    }

    /** The ranges served so far. */
    public int rangesServed() {
        return ranges.get();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            byte[] file = files.get(x.getRequestURI().getPath().substring("/ota/".length()));
            if (file == null || !x.getRequestMethod().equals("GET")) {
                x.sendResponseHeaders(file == null ? 404 : 405, -1);
                return;
            }
            String range = x.getRequestHeaders().getFirst("Range");
            if (range == null) {
                send(x, 200, file, 0, file.length);
                return;
            }
            Matcher m = RANGE.matcher(range.trim());
            long a = m.matches() ? Long.parseLong(m.group(1)) : -1;
            long b = m.matches() ? Math.min(Long.parseLong(m.group(2)), file.length - 1L) : -1;
            if (a < 0 || a > b || a >= file.length) {
                x.getResponseHeaders().add("Content-Range", "bytes */" + file.length);
                x.sendResponseHeaders(416, -1);
                return;
            }
            ranges.incrementAndGet();
            x.getResponseHeaders().add("Content-Range", "bytes " + a + "-" + b + "/" + file.length);
            send(x, 206, file, (int) a, (int) (b - a + 1));
        }
    }

    private static void send(HttpExchange x, int status, byte[] file, int off, int len) throws IOException {
        x.sendResponseHeaders(status, len);
        try (OutputStream out = x.getResponseBody()) {
            out.write(file, off, len);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
