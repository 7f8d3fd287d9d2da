package dev.citadel.itest.jca;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * A JSSE server on loopback that needs client authentication and serves one connection: handshake, one echoed line;
 * {@link #clientCertificate} is the certificate it saw.
 */
final class MutualTlsServer implements AutoCloseable {
    private final ServerSocket listener;
    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private final Future<X509Certificate> seen;

    MutualTlsServer(SSLContext context, String protocol) throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        seen = thread.submit(() -> {
            try (ServerSocket l = listener; Socket plain = l.accept()) {
                plain.setSoTimeout(20_000);
                SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(plain, null, false);
                s.setUseClientMode(false);
                s.setNeedClientAuth(true);
                s.setEnabledProtocols(new String[] {protocol});
                try {
                    s.startHandshake();
                } catch (SSLException e) {
                    drain(plain);
                    throw e;
                }
                X509Certificate peer = (X509Certificate) s.getSession().getPeerCertificates()[0];
                String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
                OutputStream out = s.getOutputStream();
                out.write(("echo " + line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                s.close();
                return peer;
            }
        });
    }

    int port() {
        return listener.getLocalPort();
    }

    X509Certificate clientCertificate() throws Exception {
        return seen.get(20, TimeUnit.SECONDS);
    }

    /** Handshakes with {@code client}, sends a line and returns the server's reply. */
    String talk(SSLContext client, String protocol) throws Exception {
        try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                port())) {
            s.setSoTimeout(20_000);
            s.setEnabledProtocols(new String[] {protocol});
            s.startHandshake();
            s.getOutputStream().write("hello from the device\n".getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

    /** Handshakes and reads (TLS 1.3 learns of a rejected certificate only from the server's alert). */
    void handshakeAndRead(SSLContext client, String protocol) throws Exception {
        try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                port())) {
            s.setSoTimeout(20_000);
            s.setEnabledProtocols(new String[] {protocol});
            s.startHandshake();
            s.getInputStream().read();
        }
    }

    private static void drain(Socket plain) {
        try {
            InputStream in = plain.getInputStream();
            byte[] buf = new byte[4096];
            while (in.read(buf) >= 0) {
                // until the client closes
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    @Override
    public void close() throws Exception {
        listener.close();
        thread.shutdownNow();
        thread.awaitTermination(10, TimeUnit.SECONDS);
    }
}
