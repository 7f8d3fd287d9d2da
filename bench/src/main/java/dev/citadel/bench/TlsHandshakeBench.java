package dev.citadel.bench;

import dev.citadel.cli.SpeProcess;
import dev.citadel.jca.CitadelPrivateKey;
import dev.citadel.jca.CitadelProvider;
import dev.citadel.jca.CitadelTls;
import dev.citadel.ns.Dispatcher;
import dev.citadel.ns.FunctionCallClient;
import dev.citadel.ns.SocketClient;
import dev.citadel.spe.crypto.CryptoPartition;
import dev.citadel.spe.spm.NsAgent;
import dev.citadel.spe.spm.Spm;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * TLS 1.3 mutual-authentication handshakes per second, in memory (a client and a server {@link SSLEngine} passing
 * buffers), same JVM, same run: {@code handshake_citadel} signs the client's CertificateVerify with an ECDSA P-256 key
 * in the SPE through the Citadel provider (through the function-call door, or with {@code -p door=socket} through
 * the socket to an SPE process); {@code handshake_jdk} is the same handshake with the same kind of client key held by
 * the JDK. Everything else (server, ECDHE, certificates, cipher suite) is the same. Engines are made without a peer
 * host, so no session is resumed: every handshake is full.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class TlsHandshakeBench {
    private static final String PROTOCOL = "TLSv1.3";

    @Param({"function-call", "socket"})
    public String door;

    private Dispatcher client;
    private Process spe;
    private Path dir;
    private SSLContext serverContext;
    private SSLContext citadelClient;
    private SSLContext jdkClient;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (door.equals("function-call")) {
            Spm spm = Spm.builder().partition(new CryptoPartition()).log(l -> {}).build();
            spm.start();
            client = new FunctionCallClient(spm.openSession(NsAgent.trustZone()));
        } else {
            dir = Files.createTempDirectory("citadel-bench");
            Path socket = dir.resolve("spe.sock");
            spe = BenchSpe.launch(socket, SpeProcess.JVM_FLAGS, 25_000, "crypto");
            client = SocketClient.connect(socket, 25_000);
        }
        CitadelProvider provider = new CitadelProvider(client);
        Security.addProvider(provider);

        KeyPair ca = ecKeys();
        X509Certificate caCert = issue(ca.getPrivate(), ca.getPublic(), "CN=Bench CA");
        KeyPair server = ecKeys();
        X509Certificate serverCert = issue(ca.getPrivate(), server.getPublic(), "CN=localhost");
        serverContext = context(server.getPrivate(), serverCert, caCert);

        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", provider);
        g.initialize(new ECGenParameterSpec("secp256r1"));
        CitadelPrivateKey citadelKey = (CitadelPrivateKey) g.generateKeyPair().getPrivate();
        X509Certificate citadelCert = issue(ca.getPrivate(), citadelKey.publicKey(), "CN=device");
        citadelClient = CitadelTls.clientContext(citadelKey, List.of(citadelCert), List.of(caCert));

        KeyPair jdkKey = ecKeys();
        jdkClient = context(jdkKey.getPrivate(), issue(ca.getPrivate(), jdkKey.getPublic(), "CN=device"), caCert);
        handshake(citadelClient); // fail in setup, not in the measurement
        handshake(jdkClient);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        Security.removeProvider(CitadelProvider.NAME);
        client.close();
        if (spe != null) {
            BenchSpe.stop(spe);
            Files.deleteIfExists(dir.resolve("spe.sock"));
            Files.deleteIfExists(dir);
        }
    }

    @Benchmark
    public String handshake_citadel() throws Exception {
        return handshake(citadelClient);
    }

    @Benchmark
    public String handshake_jdk() throws Exception {
        return handshake(jdkClient);
    }

    private static KeyPair ecKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", "SunEC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate issue(PrivateKey caKey, PublicKey subject, String name) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=Bench CA"),
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(1))), new X500Name(name), subject);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(name.equals("CN=Bench CA")));
        return new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey)));
    }

    private static SSLContext context(PrivateKey key, X509Certificate cert, X509Certificate caCert) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("k", key, new char[0], new X509Certificate[] {cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
        kmf.init(ks, new char[0]);
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", caCert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS", "SunJSSE");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    /** One full handshake between a new client engine and a new server engine; returns the client's cipher suite. */
    private String handshake(SSLContext clientContext) throws Exception {
        SSLEngine c = clientContext.createSSLEngine();
        c.setUseClientMode(true);
        c.setEnabledProtocols(new String[] {PROTOCOL});
        SSLEngine s = serverContext.createSSLEngine();
        s.setUseClientMode(false);
        s.setNeedClientAuth(true);
        s.setEnabledProtocols(new String[] {PROTOCOL});
        int size = 8 * Math.max(c.getSession().getPacketBufferSize(), s.getSession().getPacketBufferSize());
        ByteBuffer toServer = ByteBuffer.allocate(size);
        ByteBuffer toClient = ByteBuffer.allocate(size);
        ByteBuffer empty = ByteBuffer.allocate(0);
        ByteBuffer sink = ByteBuffer.allocate(c.getSession().getApplicationBufferSize());
        c.beginHandshake();
        s.beginHandshake();
        for (int rounds = 0; !(done(c) && done(s)); rounds++) {
            if (rounds > 100) {
                throw new IllegalStateException("handshake does not progress: " + c.getHandshakeStatus() + " / "
                        + s.getHandshakeStatus());
            }
            step(c, empty, toServer, toClient, sink);
            step(s, empty, toClient, toServer, sink);
        }
        if (s.getSession().getPeerCertificates().length == 0) {
            throw new IllegalStateException("no client certificate");
        }
        return c.getSession().getCipherSuite();
    }

    private static boolean done(SSLEngine e) {
        HandshakeStatus h = e.getHandshakeStatus();
        return h == HandshakeStatus.NOT_HANDSHAKING || h == HandshakeStatus.FINISHED;
    }

    /** Lets {@code e} produce into {@code out} and consume from {@code in} as its handshake asks. */
    private static void step(SSLEngine e, ByteBuffer empty, ByteBuffer out, ByteBuffer in, ByteBuffer sink)
            throws Exception {
        for (int i = 0; i < 16; i++) {
            HandshakeStatus h = e.getHandshakeStatus();
            if (h == HandshakeStatus.NEED_TASK) {
                for (Runnable t; (t = e.getDelegatedTask()) != null; ) {
                    t.run();
                }
            } else if (h == HandshakeStatus.NEED_WRAP) {
                SSLEngineResult r = e.wrap(empty, out);
                if (r.getStatus() != SSLEngineResult.Status.OK && r.getStatus() != SSLEngineResult.Status.CLOSED) {
                    throw new IllegalStateException("wrap: " + r);
                }
            } else if (h == HandshakeStatus.NEED_UNWRAP || h == HandshakeStatus.NEED_UNWRAP_AGAIN) {
                in.flip();
                SSLEngineResult r = e.unwrap(in, sink);
                in.compact();
                sink.clear();
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                    return; // wait for the peer
                }
            } else {
                return;
            }
        }
    }
}
