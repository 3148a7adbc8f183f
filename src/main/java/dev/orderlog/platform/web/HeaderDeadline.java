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
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServerStart;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.HttpServerImpl;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.json.Json;
import io.vertx.core.net.impl.TCPServerBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A client has {@code orderlog.http.header-deadline} to send a request's headers, counted from the connection opening
 * or from the end of the exchange before on it. Headers sent a byte at a time are answered 408 and the connection
 * closed; a connection that sends nothing in that time is closed without a word. Once the headers are in,
 * {@link RequestDeadline} times the body; should the service answer before the body is in (a 401, a 413), this clock
 * still closes the connection once the body is {@code orderlog.http.request-deadline} late, so no body is left
 * trickling in unanswered.
 * <p>
 * Vert.x 4 times nothing before the headers are parsed, and Quarkus offers no hook on a new connection, so this adds a
 * Netty handler to the listening channel of each HTTP/1.1 server (the API's; the management interface, which also
 * speaks cleartext HTTP/2, keeps to its idle timeout). That channel and the server's options are private to Vert.x and
 * read by reflection; a Vert.x that moves them fails the start loudly.
 */
@ApplicationScoped
public class HeaderDeadline {
    private static final String ACCEPTOR = "orderlog-header-deadline";
    /**
     * Set when the JVM begins to shut down (Quarkus tells its beans only after the graceful wait): connections accepted
     * after it are closed at once, so a client opening slow requests one after another cannot keep a graceful shutdown
     * waiting for its whole timeout.
     */
    private final AtomicBoolean draining = new AtomicBoolean();

    private final Thread drain = new Thread(() -> draining.set(true), "orderlog-http-draining");

    @ConfigProperty(name = "orderlog.http.header-deadline", defaultValue = "PT10S")
    Duration headerDeadline;

    @ConfigProperty(name = "orderlog.http.request-deadline", defaultValue = "PT10S")
    Duration bodyDeadline;

    @Inject
    Vertx vertx;

    void onStart(@Observes StartupEvent started) {
        Runtime.getRuntime().addShutdownHook(drain);
        // In dev mode a live reload keeps the server: this replaces the handler of the class loader before.
        install();
    }

    /** A live reload stops the application, not the JVM: its hook goes, so no class loader is kept for it. */
    void onStop(@Observes ShutdownEvent stopping) {
        try {
            Runtime.getRuntime().removeShutdownHook(drain);
        } catch (IllegalStateException jvmShuttingDown) {
            // The hook has run or is running: nothing to keep.
        }
    }

    void onListening(@ObservesAsync HttpServerStart listening) {
        install();
    }

    synchronized void install() {
        for (HttpServerImpl server : ((VertxInternal) vertx).sharedHttpServers().values()) {
            Channel listening = listeningChannel(server);
            if (listening == null || speaksCleartextHttp2(server)) {
                continue;
            }
            ChannelPipeline pipeline = listening.pipeline();
            // The body's backstop comes a second after RequestDeadline's own answer, which it leaves to come first.
            ChannelHandler acceptor =
                    new Acceptor(new Deadlines(headerDeadline.toMillis(), bodyDeadline.toMillis() + 1_000), draining);
            if (pipeline.get(ACCEPTOR) == null) {
                pipeline.addFirst(ACCEPTOR, acceptor);
            } else {
                pipeline.replace(ACCEPTOR, ACCEPTOR, acceptor);
            }
        }
    }

    private static Channel listeningChannel(TCPServerBase server) {
        @SuppressWarnings("unchecked")
        Future<Channel> bound = (Future<Channel>) privateField(TCPServerBase.class, "bindFuture", server);
        return bound == null || !bound.succeeded() ? null : bound.result();
    }

    private static boolean speaksCleartextHttp2(HttpServerImpl server) {
        // TCPServerBase keeps a plain copy of the options; the server's own field has the HTTP ones.
        return privateField(HttpServerImpl.class, "options", server) instanceof HttpServerOptions options
                && options.isHttp2ClearTextEnabled();
    }

