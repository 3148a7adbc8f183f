package dev.orderlog.platform.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServerStart;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.impl.TCPServerBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A client has {@code orderlog.http.header-deadline} to send a request's headers, counted from the connection opening
 * or from the first byte of a later request on it. Headers sent a byte at a time would otherwise be bounded only by
 * the idle timeout between bytes. Once the headers are in, {@link RequestDeadline} times the body.
 * <p>
 * Vert.x 4 times nothing before the headers are parsed, and Quarkus offers no hook on a new connection, so this adds a
 * Netty handler to each HTTP server's listening channel, which puts a timer on every connection it accepts. The
 * listening channel is private to Vert.x and is read by reflection; a Vert.x that moves it fails the start loudly.
 */
@ApplicationScoped
public class HeaderDeadline {
    private static final String ACCEPTOR = "orderlog-header-deadline";

    @ConfigProperty(name = "orderlog.http.header-deadline", defaultValue = "PT10S")
    Duration deadline;

    @Inject
    Vertx vertx;

    void onStart(@Observes StartupEvent started) {
        // In dev mode a live reload keeps the server: this replaces the handler of the class loader before.
        install();
    }

    void onListening(@ObservesAsync HttpServerStart listening) {
        install();
    }

    synchronized void install() {
        for (TCPServerBase server : ((VertxInternal) vertx).sharedHttpServers().values()) {
            Channel listening = listeningChannel(server);
            if (listening == null) {
                continue;
            }
            ChannelPipeline pipeline = listening.pipeline();
            ChannelHandler acceptor = new Acceptor(deadline.toMillis());
            if (pipeline.get(ACCEPTOR) == null) {
                pipeline.addFirst(ACCEPTOR, acceptor);
            } else {
                pipeline.replace(ACCEPTOR, ACCEPTOR, acceptor);
            }
        }
    }

    private static Channel listeningChannel(TCPServerBase server) {
        try {
            Field bound = TCPServerBase.class.getDeclaredField("bindFuture");
            bound.setAccessible(true);
            @SuppressWarnings("unchecked")
            Future<Channel> bindFuture = (Future<Channel>) bound.get(server);
            return bindFuture == null || !bindFuture.succeeded() ? null : bindFuture.result();
        } catch (ReflectiveOperationException | RuntimeException moved) {
            throw new IllegalStateException(
                    "Cannot reach the HTTP server's listening channel to time request headers;"
                            + " has Vert.x changed TCPServerBase?",
                    moved);
        }
    }

    /** On the listening channel: each accepted connection gets its own clock, first in its pipeline. */
    @ChannelHandler.Sharable
    static final class Acceptor extends ChannelInboundHandlerAdapter {
        private final long deadlineMillis;

        Acceptor(long deadlineMillis) {
            this.deadlineMillis = deadlineMillis;
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object accepted) {
            if (accepted instanceof Channel connection) {
                connection.pipeline().addFirst(ACCEPTOR, new HeaderClock(deadlineMillis));
            }
            context.fireChannelRead(accepted);
        }
    }

    /**
     * First in a connection's pipeline, it sees raw bytes come in; a {@link RequestBoundaries} beside Vert.x's own
     * handler tells it when a request's headers are parsed, when its body is in and when its response is sent. The
     * next request's clock starts with its first byte; until then the connection is idle, which the idle timeout bounds.
     */
    static final class HeaderClock extends ChannelInboundHandlerAdapter {
        private final long deadlineMillis;
        private boolean awaitingHeaders = true;
        private boolean requestBegun;
        private boolean requestReceived;
        private boolean responseSent;
        private ScheduledFuture<?> timer;

        HeaderClock(long deadlineMillis) {
            this.deadlineMillis = deadlineMillis;
        }

        @Override
        public void channelActive(ChannelHandlerContext context) {
            watchBoundaries(context);
            start(context);
            context.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            if (message instanceof ByteBuf bytes && bytes.isReadable() && awaitingHeaders) {
                watchBoundaries(context);
                requestBegun = true;
                start(context);
            }
            context.fireChannelRead(message);
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            stop();
            context.fireChannelInactive();
        }

        void headersParsed() {
            awaitingHeaders = false;
            requestBegun = false;
            requestReceived = false;
            responseSent = false;
            stop();
        }

        void requestReceived() {
            requestReceived = true;
            awaitingHeaders = responseSent;
        }

        void responseSent() {
            // Answered early (a 401 before the body is read, say), the rest of the body is not a new request's headers.
            responseSent = true;
            awaitingHeaders = requestReceived;
        }

        private void watchBoundaries(ChannelHandlerContext context) {
            ChannelPipeline pipeline = context.pipeline();
            // Vert.x names its handler "handler"; behind TLS it appears only after the handshake.
            if (pipeline.get(RequestBoundaries.class) == null && pipeline.get("handler") != null) {
                pipeline.addBefore("handler", "orderlog-request-boundaries", new RequestBoundaries(this));
            }
        }

        private void start(ChannelHandlerContext context) {
            if (timer != null) {
                return;
            }
            timer = context.executor().schedule(() -> cut(context), deadlineMillis, TimeUnit.MILLISECONDS);
        }

        private void stop() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }

        private void cut(ChannelHandlerContext context) {
            timer = null;
            if (!awaitingHeaders || !context.channel().isActive()) {
                return;
            }
            if (!requestBegun) {
                // Opened and never used: nobody is waiting for an answer.
                context.close();
                return;
            }
            context.writeAndFlush(Unpooled.wrappedBuffer(tooSlow(deadlineMillis)))
                    .addListener(ChannelFutureListener.CLOSE);
        }

        private static byte[] tooSlow(long deadlineMillis) {
            String correlation = UUID.randomUUID().toString();
            String body =
                    "{\"type\":\"https://orderlog.dev/problems/request-too-slow\",\"title\":\"The request took too long to arrive\","
                            + "\"status\":408,\"detail\":\"A request's headers must arrive within "
                            + Duration.ofMillis(deadlineMillis).toSeconds()
                            + " s\",\"correlationId\":\"" + correlation + "\"}";
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            String head = "HTTP/1.1 408 Request Timeout\r\nContent-Type: " + ProblemResponses.PROBLEM_JSON + "\r\n"
                    + CorrelationIdFilter.CORRELATION_HEADER + ": " + correlation
                    + "\r\nConnection: close\r\nContent-Length: "
                    + content.length + "\r\n\r\n";
            byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
            byte[] whole = new byte[headBytes.length + content.length];
            System.arraycopy(headBytes, 0, whole, 0, headBytes.length);
            System.arraycopy(content, 0, whole, headBytes.length, content.length);
            return whole;
        }
    }

    /** Beside Vert.x's handler: inbound it sees parsed requests, outbound the responses before they are encoded. */
    static final class RequestBoundaries extends ChannelDuplexHandler {
        private final HeaderClock clock;

        RequestBoundaries(HeaderClock clock) {
            this.clock = clock;
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            if (message instanceof HttpRequest) {
                clock.headersParsed();
            }
            if (message instanceof LastHttpContent) {
                clock.requestReceived();
            }
            context.fireChannelRead(message);
        }

        @Override
        public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
            if (message instanceof LastHttpContent) {
                clock.responseSent();
            }
            context.write(message, promise);
        }
    }
}
