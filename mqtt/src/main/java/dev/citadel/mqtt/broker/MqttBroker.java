package dev.citadel.mqtt.broker;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;

/**
 * A small MQTT 3.1.1 broker over mutual TLS, for demos and tests that need no native broker. Every client must present
 * a certificate that chains to the configured trust anchors; the broker knows each connected client by its client
 * identifier and certificate ({@link #connectedClients()}).
 *
 * <p>Supported: CONNECT/CONNACK, SUBSCRIBE/SUBACK with {@code +} and {@code #} wildcards, PUBLISH at QoS 0 and 1 with
 * PUBACK, UNSUBSCRIBE, PINGREQ, DISCONNECT, retained messages and wills. Not supported: QoS 2 (subscriptions are granted
 * QoS 1 at most; a QoS 2 PUBLISH closes its connection), persistent sessions (every session is clean; CONNACK never
 * reports a session present), retransmission of unacknowledged QoS 1 messages, MQTT 5 and 3.1, authorisation beyond a
 * {@link ConnectPolicy}. It is not a production broker.
 */
public final class MqttBroker implements AutoCloseable {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final Router router = new Router();
    private final EventLoopGroup acceptor;
    private final EventLoopGroup workers;
    private final ChannelGroup channels = new DefaultChannelGroup("citadel-mqtt", GlobalEventExecutor.INSTANCE);
    private final Channel server;

    private MqttBroker(BrokerConfig config, SSLContext tls) throws IOException {
        acceptor = new NioEventLoopGroup(1, new DefaultThreadFactory("citadel-mqtt-accept", true));
        workers = new NioEventLoopGroup(2, new DefaultThreadFactory("citadel-mqtt-io", true));
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptor, workers)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        SSLEngine engine = tls.createSSLEngine();
                        engine.setUseClientMode(false);
                        engine.setNeedClientAuth(true);
                        engine.setEnabledProtocols(PROTOCOLS);
                        ch.pipeline()
                                .addLast("tls", new SslHandler(engine))
                                .addLast("decoder", new MqttDecoder(config.maxMessageBytes()))
                                .addLast("encoder", MqttEncoder.INSTANCE)
                                .addLast("broker", new BrokerConnection(router, config));
                    }
                });
        try {
            server = bootstrap.bind(config.bindAddress(), config.port()).sync().channel();
        } catch (Exception e) {
            shutdownGroups();
            throw new IOException("cannot listen on " + config.bindAddress().getHostAddress() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts a broker listening as {@code config} says.
     *
     * @throws GeneralSecurityException if the identity or trust anchors cannot be used for TLS
     * @throws IOException if the address cannot be bound
     */
    public static MqttBroker start(BrokerConfig config) throws GeneralSecurityException, IOException {
        return new MqttBroker(config, serverContext(config));
    }

    private static SSLContext serverContext(BrokerConfig config) throws GeneralSecurityException {
        try {
            KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            identity.setKeyEntry("broker", config.serverKey(), new char[0],
                    config.serverChain().toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
            kmf.init(identity, new char[0]);
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            int i = 0;
            for (X509Certificate c : config.clientTrustAnchors()) {
                anchors.setCertificateEntry("anchor-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(anchors);
            SSLContext context = SSLContext.getInstance("TLS", "SunJSSE");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot build the broker's key stores", e);
        }
    }

    /** The address the broker listens on (with the ephemeral port it got for port 0). */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    public int port() {
        return address().getPort();
    }

    /** The clients connected now, each with the certificate it authenticated with. */
    public List<ConnectedClient> connectedClients() {
        return router.clients();
    }

    /**
     * Closes one client's connection without a DISCONNECT, as a lost network would: for tests of reconnects.
     *
     * @return false if no client with that identifier is connected
     */
    public boolean dropConnection(String clientId) {
        return router.drop(clientId);
    }

    /** Stops listening, closes every connection and stops the broker's threads. */
    @Override
    public void close() {
        server.close().syncUninterruptibly();
        channels.close().syncUninterruptibly();
        shutdownGroups();
    }

    private void shutdownGroups() {
        acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