    private static Object privateField(Class<?> owner, String name, Object of) {
        try {
            Field field = owner.getDeclaredField(name);
            field.setAccessible(true);
            return field.get(of);
        } catch (ReflectiveOperationException | RuntimeException moved) {
            throw new IllegalStateException(
                    "Cannot read " + owner.getSimpleName() + "." + name + " to time request headers;"
                            + " has Vert.x changed it?",
                    moved);
        }
    }

    record Deadlines(long headersMillis, long bodyMillis) {}

    /** On the listening channel: each accepted connection gets its own clock, first in its pipeline. */
    @ChannelHandler.Sharable
    static final class Acceptor extends ChannelInboundHandlerAdapter {
        private final Deadlines deadlines;
        private final AtomicBoolean draining;

        Acceptor(Deadlines deadlines, AtomicBoolean draining) {
            this.deadlines = deadlines;
            this.draining = draining;
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object accepted) {
            if (accepted instanceof Channel connection) {
                connection.pipeline().addFirst(ACCEPTOR, new HeaderClock(deadlines, draining));
            }
            context.fireChannelRead(accepted);
        }
    }

    /**
     * First in a connection's pipeline, it sees raw bytes come in; a {@link RequestBoundaries} beside Vert.x's own
     * handler tells it when a request's headers are parsed, when its body is in and when its response is sent.
     */
    static final class HeaderClock extends ChannelInboundHandlerAdapter {
        private final Deadlines deadlines;
        private final AtomicBoolean draining;
        private ChannelHandlerContext context;
        private boolean awaitingHeaders = true;
        private boolean requestBegun;
        private boolean requestReceived;
        private boolean responseSent;
        private ScheduledFuture<?> timer;

        HeaderClock(Deadlines deadlines, AtomicBoolean draining) {
            this.deadlines = deadlines;
            this.draining = draining;
        }

        @Override
        public void channelActive(ChannelHandlerContext context) {
            this.context = context;
            if (draining.get()) {
                context.close();
                return;
            }
            watchBoundaries();
            start(deadlines.headersMillis(), this::headersLate);
            context.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            // Bytes after the request in hand was read whole are the next request's, even before its answer is out.
            if (message instanceof ByteBuf bytes && bytes.isReadable() && (awaitingHeaders || requestReceived)) {
                requestBegun = true;
                watchBoundaries();
            }
            context.fireChannelRead(message);
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            stop();
            context.fireChannelInactive();
        }

        /** The body's clock starts; a request without one is received at once, which stops it. */
        void headersParsed() {
            awaitingHeaders = false;
            requestBegun = false;
            requestReceived = false;
            responseSent = false;
            start(deadlines.bodyMillis(), this::bodyLate);
        }

        void requestReceived() {
            requestReceived = true;
            stop();
            exchangeDone();
        }

        void responseSent() {
            responseSent = true;
            exchangeDone();
        }

        /** Both ways done, the next request's headers are due: a connection idle that long is closed. */
        private void exchangeDone() {
            if (requestReceived && responseSent) {
                awaitingHeaders = true;
                start(deadlines.headersMillis(), this::headersLate);
            }
        }

        private void watchBoundaries() {
            ChannelPipeline pipeline = context.pipeline();
            // Vert.x names its handler "handler"; behind TLS it appears only after the handshake.
            if (pipeline.get(RequestBoundaries.class) == null && pipeline.get("handler") != null) {
                pipeline.addBefore("handler", "orderlog-request-boundaries", new RequestBoundaries(this));
            }
        }

        private void start(long millis, Runnable late) {
            stop();
            timer = context.executor().schedule(late, millis, TimeUnit.MILLISECONDS);
        }

        private void stop() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }

        private void headersLate() {
            timer = null;
            if (!awaitingHeaders || !context.channel().isActive()) {
                return;
            }
            if (!requestBegun) {
                // Opened, or done with, and not used: nobody is waiting for an answer.
                context.close();
                return;
            }
            context.writeAndFlush(Unpooled.wrappedBuffer(tooSlow(deadlines.headersMillis())))
                    .addListener(ChannelFutureListener.CLOSE);
        }

        /** Answers what Vert.x must not see (another protocol, a request it could not parse) and closes. */
        void refuse(byte[] answer) {
            stop();
            awaitingHeaders = false;
            context.writeAndFlush(Unpooled.wrappedBuffer(answer)).addListener(ChannelFutureListener.CLOSE);
        }

