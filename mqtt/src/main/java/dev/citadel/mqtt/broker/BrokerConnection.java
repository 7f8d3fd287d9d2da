package dev.citadel.mqtt.broker;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnAckVariableHeader;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * One client connection's MQTT 3.1.1 state machine. Anything the broker does not accept (a malformed packet, a packet
 * before CONNECT or a second CONNECT, QoS 2, a packet only a server sends) closes this connection and no other.
 */
final class BrokerConnection extends SimpleChannelInboundHandler<MqttMessage> {
    private static final int MQTT_3_1_1 = 4;
    private static final AtomicLong ASSIGNED_IDS = new AtomicLong();

    private final Router router;
    private final BrokerConfig config;
    private Session session;
    private ScheduledFuture<?> connectDeadline;

    BrokerConnection(Router router, BrokerConfig config) {
        this.router = router;
        this.config = config;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        connectDeadline = ctx.executor().schedule(() -> {
            if (session == null) {
                ctx.close();
            }
        }, config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
        if (msg.decoderResult().isFailure()) {
            if (session == null && msg.decoderResult().cause() instanceof MqttUnacceptableProtocolVersionException) {
                refuse(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION);
            } else {
                ctx.close();
            }
            return;
        }
        MqttMessageType type = msg.fixedHeader().messageType();
        if (session == null) {
            if (type == MqttMessageType.CONNECT) {
                connect(ctx, (MqttConnectMessage) msg);
            } else {
                ctx.close();
            }
            return;
        }
        switch (type) {
            case PUBLISH -> publish(ctx, (MqttPublishMessage) msg);
            case PUBACK -> {
                // QoS 1 deliveries keep no copy, so there is nothing to release.
            }
            case SUBSCRIBE -> subscribe(ctx, (MqttSubscribeMessage) msg);
            case UNSUBSCRIBE -> unsubscribe(ctx, (MqttUnsubscribeMessage) msg);
            case PINGREQ -> ctx.writeAndFlush(new MqttMessage(fixed(MqttMessageType.PINGRESP, MqttQoS.AT_MOST_ONCE)));
            case DISCONNECT -> {
                session.takeWill();
                ctx.close();
            }
            default -> ctx.close();
        }
    }

    private void connect(ChannelHandlerContext ctx, MqttConnectMessage msg) {
        connectDeadline.cancel(false);
        if (msg.variableHeader().version() != MQTT_3_1_1) {
            refuse(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION);
            return;
        }
        X509Certificate cert = peerCertificate(ctx);
        if (cert == null) {
            ctx.close();
            return;
        }
        boolean clean = msg.variableHeader().isCleanSession();
        String clientId = msg.payload().clientIdentifier();
        if (clientId == null || clientId.isEmpty()) {
            if (!clean) {
                refuse(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
                return;
            }
            clientId = "citadel-" + ASSIGNED_IDS.incrementAndGet();
        }
        if (!config.connectPolicy().accepts(clientId, cert)) {
            refuse(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
            return;
        }
        Session.Will will = null;
        if (msg.variableHeader().isWillFlag()) {
            String topic = msg.payload().willTopic();
            if (!Topics.isValidName(topic)) {
                ctx.close();
                return;
            }
            will = new Session.Will(topic, msg.payload().willMessageInBytes(),
                    Math.min(msg.variableHeader().willQos(), Router.MAX_QOS), msg.variableHeader().isWillRetain());
        }
        int keepAlive = msg.variableHeader().keepAliveTimeSeconds();
        if (keepAlive > 0) {
            // MQTT 3.1.1 section 3.1.2.10: one and a half keep-alive periods without a packet end the connection.
            ctx.pipeline().addBefore(ctx.name(), "keep-alive",
                    new IdleStateHandler(keepAlive * 1500L, 0, 0, TimeUnit.MILLISECONDS));
        }
        session = new Session(new ConnectedClient(clientId, cert, (InetSocketAddress) ctx.channel().remoteAddress()),
                ctx.channel(), will);
        router.register(session);
        ctx.writeAndFlush(new MqttConnAckMessage(fixed(MqttMessageType.CONNACK, MqttQoS.AT_MOST_ONCE),
                new MqttConnAckVariableHeader(MqttConnectReturnCode.CONNECTION_ACCEPTED, false)));
    }

    private static X509Certificate peerCertificate(ChannelHandlerContext ctx) {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        try {
            Certificate[] chain = tls.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private static void refuse(ChannelHandlerContext ctx, MqttConnectReturnCode code) {
        ctx.writeAndFlush(new MqttConnAckMessage(fixed(MqttMessageType.CONNACK, MqttQoS.AT_MOST_ONCE),
                new MqttConnAckVariableHeader(code, false))).addListener(ChannelFutureListener.CLOSE);
    }

    private void publish(ChannelHandlerContext ctx, MqttPublishMessage msg) {
        int qos = msg.fixedHeader().qosLevel().value();
        String topic = msg.variableHeader().topicName();
        if (qos > Router.MAX_QOS || !Topics.isValidName(topic)) {
            ctx.close();
            return;
        }
        byte[] payload = ByteBufUtil.getBytes(msg.payload());
        router.publish(topic, payload, qos, msg.fixedHeader().isRetain());
        if (qos == 1) {
            ctx.writeAndFlush(new MqttPubAckMessage(fixed(MqttMessageType.PUBACK, MqttQoS.AT_MOST_ONCE),
                    MqttMessageIdVariableHeader.from(msg.variableHeader().packetId())));
        }
    }

    private void subscribe(ChannelHandlerContext ctx, MqttSubscribeMessage msg) {
        List<MqttTopicSubscription> subs = msg.payload().topicSubscriptions();
        List<Integer> granted = new ArrayList<>();
        for (MqttTopicSubscription s : subs) {
            granted.add(router.subscribe(session, s.topicFilter(), s.qualityOfService().value()));
        }
        ctx.writeAndFlush(new MqttSubAckMessage(fixed(MqttMessageType.SUBACK, MqttQoS.AT_MOST_ONCE),
                MqttMessageIdVariableHeader.from(msg.variableHeader().messageId()), new MqttSubAckPayload(granted)));
        for (int i = 0; i < subs.size(); i++) {
            if (granted.get(i) != Router.SUBACK_FAILURE) {
                router.sendRetained(session, subs.get(i).topicFilter(), granted.get(i));
            }
        }
    }

    private void unsubscribe(ChannelHandlerContext ctx, MqttUnsubscribeMessage msg) {
        for (String filter : msg.payload().topics()) {
            router.unsubscribe(session, filter);
        }
        ctx.writeAndFlush(new MqttUnsubAckMessage(fixed(MqttMessageType.UNSUBACK, MqttQoS.AT_MOST_ONCE),
                MqttMessageIdVariableHeader.from(msg.variableHeader().messageId())));
    }

    private static MqttFixedHeader fixed(MqttMessageType type, MqttQoS qos) {
        return new MqttFixedHeader(type, false, qos, false, 0);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (connectDeadline != null) {
            connectDeadline.cancel(false);
        }
        if (session != null) {
            router.remove(session);
            Session.Will will = session.takeWill();
            if (will != null) {
                router.publish(will.topic(), will.payload(), will.qos(), will.retain());
            }
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A failed TLS handshake, a reset or a decoder error: this connection ends, the broker goes on.
        ctx.close();
    }
}