        /** RequestDeadline answers a late body; this closes what it could not (a body still coming after an answer). */
        private void bodyLate() {
            timer = null;
            if (!requestReceived && context.channel().isActive()) {
                context.close();
            }
        }

        private static byte[] tooSlow(long deadlineMillis) {
            return problem(
                    "408 Request Timeout",
                    "request-too-slow",
                    "The request took too long to arrive",
                    "A request's headers must arrive within "
                            + Duration.ofMillis(deadlineMillis).toSeconds() + " s");
        }
    }

    /** An answer written on the connection itself, before or instead of Vert.x: problem+json, and the connection closed. */
    static byte[] problem(String status, String slug, String title, String detail) {
        String correlation = UUID.randomUUID().toString();
        byte[] content = Json.encode(
                        RouteProblems.body(Integer.parseInt(status.substring(0, 3)), slug, title, detail, correlation))
                .getBytes(StandardCharsets.UTF_8);
        // With the headers SecurityHeaders gives every other answer.
        String head = "HTTP/1.1 " + status + "\r\nContent-Type: " + ProblemResponses.PROBLEM_JSON + "\r\n"
                + CorrelationIdFilter.CORRELATION_HEADER + ": " + correlation + "\r\n"
                + "X-Content-Type-Options: nosniff\r\nX-Frame-Options: DENY\r\nReferrer-Policy: no-referrer\r\n"
                + "Cache-Control: no-store\r\nConnection: close\r\nContent-Length: " + content.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] whole = new byte[headBytes.length + content.length];
        System.arraycopy(headBytes, 0, whole, 0, headBytes.length);
        System.arraycopy(content, 0, whole, headBytes.length, content.length);
        return whole;
    }

    /** Beside Vert.x's handler: inbound it sees parsed requests, outbound the responses before they are encoded. */
    static final class RequestBoundaries extends ChannelDuplexHandler {
        private final HeaderClock clock;
        /** Refused (another protocol, an unreadable request): nothing more read on the connection reaches Vert.x. */
        private boolean refused;

        RequestBoundaries(HeaderClock clock) {
            this.clock = clock;
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            if (refused) {
                ReferenceCountUtil.release(message);
                return;
            }
            Optional<byte[]> refusal = refusalOf(message);
            if (refusal.isPresent()) {
                refused = true;
                ReferenceCountUtil.release(message);
                clock.refuse(refusal.get());
                return;
            }
            if (message instanceof HttpRequest) {
                clock.headersParsed();
            }
            if (message instanceof LastHttpContent) {
                clock.requestReceived();
            }
            context.fireChannelRead(message);
        }

        /**
         * A request head Vert.x would answer with an empty body (a line or headers too long, bytes that are no request)
         * or fail on with an ERROR in the log (the HTTP/2 preface): answered here as problem+json instead.
         */
        private static Optional<byte[]> refusalOf(Object message) {
            // Only a request's head: a body that fails to decode may come after Vert.x began to answer.
            if (message instanceof HttpRequest decoded
                    && decoded.decoderResult().isFailure()) {
                Throwable cause = decoded.decoderResult().cause();
                if (cause instanceof TooLongHttpLineException) {
                    return Optional.of(problem(
                            "414 URI Too Long",
                            "request-line-too-long",
                            "The request line is too long",
                            "Send a shorter URL"));
                }
                if (cause instanceof TooLongHttpHeaderException) {
                    return Optional.of(problem(
                            "431 Request Header Fields Too Large",
                            "headers-too-large",
                            "The request headers are too large",
                            "Send fewer or shorter headers"));
                }
                return Optional.of(problem(
                        "400 Bad Request", "malformed-request", "The request could not be read", "Send HTTP/1.1"));
            }
            if (message instanceof HttpRequest request
                    && request.protocolVersion().majorVersion() != 1) {
                return Optional.of(problem(
                        "400 Bad Request",
                        "http-1-1-only",
                        "Only HTTP/1.1 is spoken here",
                        "Send requests as HTTP/1.1 (or 1.0)"));
            }
            return Optional.empty();
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
